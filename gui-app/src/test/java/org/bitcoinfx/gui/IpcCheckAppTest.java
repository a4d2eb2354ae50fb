package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import javafx.scene.control.Button;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import org.bitcoinfx.gui.inspector.IpcCheckPane;
import org.bitcoinfx.gui.node.BundledNodeBackend;
import org.bitcoinfx.gui.node.NodeBackend;
import org.bitcoinfx.ipc.cli.ConformanceCheck;
import org.bitcoinfx.node.NodeState;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The IPC inspector's "IPC check" tab with the real backend against a FakeNode process (see
 * {@link FakeNodeAppTest}): the same conformance suite as {@code bitcoinfx-ipc check}, run on a
 * connection of its own, every row shown, none failing; the rows export as JSON.
 */
class IpcCheckAppTest extends AppTestBase {
    BundledNodeBackend real;

    @Override
    NodeBackend makeBackend() {
        real = FakeNodeAppTest.fakeNodeBackend(tmp);
        return real;
    }

    @Test
    void runIpcCheckShowsEveryRowAndNoneFails() throws Exception {
        waitUntil(FakeNodeAppTest.NODE_WAIT, () -> app.context().session().statusProperty().get().state() == NodeState.READY);
        showPage("IPC inspector");
        interact(() -> {
            TabPane tabs = lookup("#ipc-tabs").queryAs(TabPane.class);
            tabs.getSelectionModel().select(tabs.getTabs().stream().filter(t -> "ipc-tab-check".equals(t.getId())).findFirst().orElseThrow());
        });
        WaitForAsyncUtils.waitForFxEvents();
        FakeNodeAppTest.fire(this, "#ipc-check-run");
        Pattern done = Pattern.compile("(\\d+) passed, (\\d+) failed, (\\d+) skipped");
        waitUntil(120, () -> done.matcher(text("#ipc-check-summary")).matches());
        String summary = text("#ipc-check-summary");
        List<ConformanceCheck.Row> rows = WaitForAsyncUtils.asyncFx(() -> {
            TableView<?> table = lookup("#ipc-check-table").queryAs(TableView.class);
            return table.getItems().stream().map(ConformanceCheck.Row.class::cast).toList();
        }).get();
        for (ConformanceCheck.Row r : rows) {
            assertEquals("PASS", r.status(), r.check() + ": " + r.detail());
        }
        assertTrue(rows.size() >= 20, rows.toString());
        assertEquals(rows.size() + " passed, 0 failed, 0 skipped", summary);
        assertTrue(rows.stream().anyMatch(r -> r.check().startsWith("Mining.waitTipChanged")), rows.toString());
        assertTrue(rows.stream().allMatch(r -> r.source().equals("bitcoinfx") || r.source().startsWith("interface_ipc")), "every row names its source");
        // the run button is usable again, and the rows export as {source, check, status, detail}
        assertTrue(WaitForAsyncUtils.asyncFx(() -> !lookup("#ipc-check-run").queryAs(Button.class).isDisabled()).get());
        var json = IpcCheckPane.toJson("regtest", rows).path("rows");
        assertEquals(rows.size(), json.size());
        assertEquals(rows.get(0).check(), json.get(0).path("check").asText());
        assertEquals(rows.get(0).source(), json.get(0).path("source").asText());
        assertEquals("PASS", json.get(0).path("status").asText());
    }
}
