package org.bitcoinfx.node;

import java.time.Duration;

/** Formats durations for messages people read. */
final class Durations {
    private Durations() {
    }

    /** @return e.g. {@code "300 ms"}, {@code "10 s"}, {@code "1.5 s"} */
    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms % 1000 == 0) {
            return (ms / 1000) + " s";
        }
        return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
