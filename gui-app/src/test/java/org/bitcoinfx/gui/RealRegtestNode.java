package org.bitcoinfx.gui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.node.Chain;
import org.bitcoinfx.node.NodeConfig;
import org.bitcoinfx.node.NodeLauncher;
import org.bitcoinfx.node.NodeLocator;
import org.bitcoinfx.node.NodeSupervisor;
import org.junit.jupiter.api.Assumptions;

/**
 * Test support: one real regtest bitcoin-node from {@code BITCOIN_NODE} for a test's body, started by bundled-node's
 * {@link NodeSupervisor} (datadir {@code dir/datadir}, no P2P listening) and spoken to over IPC, stopped after the body
 * (also when it fails). Without {@code BITCOIN_NODE} the test is skipped, saying why.
 */
final class RealRegtestNode {
    private RealRegtestNode() {
    }

    /** A test body on the node. */
    interface Body {
        /** @param client the connected node @param datadir its data directory */
        void run(NodeClient client, Path datadir) throws Exception;
    }

    /**
     * @param dir  a fresh directory of the test's
     * @param what what the test checks, for the skip message ("… to check {@code what} on")
     */
    static void run(Path dir, String what, Body body) throws Exception {
        String env = System.getenv(NodeLocator.ENV_VAR);
        Assumptions.assumeTrue(env != null && !env.isBlank(), "BITCOIN_NODE not set: no real bitcoin-node to check " + what + " on");
        var binary = NodeLocator.inspect(Path.of(env), NodeLocator.DEFAULT_VERSION_TIMEOUT);
        Path datadir = dir.resolve("datadir");
        NodeConfig config = NodeConfig.of(datadir, Chain.REGTEST)
                .withRuntimeParent(Files.createDirectories(dir.resolve("run")))
                .withExtraArgs(List.of("-listen=0"))
                .withStopTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(30));
        try (NodeSupervisor node = NodeSupervisor.spawning(new NodeLauncher(binary, IpcNodeClient::connect), config)) {
            body.run(node.start(), datadir);
            node.stop();
        }
    }
}
