package org.bitcoinfx.gui.mempool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link FeeHistogram}: which bucket a fee rate falls in, the sums, and a mempool of 50,000 entries. */
class FeeHistogramTest {
    static MempoolEntry entry(String txid, long feeSat, long vsize, long time) {
        return new MempoolEntry(txid, vsize, vsize * 4, time, 100, feeSat, feeSat, 1, vsize, feeSat, 1, vsize, feeSat, List.of(), List.of());
    }

    @Test
    void aRateFallsInTheLastBucketWhoseBoundIsAtMostIt() {
        assertEquals(0, FeeHistogram.bucketOf(0.0));
        assertEquals(0, FeeHistogram.bucketOf(0.5)); // below 1 sat/vB: the first
        assertEquals(0, FeeHistogram.bucketOf(1.0));
        assertEquals(0, FeeHistogram.bucketOf(1.99));
        assertEquals(1, FeeHistogram.bucketOf(2.0));
        assertEquals(6, FeeHistogram.bucketOf(9.99)); // 8–10
        assertEquals(7, FeeHistogram.bucketOf(10));
        assertEquals(FeeHistogram.BOUNDS.length - 1, FeeHistogram.bucketOf(2000));
        assertEquals(FeeHistogram.BOUNDS.length - 1, FeeHistogram.bucketOf(1e9));
        for (int i = 0; i < FeeHistogram.BOUNDS.length; i++) {
            assertEquals(i, FeeHistogram.bucketOf(FeeHistogram.BOUNDS[i]), "bound " + FeeHistogram.BOUNDS[i]);
        }
    }

    @Test
    void bucketsSumCountsSizesAndFeesAndAreLabelled() {
        FeeHistogram h = FeeHistogram.of(List.of(entry("a", 141, 141, 1), entry("b", 282, 141, 2), entry("c", 1410, 141, 3),
                entry("d", 1409, 141, 4), entry("e", 141 * 3000, 141, 5)));
        assertEquals(FeeHistogram.BOUNDS.length, h.buckets().size());
        assertEquals(5, h.totalCount());
        assertEquals(5 * 141, h.totalVsize());
        var b = h.buckets();
        assertEquals(1, b.get(0).count()); // 1 sat/vB
        assertEquals(1, b.get(1).count()); // 2 sat/vB
        assertEquals(1, b.get(6).count()); // 9.99… sat/vB: 8–10
        assertEquals(1, b.get(7).count()); // 10 sat/vB
        assertEquals(1409, b.get(6).feeSat());
        assertEquals(1, b.get(b.size() - 1).count());
        assertEquals("1–2", b.get(0).label());
        assertEquals("8–10", b.get(6).label());
        assertEquals("2000+", b.get(b.size() - 1).label());
        assertEquals(0, FeeHistogram.of(List.of()).totalCount());
    }

    @Test
    void fiftyThousandEntriesAreAllCountedOnceAndTheSnapshotKeepsTheNewest() {
        Random r = new Random(18);
        List<MempoolEntry> entries = new ArrayList<>();
        long[] expectedCount = new long[FeeHistogram.BOUNDS.length];
        long vsizeSum = 0;
        for (int i = 0; i < 50_000; i++) {
            long vsize = 110 + r.nextInt(2000);
            long fee = (long) (vsize * Math.exp(r.nextDouble() * 7)); // 1 … 1,100 sat/vB
            entries.add(entry(String.format("%064x", i), fee, vsize, 1_700_000_000L + r.nextInt(3600)));
            vsizeSum += vsize;
            int k = 0;
            for (int j = 0; j < FeeHistogram.BOUNDS.length; j++) { // the linear reading of the bounds
                if (FeeHistogram.BOUNDS[j] <= (double) fee / vsize) {
                    k = j;
                }
            }
            expectedCount[k]++;
        }
        MempoolSnapshot s = MempoolSnapshot.of(entries, MempoolService.RECENT);
        assertEquals(50_000, s.count());
        assertEquals(50_000, s.histogram().totalCount());
        assertEquals(vsizeSum, s.histogram().totalVsize());
        for (int j = 0; j < expectedCount.length; j++) {
            assertEquals(expectedCount[j], s.histogram().buckets().get(j).count(), "bucket " + s.histogram().buckets().get(j).label());
        }
        assertEquals(MempoolService.RECENT, s.recent().size());
        long newest = entries.stream().mapToLong(MempoolEntry::time).max().orElseThrow();
        assertEquals(newest, s.recent().get(0).time());
        for (int i = 1; i < s.recent().size(); i++) {
            assertTrue(MempoolSnapshot.NEWEST_FIRST.compare(s.recent().get(i - 1), s.recent().get(i)) < 0);
        }
        long cutoff = s.recent().get(s.recent().size() - 1).time();
        assertTrue(entries.stream().filter(e -> e.time() > cutoff).count() < MempoolService.RECENT);
    }
}
