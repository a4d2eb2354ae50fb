package org.bitcoinfx.gui.node;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.bitcoinfx.gui.settings.Settings;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.node.NodeArgs;
import org.bitcoinfx.node.NodeBinary;
import org.bitcoinfx.node.NodeConfig;
import org.bitcoinfx.node.NodeConnector;
import org.bitcoinfx.node.NodeCrash;
import org.bitcoinfx.node.NodeEvents;
import org.bitcoinfx.node.NodeLauncher;
import org.bitcoinfx.node.NodeLocator;
import org.bitcoinfx.node.NodeNotFoundException;
import org.bitcoinfx.node.NodeStartException;
import org.bitcoinfx.node.NodeState;
import org.bitcoinfx.node.NodeSupervisor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real {@link NodeBackend}: bundled-node's {@link NodeLocator} finds bitcoin-node, a
 * {@link NodeSupervisor} spawns it (private 0700 runtime directory, {@code -ipcbind=unix:…},
 * {@code -server=0}) or attaches to a running one ({@code --connect unix:PATH}), and
 * {@link NodeConnector#ipc()} ({@link IpcNodeClient}) is the {@link NodeConnector}. Registered for {@link NodeBackends}
 * in {@code META-INF/services/org.bitcoinfx.gui.node.NodeBackend}.
 *
 * <p>States: {@link NodeState#STARTING} while looking for the binary and while the node
 * initialises (message: its init message, e.g. "Loading block index…"), {@link NodeState#CONNECTING}
 * after "Done loading" or when attaching, again STARTING with the node's warm-up step while its RPCs
 * still answer -28 (RPC_IN_WARMUP: IPC answers long before the chainstate is loaded),
 * {@link NodeState#READY} once an RPC answers over IPC,
 * {@link NodeState#STOPPING}/{@link NodeState#STOPPED} around {@link #stop()},
 * {@link NodeState#CRASHED} when the child exits unasked after READY (exit code or signal, last log lines), and
 * {@link NodeState#ERROR} when no usable binary is found (the places tried), the start fails (why,
 * and the last log lines) or an attached node's socket goes away. A child that exits before READY
 * (a setting it refuses, a kill during warm-up) is always a failed start, ERROR, whichever thread sees
 * the exit first: the supervisor's crash event then only notes it, and the start's own failure has
 * the last word; a crash event that comes after a failed start or a stop changes nothing.
 *
 * <p>The app gets its own IPC connection; the supervisor keeps another for the {@code stop} RPC, so
 * the app may close its client before calling {@link #stop()}. Log lines are the node's
 * {@code debug.log} (untagged) and its stdout/stderr (tagged {@code [stdout] }/{@code [stderr] }), plus
 * this backend's own notes (tagged {@code [bitcoinfx] }). Thread-safe; nothing blocks the caller.
 */
public final class BundledNodeBackend implements NodeBackend {
    private static final Logger LOG = LoggerFactory.getLogger(BundledNodeBackend.class);
    /** Log lines kept for {@link #recentLog}. */
    public static final int LOG_CAPACITY = NodeLogFeed.CAPACITY;
    /** Tag of the lines this backend adds to the node log. */
    public static final String OWN_TAG = NodeLogFeed.OWN_TAG;
    /** Upper bound for reading the last init progress lines before READY ({@link NodeSupervisor#catchUpInitProgress}). */
    static final Duration INIT_PROGRESS_CATCH_UP = Duration.ofSeconds(5);

    private final NodeConnector connector;
    private final Path runtimeParent;
    private final Duration readyTimeout;
    private final ExecutorService worker = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bitcoinfx-backend");
        t.setDaemon(true);
        return t;
    });
    private final NodeLogFeed log = new NodeLogFeed();
    private final NodeIdentity identity;
    private final Object lock = new Object();

    /** The app-facing status and life cycle (the supervisor's plus warm-up); set only with {@link #lock} held. */
    private final NodeStatusBoard board = new NodeStatusBoard("backend");

    // guarded by lock
    private long generation;
    private NodeSupervisor supervisor;
    private CompletableFuture<Void> stopping;
    private Path attachSocket;
    private boolean killed;
    /** The child's exit seen by the crash event while this generation's start was still running; null if none. */
    private NodeCrash startCrash;
    /** This generation's start reached READY: from then on an exit is a crash, before it a failed start. */
    private boolean reachedReady;

    private volatile ProcessHandle child;
    private volatile Path socket;

    /**
     * Wraps the listener this backend gives each supervisor; the identity but in tests, which hold or
     * observe its events (a crash delivered before or after the start's own failure) to run both orders.
     */
    volatile java.util.function.UnaryOperator<NodeEvents> eventTap = java.util.function.UnaryOperator.identity();

    /** For {@link java.util.ServiceLoader}: the system locator and the real Cap'n Proto client. */
    public BundledNodeBackend() {
        this(NodeLocator.system(), NodeConnector.ipc(), null, NodeConfig.DEFAULT_READY_TIMEOUT);
    }

    /**
     * A backend with its parts given (tests, the self-test).
     *
     * @param locator       finds bitcoin-node
     * @param connector     opens IPC connections
     * @param runtimeParent where private runtime directories are made; null for bundled-node's default
     *                      ({@code $XDG_RUNTIME_DIR} or {@code /tmp})
     * @param readyTimeout  how long a spawned node may take until Echo answers over IPC
     */
    public BundledNodeBackend(NodeLocator locator, NodeConnector connector, Path runtimeParent, Duration readyTimeout) {
        this.identity = new NodeIdentity(Objects.requireNonNull(locator, "locator"));
        this.connector = Objects.requireNonNull(connector, "connector");
        this.runtimeParent = runtimeParent;
        this.readyTimeout = Objects.requireNonNull(readyTimeout, "readyTimeout");
    }

    @Override
    public void setAttachSocket(Path socket) {
        synchronized (lock) {
            attachSocket = socket;
        }
    }

    /** @return the socket of attach mode, if set */
    public Optional<Path> attachSocket() {
        synchronized (lock) {
            return Optional.ofNullable(attachSocket);
        }
    }

    /**
     * What bitcoin-node is launched with for {@code settings}: the datadir (the settings' or
     * {@link Settings#defaultDataDir()}), chain, {@code -prune=} (MiB, when above 0) and the extra
     * arguments. {@link NodeConfig#commandLine} then adds {@code -ipcbind=unix:<0700 dir>/node.sock},
     * {@code -server=0} and {@code -printtoconsole=0}.
     *
     * @throws IllegalArgumentException for an extra argument Bitcoin FX sets itself or refuses
     *                                  ({@code -server}, {@code -rpcport}, {@code -datadir}, …), or a prune target over 2^31 MiB
     */
    public NodeConfig nodeConfig(NodeSettings settings) {
        return settings.toNodeConfig(readyTimeout, runtimeParent);
    }

    @Override
    public CompletableFuture<NodeClient> start(NodeSettings settings) {
        Objects.requireNonNull(settings, "settings");
        long gen;
        Path attach;
        synchronized (lock) {
            NodeState st = board.state();
            if (st.isActive()) {
                return CompletableFuture.failedFuture(new IllegalStateException(
                        "bitcoin-node is already " + st.name().toLowerCase(java.util.Locale.ROOT) + "; stop it first"));
            }
            gen = ++generation;
            attach = attachSocket;
            killed = false;
            startCrash = null;
            reachedReady = false;
            board.set(NodeStatus.of(NodeState.STARTING, attach != null ? "Connecting to " + attach + "…" : "Looking for bitcoin-node…"));
        }
        CompletableFuture<NodeClient> f = new CompletableFuture<>();
        worker.execute(() -> runStart(gen, settings, attach, f));
        return f;
    }

    private void runStart(long gen, NodeSettings settings, Path attach, CompletableFuture<NodeClient> f) {
        NodeSupervisor sup = null;
        try {
            if (attach != null) {
                log.note("Attaching to the bitcoin-node at " + attach + " (--connect); it is not ours to stop");
                sup = NodeSupervisor.attaching(attach, connector);
            } else {
                NodeBinary b = identity.locate(settings.nodeBinary());
                NodeConfig config = nodeConfig(settings);
                log.note("Starting " + NodeArgs.toLogString(config.commandLine(b.path(), Path.of("<runtime dir>", "node.sock"))));
                sup = NodeSupervisor.spawning(new NodeLauncher(b, connector), config);
            }
            sup.addListener(eventTap.apply(new Events(gen, sup)));
            synchronized (lock) {
                if (gen != generation) {
                    throw new NodeStartException("Start cancelled: a stop was requested");
                }
                supervisor = sup;
                if (attach == null) {
                    board.set(NodeStatus.of(NodeState.STARTING, "Starting bitcoin-node " + identity.version().orElse("") + "…"));
                }
            }
            sup.start();
            Path socket = sup.socket().orElseThrow();
            this.socket = socket;
            NodeClient appClient = connector.connect(socket);
            sup.closeAtShutdownDone(appClient); // one opened as the node's init fails would keep it from exiting
            try {
                NodeWarmup.await(appClient, () -> {
                    synchronized (lock) {
                        return gen != generation;
                    }
                }, step -> {
                    synchronized (lock) {
                        NodeState st = board.state();
                        if (gen == generation && startCrash == null && (st == NodeState.STARTING || st == NodeState.CONNECTING)) {
                            board.set(NodeStatus.of(NodeState.STARTING, step));
                        }
                    }
                });
                // the progress lines written before warm-up ended are shown, in order, before READY
                sup.catchUpInitProgress(INIT_PROGRESS_CATCH_UP);
            } catch (InterruptedException e) {
                appClient.close();
                Thread.currentThread().interrupt();
                throw new NodeStartException("Interrupted while bitcoin-node warms up", e);
            } catch (IOException | NodeStartException | RuntimeException e) {
                appClient.close();
                throw e;
            }
            synchronized (lock) {
                NodeState st = board.state();
                if (gen != generation || startCrash != null || (st != NodeState.STARTING && st != NodeState.CONNECTING)) {
                    appClient.close();
                    throw new NodeStartException(gen != generation ? "Start cancelled: a stop was requested"
                            : startCrash != null ? NodeProblemMessages.crashMessage(startCrash, " during startup", outputOf(sup))
                            : "bitcoin-node went away while connecting: " + board.get().message());
                }
                reachedReady = true;
                board.set(NodeStatus.of(NodeState.READY, ""));
            }
            log.note("Connected over IPC on " + socket);
            if (attach != null) {
                log.followAttached(socket);
                identity.learnAttachedVersion(appClient);
            }
            f.complete(appClient);
        } catch (NodeNotFoundException e) {
            String msg = NodeProblemMessages.noNodeMessage(e);
            log.note(identity.notFoundReason());
            failStart(gen, f, NodeStatus.error(msg, NodeProblemMessages.placesTried(e)), e);
        } catch (NodeStartException e) {
            if (sup != null) {
                log.follow(sup); // the lines of a node that failed at once, before its "started" event
            }
            String summary = NodeProblemMessages.startFailure(e, outputOf(sup));
            log.note("Start failed: " + summary);
            failStart(gen, f, NodeStatus.error(summary, NodeLogFeed.untag(e.lastLogLines().isEmpty() && sup != null ? sup.lastLogLines(20) : e.lastLogLines())), e);
        } catch (IllegalArgumentException e) {
            String msg = "Cannot start bitcoin-node: " + e.getMessage() + ". Fix it in Settings → Extra arguments.";
            log.note(msg);
            failStart(gen, f, NodeStatus.error(msg, List.of()), e);
        } catch (IOException | RuntimeException e) {
            String ipcFailure = "Cannot connect to bitcoin-node over IPC: " + e.getMessage();
            String msg = ipcFailure;
            LOG.error("node start failed", e);
            log.note(msg);
            if (sup != null) {
                // stop the child before showing ERROR: a Restart from the banner must find the datadir free
                stopAfterFailedStart(gen, sup);
                msg = sup.lastProcess().map(np -> NodeProblemMessages.exitedDuringStartMessage(np, ipcFailure)).orElse(ipcFailure);
            }
            failStart(gen, f, NodeStatus.error(msg, sup != null ? NodeLogFeed.untag(sup.lastLogLines(20)) : List.of()), e);
        }
    }

    /** On this (worker) thread: STOPPING while the child of a failed start shuts down, and it is gone on return. */
    /** The stdout and stderr lines of {@code sup}'s current or last child, where the node writes why it stopped; none when attached. */
    private static List<String> outputOf(NodeSupervisor sup) {
        return sup == null ? List.of() : sup.lastProcess().map(np -> np.output().all()).orElse(List.of());
    }

    private void stopAfterFailedStart(long gen, NodeSupervisor sup) {
        synchronized (lock) {
            if (gen == generation) {
                board.set(NodeStatus.of(NodeState.STOPPING, "Start failed; stopping bitcoin-node…"));
            }
        }
        try {
            sup.close();
        } catch (RuntimeException stopFailed) {
            LOG.error("stopping bitcoin-node after a failed start failed", stopFailed);
        }
        synchronized (lock) {
            if (supervisor == sup) {
                supervisor = null;
            }
        }
    }

    /**
     * Ends this generation's start: ERROR with {@code error}, or STOPPED "killed" after {@link #kill()}.
     * Never CRASHED: an exit during start-up is the start's failure, and the crash event leaves it to this.
     */
    private void failStart(long gen, CompletableFuture<NodeClient> f, NodeStatus error, Exception e) {
        synchronized (lock) {
            if (gen == generation) {
                board.set(killed ? NodeStatus.of(NodeState.STOPPED, "killed") : error);
            }
        }
        f.completeExceptionally(e);
    }

    @Override
    public CompletableFuture<Void> stop() {
        NodeSupervisor sup;
        synchronized (lock) {
            if (stopping != null) {
                return stopping;
            }
            generation++; // a start in progress gives up
            sup = supervisor;
            supervisor = null;
            if (sup == null) {
                if (board.state() != NodeState.STOPPED) {
                    board.set(NodeStatus.of(NodeState.STOPPED, ""));
                }
                return CompletableFuture.completedFuture(null);
            }
            board.set(NodeStatus.of(NodeState.STOPPING, "Shutting down…"));
            stopping = new CompletableFuture<>();
        }
        CompletableFuture<Void> done = stopping;
        worker.execute(() -> {
            OptionalInt code = OptionalInt.empty();
            try {
                log.note("Stopping bitcoin-node");
                code = sup.stop();
                sup.close(); // its event thread too
            } catch (RuntimeException e) {
                LOG.error("stopping bitcoin-node failed", e);
            } finally {
                log.stopAttached();
                OptionalInt c = code;
                boolean wasKilled;
                synchronized (lock) {
                    wasKilled = killed;
                    stopping = null;
                    board.set(NodeStatus.of(NodeState.STOPPED, wasKilled ? "killed" : c.isPresent() && c.getAsInt() != 0
                            ? "bitcoin-node exited with code " + c.getAsInt() : ""));
                }
                log.note(c.isPresent() ? "bitcoin-node exited with code " + c.getAsInt() : "Disconnected");
                done.complete(null);
            }
        });
        return done;
    }

    /**
     * SIGKILL for the spawned child (also while a stop is under way); in attach mode, or before the
     * child exists, a {@link #stop()} instead. The state ends as STOPPED "killed". The only way this
     * backend ever SIGKILLs bitcoin-node: {@link #stop()} waits for a clean exit however long it takes;
     * call this only after the user chose to kill it (the shutdown view's "Kill bitcoin-node").
     */
    @Override
    public void kill() {
        NodeSupervisor sup;
        boolean stopUnderWay;
        synchronized (lock) {
            killed = true;
            sup = supervisor;
            stopUnderWay = stopping != null;
        }
        ProcessHandle c = child;
        if (c != null && c.isAlive()) {
            LOG.warn("Killing bitcoin-node (pid {}) with SIGKILL", c.pid());
            log.note("Killing bitcoin-node (pid " + c.pid() + ") with SIGKILL");
            c.destroyForcibly(); // the handle knows the start time: a reused pid is never hit
        } else if (sup != null && !stopUnderWay) {
            stop();
        }
    }

    @Override
    public void reportFailure(String message) {
        synchronized (lock) {
            NodeState st = board.state();
            if (st.isProblem() || st == NodeState.STOPPING || st == NodeState.STOPPED) {
                LOG.info("failure reported in state {}, not shown: {}", st, message);
                return;
            }
            log.note(message);
            board.set(NodeStatus.error(message, NodeLogFeed.untag(log.recent(20))));
        }
    }

    @Override
    public void refuseStart(String message) {
        synchronized (lock) {
            if (board.state().isActive()) {
                LOG.warn("start refused while {}: {}", board.state(), message);
                return;
            }
            log.note(message);
            board.set(NodeStatus.of(NodeState.STARTING, "Checking the settings…"));
            board.set(NodeStatus.error(message, List.of()));
        }
    }

    @Override
    public NodeStatus status() {
        return board.get();
    }

    @Override
    public void addStatusListener(Consumer<NodeStatus> listener) {
        board.addListener(listener);
    }

    @Override
    public void removeStatusListener(Consumer<NodeStatus> listener) {
        board.removeListener(listener);
    }

    @Override
    public void addLogListener(Consumer<String> listener) {
        log.addListener(listener);
    }

    @Override
    public void removeLogListener(Consumer<String> listener) {
        log.removeListener(listener);
    }

    @Override
    public List<String> recentLog(int max) {
        return log.recent(max);
    }

    @Override
    public Optional<Path> findNodeBinary(Path configured) {
        return identity.find(configured);
    }

    @Override
    public String notFoundReason() {
        return identity.notFoundReason();
    }

    @Override
    public Optional<Path> nodePath() {
        Optional<NodeBinary> b = identity.binary();
        if (b.isPresent()) {
            return Optional.of(b.get().path());
        }
        synchronized (lock) {
            return Optional.ofNullable(attachSocket);
        }
    }

    @Override
    public Optional<String> nodeVersion() {
        return identity.version();
    }

    @Override
    public Optional<Path> ipcSocket() {
        return status().state() == NodeState.READY ? socket() : Optional.empty();
    }

    /** @return the IPC socket of the current or last node, once it was ready */
    public Optional<Path> socket() {
        return Optional.ofNullable(socket);
    }

    /** @return the current or last spawned bitcoin-node process; empty in attach mode or before a spawn */
    public Optional<ProcessHandle> child() {
        return Optional.ofNullable(child);
    }

    /** Maps one supervisor's events to states; events of an older start are ignored. */
    private final class Events implements NodeEvents {
        private final long gen;
        private final NodeSupervisor sup;

        Events(long gen, NodeSupervisor sup) {
            this.gen = gen;
            this.sup = sup;
        }

        @Override
        public void started(long pid) {
            child = ProcessHandle.of(pid).orElse(null);
            log.note("bitcoin-node started, pid " + pid);
            log.follow(sup);
        }

        @Override
        public void progress(String message) {
            synchronized (lock) {
                NodeState st = board.state();
                if (gen != generation || (st != NodeState.STARTING && st != NodeState.CONNECTING)) {
                    return;
                }
                if (message.startsWith("Done loading")) {
                    board.set(NodeStatus.of(NodeState.CONNECTING, "Connecting over IPC…"));
                } else {
                    board.set(NodeStatus.of(NodeState.STARTING, message));
                }
            }
        }

        @Override
        public void attached(Path socket) {
            log.note("Attached to the bitcoin-node at " + socket + " instead of starting one");
            synchronized (lock) {
                if (gen == generation && board.state() == NodeState.STARTING) {
                    board.set(NodeStatus.of(NodeState.CONNECTING, "Attached to the bitcoin-node already running at " + socket));
                }
            }
        }

        @Override
        public void stillStopping(Duration sinceSigterm) {
            String msg = "bitcoin-node is still saving its state (" + sinceSigterm.toSeconds() + " s after SIGTERM); waiting for it";
            log.note(msg);
            synchronized (lock) {
                if (board.state() == NodeState.STOPPING) {
                    board.set(NodeStatus.of(NodeState.STOPPING, "Shutting down… " + msg));
                }
            }
        }

        @Override
        public void crashed(NodeCrash crash) {
            String msg = NodeProblemMessages.crashMessage(crash, "", outputOf(sup));
            log.note(msg);
            synchronized (lock) {
                if (gen != generation) {
                    return;
                }
                if (supervisor == sup) {
                    supervisor = null;
                }
                NodeState st = board.state();
                if (!reachedReady) {
                    if (st == NodeState.STARTING || st == NodeState.CONNECTING) {
                        // the start under way sees the exit too (its IPC connection breaks, or its last check
                        // finds startCrash) and ends as a failed start: ERROR with the exit and the last lines
                        startCrash = crash;
                        board.set(NodeStatus.of(st, msg + "; ending the start…"));
                    }
                    return; // else the failed start, or its stop, is under way or done: it has the last word
                }
                if (st == NodeState.STOPPING) {
                    return; // the user's stop is under way: it ends in STOPPED itself
                }
                if (killed) {
                    board.set(NodeStatus.of(NodeState.STOPPED, "killed"));
                } else if (crash.pid().isEmpty()) {
                    board.set(NodeStatus.error(msg, NodeLogFeed.untag(crash.lastLogLines())));
                } else {
                    board.set(new NodeStatus(NodeState.CRASHED, msg, NodeLogFeed.untag(crash.lastLogLines()),
                            crash.exitCode().isPresent() ? crash.exitCode().getAsInt() : null, crash.detectedAt()));
                }
            }
            log.stopAttached();
        }
    }


}
