package org.bitcoinfx.gui.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.bitcoinfx.ipc.BlockRef;
import org.junit.jupiter.api.Test;

/** {@link SettledTip}: at once for a synced node's block; now and then, and once at the end, during a sync. */
class SettledTipTest {
    private long now = 1_000_000_000L;
    private final List<Runnable> timers = new ArrayList<>();
    private final List<Long> timerDelays = new ArrayList<>();
    private final SettledTip settled = new SettledTip(() -> now, (r, ms) -> {
        timers.add(r);
        timerDelays.add(ms);
    });
    private final List<Integer> seen = new ArrayList<>();

    {
        settled.property().addListener((o, was, t) -> seen.add(t == null ? null : t.height()));
    }

    private static BlockRef tip(int height) {
        byte[] hash = new byte[32];
        hash[0] = (byte) height;
        hash[1] = (byte) (height >> 8);
        return new BlockRef(hash, height);
    }

    private void at(long ms, int height) {
        now += ms * 1_000_000;
        settled.onTip(tip(height));
    }

    /** Runs the timers started so far (as if their delay passed with no tip in between). */
    private void fireTimers() {
        List<Runnable> due = new ArrayList<>(timers);
        timers.clear();
        due.forEach(Runnable::run);
    }

    @Test
    void slowTipsMoveItAtOnce() {
        at(0, 100);
        at(1_000, 101);
        at(60_000, 102);
        assertEquals(List.of(100, 101, 102), seen);
        assertTrue(timers.isEmpty(), "no timer for a synced node's blocks");
    }

    @Test
    void backToBackTipsMoveItEveryFiveSecondsAndOnceTheyStop() {
        at(0, 100);
        for (int h = 101; h <= 350; h++) {
            at(20, h); // 50 tips a second for 5 s
        }
        // at 0 (the first), and at 5,000 ms (tip 350): 20 ms × 250
        assertEquals(List.of(100, 350), seen);
        for (int h = 351; h <= 400; h++) {
            at(20, h);
        }
        assertEquals(List.of(100, 350), seen, "no move within 5 s of the last");
        assertEquals(SettledTip.FAST_GAP_MS, timerDelays.get(0));
        // the tips stop: only the newest timer moves it, to the last tip
        fireTimers();
        assertEquals(List.of(100, 350, 400), seen);
    }

    @Test
    void aTimerOfAnOlderTipOrAClearedWatcherDoesNothing() {
        at(0, 100);
        at(20, 101);
        List<Runnable> first = new ArrayList<>(timers);
        timers.clear();
        at(20, 102);
        first.forEach(Runnable::run);
        assertEquals(List.of(100), seen, "the timer of tip 101, which a newer tip followed");
        settled.clear();
        fireTimers();
        assertEquals(java.util.Arrays.asList(100, null), seen);
        assertNull(settled.property().get());
        // after a new connection the first tip moves it at once again
        at(20, 200);
        assertEquals(java.util.Arrays.asList(100, null, 200), seen);
    }
}
