package org.bitcoinfx.gui.status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.gui.node.ConnectionScope;
import org.bitcoinfx.gui.node.NodeStatus;
import org.bitcoinfx.gui.util.Fx;
import org.bitcoinfx.gui.util.SingleFlight;
import org.bitcoinfx.gui.util.Tasks;
import org.bitcoinfx.gui.util.Units;
import org.slf4j.Logger;
import org.bitcoinfx.node.NodeState;
import org.slf4j.LoggerFactory;

/**
 * The Status page's state and commands. State: read-only properties fed from {@link StatusService}'s
 * records ({@code getblockchaininfo}, {@code getnetworkinfo}, {@code getpeerinfo} while not synced,
 * {@code getmempoolinfo}, {@code uptime}; {@code getchainstates} while a UTXO snapshot is validated in the
 * background, and once more to see the end) and the backend state; the sync's phase ({@link SyncState}:
 * connecting to peers, headers, blocks, synced) and its rates ({@link SyncRate}: blocks per second, time
 * left). Commands: {@link #refresh()} (at most one refresh in flight, see {@link SingleFlight}) and
 * {@link #setNetworkActive(boolean)}. While connected it polls every {@value #FAST_POLL_SECONDS} s while a
 * sync or a background validation is under way, else every {@value #POLL_SECONDS} s; the poll belongs to the {@link ConnectionScope}
 * and ends with it. Use on the JavaFX Application Thread only.
 */
