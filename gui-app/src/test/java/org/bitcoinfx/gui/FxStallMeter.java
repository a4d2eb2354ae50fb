package org.bitcoinfx.gui;

import javafx.animation.AnimationTimer;

/**
 * Measures how long the JavaFX Application Thread goes without a pulse: an {@link AnimationTimer}
 * (called once per pulse, about 60 a second) records the gaps between its calls. A gap well over a
 * frame means the FX thread was busy (a long handler, a big layout) or starved of CPU. Start and stop
 * it on the JavaFX thread; read it there, or after {@link #stop()}.
 */
final class FxStallMeter extends AnimationTimer {
    private long last;
    private volatile long maxGapNanos;
    private volatile long pulses;
    private volatile long over100ms;

    @Override
    public void handle(long now) {
        if (last != 0) {
            long gap = now - last;
            if (gap > maxGapNanos) {
                maxGapNanos = gap;
            }
            if (gap > 100_000_000L) {
                over100ms++;
            }
        }
        last = now;
        pulses++;
    }

    /** @return the longest gap between two pulses so far, ms */
    long maxGapMillis() {
        return maxGapNanos / 1_000_000;
    }

    /** @return pulses seen */
    long pulses() {
        return pulses;
    }

    /** @return gaps longer than 100 ms */
    long gapsOver100ms() {
        return over100ms;
    }
}
