package org.bitcoinfx.ipc.cli;

import static org.bitcoinfx.ipc.cli.ConformanceCheck.expect;
import static org.bitcoinfx.ipc.cli.ConformanceCheck.failure;
import static org.bitcoinfx.ipc.cli.ConformanceCheck.get;
import static org.bitcoinfx.ipc.cli.ConformanceCheck.getServed;
import static org.bitcoinfx.ipc.cli.IpcMiningChecks.SOURCE;
import static org.bitcoinfx.ipc.cli.IpcMiningChecks.create;
import static org.bitcoinfx.ipc.cli.IpcMiningChecks.requireRegtest;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.bitcoinfx.ipc.BlockCreateOptions;
import org.bitcoinfx.ipc.BlockTemplate;
import org.bitcoinfx.ipc.IpcException;
import org.bitcoinfx.ipc.RemoteException;
import org.bitcoinfx.ipc.primitives.Hashes;
import org.bitcoinfx.ipc.primitives.RawBlock;
import org.bitcoinfx.ipc.primitives.RawTx;

/**
 * The rows of {@code run_waitnext_mining_policy_test}, {@code run_block_max_weight_test},
 * {@code run_ipc_option_override_test} and {@code run_transaction_lookup_test} in Bitcoin Core's
 * {@code interface_ipc_mining.py}. The Python restarts its node with {@code -blockmintxfee},
 * {@code -blockmaxweight} and {@code -blockreservedweight}; a check of a running node cannot, so
 * it holds the node's current policy to the same invariants: a transaction prioritised
 * ({@code prioritisetransaction}) below the node's {@code blockmintxfee} (BTC/kvB, from
 * {@code getmininginfo}) stays out of {@code createNewBlock} and {@code waitNext} templates, and a
 * weight limit set by {@code blockReservedWeight} (WU) holds across {@code waitNext} as one set by
 * {@code -blockmaxweight} does (both are the template's {@code BlockCreateOptions}).
 */
final class IpcMiningPolicyChecks {
    /** Consensus maximum block weight (WU). */
    static final long MAX_BLOCK_WEIGHT = 4_000_000;
    /** Consensus maximum block sigops cost. */
    static final long MAX_BLOCK_SIGOPS_COST = 80_000;
    private final ConformanceCheck c;
    private final MiningCoins coins;

    IpcMiningPolicyChecks(ConformanceCheck c, MiningCoins coins) {
        this.c = c;
        this.coins = coins;
    }

    static Set<String> txids(BlockTemplate t) throws Exception {
        return RawBlock.parse(get(t.getBlock())).txs().stream().skip(1).map(x -> Hashes.displayHex(x.txid())).collect(Collectors.toSet());
    }

    void run() {
        runWaitNextMiningPolicy();
        runBlockMaxWeight();
        runOptionOverride();
        runTransactionLookup();
    }

    private void runWaitNextMiningPolicy() {
        c.check(SOURCE, "run_waitnext_mining_policy_test", "createNewBlock and waitNext keep the blockmintxfee policy", () -> {
            requireRegtest(c, "send and prioritise transactions");
            long minFee = MiningCoins.sat(get(c.client().rpc().call("getmininginfo")).path("blockmintxfee"));
            MiningCoins.Sent low = coins.send(10);
            long delta = -(low.feeSat() + 1000);
            get(c.client().rpc().call("prioritisetransaction", low.txidHex(), 0, delta));
            try (BlockTemplate t = create(c, BlockCreateOptions.DEFAULT, true)) {
                expect(!txids(t).contains(low.txidHex()), "createNewBlock took " + low.txidHex() + ", prioritised below blockmintxfee " + minFee + " sat/kvB");
                MiningCoins.Sent high = coins.send(30);
                try (BlockTemplate n = get(t.waitNext(1, Duration.ofSeconds(20))).orElseThrow(() -> new AssertionError("waitNext returned null"))) {
                    Set<String> ids = txids(n);
                    expect(ids.contains(high.txidHex()), "waitNext's template lacks " + high.txidHex() + " (30 sat/vB)");
                    expect(!ids.contains(low.txidHex()), "waitNext's template took " + low.txidHex() + ", prioritised below blockmintxfee " + minFee + " sat/kvB");
                }
                return "blockmintxfee " + minFee + " sat/kvB: a transaction at " + delta + " sat modified fee left out of both, a 30 sat/vB one in";
            } finally {
                get(c.client().rpc().call("prioritisetransaction", low.txidHex(), 0, -delta));
                coins.mineOther();
                c.setTip(get(c.client().mining().getTip()).orElseThrow());
            }
        });
    }

