package org.bitcoinfx.gui.util;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Runs an asynchronous task with at most one run in flight: a request while a run is out is
 * remembered, and one more run starts when it ends (however many requests came meanwhile). A poll
 * of a node that stops answering thus leaves one call waiting, never a growing pile. Use from one
 * thread (the JavaFX Application Thread); the end of a run is handled on {@code completions}.
 */
public final class SingleFlight {
    private final Supplier<CompletableFuture<?>> task;
    private final Executor completions;
    private boolean running;
    private boolean again;
    private long runs;

    /**
     * @param task        starts one run; its future completes (or fails) when the run is over
     * @param completions where the end of a run is handled: the thread that calls {@link #request}
     *                    ({@code Fx::run} for the JavaFX thread)
     */
    public SingleFlight(Supplier<CompletableFuture<?>> task, Executor completions) {
        this.task = Objects.requireNonNull(task);
        this.completions = Objects.requireNonNull(completions);
    }

    /** Starts a run now, or once the run in flight has ended. */
    public void request() {
        if (running) {
            again = true;
            return;
        }
        start();
    }

    /** @return true while a run is out */
    public boolean inFlight() {
        return running;
    }

    /** @return how many runs were started */
    public long runs() {
        return runs;
    }

    private void start() {
        running = true;
        runs++;
        CompletableFuture<?> f;
        try {
            f = task.get();
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e); // the task reports its own errors; the guard only needs the end
        }
        f.whenComplete((v, e) -> completions.execute(this::ended));
    }

    private void ended() {
        running = false;
        if (again) {
            again = false;
            start();
        }
    }
}
