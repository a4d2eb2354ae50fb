package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import org.bitcoinfx.gui.blocks.BlockRow;
import org.bitcoinfx.gui.node.BundledNodeBackend;
import org.bitcoinfx.gui.node.NodeBackend;
import org.bitcoinfx.gui.peers.PeerInfo;
import org.bitcoinfx.node.NodeState;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.node.NodeLocator;
import org.bitcoinfx.node.NodeState;
import org.bitcoinfx.node.fake.FakeNode;
import org.bitcoinfx.node.fake.FakeNodeLauncherScript;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The app with its real backend ({@link BundledNodeBackend}: NodeLocator, NodeSupervisor,
 * IpcNodeClient) against a FakeNode <em>process</em>: bundled-node's Cap'n Proto-serving stand-in
 * bitcoin-node (test-jar), found through {@code BITCOIN_NODE} as a script that execs it, spawned and
 * supervised exactly as bitcoin-node would be. Headless (Monocle); needs only Java.
 */
class FakeNodeAppTest extends AppTestBase {
    static final long NODE_WAIT = 60;
    BundledNodeBackend real;
    boolean onboard;

    /** Starts with onboarding. */
    @Override
    boolean onboarded() {
        return false;
    }

    @Override
    NodeBackend makeBackend() {
        real = fakeNodeBackend(tmp);
        return real;
    }

    /**
     * The real backend, finding bitcoin-node through {@code BITCOIN_NODE} = a FakeNode launcher script
     * in {@code tmp/bin}: 101 blocks, ten minutes apart up to now; 4 peers while the network is
     * active; RPC in warm-up (-28) for 300 ms after the socket is up.
     */
    static BundledNodeBackend fakeNodeBackend(Path tmp) {
        try {
            Path script = FakeNodeLauncherScript.write(tmp.resolve("bin"), List.of("-fakeblocks=101", "-fakestartdelay=300"));
            NodeLocator locator = new NodeLocator(Map.of("BITCOIN_NODE", script.toString()), null, null, null, Duration.ofSeconds(30));
            return new BundledNodeBackend(locator, IpcNodeClient::connect, Files.createDirectories(tmp.resolve("run")), Duration.ofSeconds(60));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void fire(AppTestBase t, String id) {
        t.interact(() -> ((Button) t.lookup(id).query()).fire());
    }

    private void fire(String id) {
        fire(this, id);
    }

    @SuppressWarnings("unchecked")
    private <T> TableView<T> table(String id) {
        return lookup(id).queryAs(TableView.class);
    }

    @Test
    void onboardingToStatusThenConsolePeersNetworkBlocksAndCleanShutdown() throws Exception {
        // onboarding: Regtest, a datadir of our own, full node; the node is found through BITCOIN_NODE
        fire("#onboarding-next");
        interact(() -> ((RadioButton) lookup("#chain-regtest").query()).fire());
        fire("#onboarding-next");
        interact(() -> {
            ((TextField) lookup("#datadir-field").query()).setText(tmp.resolve("datadir").toString());
            ((RadioButton) lookup("#storage-full").query()).fire();
        });
        fire("#onboarding-next");
        fire("#onboarding-next"); // no snapshot
        waitUntil(NODE_WAIT, () -> ((Label) lookup("#node-binary").query()).getText().startsWith("✓ Found " + tmp.resolve("bin")));
        fire("#onboarding-finish");

        // Status with the fake chain's figures
        waitUntil(NODE_WAIT, () -> app.context().session().statusProperty().get().state() == NodeState.READY);
        waitUntil(NODE_WAIT, () -> "101".equals(((Label) lookup("#tip-height").query()).getText()));
        waitText("#sync-state", "Synced");
        waitText("#peer-count", "4");
        assertEquals(java.util.Optional.of("v31.99.0-fake"), real.nodeVersion());
        ProcessHandle node = real.child().orElseThrow();
        Path runtimeDir = real.socket().orElseThrow().getParent();

        // network switch: setnetworkactive false, then true
        clickOn("#network-toggle");
        waitText("#sync-state", "Paused");
        waitText("#peer-count", "0");
        clickOn("#network-toggle");
        waitText("#sync-state", "Synced");
        waitText("#peer-count", "4");

        // peers table
        showPage("Peers");
        waitUntil(() -> table("#peers-table").getItems().size() == 4);
        PeerInfo first = WaitForAsyncUtils.asyncFx(() -> this.<PeerInfo>table("#peers-table").getItems().get(0)).get();
        assertTrue(first.addr().contains(":"), first.addr());

        // console: a command and an error
        showPage("Console");
        assertEquals("101", consoleEntry("getblockcount", NODE_WAIT).getText());
        assertEquals("Method not found (code -32601)", consoleEntry("nosuchmethod", NODE_WAIT).getText());

        // a block mined by the FakeNode (through a second IPC connection) is in Blocks (how fast: AppBench)
        showPage("Blocks");
        waitUntil(() -> !table("#blocks-table").getItems().isEmpty()
                && ((BlockRow) table("#blocks-table").getItems().get(0)).height() == 101);
        try (IpcNodeClient miner = IpcNodeClient.connect(real.socket().orElseThrow())) {
            String hash = miner.rpc().call("generatetoaddress", 1, FakeNode.DEFAULT_PAYOUT).get(30, TimeUnit.SECONDS).get(0).asText();
            waitUntil(() -> ((BlockRow) table("#blocks-table").getItems().get(0)).height() == 102);
            assertEquals(hash, WaitForAsyncUtils.asyncFx(() -> ((BlockRow) table("#blocks-table").getItems().get(0)).hash()).get());
        }

        // closing stops the node: stop over IPC, no process, no runtime directory
        interact(() -> app.shutdown().requestClose());
        waitUntil(NODE_WAIT, exited::get);
        node.onExit().get(NODE_WAIT, TimeUnit.SECONDS);
        assertFalse(node.isAlive(), "no FakeNode process left");
        assertFalse(Files.exists(runtimeDir), "runtime directory removed");
        assertEquals(NodeState.STOPPED, real.status().state());
        assertTrue(real.recentLog(200).stream().anyMatch(l -> l.contains("exited with code 0")), "a clean exit after the stop RPC");
    }
}
