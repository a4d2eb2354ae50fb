package org.bitcoinfx.ipc.cli;

import static org.bitcoinfx.ipc.cli.ConformanceCheck.expect;
import static org.bitcoinfx.ipc.cli.ConformanceCheck.get;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.BlockCheckResult;
import org.bitcoinfx.ipc.BlockCreateOptions;
import org.bitcoinfx.ipc.BlockRef;
import org.bitcoinfx.ipc.BlockTemplate;
import org.bitcoinfx.ipc.CoinbaseTx;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.ipc.cli.ConformanceCheck.Skip;

/**
 * The check's rows from Bitcoin Core's {@code test/functional/interface_ipc_mining.py}, one or more
 * per assertion a client can make, each naming its test function. This class holds
 * {@code run_mining_interface_test}, {@code run_early_startup_test} and {@code run_low_height_test}
 * and runs the other functions' suites ({@link IpcMiningTemplateChecks},
 * {@link IpcMiningSubmitChecks}, {@link IpcMiningPolicyChecks}). Rows that change the chain or the
 * mempool run on regtest only; a method the node's schema lacks skips its row as
 * {@value ConformanceCheck#OLDER_SCHEMA}.
 */
final class IpcMiningChecks {
    static final String SOURCE = "interface_ipc_mining.py";
    private final ConformanceCheck c;

    IpcMiningChecks(ConformanceCheck c) {
        this.c = c;
    }

    /** Skips the row off regtest, saying what it would have done. */
    static void requireRegtest(ConformanceCheck c, String would) {
        if (!c.regtest()) {
            throw new Skip("would " + would + ": regtest only (chain " + c.chain() + ")");
        }
    }

    /** @return the template of {@code createNewBlock}, failing the row on null */
    static BlockTemplate create(ConformanceCheck c, BlockCreateOptions o, boolean cooldown) throws Exception {
        return get(c.client().mining().createNewBlock(o, cooldown)).orElseThrow(() -> new AssertionError("createNewBlock returned null"));
    }

    void run() {
        MiningCoins coins = new MiningCoins(c);
        runMiningInterfaceTest();
        runEarlyStartupTest();
        runLowHeightTest();
        new IpcMiningTemplateChecks(c, coins).run();
        new IpcMiningSubmitChecks(c, coins).run();
        new IpcMiningPolicyChecks(c, coins).run();
    }

    private void runMiningInterfaceTest() {
        String f = "run_mining_interface_test";
        c.check(SOURCE, f, "Mining.getTip height = getchaintips", () -> {
            c.requireTip();
            BlockRef tip = get(c.client().mining().getTip()).orElseThrow(() -> new AssertionError("no tip"));
            JsonNode active = null;
            for (JsonNode t : get(c.client().rpc().call("getchaintips"))) {
                if (t.path("status").asText().equals("active")) {
                    active = t;
                }
            }
            expect(active != null && tip.height() == active.path("height").asInt() && tip.hashHex().equals(active.path("hash").asText()),
                    "getTip " + tip + " but the active chain tip is " + active);
            c.setTip(tip);
            return "height " + tip.height();
        });
        c.check(SOURCE, f, "Mining.waitTipChanged wakes on a new block", () -> {
            IpcMiningChecks.requireRegtest(c, "mine a block");
            c.requireTip();
            BlockRef before = c.tip();
            CompletableFuture<Optional<BlockRef>> wait = c.client().mining().waitTipChanged(before.hash(), Duration.ofSeconds(20));
            JsonNode mined = get(c.client().rpc().call("generatetodescriptor", 1, "raw(51)"));
            long t0 = System.nanoTime();
            Optional<BlockRef> r = wait.get(20, TimeUnit.SECONDS);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            expect(r.isPresent() && r.get().hash().length == 32 && r.get().hashHex().equals(mined.get(0).asText()), "woke with " + r + ", mined " + mined);
            expect(r.get().height() == before.height() + 1, "new tip at height " + r.get().height() + ", expected " + (before.height() + 1));
            expect(ms <= 1000, "woke " + ms + " ms after the block was mined (limit 1000 ms)");
            c.setTip(r.get());
            return "height " + r.get().height() + ", woke " + ms + " ms after generatetodescriptor returned";
        });
        c.check(SOURCE, f, "Mining.waitTipChanged timeout", () -> {
            c.requireTip();
            long t0 = System.nanoTime();
            Optional<BlockRef> r = get(c.client().mining().waitTipChanged(c.tip().hash(), Duration.ofMillis(200)));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            expect(r.isPresent() && r.get().hash().length == 32 && r.get().equals(c.tip()), "expected the current tip after the timeout, got " + r);
            expect(ms >= 150, "returned after " + ms + " ms, before the 200 ms timeout (seconds vs ms?)");
            return "same tip after " + ms + " ms";
        });
        c.check(SOURCE, f, "Mining.interrupt, then waitTipChanged returns at once", () -> {
            c.requireTip();
            try (IpcNodeClient second = IpcNodeClient.connect(c.socket())) {
                get(second.mining().interrupt());
                long t0 = System.nanoTime();
                Optional<BlockRef> r = get(second.mining().waitTipChanged(c.tip().hash(), Duration.ofSeconds(60)));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                expect(r.isEmpty() && ms < 5000, "after interrupt: " + r + " after " + ms + " ms");
                return "empty BlockRef after " + ms + " ms (on a second connection's Mining)";
            }
        });
    }

