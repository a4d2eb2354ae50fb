package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bitcoinfx.gui.node.NodeState;
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
}
