package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.gui.wallet.Passphrase;
import org.bitcoinfx.gui.wallet.WalletService;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.ipc.JsonRpcException;
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
 * {@link MigrateFlow} against a real regtest bitcoin-node over IPC, then a damaged legacy wallet: a file with the
 * Berkeley DB btree magic ({@code IsBDBFile}, {@code src/wallet/db.cpp}) is listed by {@code listwalletdir} with the
 * legacy warning, and {@code migratewallet} refuses it with -4 in the node's words, leaving the file as it was. Runs
 * only with {@code BITCOIN_NODE} set.
 */
class RealNodeMigrateTest {
    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void refusalsAndADamagedLegacyWallet() throws Exception {
        String env = System.getenv(NodeLocator.ENV_VAR);
        Assumptions.assumeTrue(env != null && !env.isBlank(), "BITCOIN_NODE not set: no real bitcoin-node to check migratewallet on");
        var binary = NodeLocator.inspect(Path.of(env), NodeLocator.DEFAULT_VERSION_TIMEOUT);
        Path datadir = tmp.resolve("datadir");
        NodeConfig config = NodeConfig.of(datadir, Chain.REGTEST)
                .withRuntimeParent(Files.createDirectories(tmp.resolve("run")))
                .withExtraArgs(List.of("-listen=0"))
                .withStopTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(30));
        try (NodeSupervisor node = NodeSupervisor.spawning(new NodeLauncher(binary, IpcNodeClient::connect), config)) {
            NodeClient client = node.start();
            MigrateFlow.run(client);
            byte[] bdb = new byte[8192];
            bdb[12] = 0x62;
            bdb[13] = 0x31;
            bdb[14] = 0x05;
            bdb[15] = 0x00;
            Path file = datadir.resolve("regtest/wallets/damaged");
            Files.write(file, bdb);
            WalletService ws = new WalletService(client);
            assertEquals(List.of("damaged"), MigrateFlow.get(ws.listLegacyWallets()));
            JsonRpcException refused = MigrateFlow.refusal(ws.migrateWallet("damaged", Passphrase.none()));
            assertEquals(-4, refused.code(), refused.rpcMessage());
            assertTrue(!refused.rpcMessage().isBlank(), "the node says why");
            assertEquals(8192, Files.size(file), "the legacy file is left as it was");
            node.stop();
        }
    }
}
