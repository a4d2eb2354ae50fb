package org.bitcoinfx.ipc.cli;

import static org.bitcoinfx.ipc.cli.ConformanceCheck.expect;
import static org.bitcoinfx.ipc.cli.ConformanceCheck.get;
import static org.bitcoinfx.ipc.cli.IpcMiningChecks.SOURCE;
import static org.bitcoinfx.ipc.cli.IpcMiningChecks.create;
import static org.bitcoinfx.ipc.cli.IpcMiningChecks.requireRegtest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.BlockCreateOptions;
import org.bitcoinfx.ipc.BlockRef;
import org.bitcoinfx.ipc.BlockTemplate;
import org.bitcoinfx.ipc.CoinbaseTx;
import org.bitcoinfx.ipc.cli.ConformanceCheck.Skip;
import org.bitcoinfx.ipc.primitives.Hashes;
import org.bitcoinfx.ipc.primitives.RawBlock;

/**
 * The rows of {@code run_block_template_test} in Bitcoin Core's {@code interface_ipc_mining.py}:
 * {@code createNewBlock}'s cooldown while headers are ahead of the tip (a header sent with
 * {@code submitheader} stands in for the Python's header-only peer), the template's inspectors, and
 * {@code waitNext} with its fee thresholds (sat), timeouts (ms) and {@code interruptWait}.
 */
final class IpcMiningTemplateChecks {
    /** {@code MAX_MONEY} in sat: a fee threshold this high waits for a new tip only. */
    static final long MAX_MONEY = 2_100_000_000_000_000L;
    /** {@code CooldownIfHeadersAhead} waits at least this long for the next block (ms). */
    static final long COOLDOWN_MS = 3000;
    private static final String F = "run_block_template_test";
    private final ConformanceCheck c;
    private final MiningCoins coins;
    private BlockTemplate template;
    private BlockTemplate next;
    private String pendingBlock;

    IpcMiningTemplateChecks(ConformanceCheck c, MiningCoins coins) {
        this.c = c;
        this.coins = coins;
    }

    /** @return a block on the tip, mined but not submitted ({@code generateblock raw(51) [] false}); its header goes to {@code submitheader} */
    private String headerAhead() throws Exception {
        JsonNode b = get(c.client().rpc().call("generateblock", "raw(51)", List.of(), false));
        String hex = b.path("hex").asText();
        get(c.client().rpc().call("submitheader", hex.substring(0, 160)));
        return hex;
    }

    static int txCount(BlockTemplate t) throws Exception {
        return RawBlock.parse(get(t.getBlock())).txs().size();
    }

    void run() {
        runCooldown();
        runInspectors();
        runWaitNext();
    }

