package org.bitcoinfx.node.fake;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bitcoinfx.ipc.primitives.Hashes;

/**
 * How the fake node picks mempool transactions for a block, after Bitcoin Core's
 * {@code BlockAssembler} ({@code src/node/miner.cpp}) and its options ({@code src/node/mining_args.cpp}):
 * packages of a transaction and its unconfirmed ancestors, highest modified fee rate first
 * (fee plus {@code prioritisetransaction} delta, sat per vB); a package below the block minimum
 * fee rate ({@code -blockmintxfee}, sat/kvB) ends the selection; one that would reach the block
 * weight limit (WU, counted from {@code blockReservedWeight}) or {@code MAX_BLOCK_SIGOPS_COST}
 * (counted from {@code coinbaseOutputMaxAdditionalSigops}) is skipped. Bitcoin Core's cluster
 * mempool picks chunks of a linearised cluster; for the independent transactions and simple
 * chains the fake sees, ancestor packages pick the same transactions.
 */
final class FakeBlockAssembler {
    /** {@code MINIMUM_BLOCK_RESERVED_WEIGHT} (WU). */
    static final long MINIMUM_BLOCK_RESERVED_WEIGHT = 2000;
    /** {@code DEFAULT_BLOCK_RESERVED_WEIGHT} (WU). */
    static final long DEFAULT_BLOCK_RESERVED_WEIGHT = 8000;
    /** {@code DEFAULT_COINBASE_OUTPUT_MAX_ADDITIONAL_SIGOPS}. */
    static final long DEFAULT_COINBASE_SIGOPS = 400;
    /** {@code MAX_BLOCK_SIGOPS_COST}. */
    static final long MAX_BLOCK_SIGOPS_COST = 80_000;
    /** {@code DEFAULT_BLOCK_MIN_TX_FEE} (sat/kvB). */
    static final long DEFAULT_BLOCK_MIN_TX_FEE = 1;

    private FakeBlockAssembler() {
    }

    /**
     * The check {@code CheckMiningOptions} makes of an IPC client's {@code BlockCreateOptions}.
     *
     * @throws IllegalArgumentException with Bitcoin Core's message, which {@code createNewBlock}
     *         sends as a {@code std::exception}
     */
    static void checkOptions(long reservedWeight, long coinbaseSigops) {
        if (reservedWeight < MINIMUM_BLOCK_RESERVED_WEIGHT) {
            throw new IllegalArgumentException("block_reserved_weight (" + reservedWeight + ") is lower than minimum safety value of ("
                    + MINIMUM_BLOCK_RESERVED_WEIGHT + ")");
        }
        if (reservedWeight > FakeChain.MAX_BLOCK_WEIGHT) {
            throw new IllegalArgumentException("block_reserved_weight (" + reservedWeight + ") exceeds consensus maximum block weight ("
                    + FakeChain.MAX_BLOCK_WEIGHT + ")");
        }
        if (coinbaseSigops > MAX_BLOCK_SIGOPS_COST) {
            throw new IllegalArgumentException("coinbase_output_max_additional_sigops (" + coinbaseSigops
                    + ") exceeds consensus maximum block sigops cost (" + MAX_BLOCK_SIGOPS_COST + ")");
        }
    }

    /**
     * Selects transactions for a block.
     *
     * @param mempool        the mempool in arrival order
     * @param feeDeltas      {@code prioritisetransaction} deltas (sat) by txid (RPC hex)
     * @param reservedWeight weight (WU) the selection starts from
     * @param coinbaseSigops sigops cost the selection starts from
     * @param minFeeRate     the block minimum fee rate, sat/kvB
     * @return the chosen entries, parents before children
     */
    static List<FakeChain.MempoolEntry> select(List<FakeChain.MempoolEntry> mempool, Map<String, Long> feeDeltas, long reservedWeight,
                                               long coinbaseSigops, long minFeeRate) {
        Map<String, FakeChain.MempoolEntry> byId = new HashMap<>();
        // each transaction's id and vsize once (they cost a serialization and, the id, two SHA-256): the loop below
        // looks at every entry once per chosen package
        Map<FakeChain.MempoolEntry, String> ids = new java.util.IdentityHashMap<>();
        Map<FakeChain.MempoolEntry, Long> vsizes = new java.util.IdentityHashMap<>();
        for (FakeChain.MempoolEntry e : mempool) {
            String id = e.tx().txidHex();
            ids.put(e, id);
            vsizes.put(e, (long) e.tx().vsize());
            byId.put(id, e);
        }
        Set<String> chosen = new LinkedHashSet<>();
        Set<String> failed = new HashSet<>();
        long weight = reservedWeight;
        long sigops = coinbaseSigops;
        while (true) {
            List<FakeChain.MempoolEntry> best = null;
            long bestFee = 0;
            long bestSize = 1;
            for (FakeChain.MempoolEntry e : mempool) {
                String id = ids.get(e);
                if (chosen.contains(id) || failed.contains(id)) {
                    continue;
                }
                List<FakeChain.MempoolEntry> pkg = new ArrayList<>();
                addWithAncestors(e, byId, ids, chosen, new HashSet<>(), pkg);
                long fee = 0;
                long size = 0;
                for (FakeChain.MempoolEntry p : pkg) {
                    fee += p.feeSat() + feeDeltas.getOrDefault(ids.get(p), 0L);
                    size += vsizes.get(p);
                }
                if (best == null || fee * bestSize > bestFee * size) {
                    best = pkg;
                    bestFee = fee;
                    bestSize = size;
                }
            }
            if (best == null || bestFee * 1000 < minFeeRate * bestSize) {
                return chosen.stream().map(byId::get).toList();
            }
            long w = best.stream().mapToLong(p -> p.tx().weight()).sum();
            long s = best.stream().mapToLong(p -> FakeChain.sigopCost(p.tx())).sum();
            if (weight + w >= FakeChain.MAX_BLOCK_WEIGHT || sigops + s >= MAX_BLOCK_SIGOPS_COST) {
                failed.add(ids.get(best.get(best.size() - 1)));
                continue;
            }
            weight += w;
            sigops += s;
            best.forEach(p -> chosen.add(ids.get(p)));
        }
    }

    private static void addWithAncestors(FakeChain.MempoolEntry e, Map<String, FakeChain.MempoolEntry> byId,
                                         Map<FakeChain.MempoolEntry, String> ids, Set<String> chosen,
                                         Set<String> seen, List<FakeChain.MempoolEntry> out) {
        if (!seen.add(ids.get(e))) {
            return;
        }
        for (FakeTx.Input in : e.tx().inputs()) {
            String parent = Hashes.displayHex(in.prevTxid());
            FakeChain.MempoolEntry p = byId.get(parent);
            if (p != null && !chosen.contains(parent)) {
                addWithAncestors(p, byId, ids, chosen, seen, out);
            }
        }
        out.add(e);
    }
}
