package org.bitcoinfx.ipc.cli;

import static org.bitcoinfx.ipc.cli.ConformanceCheck.expect;
import static org.bitcoinfx.ipc.cli.ConformanceCheck.failure;
import static org.bitcoinfx.ipc.cli.ConformanceCheck.get;
import static org.bitcoinfx.ipc.cli.ConformanceCheck.getServed;
import static org.bitcoinfx.ipc.cli.IpcMiningChecks.SOURCE;
import static org.bitcoinfx.ipc.cli.IpcMiningChecks.create;
import static org.bitcoinfx.ipc.cli.IpcMiningChecks.requireRegtest;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.bitcoinfx.ipc.BlockCheckOptions;
import org.bitcoinfx.ipc.BlockCheckResult;
import org.bitcoinfx.ipc.BlockCreateOptions;
import org.bitcoinfx.ipc.BlockTemplate;
import org.bitcoinfx.ipc.IpcException;
import org.bitcoinfx.ipc.RemoteException;
import org.bitcoinfx.ipc.cli.ConformanceCheck.Skip;
import org.bitcoinfx.ipc.primitives.RawTx;

/**
 * The rows of {@code run_coinbase_and_submission_test} in Bitcoin Core's
 * {@code interface_ipc_mining.py}: {@code submitSolution}, {@code submitBlock} and
 * {@code checkBlock} of empty, malformed, bad-version, witness-less, valid, duplicate, stale,
 * non-final and truncated blocks, with the node's reason and debug text. The Python submits
 * complete blocks to a second, disconnected node; here they go to the one node, in an order that
 * leads to the same answers.
 */
final class IpcMiningSubmitChecks {
    private static final String F = "run_coinbase_and_submission_test";
    private static final String END_OF_DATA = "std::exception: SpanReader::read(): end of data:";
    private final ConformanceCheck c;
    private final MiningCoins coins;
    private BlockTemplate template;
    private CandidateBlock block;

    IpcMiningSubmitChecks(ConformanceCheck c, MiningCoins coins) {
        this.c = c;
        this.coins = coins;
    }

    /** Skips the row when this connection submits through {@code @7}, which answers no reason. */
    private void requireReasons(String what) {
        if (c.olderSubmitSolution()) {
            throw new Skip(ConformanceCheck.OLDER_SCHEMA + ": submitSolution @10 answered UNIMPLEMENTED; through @7 " + what + " has no reason");
        }
    }

    private void requireBlock() {
        if (block == null) {
            throw new Skip("no candidate block (the template row failed or skipped)");
        }
    }

    static void expectResult(BlockCheckResult r, boolean valid, String reason, String debug) {
        expect(r.valid() == valid && r.reason().equals(reason) && r.debug().equals(debug),
                "got " + r + ", expected (" + valid + ", \"" + reason + "\", \"" + debug + "\")");
    }

    /** Expects FAILED "…end of data…"; an UNIMPLEMENTED answer skips the row as {@value ConformanceCheck#OLDER_SCHEMA}. */
    private static String endOfData(CompletableFuture<?> f, String method) throws Exception {
        Throwable t = failure(f);
        if (t instanceof RemoteException r && r.type() == IpcException.Type.UNIMPLEMENTED) {
            throw new Skip(ConformanceCheck.OLDER_SCHEMA + ": " + method + " answered UNIMPLEMENTED");
        }
        expect(t instanceof RemoteException r && r.type() == IpcException.Type.FAILED && r.reason().startsWith(END_OF_DATA),
                "expected FAILED \"" + END_OF_DATA + "…\", got " + t);
        return "FAILED: " + ((RemoteException) t).reason();
    }