    private void runCooldown() {
        c.check(SOURCE, F, "Mining.createNewBlock waits while a header is ahead of the tip", () -> {
            requireRegtest(c, "send a block header");
            c.requireTip();
            pendingBlock = headerAhead();
            long t0 = System.nanoTime();
            try (BlockTemplate t = create(c, BlockCreateOptions.DEFAULT, true)) {
                long ms = (System.nanoTime() - t0) / 1_000_000;
                byte[] prev = Arrays.copyOfRange(get(t.getBlockHeader()), 4, 36);
                expect(ms >= 900, "returned after " + ms + " ms, the cooldown is at least 900 ms");
                expect(Arrays.equals(prev, c.tip().hash()), "template on " + Hashes.displayHex(prev) + ", not on the tip " + c.tip().hashHex());
                return "template after " + ms + " ms (header of the next block sent with submitheader)";
            }
        });
        c.check(SOURCE, F, "Mining.createNewBlock wakes within 3 s of the tip advancing", () -> {
            if (pendingBlock == null) {
                throw new Skip("no header ahead (the row before failed or skipped)");
            }
            long t0 = System.nanoTime();
            CompletableFuture<Optional<BlockTemplate>> f = c.client().mining().createNewBlock(BlockCreateOptions.DEFAULT, true);
            get(c.client().rpc().call("getblockcount")); // an answer after createNewBlock went out
            JsonNode r = get(c.client().rpc().call("submitblock", pendingBlock));
            expect(r.isNull(), "submitblock answered " + r);
            pendingBlock = null;
            try (BlockTemplate t = f.get(30, TimeUnit.SECONDS).orElseThrow(() -> new AssertionError("createNewBlock returned null"))) {
                long ms = (System.nanoTime() - t0) / 1_000_000;
                c.setTip(get(c.client().mining().getTip()).orElseThrow());
                byte[] prev = Arrays.copyOfRange(get(t.getBlockHeader()), 4, 36);
                expect(Arrays.equals(prev, c.tip().hash()), "template on " + Hashes.displayHex(prev) + ", not on the new tip " + c.tip().hashHex());
                expect(ms < COOLDOWN_MS, "createNewBlock took " + ms + " ms, did not wake up promptly after the tip advanced");
                return "template on the new tip after " + ms + " ms";
            }
        });
        c.check(SOURCE, F, "Mining.interrupt aborts createNewBlock during the cooldown", () -> {
            requireRegtest(c, "send a block header");
            String block = headerAhead();
            long t0 = System.nanoTime();
            try {
                CompletableFuture<Optional<BlockTemplate>> f = c.client().mining().createNewBlock(BlockCreateOptions.DEFAULT, true);
                get(c.client().mining().interrupt());
                Optional<BlockTemplate> t = f.get(30, TimeUnit.SECONDS);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                t.ifPresent(BlockTemplate::close);
                expect(t.isEmpty(), "createNewBlock returned a template after " + ms + " ms");
                expect(ms < COOLDOWN_MS, "returned after " + ms + " ms: the cooldown ran out rather than being interrupted");
                return "null after " + ms + " ms";
            } finally {
                get(c.client().rpc().call("submitblock", block));
                c.setTip(get(c.client().mining().getTip()).orElseThrow());
            }
        });
    }

