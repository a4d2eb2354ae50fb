package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.gui.wallet.MigrationResult;
import org.bitcoinfx.gui.wallet.Passphrase;
import org.bitcoinfx.gui.wallet.WalletService;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.node.fake.FakeNode;
import org.bitcoinfx.node.fake.FakeNodeOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MigrateFlow} against FakeNode, then a migration the fake can do and a real node here cannot (no legacy wallet
 * can be made by v31.99): an encrypted legacy wallet is listed, refused without its passphrase in the node's words,
 * migrated with it, loaded, and no longer legacy.
 */
class FakeNodeMigrateTest {
    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void refusalsThenAMigration() throws Exception {
        try (FakeNode node = FakeNode.start(FakeNodeOptions.parse(new String[] {"-regtest", "-datadir=" + tmp.resolve("d"), "-ipcbind=unix", "-printtoconsole=0"}));
             IpcNodeClient client = IpcNodeClient.connect(node.sockets().get(0))) {
            MigrateFlow.run(client);
            WalletService ws = new WalletService(client);
            RpcChecks.get(client.rpc().call("fakelegacywallet", "old", "legacy pass"));
            assertEquals(List.of("old"), RpcChecks.get(ws.listLegacyWallets()));
            RpcChecks.expect(ws.migrateWallet("old", Passphrase.none()), -4,
                    "Error: Wallet decryption failed, the wallet passphrase was not provided or was incorrect.");
            MigrationResult r = RpcChecks.get(ws.migrateWallet("old", new Passphrase("legacy pass".toCharArray())));
            assertEquals("old", r.walletName());
            assertTrue(r.backupPath().endsWith(".legacy.bak") && r.backupPath().contains("old_"), r.backupPath());
            assertTrue(RpcChecks.get(ws.listWallets()).contains("old"));
            assertEquals(List.of(), RpcChecks.get(ws.listLegacyWallets()));
            assertTrue(r.describe().startsWith("Migrated wallet old to a descriptor wallet. The legacy wallet's backup: "), r.describe());
        }
    }
}
