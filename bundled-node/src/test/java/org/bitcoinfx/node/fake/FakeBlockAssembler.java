package org.bitcoinfx.node.fake;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
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
     * Selects transactions for a block: repeatedly the package (a transaction with its ancestors not yet chosen) of
     * the highest fee rate, the earliest arrival first among equals, parents before children; a package that would
     * pass the block's weight or sigops limit is skipped (its transaction marked failed, as {@code BlockAssembler}'s
     * {@code failedTx}); the selection ends at the first best package below {@code minFeeRate}. Candidates wait in a
     * priority queue keyed by their package's fee rate, re-keyed when an ancestor is chosen, so a mempool of
     * thousands of transactions takes O(n log n), each transaction hashed once (issue #16's full templates).
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
        int n = mempool.size();
        Map<String, Integer> index = new HashMap<>(n * 2);
        long[] fee = new long[n];
        long[] vsize = new long[n];
        long[] weightOf = new long[n];
        long[] sigopsOf = new long[n];
        for (int i = 0; i < n; i++) {
            FakeChain.MempoolEntry e = mempool.get(i);
            String id = e.tx().txidHex();
            index.put(id, i);
            fee[i] = e.feeSat() + feeDeltas.getOrDefault(id, 0L);
            vsize[i] = e.tx().vsize();
            weightOf[i] = e.tx().weight();
            sigopsOf[i] = FakeChain.sigopCost(e.tx());
        }
        int[][] parents = new int[n][];
        List<List<Integer>> children = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            children.add(new ArrayList<>(0));
        }
        for (int i = 0; i < n; i++) {
            List<Integer> ps = new ArrayList<>();
            for (FakeTx.Input in : mempool.get(i).tx().inputs()) {
                Integer p = index.get(Hashes.displayHex(in.prevTxid()));
                if (p != null) {
                    ps.add(p);
                    children.get(p).add(i);
                }
            }
            parents[i] = ps.stream().mapToInt(Integer::intValue).toArray();
        }
        boolean[] chosen = new boolean[n];
        boolean[] failed = new boolean[n];
        long[] pkgFee = new long[n];
        long[] pkgSize = new long[n];
        // best first: higher package fee rate (cross-multiplied), then earlier arrival
        PriorityQueue<long[]> queue = new PriorityQueue<>((x, y) -> {
            int c = Long.compare(y[1] * x[2], x[1] * y[2]);
            return c != 0 ? c : Long.compare(x[0], y[0]);
        });
        for (int i = 0; i < n; i++) {
            rescore(i, parents, chosen, fee, vsize, pkgFee, pkgSize, queue);
        }
        List<FakeChain.MempoolEntry> out = new ArrayList<>();
        long weight = reservedWeight;
        long sigops = coinbaseSigops;
        while (!queue.isEmpty()) {
            long[] c = queue.poll();
            int i = (int) c[0];
            if (chosen[i] || failed[i] || c[1] != pkgFee[i] || c[2] != pkgSize[i]) {
                continue; // chosen, failed, or re-keyed since
            }
            if (c[1] * 1000 < minFeeRate * c[2]) {
                break;
            }
            List<Integer> pkg = new ArrayList<>();
            addWithAncestors(i, parents, chosen, new HashSet<>(), pkg);
            long w = pkg.stream().mapToLong(k -> weightOf[k]).sum();
            long s = pkg.stream().mapToLong(k -> sigopsOf[k]).sum();
            if (weight + w >= FakeChain.MAX_BLOCK_WEIGHT || sigops + s >= MAX_BLOCK_SIGOPS_COST) {
                failed[i] = true;
                continue;
            }
            weight += w;
            sigops += s;
            for (int k : pkg) {
                chosen[k] = true;
                out.add(mempool.get(k));
            }
            // the descendants' packages lost these ancestors: key them again
            ArrayDeque<Integer> todo = new ArrayDeque<>(pkg);
            Set<Integer> seen = new HashSet<>();
            while (!todo.isEmpty()) {
                for (int d : children.get(todo.poll())) {
                    if (seen.add(d) && !chosen[d]) {
                        rescore(d, parents, chosen, fee, vsize, pkgFee, pkgSize, queue);
                        todo.add(d);
                    }
                }
            }
        }
        return out;
    }

    /** Computes transaction {@code i}'s package (it and its ancestors not chosen) and queues it with that key. */
    private static void rescore(int i, int[][] parents, boolean[] chosen, long[] fee, long[] vsize, long[] pkgFee, long[] pkgSize,
                                PriorityQueue<long[]> queue) {
        List<Integer> pkg = new ArrayList<>();
        addWithAncestors(i, parents, chosen, new HashSet<>(), pkg);
        long f = 0;
        long v = 0;
        for (int k : pkg) {
            f += fee[k];
            v += vsize[k];
        }
        pkgFee[i] = f;
        pkgSize[i] = v;
        queue.add(new long[] {i, f, v});
    }

    private static void addWithAncestors(int i, int[][] parents, boolean[] chosen, Set<Integer> seen, List<Integer> out) {
        if (!seen.add(i)) {
            return;
        }
        for (int p : parents[i]) {
            if (!chosen[p]) {
                addWithAncestors(p, parents, chosen, seen, out);
            }
        }
        out.add(i);
    }
}
