package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.gui.wallet.Passphrase;
import org.bitcoinfx.gui.wallet.WalletPage;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A wallet list asked for before a wallet was created and selected, and answered after, must not undo the
 * selection. The stress round found {@code SendWalletSwitchTest} waiting 30 s for "alice" while the page had gone
 * back to "demo": a {@code listwallets} asked before {@code createwallet alice} (its answer: demo only) came back
 * after the new wallet was selected, and its balances moved the selection to the list's first wallet. Here the
 * answers are held ({@code holdRpc}) to put them in that order every time.
 */
class WalletListRaceTest extends AppTestBase {
    @Test
    void aWalletListOlderThanANewWalletDoesNotSelectAwayFromIt() throws Exception {
        waitReady();
        var vm = ((WalletPage) app.mainWindow().pages().stream().filter(p -> p instanceof WalletPage).findFirst().orElseThrow()).viewModel();
        waitUntil(() -> "demo".equals(vm.selectedProperty().get()));
        var client = backend.client();
        client.holdRpc("listwallets");
        client.holdRpc("getbalances");
        long lists = client.rpcCount("listwallets");
        interact(vm::refreshAll); // a list asked now, answered by the node before alice exists: demo only
        // every list asked so far (this one, and any other page's) answered by the node before alice is created
        waitUntil(() -> client.rpcCount("listwallets") > lists && client.answered("listwallets") == client.rpcCount("listwallets"));

        CompletableFuture<String> created = WaitForAsyncUtils.asyncFx(() -> vm.create("alice", Passphrase.none())).get();
        assertEquals("alice", created.get(WAIT, TimeUnit.SECONDS));
        assertEquals("alice", WaitForAsyncUtils.asyncFx(() -> vm.selectedProperty().get()).get());
        // the create's own list (demo and alice) is answered too, and held
        waitUntil(() -> client.answered("listwallets") == client.rpcCount("listwallets"));

        long balances = client.rpcCount("getbalances");
        client.releaseRpc("listwallets"); // both lists reach the page (in whichever order)
        // each list asks the balances of its wallets: at least 1 (demo) + 2 (demo, alice), all held
        waitUntil(() -> client.rpcCount("getbalances") >= balances + 3);
        client.releaseRpc("getbalances"); // and then the balances each list asked for
        // every balance answered and delivered: the wallet list shows alice's, and a call made now comes after them
        waitUntil(() -> client.answered("getbalances") == client.rpcCount("getbalances")
                && vm.wallets().stream().anyMatch(e -> e.name().equals("alice") && e.balances().known()));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("alice", WaitForAsyncUtils.asyncFx(() -> vm.selectedProperty().get()).get(),
                "the new wallet stays selected");
    }
}
