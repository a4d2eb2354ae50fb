package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/** Status page: figures from the node, and the network switch calls setnetworkactive. */
class StatusPageTest extends AppTestBase {
    @Test
    void networkToggleCallsSetNetworkActive() throws Exception {
        waitReady();
        waitText("#peer-count", "3");
        waitText("#sync-state", "Synced");
        backend.node().seedMempool(12);
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
        press(javafx.scene.input.KeyCode.CONTROL).type(javafx.scene.input.KeyCode.DIGIT7).release(javafx.scene.input.KeyCode.CONTROL);
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

    private org.bitcoinfx.gui.status.StatusPage statusPage() {
        return (org.bitcoinfx.gui.status.StatusPage) app.mainWindow().pages().stream().filter(p -> p.title().equals("Status")).findFirst().orElseThrow();
    }

    /** Before: every poll and every new tip sent four more calls, however many were still unanswered. */
    @Test
    void aNodeThatStopsAnsweringGetsNoPileOfStatusCalls() throws Exception {
        waitReady();
        waitText("#peer-count", "3");
        var page = statusPage();
        // the run's other calls are held too, and answered below by this thread: their handling is then queued on
        // the JavaFX thread before the wait for its events, and a run that ended with them would show it
        List<String> others = List.of("getblockchaininfo", "getmempoolinfo", "uptime", "getpeerinfo", "getchainstates");
        long[] at = new long[2]; // getnetworkinfo calls and runs before the refreshes
        interact(() -> {
            // in one JavaFX event: a poll's run is wholly before it (nothing held) or after it
            others.forEach(backend.client()::holdRpc);
            backend.client().holdRpc("getnetworkinfo");
            at[0] = backend.client().rpcCount("getnetworkinfo");
            at[1] = page.refreshes().runs();
            for (int i = 0; i < 5; i++) {
                page.refresh();
            }
        });
        long before = at[0];
        long runs = at[1];
        waitUntil(() -> backend.client().rpcCount("getnetworkinfo") == before + 1);
        WaitForAsyncUtils.waitForFxEvents(); // the run has sent all its calls
        for (String m : others) {
            long sent = backend.client().rpcCount(m);
            waitUntil(() -> backend.client().answered(m) >= sent);
            backend.client().releaseRpc(m);
        }
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before + 1, backend.client().rpcCount("getnetworkinfo"), "one call waits for the node; none piles up behind it");
        assertEquals(runs + 1, page.refreshes().runs(), "the run waits for its held call");
        assertTrue(page.refreshes().inFlight());

        backend.client().releaseRpc("getnetworkinfo");
        // the answer arrives; the four refreshes asked for meanwhile run once, not four times
        waitUntil(() -> !page.refreshes().inFlight() && backend.client().rpcCount("getnetworkinfo") >= before + 2);
        long after = backend.client().rpcCount("getnetworkinfo");
        assertTrue(after <= before + 3, "one run for the requests made meanwhile (and at most one 5 s poll since): " + (after - before));
    }
}
