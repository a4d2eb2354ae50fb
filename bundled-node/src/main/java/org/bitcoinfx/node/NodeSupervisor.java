package org.bitcoinfx.node;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bitcoinfx.ipc.NodeClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the bitcoin-node the app talks to, for the app's lifetime.
 *
 * <ul>
 *   <li>{@link #spawning}: starts a bitcoin-node child (via {@link NodeLauncher}), or, if a node
 *       already runs on the datadir (its {@code .lock} is held) and answers on
 *       {@code <datadir>/<net>/node.sock}, attaches to it instead of spawning a second one.</li>
 *   <li>{@link #attaching}: {@code --connect unix:/path/node.sock}; manages no process, only the connection.</li>
 * </ul>
 * {@link #start()} blocks until ready (call it off the FX thread); {@link #stop()} asks the node to
 * stop over IPC and escalates to SIGTERM, then SIGKILL (see {@link NodeProcess#stop}). An exit
 * nobody asked for is published as {@link NodeEvents#crashed} as soon as {@link Process#onExit()}
 * sees it. A JVM shutdown hook stops a spawned child, so a normal JVM exit leaves no orphan.
 * Thread-safe.
 */
public final class NodeSupervisor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeSupervisor.class);

    /** How long the idle event thread lingers before it ends: 1 s. */
    static final Duration EVENT_THREAD_IDLE = NodeEventBus.IDLE;
    /** How long an attach may wait for the echo answer: 10 s. */
    static final Duration ATTACH_ECHO_TIMEOUT = NodeAttach.ECHO_TIMEOUT;

    /** How the current node is managed. */
    public enum Mode {
        /** A child this supervisor spawned and will stop. */
        SPAWNED,
        /** A node started by someone else: only the connection is ours. */
        ATTACHED
    }

    private final NodeLauncher launcher;
    private final NodeConfig config;
    private final Path attachSocket;
    private final NodeConnector connector;
    /** Delivers events in order on {@code bitcoinfx-node-events}. */
    private final NodeEventBus events = new NodeEventBus();
    private final Object lock = new Object();

    /** The node's state: its moves are checked against {@link NodeLifecycle#TRANSITIONS}. */
    private final NodeLifecycle lifecycle = new NodeLifecycle("supervisor", NodeState.STOPPED);

    // guarded by lock
    private Mode mode;
    private long generation;
    /** The handling of the last spawned child's exit ({@link #exitHandled()}). */
    private volatile CompletableFuture<Void> exitHandled = CompletableFuture.completedFuture(null);
    private NodeProcess process;
    private NodeProcess lastProcess;
    private NodeClient client;
    private Path socket;
    private final NodeShutdownHook shutdownHook = new NodeShutdownHook(this::stop);
    private CompletableFuture<OptionalInt> stopDone;
    private CompletableFuture<Void> startDone = CompletableFuture.completedFuture(null);

    private NodeSupervisor(NodeLauncher launcher, NodeConfig config, Path attachSocket, NodeConnector connector) {
        this.launcher = launcher;
        this.config = config;
        this.attachSocket = attachSocket;
        this.connector = connector;
    }

    /**
     * A supervisor that spawns bitcoin-node with {@code config}, or attaches to the node already
     * running on that datadir.
     *
     * @param launcher the node binary and IPC connector
     * @param config   datadir, chain, options, timeouts
     */
    public static NodeSupervisor spawning(NodeLauncher launcher, NodeConfig config) {
        return new NodeSupervisor(Objects.requireNonNull(launcher, "launcher"), Objects.requireNonNull(config, "config"),
                null, launcher.connector());
    }

    /**
     * A supervisor that only connects to a node someone else runs ({@code --connect unix:PATH},
     * see {@link ConnectAddress#parse}). {@link #stop()} then just disconnects.
     *
     * @param socket    the node's IPC socket
     * @param connector opens the IPC connection
     */
    public static NodeSupervisor attaching(Path socket, NodeConnector connector) {
        return new NodeSupervisor(null, null, Objects.requireNonNull(socket, "socket"), Objects.requireNonNull(connector, "connector"));
    }

    /** Subscribes to lifecycle events (see {@link NodeEvents} for the threading). */
    public void addListener(NodeEvents listener) {
        events.add(listener);
    }

    /** Unsubscribes. */
    public void removeListener(NodeEvents listener) {
        events.remove(listener);
    }

    /**
     * Starts (or attaches) and blocks until the node answers over IPC, at most the config's ready
     * timeout (default 60 s) plus the time to find out whether the datadir is in use.
     *
     * @return the connected client, also {@link #client()}
     * @throws NodeStartException  if the node exits during startup, does not answer in time, its
     *                             socket belongs to someone else, or a stop was requested meanwhile;
     *                             carries the exit code and last log lines
     * @throws IllegalStateException if already starting, ready or stopping
     */
    public NodeClient start() throws NodeStartException {
        long gen;
        synchronized (lock) {
            if (lifecycle.state().isActive()) {
                throw new IllegalStateException("bitcoin-node is already " + lifecycle.state().name().toLowerCase(java.util.Locale.ROOT));
            }
            lifecycle.moveTo(NodeState.STARTING);
            mode = null;
            gen = ++generation;
            startDone = new CompletableFuture<>();
        }
        CompletableFuture<Void> mine;
        synchronized (lock) {
            mine = startDone;
        }
        try {
            if (attachSocket != null) {
                return attach(gen, attachSocket, "--connect");
            }
            Optional<Path> running = NodeAttach.runningNodeSocket(config);
            if (running.isPresent()) {
                return attach(gen, running.get(), "datadir in use");
            }
            return spawn(gen);
        } catch (NodeStartException e) {
            boolean cancelled;
            synchronized (lock) {
                cancelled = lifecycle.state() != NodeState.STARTING || gen != generation;
                if (!cancelled) {
                    lifecycle.moveTo(NodeState.ERROR);
                }
            }
            if (!cancelled) {
                events.emit(l -> l.startFailed(e));
            }
            throw e;
        } finally {
            mine.complete(null); // a stop() during STARTING waits for this: the child is ours or closed by now
        }
    }

    private NodeClient attach(long gen, Path s, String why) throws NodeStartException {
        NodeClient c = NodeAttach.connect(connector, s, why);
        NodeClient ready = c;
        synchronized (lock) {
            if (lifecycle.state() != NodeState.STARTING || gen != generation) {
                NodeAttach.closeQuietly(ready);
                throw new NodeStartException("Start cancelled: a stop was requested");
            }
            lifecycle.moveTo(NodeState.READY);
            mode = Mode.ATTACHED;
            client = ready;
            socket = s;
        }
        log.info("Attached to the bitcoin-node at {} ({}); it is not ours to stop", s, why);
        ready.closed().whenComplete((v, err) -> onConnectionLost(gen, ready, err));
        events.emit(l -> l.attached(s));
        events.emit(l -> l.ready(ready));
        return ready;
    }

    private NodeClient spawn(long gen) throws NodeStartException {
        // progress lines can arrive before spawn returns: hold them until "started" is queued
        List<String> early = new java.util.ArrayList<>();
        boolean[] open = {false};
        NodeProcess np = launcher.spawn(config, m -> {
            synchronized (early) {
                if (!open[0]) {
                    early.add(m);
                    return;
                }
            }
            events.emit(l -> l.progress(m));
        });
        boolean cancelled;
        synchronized (lock) {
            // a stop() meanwhile waits for this start to end, then stops the child registered here
            process = np;
            lastProcess = np;
            mode = Mode.SPAWNED;
            socket = np.socket();
            shutdownHook.install();
            cancelled = lifecycle.state() != NodeState.STARTING || gen != generation;
        }
        if (cancelled) {
            throw new NodeStartException("Start cancelled: a stop was requested");
        }
        exitHandled = np.onExit().whenCompleteAsync((code, err) -> onProcessExit(gen, np, Instant.now()), r -> daemon(r, "bitcoinfx-node-exit").start())
                .handle((code, err) -> null);
        synchronized (early) {
            events.emit(l -> l.started(np.pid()));
            for (String m : early) {
                events.emit(l -> l.progress(m));
            }
            open[0] = true;
        }
        NodeClient c;
        try {
            c = np.awaitReady(connector, config.readyTimeout(), () -> {
                synchronized (lock) {
                    return lifecycle.state() != NodeState.STARTING || gen != generation;
                }
            });
        } catch (NodeStartException e) {
            boolean stopping;
            synchronized (lock) {
                stopping = lifecycle.state() == NodeState.STOPPING && gen == generation;
                if (!stopping) {
                    process = null;
                    shutdownHook.remove();
                }
            }
            if (!stopping) {
                np.close(); // stops the child if it still runs, removes the runtime dir
            }
            throw e;
        }
        synchronized (lock) {
            if (lifecycle.state() != NodeState.STARTING || gen != generation) {
                throw new NodeStartException("Start cancelled: a stop was requested");
            }
            lifecycle.moveTo(NodeState.READY);
            client = c;
        }
        events.emit(l -> l.ready(c));
        if (!np.isAlive()) {
            // exited between awaitReady and READY: the exit handler saw STARTING and left it to us
            onProcessExit(gen, np, Instant.now());
        }
        return c;
    }

    /**
     * For tests: completes once the exit of the last child spawned has been handled and every event that handling
     * published (a {@link NodeEvents#crashed}, or none for a requested stop or a failed start) has reached the
     * listeners; so the absence of a crash can be asserted.
     */
    CompletableFuture<Void> exitHandled() {
        return exitHandled.thenCompose(v -> events.delivered());
    }

    private void onProcessExit(long gen, NodeProcess np, Instant detectedAt) {
        synchronized (lock) {
            if (gen != generation || np != process || lifecycle.state() != NodeState.READY) {
                return; // a requested stop, a failed start (start() reports it), or an old child
            }
            lifecycle.moveTo(NodeState.CRASHED);
            process = null;
            client = null;
            shutdownHook.remove();
        }
        np.drainOutput();
        int code = np.onExit().join();
        String desc = "bitcoin-node (pid " + np.pid() + ") exited unexpectedly with code " + code
                + (code > 128 ? " (killed by signal " + (code - 128) + ")" : "");
        NodeCrash crash = new NodeCrash(OptionalLong.of(np.pid()), OptionalInt.of(code), np.lastLogLines(NodeProcess.REPORTED_LOG_LINES),
                detectedAt, desc);
        log.error("{}; last log lines:\n  {}", desc, String.join("\n  ", crash.lastLogLines()));
        np.close();
        events.emit(l -> l.crashed(crash));
    }

    private void onConnectionLost(long gen, NodeClient c, Throwable cause) {
        Instant at = Instant.now();
        Path s;
        synchronized (lock) {
            if (gen != generation || c != client || lifecycle.state() != NodeState.READY || mode != Mode.ATTACHED) {
                return;
            }
            lifecycle.moveTo(NodeState.CRASHED);
            client = null;
            s = socket;
        }
        String desc = "The connection to the bitcoin-node at " + s + " was lost" + (cause == null ? "" : ": " + cause.getMessage());
        log.error(desc);
        events.emit(l -> l.crashed(new NodeCrash(OptionalLong.empty(), OptionalInt.empty(), List.of(), at, desc)));
    }

    /**
     * Stops the node and waits for its exit, never with SIGKILL (see {@link NodeProcess#stop}): for
     * a spawned child past warm-up the {@code stop} RPC, then SIGTERM after the config's stop timeout
     * (default 120 s); during start-up or warm-up SIGTERM at once; then it waits as long as the node
     * takes, publishing {@link NodeEvents#stillStopping} every term timeout (default 10 s), until the
     * node exits or {@link #forceKill()} is called. The runtime directory is removed. For an attached
     * node, only disconnects. Cancels a start in progress and returns only once that start has ended
     * and its child has exited, so that a following {@link #start()} finds the datadir lock free. If
     * another thread is already stopping, waits for it. Does nothing if not running.
     *
     * @return the child's exit code (137 after {@link #forceKill()}); empty when attached, not running,
     *         or the wait was interrupted
     */
    public OptionalInt stop() {
        CompletableFuture<OptionalInt> done;
        CompletableFuture<OptionalInt> mine = new CompletableFuture<>();
        CompletableFuture<Void> starting;
        synchronized (lock) {
            if (lifecycle.state() == NodeState.STOPPING) {
                done = stopDone; // another thread is stopping: wait for it below
                starting = null;
            } else if (lifecycle.state() != NodeState.STARTING && lifecycle.state() != NodeState.READY) {
                return OptionalInt.empty();
            } else {
                lifecycle.moveTo(NodeState.STOPPING);
                stopDone = mine;
                done = null;
                starting = startDone;
            }
        }
        if (done != null) {
            return done.join();
        }
        events.emit(NodeEvents::stopping);
        // a start in progress sees STOPPING within 100 ms and gives up; its child (if it spawned one) is then ours to stop
        starting.join();
        NodeProcess np;
        NodeClient c;
        synchronized (lock) {
            np = process;
            c = client;
        }
        OptionalInt code = OptionalInt.empty();
        try {
            if (np != null) {
                log.info("Stopping bitcoin-node (pid {})", np.pid());
                code = np.stop(config.stopTimeout(), config.termTimeout(), d -> events.emit(l -> l.stillStopping(d)));
            } else if (c != null) {
                log.info("Disconnecting from the attached bitcoin-node at {}; it keeps running", socket());
                NodeAttach.closeQuietly(c);
            }
        } finally {
            synchronized (lock) {
                lifecycle.moveTo(NodeState.STOPPED);
                process = null;
                client = null;
                shutdownHook.remove();
            }
            OptionalInt exit = code;
            events.emit(l -> l.stopped(exit));
            mine.complete(code);
        }
        return code;
    }

    /**
     * SIGKILL for the spawned child, at once, also while {@link #stop()} waits for it: only for the
     * user's explicit choice to kill bitcoin-node after a stop took too long (it may force a re-index
     * or block verification at the next start). A waiting stop then returns 137. Does nothing when
     * attached or when no child runs.
     */
    public void forceKill() {
        NodeProcess np;
        synchronized (lock) {
            np = lastProcess;
        }
        if (np != null) {
            np.forceKill();
        }
    }

    /**
     * Stops (if running) and starts again.
     *
     * @return the new client
     * @throws NodeStartException as {@link #start()}
     */
    public NodeClient restart() throws NodeStartException {
        stop();
        return start();
    }

    /** @return the current state */
    public NodeState state() {
        return lifecycle.state();
    }

    /** @return how the current (or last) node is managed; empty before the first start got that far */
    public Optional<Mode> mode() {
        synchronized (lock) {
            return Optional.ofNullable(mode);
        }
    }

    /** @return the connection while {@link State#READY}, else empty */
    public Optional<NodeClient> client() {
        synchronized (lock) {
            return Optional.ofNullable(client);
        }
    }

    /** @return the spawned child's pid while it runs; empty when attached or not running */
    public OptionalLong pid() {
        synchronized (lock) {
            return process == null ? OptionalLong.empty() : OptionalLong.of(process.pid());
        }
    }

    /** @return the IPC socket of the current (or last) node, if any */
    public Optional<Path> socket() {
        synchronized (lock) {
            return Optional.ofNullable(socket);
        }
    }

    /**
     * Has {@code c}, another connection to the spawned child (the app's own), closed when the child ends its shutdown
     * ({@link NodeProcess#closeAtShutdownDone}): a connection bitcoin-node accepted after its {@code Shutdown()} had
     * dropped the others keeps it from exiting. Nothing when attached (not our child) or when no child runs.
     */
    public void closeAtShutdownDone(NodeClient c) {
        NodeProcess np;
        synchronized (lock) {
            np = process;
        }
        if (np != null) {
            np.closeAtShutdownDone(c);
        }
    }

    /** @return up to {@code n} most recent log lines of the current or last spawned child (empty when attached) */
    public List<String> lastLogLines(int n) {
        synchronized (lock) {
            return lastProcess == null ? List.of() : lastProcess.lastLogLines(n);
        }
    }

    /**
     * Brings the init progress up to date before the caller reports the node ready. bitcoin-node
     * ends RPC warm-up and then logs {@code init message: Done loading} (BC {@code src/init.cpp},
     * {@code SetRPCWarmupFinished()} then {@code InitMessage(_("Done loading"))}), and debug.log is
     * otherwise read only every 200 ms: so a fast start could be ready before its progress lines
     * ("Loading block index…", "Done loading") had been heard. This reads debug.log until it says
     * "Done loading" or {@code limit} passes (a node whose debug.log is off), then returns once every
     * event that produced has reached the listeners. Without a spawned child (attach mode) it
     * returns at once.
     *
     * @param limit an upper bound for each of the two waits, e.g. 5 s
     * @throws InterruptedException if interrupted while waiting
     */
    public void catchUpInitProgress(Duration limit) throws InterruptedException {
        NodeProcess np;
        synchronized (lock) {
            np = process;
        }
        if (np == null) {
            return;
        }
        long deadline = System.nanoTime() + limit.toNanos();
        while (!np.pastWarmup() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while reading the node's init progress");
            }
        }
        CompletableFuture<Void> delivered = events.delivered(); // after every event queued so far
        try {
            delivered.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("init progress events not delivered within {} ms", limit.toMillis(), e);
        }
    }

    /** @return the current or last spawned child, for its full logs; empty if none was spawned */
    public Optional<NodeProcess> lastProcess() {
        synchronized (lock) {
            return Optional.ofNullable(lastProcess);
        }
    }

    /** Same as {@link #stop()}; then stops the event thread once queued events are delivered. */
    @Override
    public void close() {
        stop();
        events.shutdown();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
