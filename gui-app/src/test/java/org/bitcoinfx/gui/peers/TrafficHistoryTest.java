package org.bitcoinfx.gui.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrafficHistoryTest {

    @Test
    void steadyTrafficGivesItsRateInEveryBucket() {
        TrafficHistory h = new TrafficHistory();
        // 1,000 B/s in, 500 B/s out, sampled every 5 s for 10 minutes
        for (int i = 0; i <= 120; i++) {
            h.add(1_000_000 + i * 5_000L, i * 5_000L, i * 2_500L);
        }
        List<TrafficHistory.Point> pts = h.rates(Duration.ofMinutes(5), 10);
        assertEquals(10, pts.size());
        for (TrafficHistory.Point p : pts) {
            assertEquals(1000.0, p.recvPerSecond(), 1e-9);
            assertEquals(500.0, p.sentPerSecond(), 1e-9);
        }
        assertEquals(0.0, pts.get(9).secondsAgo(), 1e-9);
        assertEquals(-270.0, pts.get(0).secondsAgo(), 1e-9);
    }

    @Test
    void aBurstLandsInItsBucketOnly() {
        TrafficHistory h = new TrafficHistory();
        long t = 0;
        long recv = 0;
        for (int i = 0; i <= 60; i++) {
            h.add(t, recv, 0);
            t += 5_000;
            recv += (i == 30) ? 150_000 : 0; // 150 kB arrive between the 31st and 32nd sample
        }
        List<TrafficHistory.Point> pts = h.rates(Duration.ofMinutes(5), 60);
        double total = pts.stream().mapToDouble(p -> p.recvPerSecond() * 5).sum();
        assertEquals(150_000, total, 1e-6);
        assertEquals(1, pts.stream().filter(p -> p.recvPerSecond() > 0).count());
        assertEquals(30_000.0, pts.stream().mapToDouble(TrafficHistory.Point::recvPerSecond).max().orElseThrow(), 1e-9);
    }

    @Test
    void aRestartedNodesCountersStartANewRunWithoutNegativeRates() {
        TrafficHistory h = new TrafficHistory();
        h.add(0, 0, 0);
        h.add(5_000, 50_000, 10_000);
        h.add(10_000, 1_000, 100); // restarted: counters from zero
        h.add(15_000, 6_000, 600);
        List<TrafficHistory.Point> pts = h.rates(Duration.ofSeconds(15), 3);
        assertEquals(2, pts.size(), pts.toString());
        assertEquals(10_000.0, pts.get(0).recvPerSecond(), 1e-9);
        assertEquals(1_000.0, pts.get(1).recvPerSecond(), 1e-9);
        assertTrue(pts.stream().allMatch(p -> p.recvPerSecond() >= 0 && p.sentPerSecond() >= 0));
    }

    @Test
    void keepsOneDayAndIgnoresLateSamples() {
        TrafficHistory h = new TrafficHistory();
        long day = Duration.ofDays(1).toMillis();
        for (long t = 0; t <= 2 * day; t += 60_000) {
            h.add(t, t, t);
        }
        assertEquals(day / 60_000 + 1, h.size());
        h.add(day, 0, 0); // older than the newest: ignored
        assertEquals(day / 60_000 + 1, h.size());
        List<TrafficHistory.Point> pts = h.rates(Duration.ofDays(1), 24);
        assertEquals(24, pts.size());
        pts.forEach(p -> assertEquals(1000.0, p.recvPerSecond(), 1e-9));
    }

    @Test
    void fewerThanTwoSamplesGiveNothing() {
        TrafficHistory h = new TrafficHistory();
        assertTrue(h.rates(Duration.ofMinutes(5), 10).isEmpty());
        h.add(1, 1, 1);
        assertTrue(h.rates(Duration.ofMinutes(5), 10).isEmpty());
    }
}
