package org.bitcoinfx.gui.status;

import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import java.time.Instant;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.bitcoinfx.gui.shell.AppContext;
import org.bitcoinfx.gui.shell.ErrorDialogs;
import org.bitcoinfx.gui.shell.Page;
import org.bitcoinfx.gui.util.Fx;
import org.bitcoinfx.gui.util.SingleFlight;
import org.bitcoinfx.gui.util.Units;
import javafx.beans.value.ChangeListener;
import org.bitcoinfx.gui.node.ConnectionScope;
import org.bitcoinfx.gui.node.NodeSession;
import org.bitcoinfx.gui.node.NodeStatus;
import org.bitcoinfx.gui.util.Coalescer;
import org.bitcoinfx.ipc.BlockRef;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Status page: the sync's state (connecting to peers, headers, blocks, synced, paused) and ring
 * (headers against the peers' height while syncing headers; verification progress during IBD; blocks
 * vs headers), verification progress, the block download (blocks of headers, blocks per second), time
 * left and the tip's age while syncing, peers, network switch, tip and mempool. The view only: state and commands are in {@link StatusViewModel},
 * the node calls in {@link StatusService}. Refreshes on every new tip (at most every 500 ms) and,
 * through the view model, polls slowly (5 s) for peers and the mempool.
 */
public final class StatusPage implements Page {

    private final StatusViewModel vm = new StatusViewModel();
    /** Built on the first {@link #view()}. */
    private Node view;
    /** Part of the view: null until it is built. */
    private ToggleSwitch networkSwitch;
    private boolean updatingSwitch;
    /** Part of the view: null until it is built. */
    private Label tipAge;
    /** Part of the view (block download and rate; time left and the tip's age while syncing): null until it is built. */
    private Label syncBlocks;
    private Label timeLeft;
    /** Updates the tip's age every second once the view is built. */
    private final Timeline ticker = new Timeline(new KeyFrame(Duration.seconds(1), e -> updateAge()));
    private final Coalescer onTip = new Coalescer(500, vm::refresh);
    private final ChangeListener<NodeStatus> statusListener;
    private final ChangeListener<ConnectionScope> scopeListener;
    private final ChangeListener<BlockRef> tipListener;
    private final NodeSession session;

    /** @param ctx the app */
    public StatusPage(AppContext ctx) {
        this.session = ctx.session();
        vm.applyNodeStatus(session.statusProperty().get());
        statusListener = (o, a, s) -> vm.applyNodeStatus(s);
        scopeListener = (o, a, sc) -> vm.setScope(sc);
        tipListener = (o, a, t) -> {
            if (t != null) {
                onTip.trigger();
            }
        };
        session.statusProperty().addListener(statusListener);
        session.scopeProperty().addListener(scopeListener);
        session.tipWatcher().settledTipProperty().addListener(tipListener);
        ticker.setCycleCount(Timeline.INDEFINITE);
        vm.setScope(session.scopeProperty().get());
    }

    /** @return the view model (for tests) */
    public StatusViewModel viewModel() {
        return vm;
    }

    @Override
    public String title() {
        return "Status";
    }

    @Override
    public Ikon icon() {
        return Feather.ACTIVITY;
    }

    @Override
    public Node view() {
        if (view == null) {
            view = build();
            ticker.play();
        }
        return view;
    }

    /** Stops the clock and unsubscribes from the session (the poll ends with the connection scope). */
    @Override
    public void dispose() {
        ticker.stop();
        session.statusProperty().removeListener(statusListener);
        session.scopeProperty().removeListener(scopeListener);
        session.tipWatcher().settledTipProperty().removeListener(tipListener);
        vm.setScope(null);
    }

    /** Asks the view model to refresh ({@link StatusViewModel#refresh()}). Call on the JavaFX Application Thread. */
    public void refresh() {
        vm.refresh();
    }

    /** @return the refresh guard (for tests: runs started, in flight) */
    public SingleFlight refreshes() {
        return vm.refreshes();
    }