    private void runEarlyStartupTest() {
        c.check(SOURCE, "run_early_startup_test", "Mining.createNewBlock as a new connection's first call", () -> {
            // The Python restarts the node and calls createNewBlock as soon as the socket answers; a
            // check of a running node can only make it the first call of a fresh connection.
            try (IpcNodeClient fresh = IpcNodeClient.connect(c.socket())) {
                boolean ibd = get(c.client().mining().isInitialBlockDownload());
                long t0 = System.nanoTime();
                Optional<BlockTemplate> t = get(fresh.mining().createNewBlock(BlockCreateOptions.DEFAULT, !ibd));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                expect(t.isPresent(), "createNewBlock returned null");
                t.get().close();
                return "template after " + ms + " ms" + (ibd ? " (cooldown off: the node is in IBD)" : "");
            }
        });
    }

    private void runLowHeightTest() {
        c.check(SOURCE, "run_low_height_test", "createNewBlock(cooldown=false) + submitSolution at heights 1-17", () -> {
            requireRegtest(c, "invalidate blocks and mine from genesis");
            c.requireTip();
            // The Python wipes the chain; a client rewinds it with invalidateblock and restores it with reconsiderblock.
            String first = c.tip().height() >= 1 ? get(c.client().rpc().call("getblockhash", 1)).asText() : null;
            if (first != null) {
                get(c.client().rpc().call("invalidateblock", first));
            }
            int count = get(c.client().rpc().call("getblockcount")).asInt();
            expect(count == 0, "getblockcount " + count + " after invalidateblock of block 1");
            String last = null;
            for (int height = 1; height <= 17; height++) {
                try (BlockTemplate t = create(c, BlockCreateOptions.DEFAULT, false)) {
                    CoinbaseTx cb = get(t.getCoinbaseTx());
                    expect(Arrays.equals(cb.scriptSigPrefix(), CandidateBlock.bip34(height)),
                            "height " + height + ": scriptSigPrefix " + org.bitcoinfx.ipc.primitives.Hashes.hex(cb.scriptSigPrefix()));
                    CandidateBlock b = CandidateBlock.build(t, height <= 16 ? CandidateBlock.LOW_HEIGHT_EXTRA_NONCE : new byte[0], -1);
                    BlockCheckResult r = b.submitSolution(t);
                    expect(r.valid() && r.reason().isEmpty() && r.debug().isEmpty(), "height " + height + ": submitSolution " + r);
                    count = get(c.client().rpc().call("getblockcount")).asInt();
                    expect(count == height, "getblockcount " + count + " after submitting height " + height);
                    last = b.hashHex();
                }
            }
            String detail = "17 blocks from genesis, the last " + last.substring(0, 16) + "…";
            if (first != null) {
                get(c.client().rpc().call("reconsiderblock", first));
                detail += "; invalidateblock/reconsiderblock of block 1 around it";
            }
            c.setTip(get(c.client().mining().getTip()).orElseThrow());
            return detail + ", tip now at height " + c.tip().height();
        });
    }
}