    void run() {
        c.check(SOURCE, F, "BlockTemplate.submitSolution with no coinbase", () -> {
            try (BlockTemplate t = create(c, BlockCreateOptions.DEFAULT, !get(c.client().mining().isInitialBlockDownload()))) {
                BlockCheckResult r = get(t.submitSolution(0, 0, 0, new byte[0]));
                expect(!r.valid(), "an empty coinbase was accepted");
                if (c.olderSubmitSolution()) {
                    throw new Skip(ConformanceCheck.OLDER_SCHEMA + ": submitSolution @10 answered UNIMPLEMENTED; through @7, its submitSolution: false");
                }
                return "false" + (r.reason().isEmpty() ? "" : ": " + r.reason());
            }
        });
        c.check(SOURCE, F, "BlockTemplate.submitSolution of a coinbase that does not parse", () -> {
            try (BlockTemplate t = create(c, BlockCreateOptions.DEFAULT, !get(c.client().mining().isInitialBlockDownload()))) {
                return endOfData(t.submitSolution(0, 0, 0, new byte[] {0}), "BlockTemplate.submitSolution");
            }
        });
        c.check(SOURCE, F, "Mining.createNewBlock includes a mempool transaction", () -> {
            requireRegtest(c, "send a transaction and submit blocks");
            MiningCoins.Sent tx = coins.send(10);
            template = create(c, BlockCreateOptions.DEFAULT, true);
            block = CandidateBlock.build(template, new byte[0], MiningCoins.COIN);
            expect(block.block().txs().size() >= 2, block.block().txs().size() + " transactions, expected the coinbase and " + tx.txidHex());
            return block.block().txs().size() + " txs, payout reduced to 1 BTC";
        });
        runBadVersion();
        runWitness();
        runValid();
        runStale();
        runNonFinal();
        runMalformed();
    }

    private void runBadVersion() {
        c.check(SOURCE, F, "Mining.checkBlock of a bad-version block", () -> {
            requireBlock();
            BlockCheckResult r = get(c.client().mining().checkBlock(block.withVersion(0).serialize(), BlockCheckOptions.DEFAULT));
            expectResult(r, false, "bad-version(0x00000000)", "rejected nVersion=0x00000000 block");
            return r.reason() + ": " + r.debug();
        });
        c.check(SOURCE, F, "BlockTemplate.submitSolution of a bad-version block", () -> {
            requireBlock();
            BlockCheckResult r = block.withVersion(0).submitSolution(template);
            expect(!r.valid(), "a bad-version block was accepted");
            requireReasons("bad-version");
            expectResult(r, false, "bad-version(0x00000000)", "rejected nVersion=0x00000000 block");
            return r.reason() + ": " + r.debug();
        });
        c.check(SOURCE, F, "Mining.submitBlock of a bad-version block", () -> {
            requireBlock();
            BlockCheckResult r = getServed(c.client().mining().submitBlock(block.withVersion(0).serialize()), "Mining.submitBlock @7");
            expectResult(r, false, "bad-version(0x00000000)", "rejected nVersion=0x00000000 block");
            return r.reason() + ": " + r.debug();
        });
        c.check(SOURCE, F, "Mining.checkBlock of a valid block", () -> {
            requireBlock();
            BlockCheckResult r = get(c.client().mining().checkBlock(block.serialize(), BlockCheckOptions.DEFAULT));
            expectResult(r, true, "", "");
            return "true";
        });
    }

    private void runWitness() {
        c.check(SOURCE, F, "BlockTemplate.submitSolution of a coinbase without witness", () -> {
            requireBlock();
            byte[] before = get(template.getBlock());
            RawTx bare = CandidateBlock.withoutWitness(block.coinbase());
            BlockCheckResult r = get(template.submitSolution(block.block().header().version(), (int) block.block().header().time(),
                    (int) block.block().header().nonce(), bare.serialize()));
            expect(!r.valid(), "a coinbase without its witness was accepted");
            byte[] after = get(template.getBlock());
            expect(!Arrays.equals(before, after), "the template's block did not change with the rejected submitSolution");
            requireReasons("bad-witness-nonce-size");
            expectResult(r, false, "bad-witness-nonce-size", "CheckWitnessMalleation : invalid witness reserved value size");
            return r.reason() + ": " + r.debug() + "; getBlock now returns the rejected block";
        });
        c.check(SOURCE, F, "Mining.submitBlock of a block whose coinbase lacks the witness", () -> {
            requireBlock();
            CandidateBlock bare = block.withCoinbase(CandidateBlock.withoutWitness(block.coinbase()));
            BlockCheckResult r = getServed(c.client().mining().submitBlock(bare.serialize()), "Mining.submitBlock @7");
            expectResult(r, false, "bad-witness-nonce-size", "CheckWitnessMalleation : invalid witness reserved value size");
            return r.reason() + ": " + r.debug();
        });
    }

