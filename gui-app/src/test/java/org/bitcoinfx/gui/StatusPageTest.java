package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Status page: figures from the node, and the network switch calls setnetworkactive. */
class StatusPageTest extends AppTestBase {
    @Test
    void networkToggleCallsSetNetworkActive() throws Exception {
        waitReady();
        waitText("#peer-count", "3");
        waitText("#sync-state", "Synced");
        waitText("#mempool-size", "12 tx");

        clickOn("#network-toggle");
        waitUntil(() -> backend.client().setNetworkActiveCalls().equals(List.of(false)));
        waitText("#sync-state", "Paused");
        waitText("#peer-count", "0");

        clickOn("#network-toggle");
        waitUntil(() -> backend.client().setNetworkActiveCalls().equals(List.of(false, true)));
        waitText("#sync-state", "Synced");
    }

    @Test
    void keyboardSwitchesPages() throws Exception {
        waitReady();
        press(javafx.scene.input.KeyCode.CONTROL).type(javafx.scene.input.KeyCode.DIGIT6).release(javafx.scene.input.KeyCode.CONTROL);
        waitText("#page-title", "Console");
        press(javafx.scene.input.KeyCode.CONTROL).type(javafx.scene.input.KeyCode.DIGIT1).release(javafx.scene.input.KeyCode.CONTROL);
        waitText("#page-title", "Status");
    }

    @Test
    void newTipUpdatesStatus() throws Exception {
        waitReady();
        waitText("#tip-height", "20");
        backend.generate(2);
        waitText("#tip-height", "22");
        assertEquals("REGTEST", text("#chain-badge"));
    }
}
