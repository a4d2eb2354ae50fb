package org.bitcoinfx.gui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.node.Chain;
import org.bitcoinfx.node.NodeConfig;
import org.bitcoinfx.node.NodeLauncher;
import org.bitcoinfx.node.NodeLocator;
import org.bitcoinfx.node.NodeSupervisor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link WalletMiningFlow} (the wallet and mining services) against a real regtest bitcoin-node
 * started by bundled-node's {@link NodeSupervisor} and spoken to over IPC ({@link IpcNodeClient}):
 * create an encrypted wallet, mine 101 blocks to it with our own coinbases and nonces
 * ({@code submitSolution}), preview a send of 1 BTC at 2 sat/vB, see a wrong passphrase refused,
 * send, see a pending {@code waitNext} return a template whose {@code getTxFees} holds the send's
 * fee, check and mine that block, and find the send confirmed in the activity. Runs only with
 * {@code BITCOIN_NODE} set.
 */
class RealNodeWalletMiningTest {
    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void createMineSendConfirm() throws Exception {
        String env = System.getenv(NodeLocator.ENV_VAR);
        Assumptions.assumeTrue(env != null && !env.isBlank(), "BITCOIN_NODE not set: no real bitcoin-node to run the wallet and mining flow on");
        var binary = NodeLocator.inspect(Path.of(env), NodeLocator.DEFAULT_VERSION_TIMEOUT);
        NodeConfig config = NodeConfig.of(tmp.resolve("datadir"), Chain.REGTEST)
                .withRuntimeParent(Files.createDirectories(tmp.resolve("run")))
                .withExtraArgs(List.of("-listen=0"))
                .withStopTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(30));
        ExecutorService grinder = Executors.newSingleThreadExecutor();
        try (NodeSupervisor node = NodeSupervisor.spawning(new NodeLauncher(binary, IpcNodeClient::connect), config)) {
            NodeClient client = node.start();
            WalletMiningFlow.run(client, grinder);
            node.stop();
        } finally {
            grinder.shutdownNow();
        }
    }
}
