package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javafx.scene.control.TextArea;
import org.junit.jupiter.api.Test;

/** The node problem banner: crash with the last log lines, then Restart. */
class ProblemBannerTest extends AppTestBase {
    @Test
    void crashShowsBannerAndRestartRecovers() throws Exception {
        waitReady();
        assertTrue(!lookup("#problem-banner").query().isVisible(), "no banner while the node runs");

        backend.crash(134);
        waitUntil(() -> lookup("#problem-banner").query().isVisible());
        waitText("#problem-title", "bitcoin-node stopped unexpectedly");
        assertTrue(text("#problem-message").contains("exit code 134"));
        assertTrue(lookup("#problem-log").queryAs(TextArea.class).getText().contains("terminate called"));
        waitText("#sync-state", "Not running");

        clickOn("#problem-restart");
        waitUntil(() -> !lookup("#problem-banner").query().isVisible());
        waitReady();
        waitText("#sync-state", "Synced");
        assertTrue(backend.starts() == 2);
    }

    /**
     * After a restart, nothing the old node said is shown as the new one's: until the new node answers, Status waits
     * for it ("–", not the old tip; and not "Synced" from the old figures).
     */
    @Test
    void aRestartedNodeShowsNothingOfTheOldOneUntilItAnswers() throws Exception {
        waitReady();
        backend.generate(5);
        waitText("#tip-height", "25");
        backend.crash(134);
        waitText("#sync-state", "Not running");
        waitText("#tip-height", "25"); // the last known, while nothing runs
        backend.holdOnNextStart("getblockchaininfo");
        clickOn("#problem-restart");
        waitReady();
        var client = backend.client();
        waitUntil(() -> client.rpcCount("getblockchaininfo") >= 1);
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        assertEquals("–", text("#tip-height"), "the old node's tip is not the new one's");
        assertEquals("Connecting", text("#sync-state"));
        client.releaseRpc("getblockchaininfo");
        waitText("#tip-height", "20"); // the new node's own chain
        waitText("#sync-state", "Synced");
    }

    /** A network switch turned as the node crashed: its answer is lost with the connection, and the switch works after a restart. */
    @Test
    void aSwitchTurnedAsTheNodeCrashesWorksAfterTheRestart() throws Exception {
        waitReady();
        waitText("#sync-state", "Synced");
        var first = backend.client();
        first.holdRpc("setnetworkactive");
        clickOn("#network-toggle");
        waitUntil(() -> first.rpcCount("setnetworkactive") == 1);
        waitUntil(() -> lookup("#network-toggle").query().isDisabled());
        backend.crash(134);
        waitUntil(() -> lookup("#problem-banner").query().isVisible());
        clickOn("#problem-restart");
        waitReady();
        waitText("#sync-state", "Synced");
        waitUntil(() -> !lookup("#network-toggle").query().isDisabled());
        clickOn("#network-toggle");
        waitUntil(() -> backend.client().setNetworkActiveCalls().equals(List.of(false)));
        waitText("#sync-state", "Paused");
    }

    @Test
    void lostSocketShowsBanner() throws Exception {
        waitReady();
        backend.client().disconnect("socket closed");
        waitUntil(() -> lookup("#problem-banner").query().isVisible());
        assertTrue(text("#problem-message").contains("IPC connection to bitcoin-node was lost"));
    }

    @Test
    void oldNodeShowsBanner() throws Exception {
        waitReady();
        backend.setOldNode(true);
        interact(() -> app.context().session().restart(app.context().settings()));
        waitUntil(() -> lookup("#problem-banner").query().isVisible());
        assertTrue(text("#problem-message").contains("older IPC schema"), text("#problem-message"));
    }

    @Test
    void startupFailureShowsBanner() throws Exception {
        waitReady();
        backend.failNextStart("Error: Cannot obtain a lock on data directory");
        interact(() -> app.context().session().restart(app.context().settings()));
        waitUntil(() -> lookup("#problem-banner").query().isVisible());
        waitText("#problem-title", "bitcoin-node is not running");
        assertTrue(text("#problem-message").contains("Cannot obtain a lock"));
    }
}
