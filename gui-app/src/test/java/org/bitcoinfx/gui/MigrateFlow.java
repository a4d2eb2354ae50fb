package org.bitcoinfx.gui;

import static org.bitcoinfx.gui.RpcChecks.expect;
import static org.bitcoinfx.gui.RpcChecks.get;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.bitcoinfx.gui.wallet.Passphrase;
import org.bitcoinfx.gui.wallet.WalletService;
import org.bitcoinfx.ipc.NodeClient;

/**
 * {@code migratewallet}'s refusals and {@code listwalletdir}'s legacy warning as the Wallet page reads them
 * ({@link WalletService#migrateWallet}, {@link WalletService#listLegacyWallets}): no legacy wallet in a new wallet
 * directory; a wallet that does not exist and a descriptor wallet refused in the node's words. Run against FakeNode
 * ({@link FakeNodeMigrateTest}, which then migrates a legacy wallet of its own) and a real node
 * ({@link RealNodeMigrateTest}, which then lists a damaged Berkeley DB file as a legacy wallet and sees it refused).
 */
final class MigrateFlow {
    private MigrateFlow() {
    }

    static void run(NodeClient client) throws Exception {
        get(client.rpc().awaitWarmup(java.time.Duration.ofSeconds(120)));
        WalletService ws = new WalletService(client);
        assertEquals(List.of(), get(ws.listLegacyWallets()));
        expect(ws.migrateWallet("notawallet", Passphrase.none()), -4, "Error: Wallet does not exist");
        get(ws.createWallet("modern", Passphrase.none()));
        expect(ws.migrateWallet("modern", Passphrase.none()), -4, "Error: This wallet is already a descriptor wallet");
        get(ws.unloadWallet("modern"));
        expect(ws.migrateWallet("modern", Passphrase.none()), -4, "Error: This wallet is already a descriptor wallet");
    }
}