    private void runBlockMaxWeight() {
        c.check(SOURCE, "run_block_max_weight_test", "createNewBlock and waitNext keep the block weight limit", () -> {
            requireRegtest(c, "fill the mempool");
            int n = 20;
            long room = 4000;
            coins.require(n + 1);
            for (int i = 0; i < n; i++) {
                coins.send(2);
            }
            BlockCreateOptions capped = new BlockCreateOptions(true, MAX_BLOCK_WEIGHT - room, 400);
            try (BlockTemplate t = create(c, capped, true)) {
                RawBlock b = RawBlock.parse(get(t.getBlock()));
                long weight = b.txs().stream().skip(1).mapToLong(RawTx::weight).sum();
                expect(weight <= room, "transactions of " + weight + " WU, above the " + room + " WU left by blockReservedWeight");
                expect(b.txs().size() - 1 < n, "the limit did not truncate: " + (b.txs().size() - 1) + "/" + n + " mempool txs included");
                MiningCoins.Sent high = coins.send(10);
                try (BlockTemplate next = get(t.waitNext(1, Duration.ofSeconds(20))).orElseThrow(() -> new AssertionError("waitNext returned null"))) {
                    RawBlock nb = RawBlock.parse(get(next.getBlock()));
                    long nextWeight = nb.txs().stream().skip(1).mapToLong(RawTx::weight).sum();
                    expect(nextWeight <= room, "waitNext's transactions of " + nextWeight + " WU, above the " + room + " WU limit");
                    expect(txids(next).contains(high.txidHex()), "waitNext's template lacks the 10 sat/vB " + high.txidHex());
                    expect(nb.txs().size() - 1 < n + 1, "waitNext's template was not truncated: " + (nb.txs().size() - 1) + "/" + (n + 1));
                    return (b.txs().size() - 1) + "/" + n + " txs (" + weight + " WU), after waitNext " + (nb.txs().size() - 1) + "/" + (n + 1)
                            + " (" + nextWeight + " WU) within " + room + " WU (blockReservedWeight " + (MAX_BLOCK_WEIGHT - room) + " WU)";
                }
            } finally {
                coins.mineOther();
                c.setTip(get(c.client().mining().getTip()).orElseThrow());
            }
        });
    }

    private void runOptionOverride() {
        String f = "run_ipc_option_override_test";
        c.check(SOURCE, f, "createNewBlock(blockReservedWeight MAX_BLOCK_WEIGHT) gives an empty template", () -> {
            requireRegtest(c, "send a transaction");
            MiningCoins.Sent tx = coins.send(10);
            try (BlockTemplate t = create(c, BlockCreateOptions.DEFAULT, true);
                 BlockTemplate empty = create(c, new BlockCreateOptions(true, MAX_BLOCK_WEIGHT, 400), true)) {
                expect(txids(t).contains(tx.txidHex()), "the default template lacks " + tx.txidHex());
                int n = RawBlock.parse(get(empty.getBlock())).txs().size();
                expect(n == 1, n + " transactions with blockReservedWeight " + MAX_BLOCK_WEIGHT + ", expected the coinbase only");
                return "default: with the mempool transaction; " + MAX_BLOCK_WEIGHT + " WU reserved: coinbase only";
            } finally {
                coins.mineOther();
                c.setTip(get(c.client().mining().getTip()).orElseThrow());
            }
        });
        refused(f, "createNewBlock(blockReservedWeight 0) refused", new BlockCreateOptions(true, 0, 400),
                "block_reserved_weight (0) is lower than minimum safety value of (2000)");
        refused(f, "createNewBlock(blockReservedWeight MAX_BLOCK_WEIGHT + 1) refused", new BlockCreateOptions(true, MAX_BLOCK_WEIGHT + 1, 400),
                "block_reserved_weight (" + (MAX_BLOCK_WEIGHT + 1) + ") exceeds consensus maximum block weight (" + MAX_BLOCK_WEIGHT + ")");
        refused(f, "createNewBlock(coinbaseOutputMaxAdditionalSigops MAX_BLOCK_SIGOPS_COST + 1) refused",
                new BlockCreateOptions(true, 8000, MAX_BLOCK_SIGOPS_COST + 1),
                "coinbase_output_max_additional_sigops (" + (MAX_BLOCK_SIGOPS_COST + 1) + ") exceeds consensus maximum block sigops cost ("
                        + MAX_BLOCK_SIGOPS_COST + ")");
    }