    private Node build() {
        SyncRing ring = new SyncRing(86);
        Runnable ringText = () -> {
            SyncState st = vm.stateProperty().get();
            int blocks = vm.blocksProperty().get();
            int headers = vm.headersProperty().get();
            if (blocks < 0 || !st.live()) {
                ring.progressProperty().set(0);
                ring.setText("–", st.label());
                return;
            }
            if (st == SyncState.HEADERS) {
                // headers against the highest chain a peer shows (or the pre-sync's height)
                int peer = vm.peerHeightProperty().get();
                int got = Math.max(headers, vm.presyncHeightProperty().get());
                double frac = peer > 0 ? Math.min(1, Math.max(0, got) / (double) peer) : 0;
                ring.progressProperty().set(frac);
                ring.setText(Units.percent(frac, 0), "headers");
                return;
            }
            if (st == SyncState.WAITING || (st == SyncState.PEERS && headers <= blocks)) {
                ring.progressProperty().set(0);
                ring.setText(Units.number(blocks), "blocks");
                return;
            }
            double frac = vm.ibdProperty().get() ? vm.verificationProgressProperty().get() : vm.blockFraction();
            ring.progressProperty().set(frac);
            ring.setText(Units.percent(frac, frac >= 0.9999 || frac == 0 ? 0 : 2),
                    Units.number(blocks) + " / " + Units.number(Math.max(headers, blocks)));
        };
        vm.blocksProperty().addListener(o -> ringText.run());
        vm.headersProperty().addListener(o -> ringText.run());
        vm.verificationProgressProperty().addListener(o -> ringText.run());
        vm.stateProperty().addListener(o -> ringText.run());
        vm.peerHeightProperty().addListener(o -> ringText.run());
        vm.presyncHeightProperty().addListener(o -> ringText.run());
        ringText.run();

        Label state = new Label();
        state.setId("sync-state");
        state.getStyleClass().add(Styles.TITLE_2);
        Label detail = new Label();
        detail.setId("sync-detail");
        detail.setWrapText(true);
        detail.getStyleClass().add(Styles.TEXT_MUTED);
        Runnable stateText = () -> {
            SyncState s = vm.stateProperty().get();
            state.setText(s.label());
            state.getStyleClass().setAll("label", Styles.TITLE_2, "sync-state-" + s.name().toLowerCase(java.util.Locale.ROOT));
            detail.setText(vm.detailProperty().get());
        };
        vm.stateProperty().addListener(o -> stateText.run());
        vm.detailProperty().addListener(o -> stateText.run());
        stateText.run();

        Label verification = new Label();
        verification.setId("verification-progress");
        syncBlocks = new Label();
        syncBlocks.setId("sync-blocks");
        timeLeft = new Label();
        timeLeft.setId("time-left");
        Runnable progressText = () -> {
            SyncState st = vm.stateProperty().get();
            verification.setText(st.live() ? "Verification progress: " + Units.percent(vm.verificationProgressProperty().get(), 2) : "");
            updateSyncLines();
        };
        vm.verificationProgressProperty().addListener(o -> progressText.run());
        vm.timeLeftProperty().addListener(o -> progressText.run());
        vm.stateProperty().addListener(o -> progressText.run());
        vm.blocksProperty().addListener(o -> progressText.run());
        vm.headersProperty().addListener(o -> progressText.run());
        vm.blocksPerSecondProperty().addListener(o -> progressText.run());
        progressText.run();
        for (Label l : new Label[] {verification, syncBlocks, timeLeft}) {
            l.getStyleClass().add(Styles.TEXT_MUTED);
            l.managedProperty().bind(l.textProperty().isNotEmpty()); // no gap for a line with nothing to say
            l.visibleProperty().bind(l.managedProperty());
        }

        Label nodeInfo = new Label();
        nodeInfo.setId("node-info");
        nodeInfo.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        Runnable infoText = () -> {
            boolean live = vm.stateProperty().get().live();
            String sub = vm.subversionProperty().get().replace("/", "");
            long up = vm.uptimeProperty().get();
            nodeInfo.setText(!live || sub.isEmpty() ? "" : sub + " · " + vm.chainProperty().get()
                    + (up < 0 ? "" : " · up " + Units.duration(java.time.Duration.ofSeconds(up))));
        };
        vm.subversionProperty().addListener(o -> infoText.run());
        vm.uptimeProperty().addListener(o -> infoText.run());
        vm.stateProperty().addListener(o -> infoText.run());
        vm.chainProperty().addListener(o -> infoText.run());
        infoText.run();
        Region spacer = new Region();
        spacer.setMinHeight(6);
        VBox stateBox = new VBox(6, state, detail, spacer, verification, syncBlocks, timeLeft, nodeInfo);
        stateBox.setAlignment(Pos.CENTER_LEFT);
        HBox hero = new HBox(32, ring, stateBox);
        hero.setAlignment(Pos.CENTER_LEFT);
        hero.getStyleClass().add("card");
        hero.setPadding(new Insets(24));

        // tip
        Label tipHeight = value("tip-height");
        Label tipHash = new Label();
        tipHash.setId("tip-hash");
        tipHash.getStyleClass().addAll("monospace", Styles.TEXT_SMALL);
        tipAge = new Label();
        tipAge.setId("tip-age");
        tipAge.getStyleClass().add(Styles.TEXT_MUTED);
        // the view may be built after the figures arrived: show the current ones, then follow
        Runnable tipText = () -> {
            tipHeight.setText(vm.blocksProperty().get() < 0 ? "–" : Units.number(vm.blocksProperty().get()));
            tipHash.setText(Units.shortHash(vm.tipHashProperty().get()));
            updateAge();
        };
        vm.blocksProperty().addListener(o -> tipText.run());
        vm.tipHashProperty().addListener(o -> tipText.run());
        vm.tipTimeProperty().addListener(o -> updateAge());
        tipText.run();
        Node tipCard = card("Tip", Feather.BOX, tipHeight, tipHash, tipAge);

        // peers
        Label peers = value("peer-count");
        Label peersDetail = new Label();
        peersDetail.getStyleClass().add(Styles.TEXT_MUTED);
        Runnable peersText = () -> {
            int p = vm.peersProperty().get();
            peers.setText(p < 0 ? "–" : Units.number(p));
            peersDetail.setText(p < 0 ? "" : vm.peersOutProperty().get() + " outbound, " + vm.peersInProperty().get() + " inbound");
        };
        vm.peersProperty().addListener(o -> peersText.run());
        vm.peersInProperty().addListener(o -> peersText.run());
        vm.peersOutProperty().addListener(o -> peersText.run());
        peersText.run();
        networkSwitch = new ToggleSwitch();
        networkSwitch.setId("network-toggle");
        networkSwitch.setSelected(vm.networkActiveProperty().get());
        vm.networkActiveProperty().addListener((o, a, b) -> {
            updatingSwitch = true;
            networkSwitch.setSelected(b);
            updatingSwitch = false;
        });
        networkSwitch.selectedProperty().addListener((o, a, on) -> {
            if (!updatingSwitch) {
                vm.setNetworkActive(on);
            }
        });
        networkSwitch.disableProperty().bind(vm.networkSwitchBusyProperty());
        vm.networkSwitchBusyProperty().addListener((o, was, busy) -> {
            if (!busy) {
                // the call ended, or its answer was lost with the connection: the switch shows what the node has
                updatingSwitch = true;
                networkSwitch.setSelected(vm.networkActiveProperty().get());
                updatingSwitch = false;
            }
        });
        vm.problemProperty().addListener((o, a, p) -> {
            if (p == null) {
                return;
            }
            updatingSwitch = true;
            networkSwitch.setSelected(vm.networkActiveProperty().get());
            updatingSwitch = false;
            ErrorDialogs.show(p.title(), Fx.message(p.cause()), p.cause());
        });
        Label networkLabel = new Label("Network active");
        networkLabel.setOnMouseClicked(e -> {
            if (!networkSwitch.isDisabled()) {
                networkSwitch.setSelected(!networkSwitch.isSelected());
            }
        });
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox networkRow = new HBox(12, networkLabel, networkSwitch);
        networkRow.setAlignment(Pos.CENTER_LEFT);
        Node peersCard = card("Peers", Feather.USERS, peers, peersDetail, networkRow);

        // mempool
        Label mempool = value("mempool-size");
        Label mempoolDetail = new Label();
        mempoolDetail.setId("mempool-bytes");
        mempoolDetail.getStyleClass().add(Styles.TEXT_MUTED);
        Runnable mpText = () -> {
            long n = vm.mempoolTxProperty().get();
            mempool.setText(n < 0 ? "–" : Units.number(n) + " tx");
            double minFee = vm.mempoolMinFeeProperty().get();
            mempoolDetail.setText(n < 0 ? "" : Units.vbytes(vm.mempoolBytesProperty().get()) + " · " + Units.bytes(vm.mempoolUsageProperty().get())
                    + " memory" + (minFee < 0 ? "" : " · min " + Units.satPerVb(minFee)));
        };
        vm.mempoolTxProperty().addListener(o -> mpText.run());
        vm.mempoolBytesProperty().addListener(o -> mpText.run());
        vm.mempoolMinFeeProperty().addListener(o -> mpText.run());
        mpText.run();
        Node mempoolCard = card("Mempool", Feather.LAYERS, mempool, mempoolDetail);

        // storage: disk used, full or pruned (to a target, or by hand), and how far blocks were pruned
        Label disk = value("size-on-disk");
        Label storageMode = new Label();
        storageMode.setId("storage-mode");
        storageMode.getStyleClass().add(Styles.TEXT_MUTED);
        Label pruneHeight = new Label();
        pruneHeight.setId("prune-height");
        pruneHeight.getStyleClass().add(Styles.TEXT_MUTED);
        pruneHeight.managedProperty().bind(pruneHeight.textProperty().isNotEmpty());
        pruneHeight.visibleProperty().bind(pruneHeight.managedProperty());
        Label version = new Label();
        version.getStyleClass().add(Styles.TEXT_MUTED);
        Runnable diskText = () -> {
            long size = vm.sizeOnDiskProperty().get();
            disk.setText(size == 0 ? "–" : Units.bytes(size) + " on disk");
            storageMode.setText(size == 0 ? "" : storageMode(vm.prunedProperty().get(), vm.pruneTargetSizeProperty().get()));
            pruneHeight.setText(size == 0 ? "" : prunedBlocks(vm.prunedProperty().get(), vm.pruneHeightProperty().get()));
            version.setText(vm.subversionProperty().get());
        };
        vm.sizeOnDiskProperty().addListener(o -> diskText.run());
        vm.prunedProperty().addListener(o -> diskText.run());
        vm.pruneHeightProperty().addListener(o -> diskText.run());
        vm.pruneTargetSizeProperty().addListener(o -> diskText.run());
        vm.subversionProperty().addListener(o -> diskText.run());
        diskText.run();
        Node diskCard = card("Storage", Feather.HARD_DRIVE, disk, storageMode, pruneHeight, version);
        diskCard.setId("storage-card");

        GridPane cards = new GridPane();
        cards.setHgap(16);
        cards.setVgap(16);
        for (int i = 0; i < 2; i++) {
            ColumnConstraints cc = new ColumnConstraints();
            cc.setPercentWidth(50);
            cc.setHgrow(Priority.ALWAYS);
            cards.getColumnConstraints().add(cc);
        }
        cards.add(tipCard, 0, 0);
        cards.add(peersCard, 1, 0);
        cards.add(mempoolCard, 0, 1);
        cards.add(diskCard, 1, 1);
        for (Node n : cards.getChildren()) {
            GridPane.setFillWidth(n, true);
            GridPane.setFillHeight(n, true);
        }
        // figures from a node that is not running are stale: mute them
        Runnable mute = () -> {
            SyncState st = vm.stateProperty().get();
            cards.setDisable(st == SyncState.ERROR || st == SyncState.STARTING || st == SyncState.CONNECTING);
        };
        vm.stateProperty().addListener(o -> mute.run());
        mute.run();
        VBox page = new VBox(16, hero, assumeUtxoCard(), cards);
        page.setPadding(new Insets(20));
        page.setId("status-page");
        ScrollPane sp = new ScrollPane(page);
        sp.setFitToWidth(true);
        sp.getStyleClass().add("page-scroll");
        return sp;
    }

