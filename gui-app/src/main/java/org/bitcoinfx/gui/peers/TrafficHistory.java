package org.bitcoinfx.gui.peers;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The node's network traffic over the last day, from {@code getnettotals} samples (BC
 * {@code src/rpc/net.cpp} {@code getnettotals}: {@code totalbytesrecv}, {@code totalbytessent},
 * {@code timemillis}), turned into receive/send rates (bytes per second) over a chosen window
 * (5 min to 1 day) in a fixed number of buckets for the chart. Counters that go down (a restarted
 * node) start a new run; no rate spans the restart. Not thread-safe: use from one thread (the
 * JavaFX thread).
 */
public final class TrafficHistory {
    /** How long samples are kept. */
    public static final Duration KEPT = Duration.ofDays(1);

    /** The windows the Peers page offers. */
    public enum Window {
        /** The last 5 minutes. */
        MIN_5("5 min", Duration.ofMinutes(5)),
        /** The last 30 minutes. */
        MIN_30("30 min", Duration.ofMinutes(30)),
        /** The last 6 hours. */
        HOURS_6("6 h", Duration.ofHours(6)),
        /** The last 24 hours. */
        DAY_1("1 day", Duration.ofDays(1));

        private final String label;
        private final Duration length;

        Window(String label, Duration length) {
            this.label = label;
            this.length = length;
        }

        /** @return how long the window is */
        public Duration length() {
            return length;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** One getnettotals sample: node clock in ms, cumulative bytes received and sent. */
    record Sample(long millis, long recv, long sent) {
    }

    /**
     * One chart point: the bucket's end as seconds before {@code now} (≤ 0), and the mean rates in
     * bytes per second over the bucket.
     */
    public record Point(double secondsAgo, double recvPerSecond, double sentPerSecond) {
    }

    private final Deque<Sample> samples = new ArrayDeque<>();

    /**
     * Adds a sample; samples older than {@link #KEPT} before it are dropped.
     *
     * @param millis the node's {@code timemillis}
     * @param recv {@code totalbytesrecv}
     * @param sent {@code totalbytessent}
     */
    public void add(long millis, long recv, long sent) {
        Sample last = samples.peekLast();
        if (last != null && millis <= last.millis()) {
            return; // same or older sample (a late reply): nothing new
        }
        samples.addLast(new Sample(millis, recv, sent));
        long oldest = millis - KEPT.toMillis();
        while (samples.size() > 2 && samples.peekFirst().millis() < oldest) {
            samples.removeFirst();
        }
    }

    /** @return how many samples are kept */
    public int size() {
        return samples.size();
    }

    /**
     * Rates over {@code window} ending at the newest sample, in {@code buckets} equal buckets. A
     * bucket's rate is the bytes counted between consecutive samples that fall in it, divided by the
     * time they span; buckets without two samples are left out.
     *
     * @param window how far back
     * @param buckets how many points at most (≥ 1)
     * @return points, oldest first; empty with fewer than two samples
     */
    public List<Point> rates(Duration window, int buckets) {
        List<Point> out = new ArrayList<>();
        Sample newest = samples.peekLast();
        if (newest == null || samples.size() < 2 || buckets < 1) {
            return out;
        }
        long end = newest.millis();
        long start = end - window.toMillis();
        double width = (double) window.toMillis() / buckets;
        long[] recv = new long[buckets];
        long[] sent = new long[buckets];
        long[] span = new long[buckets];
        Sample prev = null;
        for (Sample s : samples) {
            if (prev != null && s.millis() > start && s.recv() >= prev.recv() && s.sent() >= prev.sent()) {
                int b = (int) Math.min(buckets - 1, Math.max(0, (s.millis() - start - 1) / width));
                long from = Math.max(prev.millis(), start);
                // a step that began before the window counts only its part inside it
                double inside = (double) (s.millis() - from) / (s.millis() - prev.millis());
                recv[b] += Math.round((s.recv() - prev.recv()) * inside);
                sent[b] += Math.round((s.sent() - prev.sent()) * inside);
                span[b] += s.millis() - from;
            }
            prev = s;
        }
        for (int b = 0; b < buckets; b++) {
            if (span[b] > 0) {
                double secs = span[b] / 1000.0;
                double bucketEnd = start + (b + 1) * width;
                out.add(new Point((bucketEnd - end) / 1000.0, recv[b] / secs, sent[b] / secs));
            }
        }
        return out;
    }
}