    private void runValid() {
        c.check(SOURCE, F, "BlockTemplate.submitSolution of a valid block", () -> {
            requireBlock();
            BlockCheckResult r = block.submitSolution(template);
            expectResult(r, true, "", "");
            String best = get(c.client().rpc().call("getbestblockhash")).asText();
            expect(best.equals(block.hashHex()), "the tip is " + best + ", not the submitted " + block.hashHex());
            c.setTip(get(c.client().mining().getTip()).orElseThrow());
            return "true, tip " + best.substring(0, 16) + "… at height " + c.tip().height();
        });
        c.check(SOURCE, F, "Mining.checkBlock of the block just mined: inconclusive-not-best-prevblk", () -> {
            requireBlock();
            BlockCheckResult r = get(c.client().mining().checkBlock(block.serialize(), BlockCheckOptions.DEFAULT));
            expect(!r.valid() && r.reason().equals("inconclusive-not-best-prevblk"), "got " + r);
            return r.reason();
        });
        c.check(SOURCE, F, "Mining.submitBlock of the block just mined: duplicate", () -> {
            requireBlock();
            BlockCheckResult r = getServed(c.client().mining().submitBlock(block.serialize()), "Mining.submitBlock @7");
            expectResult(r, false, "duplicate", "");
            return r.reason();
        });
        c.check(SOURCE, F, "BlockTemplate.submitSolution after submitBlock: duplicate", () -> {
            requireRegtest(c, "submit blocks");
            try (BlockTemplate t = create(c, BlockCreateOptions.DEFAULT, true)) {
                CandidateBlock b = CandidateBlock.build(t, new byte[0], MiningCoins.COIN);
                BlockCheckResult s = getServed(c.client().mining().submitBlock(b.serialize()), "Mining.submitBlock @7");
                expectResult(s, true, "", "");
                BlockCheckResult r = b.submitSolution(t);
                expect(!r.valid(), "submitSolution of a block already connected answered true");
                requireReasons("duplicate");
                expectResult(r, false, "duplicate", "");
                return "submitBlock true, then submitSolution " + r.reason();
            } finally {
                c.setTip(get(c.client().mining().getTip()).orElseThrow());
            }
        });
    }

    private void runStale() {
        c.check(SOURCE, F, "submitSolution and submitBlock of valid stale blocks: inconclusive", () -> {
            requireRegtest(c, "submit blocks");
            try (BlockTemplate active = create(c, BlockCreateOptions.DEFAULT, true);
                 BlockTemplate solution = create(c, BlockCreateOptions.DEFAULT, true);
                 BlockTemplate submit = create(c, BlockCreateOptions.DEFAULT, true)) {
                CandidateBlock a = CandidateBlock.build(active, new byte[] {1}, MiningCoins.COIN);
                CandidateBlock s = CandidateBlock.build(solution, new byte[] {2}, MiningCoins.COIN);
                CandidateBlock b = CandidateBlock.build(submit, new byte[] {3}, MiningCoins.COIN);
                expectResult(getServed(c.client().mining().submitBlock(a.serialize()), "Mining.submitBlock @7"), true, "", "");
                BlockCheckResult r = s.submitSolution(solution);
                expect(!r.valid(), "submitSolution of a stale block answered true");
                BlockCheckResult rb = get(c.client().mining().submitBlock(b.serialize()));
                expectResult(rb, false, "inconclusive", "");
                requireReasons("a stale block");
                expectResult(r, false, "inconclusive", "");
                return "three blocks on one parent: the first true, the others inconclusive";
            } finally {
                c.setTip(get(c.client().mining().getTip()).orElseThrow());
            }
        });
    }

