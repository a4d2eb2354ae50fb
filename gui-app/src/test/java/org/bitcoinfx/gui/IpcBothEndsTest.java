package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;
import javafx.scene.control.TableView;
import org.bitcoinfx.gui.inspector.IpcCallMatcher;
import org.bitcoinfx.gui.inspector.IpcInspectorPage;
import org.bitcoinfx.gui.inspector.NodeIpcCall;
import org.bitcoinfx.gui.settings.Settings;
import org.bitcoinfx.ipc.IpcEvent;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The IPC inspector with {@code -debug=ipc} (FakeNode writes the node's IPC lines in the real node's format, held by
 * {@code RealNodeIpcLinesTest}): each executeRpc row names its JSON-RPC method, our calls are matched with the node's
 * lines, a node line without a call of ours is marked, and the export carries both sides.
 */
class IpcBothEndsTest extends AppTestBase {
    @Override
    void customize(Settings s) {
        s.extraArgsProperty().set("-debug=ipc");
    }

    @Test
    @SuppressWarnings("unchecked")
    void callsShowTheirRpcMethodAndTheNodesLineBesideThem() throws Exception {
        waitReady();
        assertTrue(backend.lastSettings().toNodeConfig(java.time.Duration.ofSeconds(1), null)
                .commandLine(java.nio.file.Path.of("n"), java.nio.file.Path.of("s")).contains("-logtimemicros"), "micro times for node-side durations");
        showPage("IPC inspector");
        IpcInspectorPage page = (IpcInspectorPage) app.mainWindow().pages().stream().filter(p -> p.title().equals("IPC inspector")).findFirst().orElseThrow();
        TableView<IpcEvent> table = lookup("#ipc-table").queryAs(TableView.class);
        waitUntil(() -> table.getItems().stream().anyMatch(e -> e.call().equals("Rpc.executeRpc getblockchaininfo")));
        // a call of ours and the node's line for it, matched
        waitUntil(60, () -> WaitForAsyncUtils.asyncFx(() -> page.matched().count(IpcCallMatcher.Mark.MATCHED) >= 5).get());
        IpcEvent matchedRpc = WaitForAsyncUtils.asyncFx(() -> page.matched().nodeOf().keySet().stream()
                .filter(e -> e.method().equals("executeRpc")).findFirst().orElseThrow()).get();
        NodeIpcCall n = WaitForAsyncUtils.asyncFx(() -> page.matched().nodeOf().get(matchedRpc)).get();
        assertEquals("Rpc.executeRpc", n.call());
        assertEquals(matchedRpc.thread(), n.thread(), "the Thread our call named is the one the node ran it on");
        assertTrue(n.micros());
        assertEquals("ok", n.outcome());
        assertTrue(text("#ipc-node-summary").startsWith("Node side: "), text("#ipc-node-summary"));

        // a call from another client (not in our log) is a node line without a call
        try (org.bitcoinfx.ipc.IpcNodeClient other = org.bitcoinfx.ipc.IpcNodeClient.connect(backend.node().sockets().get(0))) {
            other.rpc().call("getblockcount").get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
        backend.generate(1); // more calls of ours, so the node log reads on past the other client's call
        waitUntil(60, () -> WaitForAsyncUtils.asyncFx(() -> page.matched().nodeOnly().stream()
                .anyMatch(c -> c.call().equals("Rpc.executeRpc"))).get());
        clickOn("Node lines");
        TableView<NodeIpcCall> nodeTable = lookup("#ipc-node-table").queryAs(TableView.class);
        waitUntil(() -> !nodeTable.getItems().isEmpty());

        // both sides in the export
        ArrayNode json = WaitForAsyncUtils.asyncFx(() -> IpcInspectorPage.toJson(List.copyOf(app.ipcLog().events()), page.matched())).get();
        JsonNode both = null;
        JsonNode nodeOnly = null;
        for (JsonNode o : json) {
            if (both == null && o.path("side").asText().equals("both") && o.path("method").asText().equals("executeRpc")) {
                both = o;
            }
            if (nodeOnly == null && o.path("side").asText().equals("node")) {
                nodeOnly = o;
            }
        }
        assertTrue(both != null && nodeOnly != null, json.toString().substring(0, Math.min(2000, json.toString().length())));
        assertTrue(both.path("rpc_method").asText().length() > 0, both.toString());
        assertTrue(both.path("node").path("request").asLong() > 0, both.toString());
        assertTrue(both.path("node").has("node_time_us"), both.toString());
        assertEquals("us", both.path("node").path("time_precision").asText());
    }
}
