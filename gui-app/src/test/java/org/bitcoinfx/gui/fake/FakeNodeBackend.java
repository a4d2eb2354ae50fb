package org.bitcoinfx.gui.fake;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.bitcoinfx.gui.node.NodeBackend;
import org.bitcoinfx.gui.node.NodeSettings;
import org.bitcoinfx.gui.node.NodeStatus;
import org.bitcoinfx.ipc.BlockRef;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.node.NodeLifecycle;
import org.bitcoinfx.node.NodeState;
import org.bitcoinfx.node.fake.FakeChain;
import org.bitcoinfx.node.fake.FakeNode;

/**
 * A test-double {@link NodeBackend} over bundled-node's {@link FakeNode}, started in this JVM: it
 * walks STARTING → CONNECTING → READY on short timers (with log lines like bitcoin-node's), then
 * starts a FakeNode on the settings' chain and a fresh temporary datadir and connects a real
 * {@link org.bitcoinfx.ipc.IpcNodeClient} to its socket ({@link FakeNodeConnection}), so the app
 * talks real Cap'n Proto. The client handed to the app is a
 * {@link RecordingNodeClient} (call recording and fault injection); tests drive the chain through
 * {@link #node()}. Can be made to crash, fail to start, or look like an old node or one in IBD.
 * Each started node has {@link FakeNodeConnection#DEMO_WALLET}, funded as the demo and the console
 * and wallet tests expect.
 */
