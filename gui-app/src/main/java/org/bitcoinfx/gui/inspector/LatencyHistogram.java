package org.bitcoinfx.gui.inspector;

import java.util.List;
import org.bitcoinfx.ipc.IpcEvent;

/** Buckets IPC call durations for the inspector's histogram. */
public final class LatencyHistogram {
    /** Upper bounds of the buckets, ns (the last bucket is open). */
    static final long[] BOUNDS = {100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000};
    /** Bucket labels. */
    public static final List<String> LABELS = List.of("< 0.1 ms", "< 1 ms", "< 10 ms", "< 100 ms", "< 1 s", "≥ 1 s");

    private LatencyHistogram() {
    }

    /** @return call counts per bucket, in {@link #LABELS} order */
    public static int[] count(List<IpcEvent> events) {
        int[] c = new int[LABELS.size()];
        for (IpcEvent e : events) {
            int i = 0;
            while (i < BOUNDS.length && e.durationNanos() >= BOUNDS[i]) {
                i++;
            }
            c[i]++;
        }
        return c;
    }
}
