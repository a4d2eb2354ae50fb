package org.bitcoinfx.gui.node;

import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.bitcoinfx.ipc.BlockRef;

/**
 * The tip as work that follows new blocks wants it: every new block while blocks come one by one (a synced
 * node), but only now and then while they come back to back (a sync, where each refresh would be several
 * calls taking the syncing node's {@code cs_main}, hundreds of times a minute, for values that change again
 * at once). A tip that comes {@value #FAST_GAP_MS} ms or more after the one before moves the settled tip at
 * once; a faster one moves it if the settled tip has not moved for {@value #SYNC_GAP_MS} ms, and otherwise
 * the latest tip becomes the settled tip {@value #FAST_GAP_MS} ms after the last one came.
 * <p>Used on one thread (the JavaFX Application Thread in the app); {@code later} must run its task on it.
 */
final class SettledTip {
    /** Tips closer together than this are a sync's (back to back), ms. */
    static final long FAST_GAP_MS = 1000;
    /** While tips come back to back, the settled tip moves at most this often, ms. */
    static final long SYNC_GAP_MS = 5000;

    private final ReadOnlyObjectWrapper<BlockRef> settled = new ReadOnlyObjectWrapper<>(this, "settledTip");
    private final LongSupplier nanoClock;
    private final BiConsumer<Runnable, Long> later;
    private BlockRef latest;
    private long lastTipNanos;
    private long lastSettledNanos;
    private boolean any;
    /** Which tip the pending settle timer was started for: an older timer does nothing. */
    private int turn;

    /**
     * @param nanoClock a monotonic clock, ns ({@code System::nanoTime})
     * @param later     runs a task after the given ms, on the thread this is used on
     */
    SettledTip(LongSupplier nanoClock, BiConsumer<Runnable, Long> later) {
        this.nanoClock = nanoClock;
        this.later = later;
    }

    /** @return the settled tip; null before the first tip and after {@link #clear()} */
    ReadOnlyObjectProperty<BlockRef> property() {
        return settled.getReadOnlyProperty();
    }

    /** A new tip {@code t}, now. */
    void onTip(BlockRef t) {
        long now = nanoClock.getAsLong();
        boolean fast = any && now - lastTipNanos < FAST_GAP_MS * 1_000_000;
        any = true;
        lastTipNanos = now;
        latest = t;
        int mine = ++turn;
        if (!fast || now - lastSettledNanos >= SYNC_GAP_MS * 1_000_000) {
            lastSettledNanos = now;
            settled.set(t);
            return;
        }
        later.accept(() -> {
            if (mine == turn && latest == t) {
                lastSettledNanos = nanoClock.getAsLong();
                settled.set(t);
            }
        }, FAST_GAP_MS);
    }

    /** No tip (the connection ended): the settled tip is null and a pending settle does nothing. */
    void clear() {
        turn++;
        any = false;
        latest = null;
        settled.set(null);
    }
}
