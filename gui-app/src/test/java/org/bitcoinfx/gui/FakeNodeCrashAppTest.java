package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import org.bitcoinfx.gui.node.BundledNodeBackend;
import org.bitcoinfx.gui.node.NodeBackend;
import org.bitcoinfx.node.NodeState;
import org.junit.jupiter.api.Test;

/**
 * The crash banner with the real backend and a FakeNode process killed with SIGKILL (see
 * {@link FakeNodeAppTest}), and Restart from it.
 */
class FakeNodeCrashAppTest extends AppTestBase {
    static final long NODE_WAIT = FakeNodeAppTest.NODE_WAIT;
    BundledNodeBackend real;

    @Override
    NodeBackend makeBackend() {
        real = FakeNodeAppTest.fakeNodeBackend(tmp);
        return real;
    }

    @Test
    void killedNodeShowsTheCrashBannerAndRestarts() throws Exception {
        waitUntil(NODE_WAIT, () -> app.context().session().statusProperty().get().state() == NodeState.READY);
        ProcessHandle node = real.child().orElseThrow();
        node.destroyForcibly();
        waitUntil(NODE_WAIT, () -> lookup("#problem-banner").query().isVisible());
        // the IPC connection can drop a moment before the process exit is seen ("not running" first)
        waitText("#problem-title", "bitcoin-node stopped unexpectedly");
        assertTrue(text("#problem-message").endsWith("was killed by signal 9 (SIGKILL)"), text("#problem-message"));
        assertEquals(137, app.context().session().statusProperty().get().exitCode());
        assertFalse(app.context().session().statusProperty().get().lastLogLines().isEmpty());
        waitText("#sync-state", "Not running");

        FakeNodeAppTest.fire(this, "#problem-restart");
        waitUntil(NODE_WAIT, () -> app.context().session().statusProperty().get().state() == NodeState.READY);
        waitUntil(() -> !lookup("#problem-banner").query().isVisible());
        waitUntil(NODE_WAIT, () -> "101".equals(((Label) lookup("#tip-height").query()).getText()));
        ProcessHandle second = real.child().orElseThrow();
        assertTrue(second.pid() != node.pid());
        interact(() -> app.shutdown().requestClose());
        waitUntil(NODE_WAIT, exited::get);
        second.onExit().get(NODE_WAIT, TimeUnit.SECONDS);
    }

}
