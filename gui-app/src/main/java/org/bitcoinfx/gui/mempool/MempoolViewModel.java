package org.bitcoinfx.gui.mempool;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.bitcoinfx.gui.node.ConnectionScope;
import org.bitcoinfx.gui.util.Fx;
import org.bitcoinfx.gui.util.SingleFlight;
import org.bitcoinfx.gui.util.Tasks;
import org.bitcoinfx.ipc.JsonRpcException;

/**
 * The Mempool page's state and commands: {@code getmempoolinfo} ({@link #statsProperty()}), the fee-rate histogram and
 * most recent transactions of {@code getrawmempool true} ({@link #snapshotProperty()}, reduced off the JavaFX thread by
 * {@link MempoolService#snapshot()}), and one transaction opened ({@link #detailsProperty()}). Refreshed while the page
 * is visible: at once, every {@value #POLL_SECONDS} s and on each new tip ({@link #refresh()}, at most one refresh in
 * flight, {@link SingleFlight}); nothing is asked while it is hidden. Use on the JavaFX Application Thread only.
 */
public final class MempoolViewModel {
    /** Refresh period while visible, seconds. */
    public static final long POLL_SECONDS = 5;

    private final ReadOnlyObjectWrapper<MempoolStats> stats = new ReadOnlyObjectWrapper<>(this, "stats");
    private final ReadOnlyObjectWrapper<MempoolSnapshot> snapshot = new ReadOnlyObjectWrapper<>(this, "snapshot");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper opened = new ReadOnlyStringWrapper(this, "opened", "");
    private final ReadOnlyObjectWrapper<TxDetails> details = new ReadOnlyObjectWrapper<>(this, "details");
    private final ReadOnlyStringWrapper detailsError = new ReadOnlyStringWrapper(this, "detailsError", "");
    private final SingleFlight refreshes = new SingleFlight(this::refreshNow, Fx::run);
    private ConnectionScope scope;
    private boolean showing;
    private ScheduledFuture<?> poll;
    private long tipsSeen;

    /** The latest {@code getmempoolinfo}; null before the first. */
    public ReadOnlyObjectProperty<MempoolStats> statsProperty() {
        return stats.getReadOnlyProperty();
    }

    /** The latest histogram and recent transactions; null before the first. */
    public ReadOnlyObjectProperty<MempoolSnapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }

    /** Why the last refresh failed, in the node's words when it refused; empty when it worked. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The txid opened; empty if none. */
    public ReadOnlyStringProperty openedProperty() {
        return opened.getReadOnlyProperty();
    }

    /** The opened transaction's details; null while none is open, while they load, or when they failed. */
    public ReadOnlyObjectProperty<TxDetails> detailsProperty() {
        return details.getReadOnlyProperty();
    }

    /** Why the opened transaction's details could not be had (e.g. the node's "Transaction not in mempool"); empty otherwise. */
    public ReadOnlyStringProperty detailsErrorProperty() {
        return detailsError.getReadOnlyProperty();
    }

    /** @return the refresh guard (for tests) */
    public SingleFlight refreshes() {
        return refreshes;
    }

    /** A new connection (null when it ended): clears everything, refreshes and polls if visible. */
    public void setScope(ConnectionScope scope) {
        this.scope = scope;
        poll = null;
        stats.set(null);
        snapshot.set(null);
        error.set("");
        close();
        if (scope != null && showing) {
            setShowing(true);
        }
    }

    /** The page became visible (refresh now, then every {@value #POLL_SECONDS} s) or hidden (no more calls). */
    public void setShowing(boolean showing) {
        this.showing = showing;
        if (poll != null) {
            poll.cancel(false);
            poll = null;
        }
        if (showing && scope != null && scope.isOpen()) {
            refresh();
            poll = scope.poll(this::refresh, POLL_SECONDS, POLL_SECONDS, TimeUnit.SECONDS);
        }
    }

    /**
     * A new tip: refreshes if visible (the mined transactions leave), and asks for the opened transaction again (mined,
     * the node says it is no longer in the mempool).
     */
    public void onTip() {
        tipsSeen++;
        if (showing) {
            refresh();
            if (!opened.get().isEmpty()) {
                fetch(opened.get()); // the details shown stay until the answer
            }
        }
    }

    /** @return how many new tips {@link #onTip()} was told of, the page visible or not (for tests: a tip handled while hidden) */
    public long tipsSeen() {
        return tipsSeen;
    }

    /** @return true while the {@value #POLL_SECONDS} s poll is scheduled (visible and connected; for tests) */
    public boolean polling() {
        return poll != null && !poll.isDone();
    }

    /** Asks for {@code getmempoolinfo} and {@code getrawmempool true} (and the opened transaction again). */
    public void refresh() {
        refreshes.request();
    }

    private CompletableFuture<?> refreshNow() {
        ConnectionScope sc = scope;
        // a run queued while one was out starts when it ends, perhaps with the page hidden since: it asks nothing then
        // (showing the page again refreshes)
        if (sc == null || !sc.isOpen() || !showing) {
            return CompletableFuture.completedFuture(null);
        }
        MempoolService s = MempoolService.of(sc);
        CompletableFuture<?> a = Tasks.on(sc, s.stats(), "getmempoolinfo").onSuccess(v -> {
            stats.set(v);
            error.set("");
        }).onError(this::failed).run();
        CompletableFuture<?> b = Tasks.on(sc, s.snapshot(), "getrawmempool").onSuccess(snapshot::set).onError(this::failed).run();
        return CompletableFuture.allOf(a, b);
    }

    private void failed(Throwable t) {
        error.set(words(t));
    }

    /** Opens a transaction: fetches its entry, decoded form, ancestors and descendants. */
    public void open(String txid) {
        ConnectionScope sc = scope;
        if (txid == null || txid.isEmpty() || sc == null || !sc.isOpen()) {
            return;
        }
        opened.set(txid);
        details.set(null);
        detailsError.set("");
        fetch(txid);
    }

    private void fetch(String txid) {
        ConnectionScope sc = scope;
        if (sc == null || !sc.isOpen()) {
            return;
        }
        Tasks.on(sc, MempoolService.of(sc).details(txid), "mempool details").onSuccess(d -> {
            if (txid.equals(opened.get())) {
                details.set(d);
                detailsError.set("");
            }
        }).onError(t -> {
            if (txid.equals(opened.get())) {
                details.set(null);
                detailsError.set(words(t));
            }
        }).run();
    }

    /** Closes the opened transaction. */
    public void close() {
        opened.set("");
        details.set(null);
        detailsError.set("");
    }

    /** @return the node's words for a refusal, else the failure's message */
    static String words(Throwable t) {
        if (t instanceof JsonRpcException j) {
            return j.rpcMessage();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
