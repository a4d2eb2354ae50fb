package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.gui.wallet.Passphrase;
import org.bitcoinfx.gui.wallet.WalletService;
import org.bitcoinfx.ipc.JsonRpcException;
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
        RealRegtestNode.run(tmp, "migratewallet", (client, datadir) -> {
            MigrateFlow.run(client);
            byte[] bdb = new byte[8192];
            bdb[12] = 0x62;
            bdb[13] = 0x31;
            bdb[14] = 0x05;
            bdb[15] = 0x00;
            Path file = datadir.resolve("regtest/wallets/damaged");
            Files.write(file, bdb);
            WalletService ws = new WalletService(client);
            assertEquals(List.of("damaged"), RpcChecks.get(ws.listLegacyWallets()));
            JsonRpcException refused = RpcChecks.refusal(ws.migrateWallet("damaged", Passphrase.none()));
            assertEquals(-4, refused.code(), refused.rpcMessage());
            assertTrue(!refused.rpcMessage().isBlank(), "the node says why");
            assertEquals(8192, Files.size(file), "the legacy file is left as it was");
        });
    }
}
