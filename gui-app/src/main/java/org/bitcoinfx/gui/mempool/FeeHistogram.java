package org.bitcoinfx.gui.mempool;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The mempool by fee rate: transactions counted in sat/vB buckets whose lower bounds are {@link #BOUNDS} (the steps
 * mempool.space and bitcoin-qt's fee charts use: 1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 30, … 2000+). A transaction
 * falls in the highest bucket whose bound is at most its own fee rate ({@code fees.base / vsize},
 * {@link MempoolEntry#feeRate()}); below 1 sat/vB it counts in the first. A pure function of the entries: O(n log b),
 * for a mempool of 50,000 entries in a few milliseconds; computed off the JavaFX thread ({@link MempoolService}).
 *
 * @param buckets one per bound, in ascending order, empty ones included
 */
public record FeeHistogram(List<Bucket> buckets) {
    /** Lower bounds of the buckets, sat/vB. */
    public static final double[] BOUNDS = {1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 30, 40, 50, 60, 70, 80, 100, 125, 150, 200,
        300, 400, 500, 600, 700, 800, 1000, 1200, 1500, 2000};

    /**
     * One bucket.
     *
     * @param from   lower bound, sat/vB (inclusive)
     * @param to     upper bound, sat/vB (exclusive); {@code Double.POSITIVE_INFINITY} for the last
     * @param count  transactions in it
     * @param vsize  their virtual size, vB
     * @param feeSat their fees ({@code fees.base}), sat
     */
    public record Bucket(double from, double to, long count, long vsize, long feeSat) {
        /** @return e.g. {@code 8–10} or {@code 2000+} (sat/vB) */
        public String label() {
            return Double.isInfinite(to) ? fmt(from) + "+" : fmt(from) + "–" + fmt(to);
        }

        private static String fmt(double d) {
            return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
        }
    }

    /** @return the histogram of these entries (none: every bucket empty) */
    public static FeeHistogram of(Collection<MempoolEntry> entries) {
        int n = BOUNDS.length;
        long[] count = new long[n];
        long[] vsize = new long[n];
        long[] fees = new long[n];
        for (MempoolEntry e : entries) {
            int i = bucketOf(e.feeRate());
            count[i]++;
            vsize[i] += e.vsize();
            fees[i] += e.feeSat();
        }
        List<Bucket> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Bucket(BOUNDS[i], i + 1 < n ? BOUNDS[i + 1] : Double.POSITIVE_INFINITY, count[i], vsize[i], fees[i]));
        }
        return new FeeHistogram(List.copyOf(out));
    }

    /** @return the index of the bucket of a fee rate (sat/vB): the last bound at most {@code rate}, 0 below the first */
    public static int bucketOf(double rate) {
        int lo = 0;
        int hi = BOUNDS.length - 1;
        while (lo < hi) { // the largest i with BOUNDS[i] <= rate
            int mid = (lo + hi + 1) >>> 1;
            if (BOUNDS[mid] <= rate) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** @return the number of transactions counted */
    public long totalCount() {
        return buckets.stream().mapToLong(Bucket::count).sum();
    }

    /** @return their virtual size, vB */
    public long totalVsize() {
        return buckets.stream().mapToLong(Bucket::vsize).sum();
    }
}
