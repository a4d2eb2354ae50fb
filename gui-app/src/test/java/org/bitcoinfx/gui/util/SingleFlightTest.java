package org.bitcoinfx.gui.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** At most one run in flight; requests meanwhile make one more run, not a pile. */
class SingleFlightTest {
    @Test
    void requestsWhileARunIsOutMakeOneMoreRun() {
        List<CompletableFuture<Void>> runs = new ArrayList<>();
        SingleFlight g = new SingleFlight(() -> {
            CompletableFuture<Void> f = new CompletableFuture<>();
            runs.add(f);
            return f;
        }, Runnable::run);
        g.request();
        for (int i = 0; i < 100; i++) {
            g.request(); // a node that stops answering: polls keep coming
        }
        assertEquals(1, runs.size());
        assertTrue(g.inFlight());
        runs.get(0).completeExceptionally(new RuntimeException("disconnected"));
        assertEquals(2, runs.size(), "one more run for the hundred requests");
        runs.get(1).complete(null);
        assertEquals(2, runs.size());
        assertFalse(g.inFlight());
        g.request();
        assertEquals(3, runs.size());
        assertEquals(3, g.runs());
    }

    @Test
    void aTaskThatThrowsEndsItsRun() {
        int[] calls = {0};
        SingleFlight g = new SingleFlight(() -> {
            calls[0]++;
            throw new IllegalStateException("no client");
        }, Runnable::run);
        g.request();
        g.request();
        assertEquals(2, calls[0]);
        assertFalse(g.inFlight());
    }
}
