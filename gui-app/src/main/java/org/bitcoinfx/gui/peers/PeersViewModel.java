package org.bitcoinfx.gui.peers;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.bitcoinfx.gui.node.ConnectionScope;
import org.bitcoinfx.gui.util.Fx;
import org.bitcoinfx.gui.util.SingleFlight;
import org.bitcoinfx.gui.util.Tasks;
import org.bitcoinfx.ipc.JsonRpcException;

/**
 * The Peers page's state and commands: the peers ({@code getpeerinfo}) and the selected one,
 * refreshed every {@value #POLL_SECONDS} s while the page is visible; the traffic history from
 * {@code getnettotals}, sampled every {@value #SAMPLE_SECONDS} s while it is hidden too (so that the
 * 1-day window has a day). Both polls belong to the {@link ConnectionScope}. Use on the JavaFX
 * Application Thread only.
 * <p>Actions: disconnect and ban a peer, unban, clear the ban list, add a peer ({@code addnode … onetry}). Disconnect,
 * ban and clear are asked first ({@link #pendingProperty()}, then {@link #confirm()} or {@link #cancel()}); bad input (a
 * custom ban time, an address) is refused with words and no call ({@link #inputProblemProperty()}); the node's refusal
 * is shown in its words ({@link #actionErrorProperty()}), what was done in {@link #actionDoneProperty()}.
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
    private final ObservableList<BanEntry> banned = FXCollections.observableArrayList();
    private final ObservableList<BanEntry> bannedView = FXCollections.unmodifiableObservableList(banned);
    private final ReadOnlyStringWrapper pending = new ReadOnlyStringWrapper(this, "pending", "");
    private final ReadOnlyStringWrapper inputProblem = new ReadOnlyStringWrapper(this, "inputProblem", "");
    private final ReadOnlyStringWrapper actionError = new ReadOnlyStringWrapper(this, "actionError", "");
    private final ReadOnlyStringWrapper actionDone = new ReadOnlyStringWrapper(this, "actionDone", "");
    /** What {@link #confirm()} runs, with the words said when it is done; null if nothing is asked. */
    private Supplier<CompletableFuture<Void>> pendingAction;
    private String pendingDone;
    private ConnectionScope scope;
    private boolean showing;
    private ScheduledFuture<?> visiblePoll;
    private final SingleFlight refreshes = new SingleFlight(this::refreshNow, Fx::run);

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

    /** @return the banned IPs and subnets ({@code listbanned}, refreshed with the peers; read-only) */
    public ObservableList<BanEntry> banned() {
        return bannedView;
    }

    /** The question awaiting {@link #confirm()} or {@link #cancel()}, e.g. "Disconnect peer 3 (…)?"; empty if none. */
    public ReadOnlyStringProperty pendingProperty() {
        return pending.getReadOnlyProperty();
    }

    /** Why the typed ban time or address was refused (no call was made); empty otherwise. */
    public ReadOnlyStringProperty inputProblemProperty() {
        return inputProblem.getReadOnlyProperty();
    }

    /** The node's refusal of the last action, in its words (or why it could not be asked); empty otherwise. */
    public ReadOnlyStringProperty actionErrorProperty() {
        return actionError.getReadOnlyProperty();
    }

    /** What the last action did, e.g. "Banned 127.0.0.1 for 24 hours."; empty before one or after a failure. */
    public ReadOnlyStringProperty actionDoneProperty() {
        return actionDone.getReadOnlyProperty();
    }

    /** Asks to disconnect this peer ({@code disconnectnode}); {@link #confirm()} does it. */
    public void askDisconnect(PeerInfo p) {
        if (p != null) {
            ask("Disconnect peer " + p.id() + " (" + p.addr() + ")?", "Disconnected peer " + p.id() + " (" + p.addr() + ").",
                    s -> s.disconnect(p.id()));
        }
    }

    /**
     * Asks to ban this peer's IP ({@code setban host add seconds}, which also disconnects every peer from it);
     * {@link #confirm()} does it.
     */
    public void askBan(PeerInfo p, long seconds) {
        if (p != null) {
            String host = PeerAddress.host(p.addr());
            String length = PeerAddress.banLength(seconds);
            ask("Ban " + host + " (peer " + p.id() + ") for " + length + "? Every peer from it is disconnected.",
                    "Banned " + host + " for " + length + ".", s -> s.ban(host, seconds));
        }
    }

    /**
     * Asks to ban this peer's IP for a typed time ({@link PeerAddress#banSeconds}, e.g. {@code 36h}); a time that
     * is not one is refused in {@link #inputProblemProperty()} and nothing is asked.
     *
     * @return true if the question was asked
     */
    public boolean askBan(PeerInfo p, String customTime) {
        OptionalLong s = PeerAddress.banSeconds(customTime);
        if (s.isEmpty()) {
            inputProblem.set(PeerAddress.BAN_TIME_HELP);
            return false;
        }
        inputProblem.set("");
        askBan(p, s.getAsLong());
        return p != null;
    }

    /** Asks to lift every ban ({@code clearbanned}); {@link #confirm()} does it. */
    public void askClearBanned() {
        ask(banned.size() == 1 ? "Lift the ban of " + banned.get(0).address() + "?" : "Lift all " + banned.size() + " bans?",
                "All bans lifted.", PeersService::clearBanned);
    }

    /** Lifts one ban ({@code setban address remove}) at once. */
    public void unban(BanEntry b) {
        if (b != null) {
            run("Lifted the ban of " + b.address() + ".", s -> s.unban(b.address()));
        }
    }

    /**
     * Tries one connection to an address ({@code addnode address onetry}); an address {@link PeerAddress#addNodeProblem}
     * refuses is named in {@link #inputProblemProperty()} and nothing is sent.
     *
     * @return true if the call was made
     */
    public boolean addNode(String address) {
        Optional<String> problem = PeerAddress.addNodeProblem(address);
        if (problem.isPresent()) {
            inputProblem.set(problem.get());
            return false;
        }
        inputProblem.set("");
        String a = address.trim();
        run("Trying to connect to " + a + ".", s -> s.addNode(a));
        return true;
    }

    /** Does what was asked ({@link #pendingProperty()}). */
    public void confirm() {
        Supplier<CompletableFuture<Void>> a = pendingAction;
        String done = pendingDone;
        pendingAction = null;
        pending.set("");
        if (a != null) {
            runNow(done, a);
        }
    }

    /** Drops the question. */
    public void cancel() {
        pendingAction = null;
        pending.set("");
    }

    private void ask(String question, String done, java.util.function.Function<PeersService, CompletableFuture<Void>> call) {
        ConnectionScope sc = scope;
        if (sc == null || !sc.isOpen()) {
            return;
        }
        pendingAction = () -> call.apply(PeersService.of(sc));
        pendingDone = done;
        actionError.set("");
        pending.set(question);
    }

    private void run(String done, java.util.function.Function<PeersService, CompletableFuture<Void>> call) {
        ConnectionScope sc = scope;
        if (sc != null && sc.isOpen()) {
            runNow(done, () -> call.apply(PeersService.of(sc)));
        }
    }

    private void runNow(String done, Supplier<CompletableFuture<Void>> call) {
        ConnectionScope sc = scope;
        if (sc == null || !sc.isOpen()) {
            return;
        }
        actionError.set("");
        actionDone.set("");
        Tasks.on(sc, call.get(), "peer action").onSuccess(v -> {
            actionDone.set(done);
            refresh();
        }).onError(t -> {
            actionError.set(t instanceof JsonRpcException j ? j.rpcMessage() : String.valueOf(t.getMessage()));
            refresh();
        }).run();
    }

    /** Selects a peer (null: none). */
    public void select(PeerInfo p) {
        selected.set(p);
    }

    /** A new connection (null when it ended): starts the traffic sampling, and the refresh poll if visible. */
    public void setScope(ConnectionScope scope) {
        this.scope = scope;
        visiblePoll = null;
        cancel();
        banned.clear();
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

    /**
     * Fetches {@code getpeerinfo}, {@code listbanned} and {@code getnettotals}, with at most one refresh in flight
     * ({@link SingleFlight}: a poll tick or an action's refresh while one is out runs once it ends, so the answers shown
     * last are the last asked, and a node slow to answer never has a pile of them).
     */
    public void refresh() {
        refreshes.request();
    }

    /** @return the refresh guard (for tests) */
    public SingleFlight refreshes() {
        return refreshes;
    }

    private CompletableFuture<?> refreshNow() {
        ConnectionScope sc = scope;
        // a run queued while one was out starts when it ends, perhaps with the page hidden since: it asks nothing then
        // (showing the page again refreshes; the traffic samples go on by their own poll)
        if (sc == null || !sc.isOpen() || !showing) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<?> a = Tasks.on(sc, PeersService.of(sc).peerInfo(), "getpeerinfo").onSuccess(this::applyPeers).run();
        CompletableFuture<?> b = Tasks.on(sc, PeersService.of(sc).banned(), "listbanned").onSuccess(this::applyBanned).run();
        CompletableFuture<?> c = Tasks.on(sc, PeersService.of(sc).netTotals(), "getnettotals").onSuccess(this::applyTotals).run();
        return CompletableFuture.allOf(a, b, c);
    }

    /** The ban list, replaced only when it changed: a replaced list loses the table's selection. */
    void applyBanned(List<BanEntry> rows) {
        if (!banned.equals(rows)) {
            banned.setAll(rows);
        }
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
