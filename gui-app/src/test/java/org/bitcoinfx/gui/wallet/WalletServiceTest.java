package org.bitcoinfx.gui.wallet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.gui.fake.FakeNodeConnection;
import org.bitcoinfx.ipc.JsonRpcException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WalletService over Cap'n Proto against an in-process FakeNode, whose wallet RPCs answer in Bitcoin Core's shapes. */
class WalletServiceTest {
    private final FakeNodeConnection fake = FakeNodeConnection.startUnchecked(10);
    private final org.bitcoinfx.node.fake.FakeNode node = fake.node();
    private final WalletService s = new WalletService(fake.client());

    @TempDir
    Path tmp;

    @AfterEach
    void close() {
        fake.close();
    }

    private static <T> T get(java.util.concurrent.CompletableFuture<T> f) throws Exception {
        return f.get(5, TimeUnit.SECONDS);
    }

    private static JsonRpcException rpcError(java.util.concurrent.CompletableFuture<?> f) throws Exception {
        try {
            f.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return (JsonRpcException) e.getCause();
        }
        throw new AssertionError("expected a JSON-RPC error");
    }

    @Test
    void createLoadUnloadBackupRestore() throws Exception {
        assertEquals("w1", get(s.createWallet("w1", Passphrase.none())));
        assertEquals(List.of("demo", "w1"), get(s.listWallets()));
        assertEquals(-4, rpcError(s.createWallet("w1", Passphrase.none())).code());
        get(s.unloadWallet("w1"));
        assertEquals(List.of("demo"), get(s.listWallets()));
        assertEquals(List.of("demo", "w1"), get(s.listWalletDir()));
        assertEquals(-35, rpcError(s.loadWallet("demo")).code());
        assertEquals("w1", get(s.loadWallet("w1")));
        Path backup = tmp.resolve("w1.bak");
        get(s.backupWallet("w1", backup));
        assertEquals("w1-restored", get(s.restoreWallet("w1-restored", backup)));
        assertEquals(-36, rpcError(s.restoreWallet("w1", backup)).code());
        assertFalse(get(s.walletInfo("w1")).encrypted());
    }

    @Test
    void sendWithReviewOnAnEncryptedWallet() throws Exception {
        try (Passphrase p = new Passphrase("correct horse".toCharArray())) {
            get(s.createWallet("enc", p));
        }
        assertTrue(get(s.walletInfo("enc")).encrypted());
        node.generateToWallet("enc", 101);
        Balances b = get(s.balances("enc"));
        assertEquals(50 * 100_000_000L, b.trustedSat());
        assertEquals(100 * 50 * 100_000_000L, b.immatureSat());

        String to = get(s.newAddress("demo", "from enc", AddressType.BECH32M));
        AddressCheck check = get(s.validateAddress(to));
        assertTrue(check.valid());
        assertEquals(330, check.dustSat());
        SendPreview preview = get(s.preview("enc", new SendRequest(to, 100_000_000L, false, FeeChoice.rate(new BigDecimal("2")), "")));
        assertTrue(preview.vsize() > 100 && preview.vsize() < 200, "one input, two outputs: " + preview.vsize());
        assertEquals(2 * preview.vsize(), preview.feeSat());
        assertEquals(2.0, preview.feeRate(), 1e-9);
        assertTrue(node.mempoolTxids().isEmpty(), "a preview broadcasts nothing");

        JsonRpcException wrong;
        try (Passphrase bad = new Passphrase("wrong".toCharArray())) {
            wrong = rpcError(s.send("enc", preview, bad));
        }
        assertEquals(-14, wrong.code());
        assertEquals("Error: The wallet passphrase entered was incorrect.", wrong.rpcMessage());
        assertTrue(node.mempoolTxids().isEmpty());
        JsonRpcException locked = rpcError(s.send("enc", preview, null));
        assertEquals(-13, locked.code());

        String txid;
        try (Passphrase good = new Passphrase("correct horse".toCharArray())) {
            txid = get(s.send("enc", preview, good));
        }
        assertEquals(List.of(txid), node.mempoolTxids());
        assertEquals(0, get(s.walletInfo("enc")).unlockedUntil(), "locked again after signing");
        List<WalletTx> rows = get(s.listTransactions("enc", 10, 0));
        WalletTx sent = rows.get(0);
        assertEquals("send", sent.category());
        assertEquals(-100_000_000L, sent.amountSat());
        assertEquals(preview.feeSat(), sent.feeSat());
        assertEquals(0, sent.confirmations());
        assertEquals(50 * 100_000_000L - 100_000_000L - preview.feeSat(), get(s.balances("enc")).trustedSat());
        node.generate(1);
        assertEquals(1, get(s.listTransactions("enc", 10, 0)).get(0).confirmations());
        assertEquals(txid, get(s.transaction("enc", txid)).path("txid").asText());
    }

