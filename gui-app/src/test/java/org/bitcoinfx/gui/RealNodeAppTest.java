package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javafx.scene.control.Label;
import org.bitcoinfx.gui.node.BundledNodeBackend;
import org.bitcoinfx.gui.node.NodeBackend;
import org.bitcoinfx.gui.settings.Settings;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.node.NodeLocator;
import org.bitcoinfx.node.NodeState;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The app end to end against a real bitcoin-node (regtest, {@code -listen=0}, temporary datadir):
 * the real backend starts it, the Console mines 101 blocks to a new address, Status shows height
 * 101, and closing the window stops the node (no process left, runtime directory removed). Runs
 * only with {@code BITCOIN_NODE} set.
 */
class RealNodeAppTest extends AppTestBase {
    static final long NODE_WAIT = 90;
    BundledNodeBackend real;

    @Override
    void customize(Settings s) {
        s.extraArgsProperty().set("-listen=0");
    }

    @Override
    NodeBackend makeBackend() {
        String env = System.getenv("BITCOIN_NODE");
        Assumptions.assumeTrue(env != null && !env.isBlank(), "BITCOIN_NODE not set: no real bitcoin-node for the app to run");
        try {
            NodeLocator locator = new NodeLocator(Map.of("BITCOIN_NODE", System.getenv("BITCOIN_NODE")), null, null, null, Duration.ofSeconds(10));
            real = new BundledNodeBackend(locator, IpcNodeClient::connect, Files.createDirectories(tmp.resolve("run")), Duration.ofSeconds(60));
            return real;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void consoleMinesAndStatusFollowsThenClosingStopsTheNode() throws Exception {
        waitUntil(NODE_WAIT, () -> app.context().session().statusProperty().get().state() == NodeState.READY
                && app.context().session().clientProperty().get() != null);
        waitUntil(NODE_WAIT, () -> "Connecting to peers".equals(((Label) lookup("#sync-state").query()).getText()));
        ProcessHandle node = real.child().orElseThrow();
        Path runtimeDir = real.socket().orElseThrow().getParent();
        assertTrue(Files.isDirectory(runtimeDir));

        showPage("Console");
        console("createwallet fxtest");
        String address = console("getnewaddress").replace("\"", "").strip();
        assertTrue(address.startsWith("bcrt1"), address);
        String shown = console("generatetoaddress 101 " + address);
        // 103 lines: the console shows the first screen (ConsoleEntry's first 100 lines) with "Show more"; the entry
        // holds the whole answer
        String mined = org.testfx.util.WaitForAsyncUtils.asyncFx(() -> {
            var entries = ((org.bitcoinfx.gui.console.ConsolePage) app.mainWindow().currentPage()).viewModel().entries();
            return entries.get(entries.size() - 1).fullText();
        }).get();
        assertTrue(shown.lines().count() < mined.lines().count(), "a first screen: " + shown.lines().count() + " lines shown");
        assertTrue(mined.startsWith(shown.lines().findFirst().orElseThrow()), "the first screen is the answer's start");
        assertEquals(101, mined.lines().filter(l -> l.matches("\\s*\"[0-9a-f]{64}\",?")).count(), mined);

        showPage("Status");
        waitUntil(NODE_WAIT, () -> "101".equals(((Label) lookup("#tip-height").query()).getText()));
        waitText("#sync-state", "Synced");

        interact(() -> app.shutdown().requestClose());
        waitUntil(NODE_WAIT, exited::get);
        assertTrue(node.onExit().get(NODE_WAIT, java.util.concurrent.TimeUnit.SECONDS) != null);
        assertFalse(node.isAlive(), "no bitcoin-node left");
        assertFalse(Files.exists(runtimeDir), "runtime directory removed");
        assertEquals(NodeState.STOPPED, real.status().state());
    }

    /** Runs a console command and returns its result, failing on an error entry. */
    private String console(String command) throws Exception {
        Label last = consoleEntry(command, NODE_WAIT);
        assertFalse(last.getStyleClass().contains("console-error"), command + ": " + last.getText());
        return last.getText();
    }
}
