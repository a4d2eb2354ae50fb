package org.bitcoinfx.ipc;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells whether the node still answers: every {@code period} a cheap probe ({@code Echo.echo} on
 * the {@link ServerThread#LIVENESS} Thread, which no other call uses, so it never waits behind a
 * long call of the app's), at most one in flight. A probe that has not answered after
 * {@code deadline} makes the state {@link State#NOT_RESPONDING}; its answer (a result or an error
 * the node sent) makes it {@link State#RESPONDING} again. A probe failing with
 * {@link DisconnectedException} ends the watch without a change: the connection's own
 * {@code closed()} reports that.
 *
 * <p>What it detects: a node process that is stopped or wedged, or whose IPC event loop or thread
 * creation hangs. {@code Echo.echo} takes no node lock ({@code cs_main}, wallet locks), so a node
 * merely busy (a long flush, a rescan) still counts as responding.
 */
public final class NodeLiveness implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeLiveness.class);
    /** Default time between probes. */
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(10);
    /** Default time a probe may take before the node counts as not responding: generous, a loaded machine answers well within it. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);

    /** Whether the node answers. */
    public enum State {
        /** The last probe answered (or none has been late yet). */
        RESPONDING,
        /** A probe has been waiting longer than the deadline. */
        NOT_RESPONDING
    }

    private final Supplier<? extends CompletableFuture<?>> probe;
    private final Duration deadline;
    private final ScheduledExecutorService scheduler;
    private final Consumer<State> listener;
    private final ScheduledFuture<?> ticks;
    private final Object notifying = new Object();
    private CompletableFuture<?> inFlight; // guarded by this
    private State state = State.RESPONDING; // guarded by this
    private boolean closed; // guarded by this

    private NodeLiveness(Supplier<? extends CompletableFuture<?>> probe, Duration period, Duration deadline,
                         ScheduledExecutorService scheduler, Consumer<State> listener) {
        this.probe = Objects.requireNonNull(probe);
        this.deadline = Objects.requireNonNull(deadline);
        this.scheduler = Objects.requireNonNull(scheduler);
        this.listener = Objects.requireNonNull(listener);
        if (period.isNegative() || period.isZero() || deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("period and deadline must be positive: " + period + ", " + deadline);
        }
        this.ticks = scheduler.scheduleWithFixedDelay(this::tick, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Starts watching {@code client} with {@code Echo.echo} on its {@link ServerThread#LIVENESS} Thread.
     *
     * @param period    time between probes (positive)
     * @param deadline  how long a probe may take before the node counts as not responding (positive)
     * @param scheduler runs the probes and deadline checks (never blocked by them)
     * @param listener  called with each change of state, in order, one at a time, on a scheduler or
     *                  connection thread; keep it quick (a change waits for the call before it)
     * @throws IllegalArgumentException for a period or deadline that is not positive
     */
    public static NodeLiveness watch(NodeClient client, Duration period, Duration deadline,
                                     ScheduledExecutorService scheduler, Consumer<State> listener) {
        return watch(() -> client.echo(ServerThread.LIVENESS, "liveness"), period, deadline, scheduler, listener);
    }

    /** As {@link #watch(NodeClient, Duration, Duration, ScheduledExecutorService, Consumer)} with any probe (one call per tick). */
    public static NodeLiveness watch(Supplier<? extends CompletableFuture<?>> probe, Duration period, Duration deadline,
                                     ScheduledExecutorService scheduler, Consumer<State> listener) {
        return new NodeLiveness(probe, period, deadline, scheduler, listener);
    }

    /** @return the current state */
    public synchronized State state() {
        return state;
    }

    private void tick() {
        CompletableFuture<?> p;
        synchronized (this) {
            if (closed || inFlight != null) {
                return; // one probe at a time: a late one is not joined by more
            }
            try {
                p = probe.get();
            } catch (RuntimeException e) {
                p = CompletableFuture.failedFuture(e);
            }
            inFlight = p;
        }
        CompletableFuture<?> mine = p;
        scheduler.schedule(() -> late(mine), deadline.toMillis(), TimeUnit.MILLISECONDS);
        mine.whenComplete((v, e) -> answered(mine, e));
    }

    private void late(CompletableFuture<?> p) {
        if (!p.isDone()) {
            change(p, State.NOT_RESPONDING);
        }
    }

    private void answered(CompletableFuture<?> p, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof DisconnectedException) {
            LOG.debug("liveness probe: the connection closed; watch ends");
            close();
            return;
        }
        if (cause != null) {
            LOG.debug("liveness probe answered with an error (the node still answers): {}", cause.toString());
        }
        synchronized (this) {
            if (inFlight == p) {
                inFlight = null;
            }
        }
        change(p, State.RESPONDING);
    }

    /**
     * Changes the state and tells the listener, one change at a time: a late check and an answer
     * racing on two threads reach the listener in the order their changes were made.
     */
    private void change(CompletableFuture<?> p, State to) {
        synchronized (notifying) {
            synchronized (this) {
                if (closed || state == to || (to == State.NOT_RESPONDING && inFlight != p)) {
                    return;
                }
                state = to;
            }
            LOG.info(to == State.NOT_RESPONDING ? "bitcoin-node has not answered for {} ms" : "bitcoin-node answers again",
                    deadline.toMillis());
            listener.accept(to);
        }
    }

    /** Stops probing; no listener call after it returns (one already running may finish). Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        ticks.cancel(false);
    }
}
