package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
