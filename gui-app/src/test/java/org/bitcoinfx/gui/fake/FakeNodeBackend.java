package org.bitcoinfx.gui.fake;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
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
import org.bitcoinfx.node.NodeState;

/**
 * A {@link NodeBackend} that "starts" a {@link FakeNodeClient}: STARTING → CONNECTING → READY after
 * short delays, with log lines like bitcoin-node's; can be made to crash or fail.
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
    private volatile NodeStatus status = NodeStatus.of(NodeState.STOPPED, "");
    private volatile FakeNodeClient client;
    private volatile String failNextStart;
    private volatile NodeSettings lastSettings;
    private volatile int starts;
    private volatile int headersAhead;
    private volatile long stopMillis = -1;
    private volatile boolean oldNode;

    /** @param initialBlocks blocks on the fake chain; @param stepMillis delay of each start-up step, ms */
    public FakeNodeBackend(int initialBlocks, long stepMillis) {
        this.initialBlocks = initialBlocks;
        this.stepMillis = stepMillis;
    }

    /** @return the current fake client, or null before READY */
    public FakeNodeClient client() {
        return client;
    }

    /** @return the settings of the last start, or null */
    public NodeSettings lastSettings() {
        return lastSettings;
    }

    /** @return how many times start was called */
    public int starts() {
        return starts;
    }

    /** Makes clients started from now on report {@code n} headers beyond their blocks (IBD look). */
    public void setHeadersAhead(int n) {
        headersAhead = n;
    }

    /** Makes clients started from now on speak an older IPC schema. */
    public void setOldNode(boolean old) {
        oldNode = old;
    }

    /** Makes stop take {@code ms} milliseconds (default: the start-up step). */
    public void setStopMillis(long ms) {
        stopMillis = ms;
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
                    FakeNodeClient c = new FakeNodeClient(initialBlocks, settings.chain().cliName());
                    c.setHeadersAhead(headersAhead);
                    c.setOldNode(oldNode);
                    client = c;
                    log("ipc: accepted connection on unix socket");
                    setStatus(NodeStatus.of(NodeState.READY, ""));
                    f.complete(c);
                }, stepMillis, TimeUnit.MILLISECONDS);
            }, stepMillis, TimeUnit.MILLISECONDS);
        }, stepMillis, TimeUnit.MILLISECONDS);
        return f;
    }

    /** Mines blocks on the fake chain and logs UpdateTip lines like bitcoin-node. */
    public BlockRef generate(int n) {
        BlockRef t = client.generate(n);
        log("UpdateTip: new best=" + t.hashHex() + " height=" + t.height() + " version=0x20000000 log2_work=" + (t.height() + 1)
                + " tx=" + (t.height() * 7) + " date='" + LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME) + "' progress=1.000000");
        return t;
    }

    /** Simulates the process dying: CRASHED with the exit code and last log lines; the connection ends. */
    public void crash(int exitCode) {
        log("EXCEPTION: St13runtime_error       fake failure for a test       bitcoin in ThreadImport");
        log("terminate called after throwing an instance of 'std::runtime_error'");
        FakeNodeClient c = client;
        client = null;
        setStatus(NodeStatus.crashed(exitCode, recentLog(10)));
        if (c != null) {
            c.disconnect("bitcoin-node exited");
        }
    }

    @Override
    public CompletableFuture<Void> stop() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        setStatus(NodeStatus.of(NodeState.STOPPING, "Shutting down…"));
        log("Shutdown: In progress...");
        exec.schedule(() -> {
            FakeNodeClient c = client;
            client = null;
            if (c != null) {
                c.close();
            }
            log("Shutdown: done");
            setStatus(NodeStatus.of(NodeState.STOPPED, ""));
            f.complete(null);
        }, stopMillis >= 0 ? stopMillis : stepMillis, TimeUnit.MILLISECONDS);
        return f;
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
        FakeNodeClient c = client;
        client = null;
        if (c != null) {
            c.close();
        }
        setStatus(NodeStatus.of(NodeState.STOPPED, "killed"));
    }

    @Override
    public NodeStatus status() {
        return status;
    }

    /** The same life cycle as the real backend's: a move the table does not allow throws here too. */
    private final org.bitcoinfx.node.NodeLifecycle lifecycle = new org.bitcoinfx.node.NodeLifecycle("fake backend", NodeState.STOPPED);

    private synchronized void setStatus(NodeStatus s) {
        lifecycle.moveTo(s.state());
        status = s;
        statusListeners.forEach(l -> l.accept(s));
    }

    /** Appends a log line and tells the listeners. */
    public void log(String line) {
        String l = java.time.Instant.now().toString().substring(0, 19) + "Z " + line;
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
