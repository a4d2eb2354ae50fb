package org.bitcoinfx.node.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link RegtestNetwork#waitWhileProgressing}: the wait for long work that reports progress (a big {@code mempool.dat}
 * loading) goes on as long as the progress moves, however long that takes, and ends with a clear error once it stalls.
 */
class WaitWhileProgressingTest {
    @Test
    void workThatKeepsMovingIsWaitedForPastTheStallBound() {
        AtomicInteger polls = new AtomicInteger();
        long start = System.nanoTime();
        // progress moves at every poll; the work ends only after the stall bound has passed several times over
        RegtestNetwork.waitWhileProgressing("the work", Duration.ofMillis(20),
                () -> polls.get() >= 10 && System.nanoTime() - start > Duration.ofMillis(200).toNanos(),
                polls::incrementAndGet);
        assertTrue(polls.get() >= 10);
    }

    @Test
    void workThatStallsFailsSayingWhatAndWhere() {
        AtomicInteger polls = new AtomicInteger();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> RegtestNetwork.waitWhileProgressing("the mempool load", Duration.ofMillis(100), () -> false,
                        () -> polls.incrementAndGet() < 3 ? polls.get() : "2900/110"));
        assertEquals("timed out waiting for: the mempool load (no progress for 100 ms, at 2900/110)", e.getMessage());
    }
}