    private void refused(String f, String name, BlockCreateOptions o, String message) {
        c.check(SOURCE, f, name, () -> {
            Throwable t = failure(c.client().mining().createNewBlock(o, false));
            String want = "std::exception: " + message;
            expect(t instanceof RemoteException r && r.type() == IpcException.Type.FAILED && r.reason().startsWith(want),
                    "expected FAILED \"" + want + "\", got " + t);
            return "FAILED: " + ((RemoteException) t).reason();
        });
    }

    private void runTransactionLookup() {
        String f = "run_transaction_lookup_test";
        c.check(SOURCE, f, "Mining.getTransactionsByTxID/ByWitnessID unknown ids", () -> {
            byte[] id = new byte[32];
            new java.util.Random(1).nextBytes(id);
            List<byte[]> a = getServed(c.client().mining().getTransactionsByTxID(List.of(id, id)), "Mining.getTransactionsByTxID @8");
            List<byte[]> b = getServed(c.client().mining().getTransactionsByWitnessID(List.of(id)), "Mining.getTransactionsByWitnessID @9");
            expect(a.size() == 2 && a.stream().allMatch(x -> x.length == 0), "expected 2 empty entries, got " + a.size());
            expect(b.size() == 1 && b.get(0).length == 0, "expected 1 empty entry");
            return "empty entries for unknown ids";
        });
        c.check(SOURCE, f, "Mining.getTransactionsByTxID/ByWitnessID of mempool and mined transactions", () -> {
            requireRegtest(c, "send transactions");
            MiningCoins.Sent tx1 = coins.send(10);
            MiningCoins.Sent tx2 = coins.send(tx1.change(), 10);
            List<byte[]> byTxid = getServed(c.client().mining().getTransactionsByTxID(List.of(tx1.tx().txid(), tx2.tx().txid(), new byte[32])),
                    "Mining.getTransactionsByTxID @8");
            List<byte[]> byWtxid = getServed(c.client().mining().getTransactionsByWitnessID(List.of(tx1.tx().wtxid(), tx2.tx().wtxid(), new byte[32])),
                    "Mining.getTransactionsByWitnessID @9");
            for (List<byte[]> r : List.of(byTxid, byWtxid)) {
                expect(r.size() == 3, r.size() + " entries for 3 ids");
                expect(Hashes.hex(r.get(0)).equals(tx1.hex()) && Hashes.hex(r.get(1)).equals(tx2.hex()),
                        "the mempool transactions came back as " + Hashes.hex(r.get(0)) + ", " + Hashes.hex(r.get(1)));
                expect(r.get(2).length == 0, "an unknown id returned " + r.get(2).length + " bytes");
            }
            coins.mineOther();
            c.setTip(get(c.client().mining().getTip()).orElseThrow());
            List<byte[]> mined = get(c.client().mining().getTransactionsByTxID(List.of(tx1.tx().txid())));
            List<byte[]> minedW = get(c.client().mining().getTransactionsByWitnessID(List.of(tx1.tx().wtxid())));
            expect(mined.get(0).length == 0 && minedW.get(0).length == 0, "a mined transaction was still returned");
            return "a parent and its child by txid and wtxid, an unknown id empty; empty once mined";
        });
    }
}
