package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.gui.wallet.Passphrase;
import org.bitcoinfx.gui.wallet.SendViewModel;
import org.bitcoinfx.gui.wallet.WalletPage;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A send's review belongs to the wallet that funded it. Before: switching wallets between review
 * and confirm sent wallet A's PSBT, and the passphrase typed for it, to wallet B.
 */
class SendWalletSwitchTest extends AppTestBase {
    private WalletPage page() {
        return (WalletPage) app.mainWindow().pages().stream().filter(p -> p instanceof WalletPage).findFirst().orElseThrow();
    }

    /** Funds wallet "alice", selects it and reviews a send of 1 BTC from it to a "demo" address. */
    private SendViewModel reviewFromAlice() throws Exception {
        waitReady();
        var vm = page().viewModel();
        waitUntil(() -> "demo".equals(vm.selectedProperty().get())); // the page's first wallet list is in: it selects nothing later
        CompletableFuture<String> created = WaitForAsyncUtils.asyncFx(() -> vm.create("alice", Passphrase.none())).get();
        assertEquals("alice", created.get(WAIT, TimeUnit.SECONDS));
        backend.node().generateToWallet("alice", 101);
        interact(() -> vm.selectedProperty().set("alice"));
        interact(vm::refreshSelected);
        waitUntil(() -> "alice".equals(vm.selectedProperty().get()) && vm.balancesProperty().get().known() && vm.balancesProperty().get().trustedSat() > 0);
        String to = backend.client().rpc().callWallet("demo", "getnewaddress").get(WAIT, TimeUnit.SECONDS).asText();
        SendViewModel send = page().sendModel();
        interact(() -> {
            send.addressProperty().set(to);
            send.amountProperty().set("1");
            send.feeModeProperty().set(SendViewModel.FeeMode.CUSTOM);
            send.feeRateProperty().set("2");
            send.review();
        });
        waitUntil(() -> send.previewProperty().get() != null);
        assertEquals("alice", send.reviewWallet());
        return send;
    }

    @Test
    void selectingAnotherWalletCancelsTheReview() throws Exception {
        SendViewModel send = reviewFromAlice();
        long processed = backend.client().rpcCount("walletprocesspsbt");
        interact(() -> page().viewModel().selectedProperty().set("demo"));
        assertNull(send.previewProperty().get(), "the review of alice's transaction is gone once demo is selected");
        assertEquals("The review was for wallet \"alice\", not \"demo\": nothing was sent. Review again to send from \"demo\".",
                send.formErrorProperty().get());
        CompletableFuture<String> f = WaitForAsyncUtils.asyncFx(() -> send.confirm(Passphrase.none())).get();
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> f.get(WAIT, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof IllegalStateException, e.getCause().toString());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(processed, backend.client().rpcCount("walletprocesspsbt"), "nothing signed");
        assertTrue(backend.node().mempoolTxids().isEmpty(), "nothing broadcast");
    }

    @Test
    void aConfirmForAnotherWalletSendsNothing() throws Exception {
        SendViewModel send = reviewFromAlice();
        long processed = backend.client().rpcCount("walletprocesspsbt");
        // the selection changes and confirm comes in the same event (no chance to see the change in between)
        CompletableFuture<String> f = WaitForAsyncUtils.asyncFx(() -> {
            page().viewModel().selectedProperty().set("demo");
            return send.confirm(Passphrase.none());
        }).get();
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> f.get(WAIT, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof IllegalStateException, e.getCause().toString());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(processed, backend.client().rpcCount("walletprocesspsbt"), "nothing signed");
        assertTrue(backend.node().mempoolTxids().isEmpty(), "nothing broadcast");
        // back on alice: a new review sends from alice
        interact(() -> page().viewModel().selectedProperty().set("alice"));
        interact(send::review);
        waitUntil(() -> send.previewProperty().get() != null);
        CompletableFuture<String> ok = WaitForAsyncUtils.asyncFx(() -> send.confirm(Passphrase.none())).get();
        String txid = ok.get(WAIT, TimeUnit.SECONDS);
        assertEquals(java.util.List.of(txid), backend.node().mempoolTxids());
    }

    @Test
    void aSendAlreadyOnItsWayIsNotCalledOffBySelectingAnotherWallet() throws Exception {
        SendViewModel send = reviewFromAlice();
        backend.client().holdRpc("sendrawtransaction");
        CompletableFuture<String> f = WaitForAsyncUtils.asyncFx(() -> send.confirm(Passphrase.none())).get();
        waitUntil(() -> backend.client().rpcCount("sendrawtransaction") == 1);
        interact(() -> page().viewModel().selectedProperty().set("demo"));
        assertEquals("", send.formErrorProperty().get(), "no \"nothing was sent\" while the send is out");
        backend.client().releaseRpc("sendrawtransaction");
        String txid = f.get(WAIT, TimeUnit.SECONDS);
        assertEquals(java.util.List.of(txid), backend.node().mempoolTxids());
        waitUntil(() -> txid.equals(send.sentTxidProperty().get()));
        assertNull(send.previewProperty().get());
    }

    /**
     * The node goes away while {@code sendrawtransaction} is out (issue #13, kill during a send): the
     * review says the transaction may have been sent instead of "Could not send", which would claim
     * that nothing went out when the node had already taken it.
     */
    @Test
    void aSendCutOffWhileBroadcastingSaysItMayHaveBeenSent() throws Exception {
        SendViewModel send = reviewFromAlice();
        backend.client().holdRpc("sendrawtransaction");
        CompletableFuture<String> f = WaitForAsyncUtils.asyncFx(() -> send.confirm(Passphrase.none())).get();
        waitUntil(() -> backend.node().mempoolTxids().size() == 1); // the node has it; its answer is held
        backend.client().disconnect("bitcoin-node was killed");
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> f.get(WAIT, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof org.bitcoinfx.gui.wallet.SendInterruptedException, e.getCause().toString());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("The connection to the node was lost while the transaction was being broadcast: it may have been sent. "
                + "Check the wallet's Activity once the node runs again before sending again.", send.reviewErrorProperty().get());
        assertEquals("", send.sentTxidProperty().get() == null ? "" : send.sentTxidProperty().get(), "not shown as sent");
    }
}
