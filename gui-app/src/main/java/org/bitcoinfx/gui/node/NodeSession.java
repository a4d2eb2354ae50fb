package org.bitcoinfx.gui.node;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.bitcoinfx.gui.settings.Settings;
import org.bitcoinfx.gui.util.Fx;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.ipc.OldNodeException;
import org.bitcoinfx.node.NodeState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's view of its node: backend state, the connected {@link NodeClient}, the node log and
 * the tip, all as observable values changed on the JavaFX Application Thread. While a client is
 * connected there is a {@link ConnectionScope} ({@link #scopeProperty()}) that owns what is bound to
 * it (services, polls, the tip watcher's loop) and is closed when the connection ends.
 */
public final class NodeSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeSession.class);
    /** Log lines kept for the Node log page. */
    public static final int MAX_LOG_LINES = 5000;

    private final NodeBackend backend;
    private final ScheduledExecutorService scheduler;
    private final ReadOnlyObjectWrapper<NodeStatus> status;
    private final ReadOnlyObjectWrapper<NodeClient> client = new ReadOnlyObjectWrapper<>(this, "client");
    private final ObservableList<String> log = FXCollections.observableArrayList();
    private final ConcurrentLinkedQueue<String> pendingLog = new ConcurrentLinkedQueue<>();
    private final TipWatcher tipWatcher;
    private final ReadOnlyObjectWrapper<ConnectionScope> scope = new ReadOnlyObjectWrapper<>(this, "scope");
    private final Consumer<NodeStatus> statusListener = s -> Fx.run(() -> onStatus(s));
    private final Consumer<String> logListener = this::onLogLine;
    private volatile boolean logDrainScheduled;

    /** @param backend the node backend; the session subscribes to it until {@link #close()} */
    public NodeSession(NodeBackend backend) {
        this.backend = backend;
        this.scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "bitcoinfx-sched");
            t.setDaemon(true);
            return t;
        });
        this.status = new ReadOnlyObjectWrapper<>(this, "status", backend.status());
        this.tipWatcher = new TipWatcher(scheduler);
        tipWatcher.setOnFatal(e -> backend.reportFailure(
                e instanceof OldNodeException ? OldNodeException.MESSAGE : "bitcoin-node's Mining interface failed: " + Fx.message(e)));
        log.addAll(backend.recentLog(MAX_LOG_LINES));
        backend.addStatusListener(statusListener);
        backend.addLogListener(logListener);
    }

    /** @return the backend */
    public NodeBackend backend() {
        return backend;
    }

    /** @return a shared scheduler for polls (daemon threads; never block it) */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** @return the backend's state */
    public ReadOnlyObjectProperty<NodeStatus> statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** @return the connected client, or null while there is none */
    public ReadOnlyObjectProperty<NodeClient> clientProperty() {
        return client.getReadOnlyProperty();
    }

    /** @return the tip watcher (its tip changes on every new block) */
    public TipWatcher tipWatcher() {
        return tipWatcher;
    }

    /**
     * The scope of the current connection: set (after {@link #clientProperty()}) when the node is
     * ready, closed and set to null (before the client) when the connection ends. Pages follow this
     * property and reach the node only through the scope's services.
     *
     * @return the current connection scope, or null while there is none
     */
    public ReadOnlyObjectProperty<ConnectionScope> scopeProperty() {
        return scope.getReadOnlyProperty();
    }

    /** @return the node log, newest last, at most {@link #MAX_LOG_LINES} lines */
    public ObservableList<String> log() {
        return log;
    }

    /**
     * Starts the node with the given settings. Must be called on the JavaFX Application Thread;
     * the outcome arrives through {@link #statusProperty()} and {@link #clientProperty()}.
     */
    public CompletableFuture<NodeClient> start(Settings settings) {
        NodeSettings ns;
        try {
            ns = settings.toNodeSettings();
        } catch (IllegalArgumentException e) { // e.g. an unbalanced quote in a settings file edited by hand
            LOG.warn("not starting bitcoin-node: {}", e.getMessage());
            backend.refuseStart("Cannot start bitcoin-node: " + e.getMessage());
            return CompletableFuture.failedFuture(e);
        }
        LOG.info("starting bitcoin-node: {}", org.bitcoinfx.node.NodeArgs.toLogString(ns.toArgs()));
        CompletableFuture<NodeClient> f;
        try {
            f = backend.start(ns);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((c, e) -> Platform.runLater(() -> {
            if (e != null) {
                Throwable t = Fx.unwrap(e);
                LOG.warn("node did not start: {}", Fx.message(t));
                // the backend says why itself; this only covers a failure it did not see (a stop cancels a start: no error)
                backend.reportFailure(t instanceof OldNodeException ? OldNodeException.MESSAGE : Fx.message(t));
                return;
            }
            attach(c);
        }));
        return f;
    }

    private void attach(NodeClient c) {
        detach();
        ConnectionScope sc = new ConnectionScope(c, scheduler);
        sc.onClose(tipWatcher::stop);
        client.set(c);
        tipWatcher.start(c);
        scope.set(sc);
        c.closed().whenComplete((v, e) -> Platform.runLater(() -> {
            if (client.get() != c) {
                return;
            }
            detach();
            backend.reportFailure(e == null ? "the IPC connection to bitcoin-node closed"
                    : "the IPC connection to bitcoin-node was lost: " + Fx.message(e));
        }));
    }

    /**
     * Stops the node: interrupts the pending {@code waitTipChanged} (so that no server thread
     * waits on a closing connection; bounded to 1 s), closes the IPC client, then asks the backend
     * to stop. Completes when the process is gone.
     */
    public CompletableFuture<Void> stop() {
        tipWatcher.stop();
        NodeClient c = detach();
        CompletableFuture<Void> released = CompletableFuture.completedFuture(null);
        if (c != null) {
            CompletableFuture<Void> interrupt;
            try {
                interrupt = c.mining().interrupt();
            } catch (RuntimeException e) {
                interrupt = CompletableFuture.failedFuture(e);
            }
            released = interrupt.orTimeout(1, TimeUnit.SECONDS).handle((v, e) -> {
                if (e != null) {
                    LOG.info("Mining.interrupt before stop: {}", Fx.message(e));
                }
                try {
                    c.close();
                } catch (RuntimeException closeFailed) {
                    LOG.warn("closing the IPC client failed", closeFailed);
                }
                return null;
            });
        }
        return released.thenCompose(v -> backend.stop());
    }

    /** Stops (if needed) and starts again with {@code settings}. */
    public void restart(Settings settings) {
        stop().whenComplete((v, e) -> {
            if (e != null) {
                LOG.warn("stop before restart failed", Fx.unwrap(e));
            }
            Platform.runLater(() -> start(settings));
        });
    }

    private void onStatus(NodeStatus s) {
        status.set(s);
        if (s.state() == NodeState.CRASHED || s.state() == NodeState.STOPPED) {
            NodeClient c = detach();
            if (c != null) {
                c.close();
            }
        }
    }

    /** Ends the current connection's scope (stopping the tip watcher) and clears the client; returns the old client. */
    private NodeClient detach() {
        ConnectionScope sc = scope.get();
        scope.set(null);
        if (sc != null) {
            sc.close();
        }
        tipWatcher.stop();
        NodeClient c = client.get();
        client.set(null);
        return c;
    }

    private void onLogLine(String line) {
        pendingLog.add(line);
        if (!logDrainScheduled) {
            logDrainScheduled = true;
            scheduler.schedule(() -> Platform.runLater(this::drainLog), 100, TimeUnit.MILLISECONDS);
        }
    }

    private void drainLog() {
        logDrainScheduled = false;
        List<String> batch = new ArrayList<>();
        for (String l; (l = pendingLog.poll()) != null; ) {
            batch.add(l);
        }
        log.addAll(batch);
        int excess = log.size() - MAX_LOG_LINES;
        if (excess > 0) {
            log.remove(0, excess);
        }
    }

    /** Unsubscribes from the backend and stops the scheduler (does not stop the node). */
    @Override
    public void close() {
        Fx.run(this::detach);
        backend.removeStatusListener(statusListener);
        backend.removeLogListener(logListener);
        scheduler.shutdownNow();
    }
}