    private void runNonFinal() {
        c.check(SOURCE, F, "Mining.submitBlock of a non-final block, twice: bad-txns-nonfinal, duplicate-invalid", () -> {
            requireRegtest(c, "submit blocks");
            try (BlockTemplate t = create(c, BlockCreateOptions.DEFAULT, true)) {
                CandidateBlock b = CandidateBlock.build(t, new byte[0], MiningCoins.COIN);
                RawTx cb = b.coinbase();
                CandidateBlock nonFinal = b.withCoinbase(new RawTx(cb.version(), cb.inputs(), cb.outputs(), 0xffffffffL));
                BlockCheckResult r1 = getServed(c.client().mining().submitBlock(nonFinal.serialize()), "Mining.submitBlock @7");
                expectResult(r1, false, "bad-txns-nonfinal", "non-final transaction");
                BlockCheckResult r2 = get(c.client().mining().submitBlock(nonFinal.serialize()));
                expectResult(r2, false, "duplicate-invalid", "block " + nonFinal.hashHex() + " was previously marked invalid");
                return r1.reason() + ", then " + r2.reason();
            }
        });
    }

    private void runMalformed() {
        c.check(SOURCE, F, "Mining.submitBlock of a truncated block", () -> {
            requireRegtest(c, "submit blocks");
            requireBlock();
            byte[] data = block.serialize();
            return endOfData(c.client().mining().submitBlock(Arrays.copyOf(data, data.length - 15)), "Mining.submitBlock @7");
        });
        c.check(SOURCE, F, "Mining.submitBlock of empty data; the node stays up", () -> {
            requireRegtest(c, "submit blocks");
            String d = endOfData(c.client().mining().submitBlock(new byte[0]), "Mining.submitBlock @7");
            int count = get(c.client().rpc().call("getblockcount")).asInt();
            return d + "; then getblockcount " + count;
        });
        c.check("bitcoinfx", "", "Mining.submitBlock of a corrupted block", () -> {
            requireRegtest(c, "submit a block");
            requireBlock();
            byte[] data = block.serialize();
            data[36] ^= 1; // the merkle root
            BlockCheckResult r = getServed(c.client().mining().submitBlock(data), "Mining.submitBlock @7");
            expect(!r.valid() && !r.reason().isEmpty(), "a corrupted block was accepted: " + r);
            return "refused: " + r.reason();
        });
        c.check("bitcoinfx", "", "BlockTemplate.submitSolutionOld7 refused", () -> {
            if (c.olderSubmitSolution()) {
                throw new Skip(ConformanceCheck.OLDER_SCHEMA + ": no submitSolution @10, so @7 is this node's submitSolution, not refused");
            }
            try (BlockTemplate t = create(c, BlockCreateOptions.DEFAULT, !get(c.client().mining().isInitialBlockDownload()))) {
                Throwable e = failure(invokeOld7(t));
                expect(e instanceof RemoteException r && r.type() == IpcException.Type.FAILED
                        && r.reason().contains("Old submitSolution (@7) not supported"), "got " + e);
                return "FAILED: " + ((RemoteException) e).reason();
            }
        });
        if (template != null) {
            template.close();
        }
    }

    private static CompletableFuture<Void> invokeOld7(BlockTemplate t) {
        try {
            java.lang.reflect.Method m = t.getClass().getDeclaredMethod("submitSolutionOld7");
            m.setAccessible(true);
            @SuppressWarnings("unchecked")
            CompletableFuture<Void> f = (CompletableFuture<Void>) m.invoke(t);
            return f;
        } catch (ReflectiveOperationException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
