package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.gui.wallet.Passphrase;
import org.bitcoinfx.gui.wallet.WalletService;
import org.bitcoinfx.ipc.JsonRpcException;
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

    static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(120, TimeUnit.SECONDS);
    }

    static JsonRpcException refusal(CompletableFuture<?> f) throws Exception {
        try {
            f.get(120, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof JsonRpcException j) {
                return j;
            }
            throw e;
        }
        return fail("expected the node's refusal");
    }

    static void expect(CompletableFuture<?> f, int code, String message) throws Exception {
        JsonRpcException j = refusal(f);
        assertEquals(code + " " + message, j.code() + " " + j.rpcMessage());
    }
}