    /**
     * The AssumeUTXO card, shown while the node has a snapshot chainstate (and after its background validation
     * completed, with the line saying so): the snapshot chainstate syncing to the tip, the background validation
     * up to the snapshot's height with its progress bar.
     */
    private Node assumeUtxoCard() {
        Label snapshot = new Label();
        snapshot.setId("snapshot-chainstate");
        snapshot.setWrapText(true);
        Label background = new Label();
        background.setId("background-validation");
        background.setWrapText(true);
        javafx.scene.control.ProgressBar bar = new javafx.scene.control.ProgressBar();
        bar.setId("background-progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        Label complete = new Label("", new FontIcon(Feather.CHECK_CIRCLE));
        complete.setId("background-complete");
        complete.setWrapText(true);
        complete.getStyleClass().add(Styles.SUCCESS);
        Label about = new Label();
        about.setWrapText(true);
        about.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        Node card = card("AssumeUTXO", Feather.FAST_FORWARD, snapshot, background, bar, complete, about);
        card.setId("assumeutxo-card");
        Runnable update = () -> {
            snapshot.setText(vm.snapshotChainstateTextProperty().get());
            background.setText(vm.backgroundValidationTextProperty().get());
            double p = vm.backgroundProgressProperty().get();
            bar.setProgress(p < 0 ? 0 : p);
            complete.setText(vm.backgroundCompleteTextProperty().get());
            about.setText(complete.getText().isEmpty()
                    ? "The node uses a UTXO snapshot to be usable at the tip now; in the background it verifies every block up to "
                            + "the snapshot, and then the snapshot itself."
                    : "Every block up to the snapshot was verified, and the snapshot matched the hash built into Bitcoin Core.");
            boolean shown = !snapshot.getText().isEmpty() || !background.getText().isEmpty() || !complete.getText().isEmpty();
            card.setVisible(shown);
            card.setManaged(shown);
        };
        for (Label l : new Label[] {snapshot, background, complete}) {
            l.managedProperty().bind(l.textProperty().isNotEmpty());
            l.visibleProperty().bind(l.managedProperty());
        }
        bar.managedProperty().bind(background.managedProperty());
        bar.visibleProperty().bind(bar.managedProperty());
        vm.snapshotChainstateTextProperty().addListener(o -> update.run());
        vm.backgroundValidationTextProperty().addListener(o -> update.run());
        vm.backgroundProgressProperty().addListener(o -> update.run());
        vm.backgroundCompleteTextProperty().addListener(o -> update.run());
        update.run();
        ((Region) card).setMinHeight(Region.USE_PREF_SIZE);
        return card;
    }

    private void updateAge() {
        if (tipAge == null) {
            return;
        }
        long t = vm.tipTimeProperty().get();
        tipAge.setText(t == 0 ? "" : Units.localDateTime(t) + " · " + Units.age(Instant.ofEpochSecond(t), Instant.now()));
        updateSyncLines();
    }

    /**
     * While a sync is not done: the block download as blocks of headers and its rate, the time left
     * and the tip's age (by this computer's clock); empty otherwise.
     */
    private void updateSyncLines() {
        if (syncBlocks == null) {
            return;
        }
        SyncState st = vm.stateProperty().get();
        int blocks = vm.blocksProperty().get();
        int headers = vm.headersProperty().get();
        boolean behind = blocks >= 0 && headers > blocks;
        boolean downloading = st == SyncState.SYNCING || st == SyncState.HEADERS
                || ((st == SyncState.PEERS || st == SyncState.PAUSED) && behind);
        if (!downloading) {
            syncBlocks.setText("");
            timeLeft.setText("");
            return;
        }
        double bps = vm.blocksPerSecondProperty().get();
        syncBlocks.setText("Blocks " + Units.number(Math.max(blocks, 0)) + " of " + Units.number(Math.max(headers, blocks))
                + (st == SyncState.SYNCING && bps >= 0 ? " · " + blocksPerSecond(bps) : ""));
        var tl = vm.timeLeftProperty().get();
        long t = vm.tipTimeProperty().get();
        String a = t == 0 ? "" : Units.age(Instant.ofEpochSecond(t), Instant.now());
        String age = a.isEmpty() ? "" : "tip " + (a.endsWith(" ago") ? a.substring(0, a.length() - 4) + " old" : a);
        String left = st != SyncState.SYNCING ? "" : tl == null ? "Estimating time left…" : "About " + Units.duration(tl) + " left";
        timeLeft.setText(left.isEmpty() ? capitalize(age) : age.isEmpty() ? left : left + " · " + age);
    }

    /**
     * The Storage card's mode line ({@code getblockchaininfo} {@code pruned}, {@code prune_target_size}).
     *
     * @param pruned      the node is in prune mode
     * @param targetBytes the automatic prune target, bytes; below 0 for manual pruning ({@code -prune=1})
     * @return {@code Full node: every block kept}, {@code Pruned to 576.7 MB (-prune=550)} or
     *         {@code Pruned by hand (-prune=1, pruneblockchain)}
     */
    static String storageMode(boolean pruned, long targetBytes) {
        if (!pruned) {
            return "Full node: every block kept";
        }
        return targetBytes < 0 ? "Pruned by hand (-prune=1, pruneblockchain)"
                : "Pruned to " + Units.bytes(targetBytes) + " (-prune=" + targetBytes / (1024 * 1024) + ")";
    }

    /**
     * The Storage card's pruned-height line ({@code getblockchaininfo} {@code pruneheight}).
     *
     * @param pruned      the node is in prune mode
     * @param pruneHeight the first block whose data is kept (0: nothing pruned yet)
     * @return {@code Blocks below 712 pruned}, {@code Nothing pruned yet}, or empty for a full node
     */
    static String prunedBlocks(boolean pruned, int pruneHeight) {
        if (!pruned) {
            return "";
        }
        return pruneHeight <= 0 ? "Nothing pruned yet" : "Blocks below " + Units.number(pruneHeight) + " pruned";
    }

    /** @return e.g. {@code 85 blocks/s}, {@code 2.5 blocks/s} */
    static String blocksPerSecond(double bps) {
        return (bps >= 10 ? Units.number(Math.round(bps)) : String.format("%.1f", bps)) + " blocks/s";
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static Label value(String id) {
        Label l = new Label("–");
        l.setId(id);
        l.getStyleClass().addAll(Styles.TITLE_2, "card-value");
        return l;
    }

    private static Node card(String title, Ikon icon, Node... content) {
        Label t = new Label(title.toUpperCase(java.util.Locale.ROOT), new FontIcon(icon));
        t.getStyleClass().add("card-title");
        VBox box = new VBox(6, t);
        box.getChildren().addAll(content);
        box.getStyleClass().add("card");
        box.setPadding(new Insets(16));
        box.setMaxWidth(Double.MAX_VALUE);
        box.setMaxHeight(Double.MAX_VALUE);
        box.setMinHeight(130);
        HBox.setHgrow(box, Priority.ALWAYS);
        return box;
    }
}