public final class FakeNodeBackend implements NodeBackend {
    private final ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fake-backend");
        t.setDaemon(true);
        return t;
    });
    private final List<Consumer<NodeStatus>> statusListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> logListeners = new CopyOnWriteArrayList<>();
    private final Deque<String> log = new ArrayDeque<>();
    private final int initialBlocks;
    private final long stepMillis;
    /** The same life cycle as the real backend's: a move the table does not allow throws here too. */
    private final NodeLifecycle lifecycle = new NodeLifecycle("fake backend", NodeState.STOPPED);
    private volatile NodeStatus status = NodeStatus.of(NodeState.STOPPED, "");
    private volatile RecordingNodeClient client;
    private volatile FakeNodeConnection connection;
    private volatile String failNextStart;
    private volatile NodeSettings lastSettings;
    private volatile int starts;
    private volatile int headersAhead;
    private volatile long stopMillis = -1;
    private volatile boolean oldNode;
    /** Follows the fake's debug.log into this log while the settings ask for debug logging. */
    private volatile org.bitcoinfx.node.DebugLogTailer tailer;

    /** @param initialBlocks blocks on the fake chain; @param stepMillis delay of each start-up step, ms */
    private String holdOnNextStart;

    public FakeNodeBackend(int initialBlocks, long stepMillis) {
        this.initialBlocks = initialBlocks;
        this.stepMillis = stepMillis;
    }

    /** @return the client handed to the app (recording, fault injection), or null before READY */
    public RecordingNodeClient client() {
        return client;
    }

    /** @return the running fake node (its chain, mempool, wallets), or null before READY */
    public FakeNode node() {
        FakeNodeConnection c = connection;
        return c == null ? null : c.node();
    }

    /** @return the settings of the last start, or null */
    public NodeSettings lastSettings() {
        return lastSettings;
    }

    /** @return how many times start was called */
    public int starts() {
        return starts;
    }

    /** Makes nodes started from now on be in initial block download, {@code n} headers beyond their blocks ({@code -fakeibd}). */
    public void setHeadersAhead(int n) {
        headersAhead = n;
    }

    /** Makes clients started from now on look like a node with an older IPC schema ({@link RecordingNodeClient#setOldNode}). */
    public void setOldNode(boolean old) {
        oldNode = old;
    }

    /** Makes stop take {@code ms} milliseconds (default: the start-up step). */
    public void setStopMillis(long ms) {
        stopMillis = ms;
    }

    /**
     * Holds the answers to {@code method} on the next start's client from its first call ({@link RecordingNodeClient#holdRpc}):
     * what the app shows of a new connection before the node has answered.
     */
    public synchronized void holdOnNextStart(String method) {
        holdOnNextStart = method;
    }

    /** Makes the next start fail with ERROR and {@code message}. */
    public void failNextStart(String message) {
        failNextStart = message;
    }

    @Override
    public synchronized CompletableFuture<NodeClient> start(NodeSettings settings) {
        starts++;
        lastSettings = settings;
        CompletableFuture<NodeClient> f = new CompletableFuture<>();
        String fail = failNextStart;
        failNextStart = null;
        log("Bitcoin Core version v32.0.0 (release build)");
        log("Using data directory " + settings.dataDir());
        log("Command-line arg: chain=\"" + settings.chain().cliName() + "\"");
        setStatus(NodeStatus.of(NodeState.STARTING, "Loading block index…"));
        exec.schedule(() -> {
            if (fail != null) {
                log("Error: " + fail);
                setStatus(NodeStatus.error(fail, recentLog(10)));
                f.completeExceptionally(new IllegalStateException(fail));
                return;
            }
            log("Verifying blocks…");
            setStatus(NodeStatus.of(NodeState.STARTING, "Verifying blocks…"));
            exec.schedule(() -> {
                log("init message: Done loading");
                setStatus(NodeStatus.of(NodeState.CONNECTING, ""));
                exec.schedule(() -> {
                    try {
                        // the logging options the app would give the node, so the fake's debug.log has the node's IPC lines
                        List<String> logArgs = settings.toNodeConfig(java.time.Duration.ofSeconds(60), null)
                                .commandLine(java.nio.file.Path.of("bitcoin-node"), java.nio.file.Path.of("node.sock")).stream()
                                .filter(a -> a.startsWith("-debug") || a.startsWith("-logtimemicros")).toList();
                        FakeNodeConnection conn = FakeNodeConnection.start(settings.chain().cliName(), initialBlocks, headersAhead, logArgs);
                        connection = conn;
                        if (!logArgs.isEmpty()) {
                            java.nio.file.Path debugLog = conn.node().state().log().path();
                            tailer = new org.bitcoinfx.node.DebugLogTailer(debugLog, 0, java.time.Duration.ofMillis(100), this::logRaw);
                        }
                        RecordingNodeClient c = conn.client();
                        c.setOldNode(oldNode);
                        synchronized (this) {
                            if (holdOnNextStart != null) {
                                c.holdRpc(holdOnNextStart);
                                holdOnNextStart = null;
                            }
                        }
                        client = c;
                        log("ipc: accepted connection on unix socket");
                        setStatus(NodeStatus.of(NodeState.READY, ""));
                        f.complete(c);
                    } catch (IOException | RuntimeException e) {
                        log("Error: " + e.getMessage());
                        setStatus(NodeStatus.error(String.valueOf(e.getMessage()), recentLog(10)));
                        f.completeExceptionally(e);
                    }
                }, stepMillis, TimeUnit.MILLISECONDS);
            }, stepMillis, TimeUnit.MILLISECONDS);
        }, stepMillis, TimeUnit.MILLISECONDS);
        return f;
    }

    /** Mines blocks on the fake node and logs UpdateTip lines like bitcoin-node. @return the new tip */
    public BlockRef generate(int n) {
        FakeChain.Entry t = node().generate(n);
        log("UpdateTip: new best=" + t.hashHex() + " height=" + t.height() + " version=0x20000000 log2_work=" + (t.height() + 1)
                + " tx=" + (t.height() * 7) + " date='" + Instant.ofEpochSecond(t.block().time()) + "' progress=1.000000");
        return BlockRef.fromDisplayHex(t.hashHex(), t.height());
    }

    /** Simulates the process dying: CRASHED with the exit code and last log lines; the connection ends. */
    public void crash(int exitCode) {
        log("EXCEPTION: St13runtime_error       fake failure for a test       bitcoin in ThreadImport");
        log("terminate called after throwing an instance of 'std::runtime_error'");
        RecordingNodeClient c = client;
        client = null;
        setStatus(NodeStatus.crashed(exitCode, recentLog(10)));
        if (c != null) {
            c.disconnect("bitcoin-node exited");
        }
        closeNode();
    }

    @Override
    public CompletableFuture<Void> stop() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        setStatus(NodeStatus.of(NodeState.STOPPING, "Shutting down…"));
        log("Shutdown: In progress...");
        exec.schedule(() -> {
            closeClientAndNode();
            log("Shutdown: done");
            setStatus(NodeStatus.of(NodeState.STOPPED, ""));
            f.complete(null);
        }, stopMillis >= 0 ? stopMillis : stepMillis, TimeUnit.MILLISECONDS);
        return f;
    }

    /** {@inheritDoc} As the real backend: STARTING then ERROR, unless a node is active. */
    @Override
    public synchronized void refuseStart(String message) {
        if (status.state().isActive()) {
            return;
        }
        setStatus(NodeStatus.of(NodeState.STARTING, "Checking the settings…"));
        setStatus(NodeStatus.error(message, List.of()));
    }

    /** {@inheritDoc} As the real backend: ERROR unless stopping, stopped or already a problem. */
    @Override
    public synchronized void reportFailure(String message) {
        NodeState st = status.state();
        if (st.isProblem() || st == NodeState.STOPPING || st == NodeState.STOPPED) {
            return;
        }
        setStatus(NodeStatus.error(message, recentLog(20)));
    }

    @Override
    public void kill() {
        closeClientAndNode();
        setStatus(NodeStatus.of(NodeState.STOPPED, "killed"));
    }

    private void closeClientAndNode() {
        client = null;
        closeNode();
    }

    /** Closes the connection and the fake node, if any, and deletes its datadir. */
    private void closeNode() {
        org.bitcoinfx.node.DebugLogTailer t = tailer;
        tailer = null;
        if (t != null) {
            t.close();
        }
        FakeNodeConnection c = connection;
        connection = null;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public NodeStatus status() {
        return status;
    }

    private synchronized void setStatus(NodeStatus s) {
        lifecycle.moveTo(s.state());
        status = s;
        statusListeners.forEach(l -> l.accept(s));
    }

    /** Appends a log line and tells the listeners. */
    public void log(String line) {
        logRaw(Instant.now().toString().substring(0, 19) + "Z " + line);
    }

    /** Adds a line that has its own timestamp (the fake node's debug.log lines, as the real backend passes them). */
    private void logRaw(String l) {
        synchronized (log) {
            log.addLast(l);
            if (log.size() > 1000) {
                log.removeFirst();
            }
        }
        logListeners.forEach(c -> c.accept(l));
    }

    @Override
    public void addStatusListener(Consumer<NodeStatus> listener) {
        statusListeners.add(listener);
    }

    @Override
    public void removeStatusListener(Consumer<NodeStatus> listener) {
        statusListeners.remove(listener);
    }

    @Override
    public void addLogListener(Consumer<String> listener) {
        logListeners.add(listener);
    }

    @Override
    public void removeLogListener(Consumer<String> listener) {
        logListeners.remove(listener);
    }

    @Override
    public List<String> recentLog(int max) {
        synchronized (log) {
            List<String> all = new ArrayList<>(log);
            return List.copyOf(all.subList(Math.max(0, all.size() - max), all.size()));
        }
    }

    @Override
    public Optional<Path> findNodeBinary(Path configured) {
        return Optional.of(configured != null ? configured : Path.of("/opt/bitcoin/bin/bitcoin-node"));
    }

    @Override
    public Optional<Path> nodePath() {
        return Optional.of(Path.of("/opt/bitcoin/bin/bitcoin-node"));
    }

    @Override
    public Optional<String> nodeVersion() {
        return Optional.of("v32.0.0");
    }
}
