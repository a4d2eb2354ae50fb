package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.application.Platform;
import javafx.scene.control.DialogPane;
import org.bitcoinfx.node.NodeState;
import org.junit.jupiter.api.Test;

/** Closing the window shows the shutdown view while the node stops, then exits. */
class ShutdownTest extends AppTestBase {
    @Test
    void closeStopsNodeThenExits() throws Exception {
        waitReady();
        interact(() -> app.shutdown().requestClose());
        assertTrue(lookup("#shutdown-view").tryQuery().isPresent(), "shutdown view shown at once");
        waitUntil(exited::get);
        assertTrue(backend.status().state() == NodeState.STOPPED);
    }

    @Test
    void quitShortcutStopsNodeThenExits() throws Exception {
        waitReady();
        press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.Q).release(javafx.scene.input.KeyCode.Q, javafx.scene.input.KeyCode.CONTROL);
        waitUntil(() -> lookup("#shutdown-view").tryQuery().isPresent());
        waitUntil(exited::get);
        assertTrue(backend.status().state() == NodeState.STOPPED);
    }

    @Test
    void secondCloseAsksThenKills() throws Exception {
        waitReady();
        backend.setStopMillis(60_000);
        interact(() -> app.shutdown().requestClose());
        assertTrue(lookup("#shutdown-view").tryQuery().isPresent());
        // the stop reaches the backend after Mining.interrupt (up to 1 s): the second close comes while it stops, so
        // that the stop cannot land after the kill and replace its "killed"
        waitUntil(() -> backend.status().state() == NodeState.STOPPING);
        Platform.runLater(() -> app.shutdown().requestClose()); // asks; showAndWait must not block the test thread
        waitUntil(() -> lookup("Kill bitcoin-node").tryQuery().isPresent());
        assertFalse(exited.get(), "nothing is killed before the user says so");
        clickOn("Kill bitcoin-node");
        waitUntil(exited::get);
        assertEquals("killed", backend.status().message());
    }

    @Test
    void uncaughtExceptionShowsDialog() throws Exception {
        waitReady();
        Platform.runLater(() -> {
            throw new IllegalStateException("boom for a test");
        });
        DialogPane p = waitForErrorDialog("boom for a test");
        assertTrue(p.getContentText().startsWith("Something went wrong on thread JavaFX Application Thread: "), p.getContentText());
        interact(() -> p.getScene().getWindow().hide());
    }
}
