package org.bitcoinfx.gui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.IpcNodeClient;
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
 * {@link TxDetailsFlow} against a real regtest bitcoin-node over IPC: the shape of {@code gettransaction txid true true}
 * (decoded inputs and outputs, vsize, weight, change) that Activity's details read. Runs only with {@code BITCOIN_NODE} set.
 */
class RealNodeTxDetailsTest {
    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void sendReceiveConfirm() throws Exception {
        String env = System.getenv(NodeLocator.ENV_VAR);
        Assumptions.assumeTrue(env != null && !env.isBlank(), "BITCOIN_NODE not set: no real bitcoin-node to check gettransaction verbose on");
        var binary = NodeLocator.inspect(Path.of(env), NodeLocator.DEFAULT_VERSION_TIMEOUT);
        NodeConfig config = NodeConfig.of(tmp.resolve("datadir"), Chain.REGTEST)
                .withRuntimeParent(Files.createDirectories(tmp.resolve("run")))
                .withExtraArgs(List.of("-listen=0"))
                .withStopTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(30));
        try (NodeSupervisor node = NodeSupervisor.spawning(new NodeLauncher(binary, IpcNodeClient::connect), config)) {
            TxDetailsFlow.run(node.start());
            node.stop();
        }
    }
}