    @Test
    void nodeRefusals() throws Exception {
        get(s.createWallet("w", Passphrase.none()));
        node.generateToWallet("w", 101);
        String to = get(s.newAddress("w", "", AddressType.BECH32));
        assertEquals("Insufficient funds", rpcError(s.preview("w", new SendRequest(to, 60 * 100_000_000L, false,
                FeeChoice.rate(BigDecimal.ONE), ""))).rpcMessage());
        assertEquals("Fee estimation failed. Fallbackfee is disabled. Wait a few blocks or enable -fallbackfee.",
                rpcError(s.preview("w", new SendRequest(to, 100_000, false, FeeChoice.target(6), ""))).rpcMessage());
        assertFalse(get(s.estimateSmartFee(6)).available());
        assertEquals("Insufficient data or no feerate found", get(s.estimateSmartFee(6)).error());
        node.state().setFeeEstimate(new BigDecimal("10"));
        assertEquals(10.0, get(s.estimateSmartFee(1)).satPerVb(), 1e-9);
        SendPreview whole = get(s.preview("w", new SendRequest(to, 50 * 100_000_000L, true, FeeChoice.target(1), "")));
        assertEquals(50 * 100_000_000L - whole.feeSat(), whole.amountSat());
        assertEquals(10.0, whole.feeRate(), 0.1);
        AddressCheck bad = get(s.validateAddress("bcrt1qnotanaddress"));
        assertFalse(bad.valid());
        assertFalse(bad.error().isBlank());
    }

    /**
     * A send whose connection is lost tells whether the transaction may be out: before
     * {@code sendrawtransaction} was asked nothing was sent; once it was asked the node may have it.
     */
    @Test
    void aSendInterruptedByALostConnectionSaysWhetherItMayBeOut() throws Exception {
        get(s.createWallet("w", Passphrase.none()));
        node.generateToWallet("w", 101);
        String to = get(s.newAddress("demo", "", AddressType.BECH32));
        SendRequest req = new SendRequest(to, 100_000_000L, false, FeeChoice.rate(new BigDecimal("2")), "");

        // lost before the broadcast: the signing call fails, nothing reaches the mempool or the wallet
        org.bitcoinfx.gui.fake.RecordingNodeClient before = new org.bitcoinfx.gui.fake.RecordingNodeClient(fake.connectAnother());
        WalletService sb = new WalletService(before);
        SendPreview p1 = get(sb.preview("w", req));
        before.disconnect("node killed");
        SendInterruptedException notSent = interrupted(sb.send("w", p1, null));
        assertFalse(notSent.maybeBroadcast());
        assertEquals("The connection to the node was lost before the transaction was broadcast: nothing was sent.", notSent.getMessage());
        assertTrue(node.mempoolTxids().isEmpty());
        assertTrue(get(s.listTransactions("w", 200, 0)).stream().noneMatch(t -> t.category().equals("send")), "no send in the wallet");

        // lost while sendrawtransaction was out: the node has it, and the user is told it may be out
        org.bitcoinfx.gui.fake.RecordingNodeClient during = new org.bitcoinfx.gui.fake.RecordingNodeClient(fake.connectAnother());
        WalletService sd = new WalletService(during);
        SendPreview p2 = get(sd.preview("w", req));
        during.holdRpc("sendrawtransaction");
        java.util.concurrent.CompletableFuture<String> sending = sd.send("w", p2, null);
        awaitTrue(() -> node.mempoolTxids().size() == 1, "sendrawtransaction reached the node");
        during.disconnect("node killed");
        SendInterruptedException maybe = interrupted(sending);
        assertTrue(maybe.maybeBroadcast());
        assertTrue(maybe.getMessage().contains("it may have been sent"), maybe.getMessage());
        assertEquals(1, get(s.listTransactions("w", 200, 0)).stream().filter(t -> t.category().equals("send")).count(),
                "the wallet has the send the node accepted");
    }

    private static SendInterruptedException interrupted(java.util.concurrent.CompletableFuture<?> f) throws Exception {
        try {
            f.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SendInterruptedException i) {
                return i;
            }
            throw new AssertionError("failed with " + e.getCause(), e.getCause());
        }
        throw new AssertionError("the send answered");
    }

    private static void awaitTrue(java.util.function.BooleanSupplier cond, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        while (!cond.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 30 s: " + what);
            never.await(10, TimeUnit.MILLISECONDS);
        }
    }
}