    private void runInspectors() {
        c.check(SOURCE, F, "Mining.createNewBlock: header's previous block is the tip", () -> {
            c.requireTip();
            boolean ibd = get(c.client().mining().isInitialBlockDownload());
            template = create(c, BlockCreateOptions.DEFAULT, !ibd);
            byte[] header = get(template.getBlockHeader());
            expect(header.length == 80, "header of " + header.length + " bytes");
            BlockRef tip = get(c.client().mining().getTip()).orElseThrow();
            RawBlock block = RawBlock.parse(get(template.getBlock()));
            expect(Arrays.equals(block.header().prevBlock(), tip.hash()), "previous block " + Hashes.displayHex(block.header().prevBlock())
                    + " is not the tip " + tip.hashHex());
            expect(!block.txs().isEmpty() && Arrays.equals(block.header().serialize(), header), "getBlock: " + block.txs().size() + " txs, header differs");
            return "80-byte header on " + tip.hashHex().substring(0, 16) + "…, " + block.txs().size() + " txs";
        });
        c.check(SOURCE, F, "BlockTemplate.getTxFees/getTxSigops = getblocktemplate", () -> {
            requireTemplate();
            String sent = "";
            if (c.regtest()) {
                MiningCoins.Sent tx = coins.send(10);
                template.close();
                template = create(c, BlockCreateOptions.DEFAULT, true);
                sent = ", with " + tx.txidHex().substring(0, 16) + "… sent at 10 sat/vB";
            }
            List<Long> fees = get(template.getTxFees());
            List<Long> sigops = get(template.getTxSigops());
            RawBlock block = RawBlock.parse(get(template.getBlock()));
            JsonNode gbt;
            try {
                gbt = get(c.client().rpc().call("getblocktemplate", new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"rules\":[\"segwit\"]}")));
            } catch (java.util.concurrent.ExecutionException e) {
                throw new Skip("getblocktemplate refused: " + e.getCause().getMessage());
            }
            expect(gbt.path("previousblockhash").asText().equals(Hashes.displayHex(block.header().prevBlock())), "getblocktemplate on another tip");
            List<String> txids = new ArrayList<>();
            List<Long> gbtFees = new ArrayList<>();
            List<Long> gbtSigops = new ArrayList<>();
            for (JsonNode t : gbt.path("transactions")) {
                txids.add(t.path("txid").asText());
                gbtFees.add(t.path("fee").asLong());
                gbtSigops.add(t.path("sigops").asLong());
            }
            List<String> ours = block.txs().subList(1, block.txs().size()).stream().map(t -> Hashes.displayHex(t.txid())).toList();
            expect(ours.equals(txids), "transactions " + ours + ", getblocktemplate " + txids);
            expect(fees.equals(gbtFees), "fees " + fees + " sat, getblocktemplate " + gbtFees);
            expect(sigops.equals(gbtSigops), "sigops " + sigops + ", getblocktemplate " + gbtSigops);
            return fees.size() + " txs, fees " + fees + " sat, sigops " + sigops + sent;
        });
        c.check(SOURCE, "run_coinbase_and_submission_test", "BlockTemplate.getCoinbaseTx: scriptSigPrefix = BIP34 height", () -> {
            requireTemplate();
            CoinbaseTx cb = get(template.getCoinbaseTx());
            int height = height(c, template);
            expect(Arrays.equals(cb.scriptSigPrefix(), CandidateBlock.bip34(height)), "scriptSigPrefix " + Hashes.hex(cb.scriptSigPrefix())
                    + " for height " + height + ", expected " + Hashes.hex(CandidateBlock.bip34(height)));
            return Hashes.hex(cb.scriptSigPrefix()) + " for height " + height;
        });
        c.check(SOURCE, "run_coinbase_and_submission_test", "BlockTemplate coinbase reward = subsidy + fees", () -> {
            requireTemplate();
            List<Long> fees = get(template.getTxFees());
            CoinbaseTx cb = get(template.getCoinbaseTx());
            long sum = fees.stream().mapToLong(Long::longValue).sum();
            int height = height(c, template);
            long subsidy = ConformanceCheck.subsidy(height, c.chain().equals("regtest") ? 150 : 210_000);
            expect(cb.blockRewardRemaining() == subsidy + sum,
                    "blockRewardRemaining " + cb.blockRewardRemaining() + " sat, subsidy " + subsidy + " + fees " + sum);
            return subsidy + " + " + sum + " sat, " + cb.requiredOutputs().size() + " required outputs";
        });
        c.check("bitcoinfx", "", "BlockTemplate.getCoinbaseMerklePath", () -> {
            requireTemplate();
            List<byte[]> path = get(template.getCoinbaseMerklePath());
            int txs = get(template.getTxFees()).size() + 1;
            int depth = txs <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(txs - 1);
            expect(path.size() == depth, path.size() + " hashes for " + txs + " transactions (expected " + depth + ")");
            expect(path.stream().allMatch(h -> h.length == 32), "a hash is not 32 bytes");
            return path.size() + " hashes";
        });
    }

    private void runWaitNext() {
        c.check(SOURCE, F, "BlockTemplate.waitNext returns a template on a new tip", () -> {
            requireRegtest(c, "mine a block");
            requireTemplate();
            CompletableFuture<Optional<BlockTemplate>> f = template.waitNext(1, Duration.ofSeconds(20));
            coins.mineOther();
            next = f.get(30, TimeUnit.SECONDS).orElseThrow(() -> new AssertionError("waitNext returned null after a new block"));
            c.setTip(get(c.client().mining().getTip()).orElseThrow());
            int txs = txCount(next);
            expect(txs == 1, txs + " transactions in the template after the mempool was mined, expected 1");
            return "template on " + c.tip().hashHex().substring(0, 16) + "…, coinbase only";
        });
        c.check(SOURCE, F, "BlockTemplate.waitNext timeout", () -> {
            requireTemplate();
            BlockTemplate t = next != null ? next : template;
            long t0 = System.nanoTime();
            Optional<BlockTemplate> r = get(t.waitNext(MAX_MONEY, Duration.ofMillis(100)));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            r.ifPresent(BlockTemplate::close);
            expect(r.isEmpty(), "a new template without a new tip");
            return "none after " + ms + " ms (timeout 100 ms)";
        });
        c.check(SOURCE, F, "BlockTemplate.waitNext(feeThreshold 1) picks up a new mempool transaction", () -> {
            requireNext();
            CompletableFuture<Optional<BlockTemplate>> f = next.waitNext(1, Duration.ofSeconds(20));
            MiningCoins.Sent tx = coins.send(10);
            long t0 = System.nanoTime();
            try (BlockTemplate t = f.get(30, TimeUnit.SECONDS).orElseThrow(() -> new AssertionError("waitNext returned null"))) {
                long ms = (System.nanoTime() - t0) / 1_000_000;
                RawBlock b = RawBlock.parse(get(t.getBlock()));
                expect(b.txs().size() == 2 && Hashes.displayHex(b.txs().get(1).txid()).equals(tx.txidHex()),
                        "template with " + b.txs().size() + " txs, expected the coinbase and " + tx.txidHex());
                return "fee " + tx.feeSat() + " sat picked up " + ms + " ms after sendrawtransaction";
            }
        });
        c.check(SOURCE, F, "BlockTemplate.waitNext(feeThreshold MAX_MONEY) ignores fee rises", () -> {
            requireNext();
            long t0 = System.nanoTime();
            Optional<BlockTemplate> r = get(next.waitNext(MAX_MONEY, Duration.ofMillis(1500)));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            r.ifPresent(BlockTemplate::close);
            expect(r.isEmpty(), "a new template for a fee rise although feeThreshold is MAX_MONEY");
            return "none after " + ms + " ms (timeout 1500 ms) with a higher-fee mempool";
        });
        c.check(SOURCE, F, "BlockTemplate.waitNext(feeThreshold 0) returns the same transactions", () -> {
            requireNext();
            BlockTemplate t1 = get(next.waitNext(1, Duration.ofSeconds(20))).orElseThrow(() -> new AssertionError("waitNext(1) returned null"));
            int txs = txCount(t1);
            long t0 = System.nanoTime();
            Optional<BlockTemplate> t2 = get(t1.waitNext(0, Duration.ofSeconds(20)));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            t1.close();
            expect(t2.isPresent(), "waitNext(0) returned null");
            next.close();
            next = t2.get();
            expect(txCount(next) == txs, txCount(next) + " txs, expected the same " + txs);
            return txs + " txs again after " + ms + " ms";
        });
        c.check(SOURCE, F, "BlockTemplate.waitNext(feeThreshold 1) times out once the fee rise is taken", () -> {
            requireNext();
            int before = txCount(next);
            CompletableFuture<Optional<BlockTemplate>> f = next.waitNext(1, Duration.ofSeconds(20));
            coins.send(10);
            try (BlockTemplate t = f.get(30, TimeUnit.SECONDS).orElseThrow(() -> new AssertionError("waitNext returned null"))) {
                expect(txCount(t) == before + 1, txCount(t) + " txs, expected " + (before + 1));
                long t0 = System.nanoTime();
                Optional<BlockTemplate> r = get(t.waitNext(1, Duration.ofMillis(1000)));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                r.ifPresent(BlockTemplate::close);
                expect(r.isEmpty(), "a new template without a new tip or a fee rise");
                return (before + 1) + " txs, then none after " + ms + " ms (timeout 1000 ms)";
            }
        });
        c.check(SOURCE, F, "BlockTemplate.interruptWait, then waitNext returns at once", () -> {
            requireTemplate();
            BlockTemplate t = next != null ? next : template;
            get(t.interruptWait());
            long t0 = System.nanoTime();
            Optional<BlockTemplate> r = get(t.waitNext(1, Duration.ofSeconds(60)));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            r.ifPresent(BlockTemplate::close);
            expect(r.isEmpty() && ms < 5000, "waitNext after interruptWait: " + r + " after " + ms + " ms");
            return "none after " + ms + " ms";
        });
        c.check("bitcoinfx", "", "BlockTemplate.destroy", () -> {
            requireTemplate();
            template.close();
            if (next != null) {
                next.close();
            }
            if (c.regtest()) {
                coins.mineOther(); // leave an empty mempool to the next rows
                c.setTip(get(c.client().mining().getTip()).orElseThrow());
            }
            return "destroyed, then released";
        });
    }

    private void requireTemplate() {
        if (template == null) {
            throw new Skip("no template (createNewBlock failed)");
        }
    }

    private void requireNext() {
        requireRegtest(c, "send transactions");
        if (next == null) {
            throw new Skip("no template from waitNext (the row before failed)");
        }
    }

    /** @return the height {@code t}'s block would have: its previous block's height ({@code getblockheader}) + 1 */
    static int height(ConformanceCheck c, BlockTemplate t) throws Exception {
        String prev = Hashes.displayHex(RawBlock.parse(get(t.getBlock())).header().prevBlock());
        return get(c.client().rpc().call("getblockheader", prev)).path("height").asInt() + 1;
    }
}
