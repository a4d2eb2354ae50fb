package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.control.ComboBox;
import javafx.scene.control.ListView;
import org.bitcoinfx.gui.log.NodeLogLine;
import org.bitcoinfx.gui.log.NodeLogPage;
import org.bitcoinfx.gui.settings.Settings;
import org.junit.jupiter.api.Test;

/**
 * The Node log page on FakeNode (with {@code -debug=ipc}, so its debug.log has {@code [ipc]} lines): the level and
 * category filters, and a debug category switched on and off at run time through {@code logging}.
 */
class NodeLogFiltersTest extends AppTestBase {
    @Override
    void customize(Settings s) {
        s.extraArgsProperty().set("-debug=ipc");
    }

    @Test
    @SuppressWarnings("unchecked")
    void levelAndCategoryFiltersAndDebugCategoriesAtRunTime() throws Exception {
        waitReady();
        backend.log("[warning] tor: a warning line for the filter");
        showPage("Node log");
        ListView<String> log = lookup("#node-log").queryAs(ListView.class);
        ComboBox<String> category = lookup("#log-category").queryAs(ComboBox.class);
        waitUntil(() -> category.getItems().contains("ipc"));
        interact(() -> category.setValue("ipc"));
        try {
            waitUntil(() -> !log.getItems().isEmpty() && log.getItems().stream().allMatch(l -> NodeLogLine.parse(l).category().equals("ipc")));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("shown: " + org.testfx.util.WaitForAsyncUtils.asyncFx(() -> java.util.List.copyOf(log.getItems())).get()
                    + "; value " + category.getValue() + "; session log: " + org.testfx.util.WaitForAsyncUtils.asyncFx(
                            () -> java.util.List.copyOf(app.context().session().log())).get(), e);
        }

        interact(() -> category.setValue(NodeLogPage.ALL_CATEGORIES));
        ComboBox<String> level = lookup("#log-level").queryAs(ComboBox.class);
        interact(() -> level.setValue("Warnings and errors"));
        try {
            waitUntil(() -> log.getItems().stream().anyMatch(l -> l.contains("a warning line for the filter"))
                    && log.getItems().stream().allMatch(l -> NodeLogLine.parse(l).levelRank() >= 3));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("shown: " + org.testfx.util.WaitForAsyncUtils.asyncFx(() -> java.util.List.copyOf(log.getItems())).get()
                    + "; value " + category.getValue() + " " + level.getValue(), e);
        }
        interact(() -> level.setValue("All levels"));

        // a debug category on and off at run time, through the logging RPC
        assertFalse(backend.node().state().log().enabled("net"));
        clickOn("#log-debug-categories");
        clickOn("#log-debug-net");
        waitUntil(() -> backend.node().state().log().enabled("net"));
        // and the app has the node's answer: its menu item is checked (reopened before that, the menu would still hold
        // the unchecked item, and a click would turn net on again)
        waitUntil(() -> org.testfx.util.WaitForAsyncUtils.asyncFx(() -> lookup("#log-debug-categories").queryAs(javafx.scene.control.MenuButton.class)
                .getItems().stream().anyMatch(i -> "log-debug-net".equals(i.getId())
                        && i instanceof javafx.scene.control.CheckMenuItem c && c.isSelected())).get());
        clickOn("#log-debug-categories");
        waitUntil(() -> lookup("#log-debug-net").tryQuery().isPresent());
        clickOn("#log-debug-net");
        waitUntil(() -> !backend.node().state().log().enabled("net"));
        assertTrue(text("#log-problem").isEmpty() || !lookup("#log-problem").query().isVisible());
    }
}
