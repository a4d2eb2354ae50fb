package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.gui.mining.LiveTemplate;
import org.bitcoinfx.gui.mining.MineResult;
import org.bitcoinfx.gui.mining.MiningService;
import org.bitcoinfx.gui.mining.TemplateTx;
import org.bitcoinfx.gui.wallet.AddressType;
import org.bitcoinfx.gui.wallet.Balances;
import org.bitcoinfx.gui.wallet.FeeChoice;
import org.bitcoinfx.gui.wallet.Passphrase;
import org.bitcoinfx.gui.wallet.SendPreview;
import org.bitcoinfx.gui.wallet.SendRequest;
import org.bitcoinfx.gui.wallet.WalletService;
import org.bitcoinfx.gui.wallet.WalletTx;
import org.bitcoinfx.ipc.BlockCheckResult;
import org.bitcoinfx.ipc.JsonRpcException;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.ipc.primitives.Hashes;
import org.bitcoinfx.ipc.primitives.RawBlock;

/**
 * The wallet and mining flow the real-node and fake-node tests share, through the services the
 * pages use: create an encrypted wallet and a second one, mine 101 blocks to the first with our
 * own coinbases and nonces ({@code submitSolution}), preview a send of 1 BTC at 2 sat/vB, see a
 * wrong passphrase refused, send, see a pending {@code waitNext} return a template whose
 * {@code getTxFees} holds the send's fee, check and mine that block, and find the send confirmed
 * in both wallets' activity.
 */
final class WalletMiningFlow {
    private static final long COIN = 100_000_000L;

    private WalletMiningFlow() {
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }

    /** Waits out the node's RPC warm-up (error -28), which can outlast the first IPC answer; at most 60 s. */
    static void awaitRpcWarmup(NodeClient client) throws Exception {
        get(client.rpc().awaitWarmup(java.time.Duration.ofSeconds(60)));
    }

    static void run(NodeClient client, ExecutorService grinder) throws Exception {
        awaitRpcWarmup(client);
        WalletService wallet = new WalletService(client);
        MiningService mining = new MiningService(client);
        char[] secret = "real-node passphrase 1".toCharArray();

        try (Passphrase p = new Passphrase(secret.clone())) {
            assertEquals("fx", get(wallet.createWallet("fx", p)));
        }
        assertTrue(get(wallet.walletInfo("fx")).encrypted());
        assertEquals("fx2", get(wallet.createWallet("fx2", Passphrase.none())));

        // mine 101 blocks to the wallet: our coinbase, our nonce, submitSolution
        byte[] payout = get(mining.payoutScript(get(wallet.newAddress("fx", "mining", AddressType.BECH32))));
        for (int i = 1; i <= 101; i++) {
            LiveTemplate t = get(mining.create());
            try {
                assertEquals(i, t.snapshot().height());
                MineResult r = get(mining.mine(t, payout, () -> false, null, grinder));
                assertTrue(r.result().valid(), "block " + i + ": " + r.result().reason() + " " + r.result().debug());
            } finally {
                t.template().close();
            }
        }
        assertEquals(101, get(client.rpc().call("getblockcount")).asInt());
        Balances b = get(wallet.balances("fx"));
        assertEquals(50 * COIN, b.trustedSat());
        assertEquals(100 * 50 * COIN, b.immatureSat());

        // a template to follow while we send: waitNext with a 1 sat threshold returns once the send is in the mempool
        LiveTemplate before = get(mining.create());
        assertTrue(before.snapshot().txs().isEmpty());
        CompletableFuture<Optional<LiveTemplate>> next = mining.waitNext(before, 1, Duration.ofSeconds(60));

        // preview 1 BTC at 2 sat/vB: nothing broadcast
        String to = get(wallet.newAddress("fx2", "from fx", AddressType.BECH32M));
        SendPreview preview = get(wallet.preview("fx", new SendRequest(to, COIN, false, FeeChoice.rate(new BigDecimal("2")), "fx2")));
        assertEquals(COIN, preview.amountSat());
        assertEquals(2 * preview.vsize(), preview.feeSat(), "2 sat/vB of " + preview.vsize() + " vB");
        assertEquals(0, get(client.rpc().call("getrawmempool")).size());
        assertFalse(next.isDone(), "no fee rise yet");

        // a wrong passphrase: the node's error, nothing sent
        try (Passphrase wrong = new Passphrase("nope".toCharArray())) {
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> wallet.send("fx", preview, wrong).get(60, TimeUnit.SECONDS));
            JsonRpcException j = (JsonRpcException) e.getCause();
            assertEquals(-14, j.code());
            assertEquals("Error: The wallet passphrase entered was incorrect.", j.rpcMessage());
        }
        assertEquals(0, get(client.rpc().call("getrawmempool")).size());

        String txid;
        try (Passphrase p = new Passphrase(secret.clone())) {
            txid = get(wallet.send("fx", preview, p));
        }
        assertEquals(0, get(wallet.walletInfo("fx")).unlockedUntil(), "locked again at once");
        JsonNode mempool = get(client.rpc().call("getrawmempool"));
        assertEquals(List.of(txid), List.of(mempool.get(0).asText()));

        // the fee is in the new template's txFees before it is mined
        LiveTemplate withSend = get(next).orElseThrow(() -> new AssertionError("waitNext returned no template after the send"));
        before.template().close();
        List<TemplateTx> txs = withSend.snapshot().txs();
        assertEquals(1, txs.size());
        assertEquals(txid, txs.get(0).txid());
        assertEquals(preview.feeSat(), txs.get(0).feeSat(), "BlockTemplate.getTxFees holds the send's fee");
        assertEquals(50 * COIN + preview.feeSat(), withSend.snapshot().coinbase().blockRewardRemaining());

        // checkBlock, then mine it with submitSolution
        BlockCheckResult check = get(mining.check(withSend, payout));
        assertTrue(check.valid(), check.reason() + " " + check.debug());
        MineResult mined = get(mining.mine(withSend, payout, () -> false, null, grinder));
        assertTrue(mined.result().valid(), mined.result().reason() + " " + mined.result().debug());
        withSend.template().close();
        assertEquals(mined.blockHash(), get(client.rpc().call("getbestblockhash")).asText());
        RawBlock block = RawBlock.parse(Hashes.parseHex(get(client.rpc().call("getblock", mined.blockHash(), 0)).asText()));
        assertEquals(mined.blockHash(), block.header().hashHex());
        assertEquals(mined.coinbaseTxid(), Hashes.displayHex(block.txs().get(0).txid()));
        assertEquals(txid, Hashes.displayHex(block.txs().get(1).txid()));

        // the send is confirmed in the activity of both wallets
        WalletTx sent = get(wallet.listTransactions("fx", 10, 0)).stream().filter(t -> t.txid().equals(txid)).findFirst().orElseThrow();
        assertEquals("send", sent.category());
        assertEquals(-COIN, sent.amountSat());
        assertEquals(preview.feeSat(), sent.feeSat());
        assertEquals(1, sent.confirmations());
        assertEquals("fx2", sent.label(), "setlabel after the send");
        WalletTx received = get(wallet.listTransactions("fx2", 10, 0)).get(0);
        assertEquals("receive", received.category());
        assertEquals(COIN, received.amountSat());
        assertEquals(1, received.confirmations());
        assertEquals(COIN, get(wallet.balances("fx2")).trustedSat());
        assertEquals(txid, get(wallet.transaction("fx", txid)).path("txid").asText());
    }
}