public final class StatusViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(StatusViewModel.class);
    /** Slow poll for peers and mempool, seconds. */
    public static final long POLL_SECONDS = 5;
    /** Poll while syncing (connecting to peers, headers, blocks), seconds: the figures move by the second. */
    public static final long FAST_POLL_SECONDS = 1;

    private final ReadOnlyObjectWrapper<SyncState> state = new ReadOnlyObjectWrapper<>(this, "state", SyncState.STARTING);
    private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper(this, "detail", "");
    private final ReadOnlyStringWrapper chain = new ReadOnlyStringWrapper(this, "chain", "");
    private final ReadOnlyIntegerWrapper blocks = new ReadOnlyIntegerWrapper(this, "blocks", -1);
    private final ReadOnlyIntegerWrapper headers = new ReadOnlyIntegerWrapper(this, "headers", -1);
    private final ReadOnlyDoubleWrapper verificationProgress = new ReadOnlyDoubleWrapper(this, "verificationProgress", 0);
    private final ReadOnlyObjectWrapper<Duration> timeLeft = new ReadOnlyObjectWrapper<>(this, "timeLeft");
    private final ReadOnlyDoubleWrapper blocksPerSecond = new ReadOnlyDoubleWrapper(this, "blocksPerSecond", -1);
    private final ReadOnlyIntegerWrapper peerHeight = new ReadOnlyIntegerWrapper(this, "peerHeight", -1);
    private final ReadOnlyIntegerWrapper presyncHeight = new ReadOnlyIntegerWrapper(this, "presyncHeight", -1);
    private final ReadOnlyBooleanWrapper ibd = new ReadOnlyBooleanWrapper(this, "ibd", true);
    private final ReadOnlyIntegerWrapper peers = new ReadOnlyIntegerWrapper(this, "peers", -1);
    private final ReadOnlyIntegerWrapper peersIn = new ReadOnlyIntegerWrapper(this, "peersIn", 0);
    private final ReadOnlyIntegerWrapper peersOut = new ReadOnlyIntegerWrapper(this, "peersOut", 0);
    private final ReadOnlyBooleanWrapper networkActive = new ReadOnlyBooleanWrapper(this, "networkActive", true);
    private final ReadOnlyStringWrapper subversion = new ReadOnlyStringWrapper(this, "subversion", "");
    private final ReadOnlyStringWrapper tipHash = new ReadOnlyStringWrapper(this, "tipHash", "");
    private final ReadOnlyLongWrapper tipTime = new ReadOnlyLongWrapper(this, "tipTime", 0);
    private final ReadOnlyLongWrapper mempoolTx = new ReadOnlyLongWrapper(this, "mempoolTx", -1);
    private final ReadOnlyLongWrapper mempoolBytes = new ReadOnlyLongWrapper(this, "mempoolBytes", 0);
    private final ReadOnlyLongWrapper mempoolUsage = new ReadOnlyLongWrapper(this, "mempoolUsage", 0);
    private final ReadOnlyBooleanWrapper pruned = new ReadOnlyBooleanWrapper(this, "pruned", false);
    private final ReadOnlyLongWrapper sizeOnDisk = new ReadOnlyLongWrapper(this, "sizeOnDisk", 0);
    private final ReadOnlyIntegerWrapper pruneHeight = new ReadOnlyIntegerWrapper(this, "pruneHeight", -1);
    private final ReadOnlyBooleanWrapper automaticPruning = new ReadOnlyBooleanWrapper(this, "automaticPruning", false);
    private final ReadOnlyLongWrapper pruneTargetSize = new ReadOnlyLongWrapper(this, "pruneTargetSize", -1);
    private final ReadOnlyLongWrapper uptime = new ReadOnlyLongWrapper(this, "uptime", -1);
    private final ReadOnlyDoubleWrapper mempoolMinFee = new ReadOnlyDoubleWrapper(this, "mempoolMinFee", -1);
    private final ReadOnlyObjectWrapper<Chainstates> chainstates = new ReadOnlyObjectWrapper<>(this, "chainstates");
    private final ReadOnlyObjectWrapper<BackgroundValidation> backgroundValidation = new ReadOnlyObjectWrapper<>(this, "backgroundValidation");
    private final ReadOnlyIntegerWrapper backgroundCompleteHeight = new ReadOnlyIntegerWrapper(this, "backgroundCompleteHeight", -1);
    private final ReadOnlyStringWrapper snapshotChainstateText = new ReadOnlyStringWrapper(this, "snapshotChainstateText", "");
    private final ReadOnlyStringWrapper backgroundValidationText = new ReadOnlyStringWrapper(this, "backgroundValidationText", "");
    private final ReadOnlyStringWrapper backgroundCompleteText = new ReadOnlyStringWrapper(this, "backgroundCompleteText", "");
    private final ReadOnlyDoubleWrapper backgroundProgress = new ReadOnlyDoubleWrapper(this, "backgroundProgress", -1);

    private final ReadOnlyBooleanWrapper networkSwitchBusy = new ReadOnlyBooleanWrapper(this, "networkSwitchBusy");
    private final ReadOnlyObjectWrapper<Problem> problem = new ReadOnlyObjectWrapper<>(this, "problem");
    private final SingleFlight refreshes = new SingleFlight(this::refreshNow, Fx::run);
    private ConnectionScope scope;
    private NodeStatus nodeStatus = NodeStatus.of(NodeState.STOPPED, "");
    private boolean connected;
    /** True from a {@code backgroundvalidation} in {@code getblockchaininfo} until {@code getchainstates} shows its end. */
    private boolean trackingSnapshot;
    /** The snapshot's base height, from {@code backgroundvalidation}; -1 before one is seen. */
    private int snapshotHeight = -1;
    /** Samples of the last minutes, for blocks per second and the time left. */
    private final SyncRate rate = new SyncRate();
    /** {@link System#nanoTime()} of the last refresh. */
    private long lastRefreshNanos;

    /** Overall state. */
    public ReadOnlyObjectProperty<SyncState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** A line under the state: init message, error, "n blocks left". */
    public ReadOnlyStringProperty detailProperty() {
        return detail.getReadOnlyProperty();
    }

    /** {@code getblockchaininfo.chain}: main, testnet4, signet, regtest. */
    public ReadOnlyStringProperty chainProperty() {
        return chain.getReadOnlyProperty();
    }

    /** Validated blocks (height of the tip); -1 before known. */
    public ReadOnlyIntegerProperty blocksProperty() {
        return blocks.getReadOnlyProperty();
    }

    /** Best header height; -1 before known. */
    public ReadOnlyIntegerProperty headersProperty() {
        return headers.getReadOnlyProperty();
    }

    /** {@code verificationprogress}, 0…1. */
    public ReadOnlyDoubleProperty verificationProgressProperty() {
        return verificationProgress.getReadOnlyProperty();
    }

    /** Estimated time left in IBD, or null when unknown or synced. */
    public ReadOnlyObjectProperty<Duration> timeLeftProperty() {
        return timeLeft.getReadOnlyProperty();
    }

    /** Blocks validated per second over the last {@value SyncRate#RATE_WINDOW_SECONDS} s; -1 before known. */
    public ReadOnlyDoubleProperty blocksPerSecondProperty() {
        return blocksPerSecond.getReadOnlyProperty();
    }

    /** The highest chain a peer has shown ({@link PeerHeights#bestHeight()}), read while not synced; -1 if unknown. */
    public ReadOnlyIntegerProperty peerHeightProperty() {
        return peerHeight.getReadOnlyProperty();
    }

    /** The height of a headers pre-synchronization ({@code presynced_headers}), read while not synced; -1 when none. */
    public ReadOnlyIntegerProperty presyncHeightProperty() {
        return presyncHeight.getReadOnlyProperty();
    }

    /** {@code initialblockdownload}. */
    public ReadOnlyBooleanProperty ibdProperty() {
        return ibd.getReadOnlyProperty();
    }

    /** {@code connections}; -1 before known. */
    public ReadOnlyIntegerProperty peersProperty() {
        return peers.getReadOnlyProperty();
    }

    /** {@code connections_in}. */
    public ReadOnlyIntegerProperty peersInProperty() {
        return peersIn.getReadOnlyProperty();
    }

    /** {@code connections_out}. */
    public ReadOnlyIntegerProperty peersOutProperty() {
        return peersOut.getReadOnlyProperty();
    }

    /** {@code networkactive}. */
    public ReadOnlyBooleanProperty networkActiveProperty() {
        return networkActive.getReadOnlyProperty();
    }

    /** {@code subversion}, e.g. {@code /Satoshi:31.0.0/}. */
    public ReadOnlyStringProperty subversionProperty() {
        return subversion.getReadOnlyProperty();
    }

    /** Tip hash, display hex. */
    public ReadOnlyStringProperty tipHashProperty() {
        return tipHash.getReadOnlyProperty();
    }

    /** Tip block time, seconds since the epoch; 0 before known. */
    public ReadOnlyLongProperty tipTimeProperty() {
        return tipTime.getReadOnlyProperty();
    }

    /** Mempool transactions ({@code size}); -1 before known. */
    public ReadOnlyLongProperty mempoolTxProperty() {
        return mempoolTx.getReadOnlyProperty();
    }

    /** Mempool virtual size, vB ({@code bytes}). */
    public ReadOnlyLongProperty mempoolBytesProperty() {
        return mempoolBytes.getReadOnlyProperty();
    }

    /** Mempool memory use, bytes ({@code usage}). */
    public ReadOnlyLongProperty mempoolUsageProperty() {
        return mempoolUsage.getReadOnlyProperty();
    }

    /** {@code pruned}. */
    public ReadOnlyBooleanProperty prunedProperty() {
        return pruned.getReadOnlyProperty();
    }

    /** {@code size_on_disk}, bytes. */
    public ReadOnlyLongProperty sizeOnDiskProperty() {
        return sizeOnDisk.getReadOnlyProperty();
    }

    /** {@code pruneheight}: the first block whose data is kept (0: nothing pruned yet); -1 when not pruning. */
    public ReadOnlyIntegerProperty pruneHeightProperty() {
        return pruneHeight.getReadOnlyProperty();
    }

    /** {@code automatic_pruning}: pruning to a target; false for manual pruning ({@code -prune=1}) and when not pruning. */
    public ReadOnlyBooleanProperty automaticPruningProperty() {
        return automaticPruning.getReadOnlyProperty();
    }

    /** {@code prune_target_size}, bytes; -1 for manual pruning and when not pruning. */
    public ReadOnlyLongProperty pruneTargetSizeProperty() {
        return pruneTargetSize.getReadOnlyProperty();
    }

    /** @return blocks/headers as 0…1 (1 when headers are unknown or zero) */
    public double blockFraction() {
        int h = headers.get();
        int b = blocks.get();
        if (h <= 0 || b < 0) {
            return b >= 0 ? 1 : 0;
        }
        return Math.min(1, (double) b / h);
    }

    /** Node uptime, seconds ({@code uptime}); -1 before known. */
    public ReadOnlyLongProperty uptimeProperty() {
        return uptime.getReadOnlyProperty();
    }

    /** Mempool minimum fee rate, sat/vB ({@code mempoolminfee}, converted from BTC/kvB); -1 before known. */
    public ReadOnlyDoubleProperty mempoolMinFeeProperty() {
        return mempoolMinFee.getReadOnlyProperty();
    }

    /**
     * The node's chainstates ({@code getchainstates}), asked only while a UTXO snapshot is being validated in the
     * background (and once more to see its end); null otherwise.
     */
    public ReadOnlyObjectProperty<Chainstates> chainstatesProperty() {
        return chainstates.getReadOnlyProperty();
    }

    /** {@code getblockchaininfo}'s {@code backgroundvalidation} while a snapshot is validated in the background, else null. */
    public ReadOnlyObjectProperty<BackgroundValidation> backgroundValidationProperty() {
        return backgroundValidation.getReadOnlyProperty();
    }

    /** The snapshot height at which background validation completed during this connection; -1 until then. */
    public ReadOnlyIntegerProperty backgroundCompleteHeightProperty() {
        return backgroundCompleteHeight.getReadOnlyProperty();
    }

    /** The snapshot chainstate in a line (its blocks of the headers, the snapshot's block, validated or not); empty without one. */
    public ReadOnlyStringProperty snapshotChainstateTextProperty() {
        return snapshotChainstateText.getReadOnlyProperty();
    }

    /** The background validation in a line (blocks of the snapshot height, progress); empty when none runs. */
    public ReadOnlyStringProperty backgroundValidationTextProperty() {
        return backgroundValidationText.getReadOnlyProperty();
    }

    /** "Background validation complete at height N" once it completed during this connection; empty before. */
    public ReadOnlyStringProperty backgroundCompleteTextProperty() {
        return backgroundCompleteText.getReadOnlyProperty();
    }

    /** The background validation's progress, 0…1 ({@code backgroundvalidation.verificationprogress}); -1 when none runs. */
    public ReadOnlyDoubleProperty backgroundProgressProperty() {
        return backgroundProgress.getReadOnlyProperty();
    }

    /** Applies an {@code uptime} reply, seconds (-1: unknown). */
    public void applyUptime(long seconds) {
        uptime.set(seconds);
    }

    /** Applies a backend state. */
    public void applyNodeStatus(NodeStatus s) {
        nodeStatus = s;
        recompute();
    }

    /** Tells whether an IPC client is connected. */
    public void setConnected(boolean c) {
        connected = c;
        recompute();
    }

    /** Applies a {@code getblockchaininfo} reply; {@code now} is used for the time-left estimate. */
    public void applyBlockchainInfo(BlockchainInfo n, Instant now) {
        chain.set(n.chain());
        blocks.set(n.blocks());
        headers.set(n.headers());
        tipHash.set(n.bestBlockHash());
        tipTime.set(n.time());
        double p = n.verificationProgress();
        verificationProgress.set(p);
        ibd.set(n.initialBlockDownload());
        pruned.set(n.pruned());
        sizeOnDisk.set(n.sizeOnDisk());
        pruneHeight.set(n.pruned() ? Math.max(0, n.pruneHeight()) : -1);
        automaticPruning.set(n.pruned() && n.automaticPruning());
        pruneTargetSize.set(n.pruned() && n.automaticPruning() ? n.pruneTargetSize() : -1);
        if (n.backgroundValidation().isPresent() && !trackingSnapshot) {
            rate.reset(); // a snapshot was loaded: the tip jumped to its block, which is no download to measure
        }
        rate.add(n.blocks(), p, now);
        blocksPerSecond.set(rate.blocksPerSecond());
        timeLeft.set(rate.timeLeft(n.headers(), !"regtest".equals(n.chain())));
        BackgroundValidation bv = n.backgroundValidation().orElse(null);
        backgroundValidation.set(bv);
        if (bv != null) {
            snapshotHeight = bv.snapshotHeight();
            if (!trackingSnapshot) {
                trackingSnapshot = true;
                if (scope != null) {
                    refresh(); // once more at once, now with getchainstates
                }
            }
        }
        recompute();
        recomputeSnapshot();
    }

    /**
     * Applies a {@code getchainstates} reply: while a snapshot is validated in the background, both chainstates; when
     * the snapshot chainstate is left alone and validated, the background validation has completed (said once, and
     * kept for this connection); with no snapshot chainstate at all there is nothing more to follow.
     */
    public void applyChainstates(Chainstates c) {
        chainstates.set(c);
        if (c.snapshotValidated()) {
            if (backgroundCompleteHeight.get() < 0) {
                LOG.info("background validation of the snapshot at height {} complete", snapshotHeight);
            }
            backgroundCompleteHeight.set(snapshotHeight);
            trackingSnapshot = false;
        } else if (c.snapshot().isEmpty()) {
            trackingSnapshot = false;
        }
        recomputeSnapshot();
    }

    /** The AssumeUTXO lines, from the last {@code backgroundvalidation} and {@code getchainstates}. */
    private void recomputeSnapshot() {
        Chainstates c = chainstates.get();
        BackgroundValidation bv = backgroundValidation.get();
        Chainstates.Chainstate snap = c == null ? null : c.snapshot().orElse(null);
        int h = headers.get();
        if (snap != null) {
            String base = snapshotHeight >= 0 ? String.format("block %,d", snapshotHeight) : "block " + Units.shortHash(snap.snapshotBlockHash().orElse(""));
            snapshotChainstateText.set(String.format("Snapshot chainstate: block %,d%s · loaded at %s · %s", snap.blocks(),
                    h > snap.blocks() ? String.format(" of %,d", h) : "", base, snap.validated() ? "validated" : "not yet validated"));
        } else {
            snapshotChainstateText.set("");
        }
        if (bv != null && backgroundCompleteHeight.get() < 0) {
            int bgBlocks = c != null ? c.background().map(Chainstates.Chainstate::blocks).orElse(bv.blocks()) : bv.blocks();
            backgroundValidationText.set(String.format("Background validation: block %,d of %,d · %s", Math.max(bgBlocks, bv.blocks()),
                    bv.snapshotHeight(), Units.percent(bv.verificationProgress(), 1)));
            backgroundProgress.set(bv.verificationProgress());
        } else {
            backgroundValidationText.set("");
            backgroundProgress.set(-1);
        }
        int done = backgroundCompleteHeight.get();
        backgroundCompleteText.set(done >= 0 ? String.format("Background validation complete at height %,d", done)
                : c != null && c.snapshotValidated() ? "Background validation complete" : "");
    }

    /** Applies a {@code getnetworkinfo} reply (the sync's rates start afresh when the network comes back on). */
    public void applyNetworkInfo(NetworkInfo n) {
        if (n.networkActive() && !networkActive.get()) {
            rate.reset(); // the network is back on: rates from before the pause would count the pause
        }
        peers.set(n.connections());
        peersIn.set(n.connectionsIn());
        peersOut.set(n.connectionsOut());
        networkActive.set(n.networkActive());
        subversion.set(n.subversion());
        recompute();
    }

    /** Applies a {@code getpeerinfo} reply, reduced to the peers' heights. */
    public void applyPeerHeights(PeerHeights h) {
        peerHeight.set(h.bestHeight());
        presyncHeight.set(h.presyncHeight());
        recompute();
    }

    /** Applies a {@code getmempoolinfo} reply. */
    public void applyMempoolInfo(MempoolInfo n) {
        mempoolTx.set(n.size());
        mempoolBytes.set(n.bytes());
        mempoolUsage.set(n.usage());
        mempoolMinFee.set(n.minFeeSatPerVb());
    }

    /** A failed command, for the view to show: a title and the cause. */
    public record Problem(String title, Throwable cause) {
    }

    /** True while a {@code setnetworkactive} is out (the switch is disabled meanwhile). */
    public ReadOnlyBooleanProperty networkSwitchBusyProperty() {
        return networkSwitchBusy.getReadOnlyProperty();
    }

    /** The last failed command (set anew on each failure), for an error dialog; null before any. */
    public ReadOnlyObjectProperty<Problem> problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /**
     * A new connection (or null when it ended): forgets the last node's chain figures (a connection that ended keeps
     * them on show, as the last known), refreshes at once, then every {@value #FAST_POLL_SECONDS} s while a sync is
     * under way and every {@value #POLL_SECONDS} s otherwise, until the scope closes.
     */
    public void setScope(ConnectionScope scope) {
        this.scope = scope;
        // a switch turned while the old connection ended: its answer was dropped with the scope, and so was the release
        networkSwitchBusy.set(false);
        if (scope != null) {
            // a new connection (a restart, perhaps on another chain or data directory): nothing the old node said is
            // shown as this one's ("Waiting for the node's first answer…" until it answers)
            blocks.set(-1);
            headers.set(-1);
            peers.set(-1);
            peerHeight.set(-1);
            presyncHeight.set(-1);
            ibd.set(true);
            networkActive.set(true);
        }
        rate.reset();
        trackingSnapshot = false;
        snapshotHeight = -1;
        chainstates.set(null);
        backgroundValidation.set(null);
        backgroundCompleteHeight.set(-1);
        recomputeSnapshot();
        setConnected(scope != null);
        if (scope != null) {
            refresh();
            scope.poll(this::tick, FAST_POLL_SECONDS, FAST_POLL_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** The poll: refreshes now while syncing, else once {@value #POLL_SECONDS} s have passed since the last refresh. */
    private void tick() {
        SyncState s = state.get();
        boolean syncing = s == SyncState.CONNECTING || s == SyncState.PEERS || s == SyncState.HEADERS || s == SyncState.SYNCING
                || trackingSnapshot;
        if (syncing || System.nanoTime() - lastRefreshNanos >= TimeUnit.SECONDS.toNanos(POLL_SECONDS) - TimeUnit.MILLISECONDS.toNanos(100)) {
            refresh();
        }
    }

    /**
     * Asks the node for chain, network and mempool state. At most one refresh is out at a time
     * ({@link SingleFlight}): asked again meanwhile (the poll, a new tip), it runs once more when the
     * answers are in, so a node that stops answering gets no pile of calls.
     */
    public void refresh() {
        refreshes.request();
    }

    /** @return the refresh guard (for tests: runs started, in flight) */
    public SingleFlight refreshes() {
        return refreshes;
    }

    /**
     * One refresh: the four calls, and {@code getpeerinfo} unless synced (the peers' heights tell the
     * sync's phase); completes when all have been handled.
     */
    private CompletableFuture<?> refreshNow() {
        ConnectionScope sc = scope;
        if (sc == null || !sc.isOpen()) {
            return CompletableFuture.completedFuture(null);
        }
        lastRefreshNanos = System.nanoTime();
        StatusService s = StatusService.of(sc);
        List<CompletableFuture<?>> calls = new ArrayList<>(List.of(
                Tasks.on(sc, s.blockchainInfo(), "getblockchaininfo").onSuccess(i -> applyBlockchainInfo(i, Instant.now())).run(),
                Tasks.on(sc, s.networkInfo(), "getnetworkinfo").onSuccess(this::applyNetworkInfo).run(),
                Tasks.on(sc, s.mempoolInfo(), "getmempoolinfo").onSuccess(this::applyMempoolInfo).run(),
                Tasks.on(sc, s.uptime(), "uptime").onSuccess(this::applyUptime).run()));
        if (state.get() != SyncState.SYNCED) {
            calls.add(Tasks.on(sc, s.peerHeights(), "getpeerinfo").onSuccess(this::applyPeerHeights).run());
        }
        if (trackingSnapshot) {
            calls.add(Tasks.on(sc, s.chainstates(), "getchainstates").onSuccess(this::applyChainstates).run());
        }
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new));
    }

    /**
     * Turns the node's p2p networking on or off ({@code setnetworkactive}), then refreshes. On failure
     * {@link #networkActiveProperty()} keeps the node's last known state (the view puts its switch
     * back to it) and {@link #problemProperty()} is set; so it does when the connection ends before the answer
     * ({@link #networkSwitchBusyProperty()} goes false with the new connection, and the view puts its switch back to
     * the node's state).
     */
    public void setNetworkActive(boolean on) {
        ConnectionScope sc = scope;
        if (sc == null || !sc.isOpen()) {
            return;
        }
        networkSwitchBusy.set(true);
        Tasks.on(sc, StatusService.of(sc).setNetworkActive(on), "setnetworkactive " + on)
                .onSuccess(r -> {
                    networkActive.set(on); // what the node now has; the refresh brings the rest
                    refresh();
                })
                .onError(e -> {
                    LOG.error("setnetworkactive {} failed", on, e);
                    problem.set(new Problem("Cannot change network activity", e));
                })
                .andFinally(() -> networkSwitchBusy.set(false))
                .run();
    }

    private void recompute() {
        NodeState ns = nodeStatus.state();
        switch (ns) {
            case STARTING -> set(SyncState.STARTING, nodeStatus.message().isEmpty() ? "Starting bitcoin-node…" : nodeStatus.message());
            case CONNECTING -> set(SyncState.CONNECTING, "Connecting to bitcoin-node over IPC…");
            case STOPPING -> set(SyncState.ERROR, "Stopping bitcoin-node…");
            case STOPPED -> set(SyncState.ERROR, "bitcoin-node is stopped.");
            case CRASHED, ERROR -> set(SyncState.ERROR, nodeStatus.message());
            case READY -> recomputeReady();
        }
    }

    /** The state of a running node, from its chain, network and peers (see {@link SyncState}). */
    private void recomputeReady() {
        int b = blocks.get();
        int h = headers.get();
        int n = peers.get();
        String regtestHint = "regtest".equals(chain.get()) && h <= b ? " On regtest, mine one: generatetoaddress 1 <address>." : "";
        if (!connected || b < 0) {
            set(SyncState.CONNECTING, "Waiting for the node's first answer…");
        } else if (!networkActive.get()) {
            set(SyncState.PAUSED, h > b ? String.format("Network activity is off: the download is paused at block %,d of %,d.", b, h)
                    : "Network activity is off.");
        } else if (isSynced()) {
            set(SyncState.SYNCED, n == 0 ? "Up to date · no peers connected" : "Up to date");
        } else if (n == 0) {
            // mid-download (peers lost, or not back yet after a restart) the download waits for one
            set(SyncState.PEERS, h > b ? "Waiting for peers to continue: none connected, " + blocksLeft(h - b) + "."
                    : "No peers connected yet." + regtestHint);
        } else if (presyncHeight.get() >= 0) {
            set(SyncState.HEADERS, String.format("Pre-syncing headers: %,d (checking the chain's work before storing it)", presyncHeight.get()));
        } else if (h > b) {
            // blocks to download: the node fetches them while it goes on asking for headers (a chain of more
            // than one headers message, 2,000, or headers left behind by a pause), so the state stays "blocks"
            // rather than going back to "headers" when a peer's height comes in; the line names both
            set(SyncState.SYNCING, blocksLeft(h - b) + (peerHeight.get() > h ? String.format(" · headers %,d of %,d", h, peerHeight.get()) : "")
                    + fromPeers(n));
        } else if (peerHeight.get() > Math.max(h, b)) {
            set(SyncState.HEADERS, String.format("Headers %,d of %,d", Math.max(h, 0), peerHeight.get()) + fromPeers(n));
        } else {
            set(SyncState.WAITING, (n < 0 ? "Waiting for new headers." : String.format("Waiting for new headers from %,d peer%s.", n, n == 1 ? "" : "s"))
                    + regtestHint);
        }
    }

    private static String blocksLeft(int n) {
        return String.format("%,d block%s left", n, n == 1 ? "" : "s");
    }

    private static String fromPeers(int n) {
        return n < 0 ? "" : String.format(" from %,d peer%s", n, n == 1 ? "" : "s");
    }

    /** @return true when out of IBD with every known header's block validated */
    private boolean isSynced() {
        return !ibd.get() && headers.get() <= blocks.get();
    }

    private void set(SyncState s, String d) {
        state.set(s);
        detail.set(d);
    }
}
