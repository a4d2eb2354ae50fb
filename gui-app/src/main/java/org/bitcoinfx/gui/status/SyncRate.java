package org.bitcoinfx.gui.status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * Rates of a sync from samples of {@code getblockchaininfo}: blocks per second over the last
 * {@value #RATE_WINDOW_SECONDS} s, and a time-left estimate ({@link #timeLeft}) from the rate of
 * {@code verificationprogress} over the last {@value #PROGRESS_WINDOW_SECONDS} s (as Bitcoin Core's GUI
 * estimates it) or from the blocks left at the block rate. Samples are taken at the caller's clock ({@code now}), not the node's.
 * Not thread-safe (the Status view-model uses it on the JavaFX thread).
 */
public final class SyncRate {
    /** Window of the blocks-per-second rate, seconds. */
    public static final int RATE_WINDOW_SECONDS = 20;
    /** Window of the verification-progress rate, seconds. */
    public static final int PROGRESS_WINDOW_SECONDS = 600;
    /** The shortest span a rate is computed over, seconds. */
    static final double MIN_SPAN_SECONDS = 2;
    /** Progress from which the time left is not shown (the last one in ten thousand). */
    static final double DONE = 0.9999;

    private record Sample(double t, int blocks, double progress) {
    }

    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    /** Forgets all samples (a new connection, or the network was paused). */
    public void reset() {
        samples.clear();
    }

    /**
     * Adds a sample.
     *
     * @param blocks   {@code blocks}, the height of the validated chain
     * @param progress {@code verificationprogress}, 0…1
     * @param now      when it was read
     */
    public void add(int blocks, double progress, Instant now) {
        double t = now.toEpochMilli() / 1000.0;
        if (!samples.isEmpty() && blocks < samples.peekLast().blocks()) {
            samples.clear(); // a reorg or another chain: rates from before mean nothing
        }
        samples.addLast(new Sample(t, blocks, progress));
        while (samples.size() > 2 && t - samples.peekFirst().t() > PROGRESS_WINDOW_SECONDS) {
            samples.removeFirst();
        }
    }

    /** @return blocks validated per second over the last {@value #RATE_WINDOW_SECONDS} s, or -1 until two samples span {@value #MIN_SPAN_SECONDS} s */
    public double blocksPerSecond() {
        Sample last = samples.peekLast();
        if (last == null) {
            return -1;
        }
        // the newest sample at least the window's length old, else the oldest: about the last 20 s
        Sample first = samples.peekFirst();
        for (Sample s : samples) {
            if (last.t() - s.t() >= RATE_WINDOW_SECONDS) {
                first = s;
            }
        }
        double dt = last.t() - first.t();
        return dt < MIN_SPAN_SECONDS ? -1 : (last.blocks() - first.blocks()) / dt;
    }

    /**
     * The time left: from the rate of {@code verificationprogress} if {@code byProgress} and it is below
     * {@value #DONE} (as Bitcoin Core's GUI estimates it: progress counts transactions, so later, fuller
     * blocks weigh more), else from the blocks left at the current block rate.
     *
     * @param headers    the best header's height ({@code headers})
     * @param byProgress whether the chain's {@code verificationprogress} is worth following: not on regtest,
     *                   whose chain parameters make up a transaction rate ({@code chainTxData.dTxRate}) that
     *                   has nothing to do with the chain, so its progress runs ahead of the blocks
     * @return the estimated time until the blocks reach {@code headers}; null while unknown (no rate yet,
     *         no progress being made) or when done
     */
    public Duration timeLeft(int headers, boolean byProgress) {
        Sample last = samples.peekLast();
        Sample first = samples.peekFirst();
        if (last == null || last.blocks() >= headers) {
            return null;
        }
        double dt = last.t() - first.t();
        double dp = last.progress() - first.progress();
        if (byProgress && last.progress() < DONE && dt >= MIN_SPAN_SECONDS && dp > 0) {
            return Duration.ofSeconds((long) ((1 - last.progress()) / (dp / dt)));
        }
        double bps = blocksPerSecond();
        return bps > 0 ? Duration.ofSeconds((long) ((headers - last.blocks()) / bps)) : null;
    }
}
