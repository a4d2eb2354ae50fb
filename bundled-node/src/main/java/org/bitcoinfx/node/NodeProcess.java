package org.bitcoinfx.node;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.bitcoinfx.ipc.DisconnectedException;
import org.bitcoinfx.ipc.NodeClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bitcoin-node child we spawned (see {@link NodeLauncher#spawn}): the process, its private runtime
 * directory and socket, its captured output and debug.log, and once ready its IPC connection.
 *
 * <p>Log lines are kept in ring buffers of {@value LogRing#DEFAULT_CAPACITY} lines: stdout and
 * stderr together in {@link #output()}, debug.log (from its size at launch) in {@link #debugLog()},
 * and all of them, tagged {@code [stdout]}, {@code [stderr]}, {@code [debug.log]}, in arrival order,
 * in {@link #combinedLog()}.
 */
public final class NodeProcess implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeProcess.class);

    /** The tag of debug.log lines in {@link #combinedLog()}. */
    public static final String DEBUG_LOG_TAG = "[debug.log] ";
    /** How many log lines a startup failure or a crash reports. */
    public static final int REPORTED_LOG_LINES = 50;
    /** Poll interval while waiting for the socket: 100 ms. */
    static final Duration POLL = Duration.ofMillis(100);
    /** Longest wait for one echo while starting: 5 s. */
    static final Duration ECHO_TIMEOUT = Duration.ofSeconds(5);
    /** Longest wait for the reply to the stop RPC: 30 s. */
    static final Duration STOP_RPC_REPLY_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final NodeConfig config;
    private final RuntimeDir runtimeDir;
    private final Instant startedAt;
    private final LogRing output = new LogRing(LogRing.DEFAULT_CAPACITY);
    private final LogRing debugLog = new LogRing(LogRing.DEFAULT_CAPACITY);
    private final LogRing combined = new LogRing(LogRing.DEFAULT_CAPACITY);
    private final Thread stdoutReader;
    private final Thread stderrReader;
    private final DebugLogTailer tailer;
    private volatile Consumer<String> progressListener = m -> { };
    private final Object lineLock = new Object();
    private Consumer<String> lineListener; // guarded by lineLock
    private volatile NodeClient client;
    private volatile boolean closed;
    private volatile boolean doneLoading;
    private volatile boolean shutdownDone; // set under this object's lock, with the hand-over of client
    private final List<NodeClient> closedAtShutdownDone = new ArrayList<>(); // guarded by this object's lock
    private final java.util.Optional<NodeWatchdog> watchdog;

    NodeProcess(Process process, NodeConfig config, RuntimeDir runtimeDir, long debugLogStart, Consumer<String> onProgress) {
        this.process = process;
        setProgressListener(onProgress);
        this.config = config;
        this.runtimeDir = runtimeDir;
        this.startedAt = Instant.now();
        closeQuietly(process.getOutputStream());
        this.stdoutReader = reader(process.getInputStream(), "stdout");
        this.stderrReader = reader(process.getErrorStream(), "stderr");
        this.tailer = new DebugLogTailer(config.debugLog(), debugLogStart, Duration.ofMillis(200), this::onDebugLogLine);
        // SIGTERMs the node if this JVM dies without running its shutdown hooks
        this.watchdog = NodeWatchdog.start(process.toHandle(), runtimeDir.path());
    }

    private static void closeQuietly(java.io.OutputStream s) {
        try {
            s.close();
        } catch (IOException e) {
            log.debug("closing the node's stdin: {}", e.toString());
        }
    }

    private Thread reader(InputStream in, String tag) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.add("[" + tag + "] " + line);
                    addCombined("[" + tag + "] " + line);
                    log.info("bitcoin-node {}: {}", tag, line);
                }
            } catch (IOException e) {
                log.debug("bitcoin-node {} ended: {}", tag, e.toString());
            }
        }, "bitcoinfx-node-" + tag);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void onDebugLogLine(String line) {
        debugLog.add(line);
        addCombined(DEBUG_LOG_TAG + line);
        Optional<String> p = InitProgress.parse(line);
        if (p.isPresent() && p.get().startsWith("Done loading")) {
            doneLoading = true;
        }
        if (isShutdownDone(line)) {
            onShutdownDone();
        }
        if (p.isPresent()) {
            try {
                progressListener.accept(p.get());
            } catch (RuntimeException e) {
                log.error("progress listener failed on '{}'", p.get(), e);
            }
        }
    }

    /**
     * @return true for Bitcoin Core's last {@code Shutdown()} line: {@code "Shutdown done"} ({@code src/init.cpp}
     *         {@code Shutdown}, master 58a7869f86) or {@code "Shutdown: done"} (the {@code __func__} form of older releases)
     */
    static boolean isShutdownDone(String debugLogLine) {
        String s = debugLogLine.stripTrailing();
        return s.endsWith("Shutdown done") || s.endsWith("Shutdown: done");
    }

    /**
     * The node ended its {@code Shutdown()}: it only waits for its IPC event loop now, and that loop runs as long as a
     * client stays connected. {@code Shutdown()} drops the connections open at that point
     * ({@code ipc->disconnectIncoming()}, {@code src/init.cpp}) but the socket still accepts, so a connection made
     * after it (our start-up poll meeting a node whose init failed, say on a taken P2P port) would keep the process
     * alive forever, SIGTERM or not, while we wait for its exit. So ours is closed here; nothing can be asked of the
     * node any more.
     */
    private void onShutdownDone() {
        List<NodeClient> held = new ArrayList<>();
        synchronized (this) {
            shutdownDone = true;
            if (client != null) {
                held.add(client);
            }
            held.addAll(closedAtShutdownDone);
            closedAtShutdownDone.clear();
        }
        for (NodeClient c : held) {
            if (c.isOpen()) {
                log.info("bitcoin-node (pid {}) ended its shutdown; closing an IPC connection of ours, which would keep it from exiting", pid());
                c.close();
            }
        }
    }

    /**
     * Closes {@code c}, another connection of ours to this node (the app's own, opened after ready), when the node
     * ends its shutdown, as its own {@link #client()} is (see {@link #isShutdownDone}); at once if it already has.
     *
     * @param c an open connection to this node's socket
     */
    public void closeAtShutdownDone(NodeClient c) {
        boolean now;
        synchronized (this) {
            now = shutdownDone;
            if (!now) {
                closedAtShutdownDone.add(c);
            }
        }
        if (now) {
            log.info("bitcoin-node (pid {}) has ended its shutdown; closing the connection just opened", pid());
            c.close();
        }
    }

    private void addCombined(String tagged) {
        synchronized (lineLock) {
            combined.add(tagged);
            if (lineListener != null) {
                try {
                    lineListener.accept(tagged);
                } catch (RuntimeException e) {
                    log.error("log line listener failed on '{}'", tagged, e);
                }
            }
        }
    }

    /**
     * Sets who hears every log line as {@link #combinedLog()} gets it (tagged {@code [stdout] },
     * {@code [stderr] }, {@code [debug.log] }). The listener first receives the lines kept so far,
     * then each new line, in order and without gaps; it is called on the reader and tailer threads
     * while a lock is held, so it must return quickly.
     *
     * @param listener the listener, or null to stop listening
     */
    public void setLineListener(Consumer<String> listener) {
        synchronized (lineLock) {
            if (listener != null) {
                for (String l : combined.all()) {
                    listener.accept(l);
                }
            }
            lineListener = listener;
        }
    }

    /** Sets who hears init progress messages from debug.log (called on the tailer thread). */
    public void setProgressListener(Consumer<String> listener) {
        this.progressListener = listener == null ? m -> { } : listener;
    }

    /**
     * Waits until the node is ready: its socket exists, {@code connector.connect} succeeds on a
     * connection served by this process and our uid ({@link SocketPeerCheck}, checked on that
     * connection) and {@code echo("ready")} answers {@code "ready"}. Polls every 100 ms. A node whose
     * debug.log already says its shutdown is done (an init error such as a taken P2P port) is not ready
     * even if it answers: the connection is closed and the wait goes on until the process exits.
     *
     * @param connector opens the IPC connection
     * @param timeout   the longest wait
     * @param cancelled polled; returning true abandons the wait
     * @return the open client, also kept as {@link #client()}
     * @throws NodeStartException if the process exits (with its exit code), the timeout passes, the
     *                            wait is cancelled, or the socket is served by someone else
     *                            ({@link PeerCheckException}); the process is left running:
     *                            the caller stops it
     */
    public NodeClient awaitReady(NodeConnector connector, Duration timeout, BooleanSupplier cancelled) throws NodeStartException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Path socket = socket();
        String lastProblem = "the socket " + socket + " never appeared";
        while (true) {
            if (cancelled.getAsBoolean()) {
                throw failure("Start of bitcoin-node (pid " + pid() + ") was cancelled", null);
            }
            if (!process.isAlive()) {
                int code = process.exitValue();
                if (code > 128 && code < 128 + 65) { // a signal: someone or something (the OOM killer) killed it
                    throw failure("bitcoin-node (pid " + pid() + ") was killed by signal " + (code - 128)
                            + (code == 137 ? " (SIGKILL)" : code == 143 ? " (SIGTERM)" : "") + " during startup. Start it again.", null);
                }
                throw failure("bitcoin-node (pid " + pid() + ") exited with code " + code
                        + " during startup. See the log lines below; fix the cause (a datadir in use, a bad option, a full disk) and start again.", null);
            }
            if (Files.exists(socket) && !shutdownDone) { // once shut down, a connection would only keep it from exiting
                NodeClient c = null;
                try {
                    c = connector.connect(socket, new SocketPeerCheck(socket, pid()).onConnection());
                    long left = Math.max(1, Math.min(ECHO_TIMEOUT.toNanos(), deadline - System.nanoTime()));
                    String answer = c.echo("ready").get(left, TimeUnit.NANOSECONDS);
                    if ("ready".equals(answer)) {
                        tailer.poll(); // debug.log up to now: a node past its Shutdown() still answers echo
                        boolean ready;
                        synchronized (this) {
                            ready = !shutdownDone;
                            if (ready) {
                                client = c;
                            }
                        }
                        if (ready) {
                            log.info("bitcoin-node (pid {}) is ready on {} after {} ms", pid(), socket,
                                    Duration.between(startedAt, Instant.now()).toMillis());
                            return c;
                        }
                        lastProblem = "it ended its shutdown during start-up";
                    } else {
                        lastProblem = "echo(\"ready\") answered \"" + answer + "\"";
                    }
                    c.close();
                } catch (SocketPeerCheck.Refused e) {
                    throw e.reason();
                } catch (IOException | RuntimeException e) {
                    lastProblem = "connecting to " + socket + " failed: " + e;
                    closeClient(c);
                } catch (ExecutionException e) {
                    lastProblem = "echo over " + socket + " failed: " + e.getCause();
                    closeClient(c);
                } catch (TimeoutException e) {
                    lastProblem = "echo over " + socket + " did not answer within " + Durations.human(ECHO_TIMEOUT);
                    closeClient(c);
                } catch (InterruptedException e) {
                    closeClient(c);
                    Thread.currentThread().interrupt();
                    throw failure("Interrupted while waiting for bitcoin-node (pid " + pid() + ") to start", e);
                }
                log.debug("bitcoin-node not ready yet: {}", lastProblem);
            }
            if (System.nanoTime() - deadline > 0) {
                throw failure("bitcoin-node (pid " + pid() + ") did not become ready within " + Durations.human(timeout)
                        + ": " + lastProblem + ". It may still be loading (raise the startup timeout) or be stuck.", null);
            }
            try {
                process.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure("Interrupted while waiting for bitcoin-node (pid " + pid() + ") to start", e);
            }
        }
    }

    private static void closeClient(NodeClient c) {
        if (c != null) {
            c.close();
        }
    }

    private NodeStartException failure(String summary, Throwable cause) {
        if (!process.isAlive()) {
            drainOutput();
        }
        OptionalInt code = process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
        return new NodeStartException(summary, code, combined.last(REPORTED_LOG_LINES), cause);
    }

    /** After exit: lets the readers take the last output, up to 1 s. */
    void drainOutput() {
        try {
            stdoutReader.join(1000);
            stderrReader.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tailer.close(); // one last read of debug.log
    }

    /**
     * Stops the node cleanly and waits for it to exit, <em>never</em> with SIGKILL (that is only
     * {@link #forceKill()}, which the UI offers after asking the user): Bitcoin Core shuts down cleanly
     * on the {@code stop} RPC and on SIGTERM at any stage of its life, and may take minutes to flush
     * its chainstate; a SIGKILL meanwhile can force a re-index.
     * <ol>
     *   <li>Past warm-up ({@code init message: Done loading} in debug.log, which Bitcoin Core writes
     *       right after {@code SetRPCWarmupFinished()}, {@code src/init.cpp}) and connected: the
     *       {@code stop} RPC over IPC, then up to {@code afterStopRpc} for the exit.</li>
     *   <li>During start-up or warm-up (every RPC, {@code stop} included, is refused with -28), with
     *       no connection, if the stop RPC fails, or after {@code afterStopRpc}: SIGTERM
     *       ({@code src/init.cpp} {@code HandleSIGTERM}: the same clean shutdown).</li>
     *   <li>Then it waits for the exit as long as it takes; every {@code slowAfter} it logs that the
     *       node is still shutting down and tells {@code stillStopping} how long it has been since SIGTERM.</li>
     * </ol>
     * Then releases everything ({@link #close()}). If the calling thread is interrupted while
     * waiting, the wait ends (the interrupt status is kept), the node keeps its SIGTERM and clean-up
     * follows its exit.
     *
     * @param afterStopRpc   the longest wait after an answered stop RPC before SIGTERM is sent too
     * @param slowAfter      how often a node still running after SIGTERM is reported
     * @param stillStopping  hears the time since SIGTERM each time {@code slowAfter} passes (on the
     *                       calling thread; must return quickly); may be null
     * @return the exit code (0 for a clean shutdown, 128 + signal number if killed by a signal, e.g.
     *         137 after {@link #forceKill()}), or empty if the wait was interrupted
     */
    public OptionalInt stop(Duration afterStopRpc, Duration slowAfter, Consumer<Duration> stillStopping) {
        Consumer<Duration> slow = stillStopping == null ? d -> { } : stillStopping;
        try {
            if (process.isAlive()) {
                boolean asked = askToStop(afterStopRpc);
                if (asked && waitExit(afterStopRpc)) {
                    log.info("bitcoin-node (pid {}) exited with code {} after the stop RPC", pid(), process.exitValue());
                } else if (process.isAlive()) {
                    if (asked) {
                        log.warn("bitcoin-node (pid {}) did not exit within {} of the stop RPC; sending SIGTERM", pid(), Durations.human(afterStopRpc));
                    }
                    terminate(slowAfter, slow);
                }
            }
        } catch (InterruptedException e) {
            log.warn("Interrupted while stopping bitcoin-node (pid {}); it keeps shutting down after SIGTERM, clean-up follows its exit", pid());
            process.destroy();
            process.onExit().thenRun(this::close);
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
        close();
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /** As {@link #stop(Duration, Duration, Consumer)} with nobody hearing of a slow stop. */
    public OptionalInt stop(Duration afterStopRpc, Duration slowAfter) {
        return stop(afterStopRpc, slowAfter, null);
    }

    /**
     * SIGKILL, at once: only for the user's explicit "Kill bitcoin-node" after a stop took too long
     * (it may force a re-index at the next start). A {@link #stop} waiting on another thread then
     * returns 137. Does nothing if the process has exited.
     */
    public void forceKill() {
        if (process.isAlive()) {
            log.warn("Sending SIGKILL to bitcoin-node (pid {}) at the user's request", pid());
            process.destroyForcibly();
        }
    }

    /**
     * @return true once debug.log said {@code init message: Done loading}: RPC warm-up is over and
     *         the {@code stop} RPC is accepted. Reads debug.log once more first.
     */
    boolean pastWarmup() {
        if (!doneLoading) {
            tailer.poll();
        }
        return doneLoading;
    }

    private boolean askToStop(Duration afterStopRpc) throws InterruptedException {
        NodeClient c = client;
        if (c == null || !c.isOpen()) {
            log.info("bitcoin-node (pid {}) has no IPC connection: sending SIGTERM", pid());
            return false;
        }
        if (!pastWarmup()) {
            log.info("bitcoin-node (pid {}) is still starting (RPC warm-up refuses stop): sending SIGTERM", pid());
            return false;
        }
        log.info("Asking bitcoin-node (pid {}) to stop with the stop RPC over IPC", pid());
        try {
            Duration wait = afterStopRpc.compareTo(STOP_RPC_REPLY_TIMEOUT) < 0 ? afterStopRpc : STOP_RPC_REPLY_TIMEOUT;
            JsonNode reply = c.rpc().call("stop").get(wait.toMillis(), TimeUnit.MILLISECONDS);
            log.info("bitcoin-node (pid {}) answered stop: {}", pid(), reply);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DisconnectedException) {
                log.info("bitcoin-node (pid {}) closed the connection while answering stop; waiting for it to exit", pid());
                return true;
            }
            log.warn("The stop RPC to bitcoin-node (pid {}) failed ({}); sending SIGTERM", pid(), String.valueOf(e.getCause()));
            return false;
        } catch (TimeoutException e) {
            log.warn("The stop RPC to bitcoin-node (pid {}) got no answer; sending SIGTERM", pid());
            return false;
        } catch (RuntimeException e) {
            log.warn("The stop RPC to bitcoin-node (pid {}) could not be sent; sending SIGTERM", pid(), e);
            return false;
        }
    }

    /** SIGTERM, then waits for the exit however long it takes, reporting every {@code slowAfter}; never SIGKILL. */
    void terminate(Duration slowAfter, Consumer<Duration> stillStopping) throws InterruptedException {
        long sentAt = System.nanoTime();
        process.destroy();
        while (!waitExit(slowAfter)) {
            Duration since = Duration.ofNanos(System.nanoTime() - sentAt);
            log.warn("bitcoin-node (pid {}) is still shutting down {} after SIGTERM; waiting (SIGKILL only if the user asks for it)",
                    pid(), Durations.human(since));
            try {
                stillStopping.accept(since);
            } catch (RuntimeException e) {
                log.error("stillStopping listener failed", e);
            }
        }
        int code = process.exitValue();
        if (code == 128 + 9) {
            log.warn("bitcoin-node (pid {}) was killed (exit code {})", pid(), code);
        } else {
            log.info("bitcoin-node (pid {}) exited with code {} after SIGTERM", pid(), code);
        }
    }

    private boolean waitExit(Duration d) throws InterruptedException {
        return process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @return the process id */
    public long pid() {
        return process.pid();
    }

    /** @return the private runtime directory holding the socket */
    public RuntimeDir runtimeDir() {
        return runtimeDir;
    }

    /** @return the IPC socket path given with {@code -ipcbind=unix:} */
    public Path socket() {
        return runtimeDir.socket();
    }

    /** @return the configuration it was started with */
    public NodeConfig config() {
        return config;
    }

    /** @return when it was spawned */
    public Instant startedAt() {
        return startedAt;
    }

    /** @return true while the process runs */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** @return a future completed with the exit code when the process exits (seen at once, via {@link Process#onExit()}) */
    public CompletableFuture<Integer> onExit() {
        return process.onExit().thenApply(Process::exitValue);
    }

    /** @return the IPC client once {@link #awaitReady} succeeded */
    public Optional<NodeClient> client() {
        return Optional.ofNullable(client);
    }

    /** @return stdout and stderr lines, tagged */
    public LogRing output() {
        return output;
    }

    /** @return debug.log lines written since launch */
    public LogRing debugLog() {
        return debugLog;
    }

    /** @return all lines, tagged, in arrival order */
    public LogRing combinedLog() {
        return combined;
    }

    /** @return up to {@code n} most recent lines of {@link #combinedLog()} */
    public List<String> lastLogLines(int n) {
        return combined.last(n);
    }

    /**
     * Releases everything: closes the IPC client, stops following logs, deletes the runtime directory.
     * If the process still runs, sends it SIGTERM first and waits for its exit however long it takes
     * (never SIGKILL: see {@link #stop}; a long wait is logged every {@code termTimeout} of the config),
     * so no orphan is left and the datadir lock is free on return. If interrupted while waiting, clean-up
     * follows the exit instead. Idempotent; never throws.
     */
    @Override
    public void close() {
        if (process.isAlive()) {
            log.warn("Closing while bitcoin-node (pid {}) still runs; sending SIGTERM and waiting for its exit", pid());
            try {
                terminate(config.termTimeout(), d -> { });
            } catch (InterruptedException e) {
                log.warn("Interrupted while waiting for bitcoin-node (pid {}) to exit; clean-up follows its exit", pid());
                process.onExit().thenRun(this::close);
                Thread.currentThread().interrupt();
                return;
            }
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        closeClient(client);
        drainOutput();
        runtimeDir.delete();
        watchdog.ifPresent(NodeWatchdog::close); // after the delete: a JVM killed in between still has the watchdog remove it
    }

    /** @return the watchdog process over this node, if one runs (for tests) */
    java.util.Optional<ProcessHandle> watchdog() {
        return watchdog.map(NodeWatchdog::handle);
    }
}
