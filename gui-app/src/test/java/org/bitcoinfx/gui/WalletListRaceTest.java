package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
    /** @return the Wallet page's view-model, once it shows its first wallet list (demo selected) */
    private org.bitcoinfx.gui.wallet.WalletViewModel demoSelected() throws Exception {
        waitReady();
        var vm = ((WalletPage) app.mainWindow().pages().stream().filter(p -> p instanceof WalletPage).findFirst().orElseThrow()).viewModel();
        waitUntil(() -> "demo".equals(vm.selectedProperty().get()));
        return vm;
    }

    /**
     * Asks for the wallet list now, before alice exists (the node answers demo only), and holds that answer and any
     * other page's list out: each answered by the node before this returns. Calls made later are not held.
     *
     * @return completing it delivers the held answers
     */
    private CompletableFuture<Void> holdAnOldList(org.bitcoinfx.gui.wallet.WalletViewModel vm) throws Exception {
        var client = backend.client();
        client.holdRpc("listwallets");
        long lists = client.rpcCount("listwallets");
        interact(vm::refreshAll);
        waitUntil(() -> client.rpcCount("listwallets") > lists && client.answered("listwallets") == client.rpcCount("listwallets"));
        return client.stopHoldingNewRpc("listwallets");
    }

    /**
     * Delivers the held old list, waits for the balances it asks for to reach the page, and checks alice is still
     * selected. The balances' answers are held and then delivered by this thread, so their handling is queued on the
     * JavaFX thread before the last wait for its events (a {@code getbalances} of another refresh cannot stand in).
     */
    private void deliverAndExpectAlice(CompletableFuture<Void> oldList, org.bitcoinfx.gui.wallet.WalletViewModel vm) throws Exception {
        var client = backend.client();
        long balances = client.rpcCount("getbalances");
        client.holdRpc("getbalances");
        oldList.complete(null); // the old list's handling is queued on the JavaFX thread now
        WaitForAsyncUtils.waitForFxEvents(); // handled: the page asked for the balances of the list it holds
        long sent = client.rpcCount("getbalances");
        assertTrue(sent > balances, "the old list asked for balances");
        waitUntil(() -> client.answered("getbalances") >= sent);
        client.releaseRpc("getbalances");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("alice", WaitForAsyncUtils.asyncFx(() -> vm.selectedProperty().get()).get(), "the new wallet stays selected");
    }

    @Test
    void aWalletListOlderThanANewWalletDoesNotSelectAwayFromIt() throws Exception {
        var vm = demoSelected();
        var client = backend.client();
        CompletableFuture<Void> oldList = holdAnOldList(vm); // demo only, held

        // alice is created and selected; the create's own list (demo and alice) comes back at once
        CompletableFuture<String> created = WaitForAsyncUtils.asyncFx(() -> vm.create("alice", Passphrase.none())).get();
        assertEquals("alice", created.get(WAIT, TimeUnit.SECONDS));
        waitUntil(() -> vm.wallets().stream().anyMatch(e -> e.name().equals("alice") && e.balances().known()));
        assertEquals("alice", WaitForAsyncUtils.asyncFx(() -> vm.selectedProperty().get()).get());

        deliverAndExpectAlice(oldList, vm); // then the old list (demo only)
    }

    @Test
    void aWalletListOlderThanANewWalletAnsweredBeforeTheNewListDoesNotSelectAwayFromIt() throws Exception {
        var vm = demoSelected();
        var client = backend.client();
        CompletableFuture<Void> oldList = holdAnOldList(vm); // demo only, held
        client.holdRpc("listwallets"); // the create's list (demo and alice) is held apart
        long listsBefore = client.rpcCount("listwallets");

        CompletableFuture<String> created = WaitForAsyncUtils.asyncFx(() -> vm.create("alice", Passphrase.none())).get();
        assertEquals("alice", created.get(WAIT, TimeUnit.SECONDS));
        assertEquals("alice", WaitForAsyncUtils.asyncFx(() -> vm.selectedProperty().get()).get());
        waitUntil(() -> client.rpcCount("listwallets") > listsBefore && client.answered("listwallets") == client.rpcCount("listwallets"));
        CompletableFuture<Void> newList = client.stopHoldingNewRpc("listwallets");

        // the old list comes first: the same list as the page's (demo), so it changes nothing there, and its
        // balances come back while alice is selected
        deliverAndExpectAlice(oldList, vm);

        newList.complete(null); // then the new list
        waitUntil(() -> vm.wallets().stream().anyMatch(e -> e.name().equals("alice") && e.balances().known()));
        assertEquals("alice", WaitForAsyncUtils.asyncFx(() -> vm.selectedProperty().get()).get());
    }

    /**
     * A wallet-directory read ({@code listwalletdir}) asked before a migration and answered after the migration's own
     * read must not put the migrated wallet back among the legacy wallets (offered for migration again, and the
     * migrate form's choice dropped when an older, empty list came back): the answers are read on a pool and can
     * come in either order.
     */
    @Test
    void aWalletDirectoryReadOlderThanAMigrationDoesNotOfferTheMigratedWalletAgain() throws Exception {
        var vm = demoSelected();
        var client = backend.client();
        client.rpc().call("fakelegacywallet", "old").get(WAIT, TimeUnit.SECONDS);
        interact(vm::refreshAll);
        waitUntil(() -> vm.legacy().contains("old"));

        // a read asked now, while old is a legacy wallet; its answers held
        client.holdRpc("listwalletdir");
        long dirs = client.rpcCount("listwalletdir");
        interact(vm::refreshAll);
        waitUntil(() -> client.rpcCount("listwalletdir") >= dirs + 2 && client.answered("listwalletdir") == client.rpcCount("listwalletdir")
                && client.answered("listwallets") == client.rpcCount("listwallets"));
        CompletableFuture<Void> olderRead = client.stopHoldingNewRpc("listwalletdir");

        CompletableFuture<org.bitcoinfx.gui.wallet.MigrationResult> migrated =
                WaitForAsyncUtils.asyncFx(() -> vm.migrate("old", Passphrase.none())).get();
        assertEquals("old", migrated.get(WAIT, TimeUnit.SECONDS).walletName());
        waitUntil(() -> !vm.legacy().contains("old")); // the migration's own read, asked after
        WaitForAsyncUtils.waitForFxEvents(); // every answer but the held ones has reached the page

        olderRead.complete(null); // the older read's answers now reach the page, in a JavaFX event of their own
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(), WaitForAsyncUtils.asyncFx(() -> List.copyOf(vm.legacy())).get(), "the legacy wallets after the older read");
    }

    /**
     * The selected wallet's balances asked before a payment and answered after a newer read showed the payment must not
     * put the old balance back (a send's review would then refuse "More than the spendable balance"). The old answer is
     * held until the new one is shown.
     */
    @Test
    void anOlderBalanceAnswerDoesNotUndoANewerOne() throws Exception {
        var vm = demoSelected();
        var client = backend.client();
        client.holdRpc("getbalances");
        long asked = client.rpcCount("getbalances");
        interact(vm::refreshSelected);
        waitUntil(() -> client.rpcCount("getbalances") > asked && client.answered("getbalances") == client.rpcCount("getbalances"));
        CompletableFuture<Void> old = client.stopHoldingNewRpc("getbalances"); // answered before the payment: nothing pending
        backend.node().payWallet("demo", 1, 0, 9); // in the mempool: no new tip, so no refresh of the page's own
        interact(vm::refreshSelected);
        waitUntil(() -> vm.balancesProperty().get() != null && vm.balancesProperty().get().untrustedPendingSat() > 0);
        long pending = WaitForAsyncUtils.asyncFx(() -> vm.balancesProperty().get().untrustedPendingSat()).get();
        old.complete(null); // the old answers' handling is queued on the JavaFX thread now
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(pending, WaitForAsyncUtils.asyncFx(() -> vm.balancesProperty().get().untrustedPendingSat()).get(),
                "the older answer (nothing pending) is not shown over the newer one");
        assertTrue(WaitForAsyncUtils.asyncFx(() -> vm.wallets().stream().filter(e -> e.name().equals("demo")).findFirst().orElseThrow()
                .balances().untrustedPendingSat()).get() > 0, "nor in the wallet list");
    }
}
