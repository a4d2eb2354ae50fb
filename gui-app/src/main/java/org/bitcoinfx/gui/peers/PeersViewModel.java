package org.bitcoinfx.gui.peers;

import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.bitcoinfx.gui.node.ConnectionScope;
import org.bitcoinfx.gui.util.Tasks;

/**
 * The Peers page's state and commands: the peers ({@code getpeerinfo}) and the selected one,
 * refreshed every {@value #POLL_SECONDS} s while the page is visible; the traffic history from
 * {@code getnettotals}, sampled every {@value #SAMPLE_SECONDS} s while it is hidden too (so that the
 * 1-day window has a day). Both polls belong to the {@link ConnectionScope}. Use on the JavaFX
 * Application Thread only.
 */
public final class PeersViewModel {
    /** Refresh period while visible, seconds. */
    public static final long POLL_SECONDS = 3;
    /** {@code getnettotals} sampling period for the traffic history, seconds. */
    public static final long SAMPLE_SECONDS = 5;

    private final ObservableList<PeerInfo> peers = FXCollections.observableArrayList();
    private final ObservableList<PeerInfo> peersView = FXCollections.unmodifiableObservableList(peers);
    private final ReadOnlyObjectWrapper<PeerInfo> selected = new ReadOnlyObjectWrapper<>(this, "selected");
    private final ReadOnlyObjectWrapper<NetTotals> totals = new ReadOnlyObjectWrapper<>(this, "totals");
    private final TrafficHistory history = new TrafficHistory();
    private ConnectionScope scope;
    private boolean showing;
    private ScheduledFuture<?> visiblePoll;

    /** @return the peers, in the node's order (read-only) */
    public ObservableList<PeerInfo> peers() {
        return peersView;
    }

    /** The selected peer (kept across refreshes by its id); null if none. */
    public ReadOnlyObjectProperty<PeerInfo> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    /** The latest {@code getnettotals}; null before the first. */
    public ReadOnlyObjectProperty<NetTotals> totalsProperty() {
        return totals.getReadOnlyProperty();
    }

    /** @return the traffic history (grows with each {@link #totalsProperty()} change) */
    public TrafficHistory traffic() {
        return history;
    }

    /** Selects a peer (null: none). */
    public void select(PeerInfo p) {
        selected.set(p);
    }

    /** A new connection (null when it ended): starts the traffic sampling, and the refresh poll if visible. */
    public void setScope(ConnectionScope scope) {
        this.scope = scope;
        visiblePoll = null;
        if (scope == null) {
            return;
        }
        scope.poll(() -> {
            if (!showing) {
                sampleTotals();
            }
        }, SAMPLE_SECONDS, SAMPLE_SECONDS, TimeUnit.SECONDS);
        if (showing) {
            setShowing(true);
        }
    }

    /** The page became visible (refresh now, then every {@value #POLL_SECONDS} s) or hidden. */
    public void setShowing(boolean showing) {
        this.showing = showing;
        if (visiblePoll != null) {
            visiblePoll.cancel(false);
            visiblePoll = null;
        }
        if (showing && scope != null && scope.isOpen()) {
            refresh();
            visiblePoll = scope.poll(this::refresh, POLL_SECONDS, POLL_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Fetches {@code getpeerinfo} and {@code getnettotals}. */
    public void refresh() {
        ConnectionScope sc = scope;
        if (sc == null || !sc.isOpen()) {
            return;
        }
        Tasks.on(sc, PeersService.of(sc).peerInfo(), "getpeerinfo").onSuccess(this::applyPeers).run();
        sampleTotals();
    }

    private void sampleTotals() {
        ConnectionScope sc = scope;
        if (sc != null && sc.isOpen()) {
            Tasks.on(sc, PeersService.of(sc).netTotals(), "getnettotals").onSuccess(this::applyTotals).run();
        }
    }

    void applyPeers(List<PeerInfo> rows) {
        PeerInfo sel = selected.get();
        peers.setAll(rows);
        selected.set(sel == null ? null : rows.stream().filter(r -> r.id() == sel.id()).findFirst().orElse(null));
    }

    void applyTotals(NetTotals t) {
        history.add(t.timeMillis(), t.totalBytesRecv(), t.totalBytesSent());
        totals.set(t);
    }
}
