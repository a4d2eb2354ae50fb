package org.bitcoinfx.gui.mining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.gui.fake.FakeNodeConnection;
import org.bitcoinfx.ipc.BlockCheckResult;
import org.bitcoinfx.node.net.RegtestNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** MiningService over Cap'n Proto against an in-process FakeNode: template snapshot, checkBlock, mining with submitSolution, waitNext. */
class MiningServiceTest {
    private final FakeNodeConnection fake = FakeNodeConnection.startUnchecked(120);
    private final org.bitcoinfx.node.fake.FakeNode node = fake.node();
    private final MiningService service = new MiningService(fake.client());
    private final ExecutorService grinder = Executors.newSingleThreadExecutor();
    private static final byte[] OP_TRUE = {0x51};

    @AfterEach
    void close() {
        grinder.shutdownNow();
        fake.close();
    }

    @Test
    void snapshotMatchesTheTemplate() throws Exception {
        node.seedMempool(5);
        LiveTemplate t = service.create().get(5, TimeUnit.SECONDS);
        TemplateSnapshot s = t.snapshot();
        assertEquals(121, s.height());
        assertEquals(5, s.txs().size());
        assertEquals(node.state().chain().tip().hashHex(), s.prevBlockHex());
        assertEquals(FakeTemplateFees.subsidy(121) + s.totalFeesSat(), s.coinbase().blockRewardRemaining());
        assertTrue(s.txs().stream().allMatch(x -> x.weight() > 0 && x.vsize() * 4 >= x.weight() && x.feeSat() > 0));
        assertEquals(java.util.Set.copyOf(node.mempoolTxids()), java.util.Set.copyOf(s.txs().stream().map(TemplateTx::txid).toList()));
        assertEquals(blockTemplateTxids(), s.txs().stream().map(TemplateTx::txid).toList(), "in getblocktemplate's order (by fee rate)");
        assertEquals(3, s.merklePath().size(), "6 leaves: 3 levels");
        assertEquals(1, s.coinbase().requiredOutputs().size(), "the witness commitment");
        t.template().close();
    }

    @Test
    void checkThenMineAdvancesTheTip() throws Exception {
        node.seedMempool(3);
        LiveTemplate t = service.create().get(5, TimeUnit.SECONDS);
        BlockCheckResult check = service.check(t, OP_TRUE).get(5, TimeUnit.SECONDS);
        assertTrue(check.valid(), check.reason() + " " + check.debug());
        MineResult r = service.mine(t, OP_TRUE, () -> false, null, grinder).get(10, TimeUnit.SECONDS);
        assertTrue(r.result().valid(), r.result().reason());
        assertEquals(121, node.state().chain().height());
        assertEquals(node.state().chain().tip().hashHex(), r.blockHash());
        assertEquals(List.of(r.blockHash()), node.submittedBlocks());
        assertTrue(node.mempoolTxids().isEmpty(), "the block took the mempool");
        // the same template again: the tip moved, the node says why
        MineResult again = service.mine(t, OP_TRUE, () -> false, null, grinder).get(10, TimeUnit.SECONDS);
        assertFalse(again.result().valid());
        // a valid block on the old tip: stored beside the new one, not connected (as a real node answers it)
        assertEquals("inconclusive", again.result().reason());
    }

    @Test
    void waitNextReturnsOnFeeRiseAndOnNewTip() throws Exception {
        LiveTemplate t = service.create().get(5, TimeUnit.SECONDS);
        var pending = service.waitNext(t, 1_000_000, Duration.ofSeconds(5));
        node.seedMempool(1); // at most 30 sat/vB: far below 1,000,000 sat
        // the fake checks a wait when it comes and on every mempool change, at once: pending after the
        // seeded transaction means it was checked with it and did not return
        RegtestNetwork.waitUntil("the waitNext pending at the fake", Duration.ofSeconds(30), () -> node.state().pendingWaits() == 1);
        assertFalse(pending.isDone());
        node.generate(1);
        Optional<LiveTemplate> next = pending.get(5, TimeUnit.SECONDS);
        assertTrue(next.isPresent());
        assertEquals(122, next.get().snapshot().height());

        var byFee = service.waitNext(next.get(), 1, Duration.ofSeconds(5));
        node.seedMempool(1);
        assertEquals(1, byFee.get(5, TimeUnit.SECONDS).orElseThrow().snapshot().txs().size());

        var timeout = service.waitNext(next.get(), 1_000_000, Duration.ofMillis(50));
        assertTrue(timeout.get(5, TimeUnit.SECONDS).isEmpty(), "empty on timeout");
    }

    /** The regtest subsidy schedule, as the fake (and Bitcoin Core) use it. */
    private static final class FakeTemplateFees {
        static long subsidy(int height) {
            return 5_000_000_000L >> (height / 150);
        }
    }

    /** @return the txids of {@code getblocktemplate}, in its order */
    private java.util.List<String> blockTemplateTxids() {
        var gbt = node.rpc(null, "getblocktemplate", java.util.Map.of("rules", java.util.List.of("segwit")));
        java.util.List<String> ids = new java.util.ArrayList<>();
        gbt.path("transactions").forEach(t -> ids.add(t.path("txid").asText()));
        return ids;
    }
}
