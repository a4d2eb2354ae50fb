package org.bitcoinfx.gui.mining;

import org.bitcoinfx.gui.util.Tables;
import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.collections.transformation.SortedList;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.bitcoinfx.gui.shell.AppContext;
import org.bitcoinfx.gui.shell.Page;
import org.bitcoinfx.gui.util.Units;
import javafx.beans.value.ChangeListener;
import org.bitcoinfx.gui.node.ConnectionScope;
import org.bitcoinfx.gui.node.NodeSession;
import org.bitcoinfx.ipc.BlockCheckResult;
import org.bitcoinfx.ipc.CoinbaseTx;
import org.bitcoinfx.ipc.primitives.BlockHeader;
import org.bitcoinfx.ipc.primitives.Hashes;
import org.bitcoinfx.ipc.primitives.RawTx;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Mining page: the block template inspector ({@code Mining.createNewBlock} and the
 * BlockTemplate getters), live replacement by {@code BlockTemplate.waitNext} with a fee
 * threshold and a log of when and why the template changed, {@code checkBlock} of the current
 * template, and on regtest "Mine block": a coinbase from {@link CoinbaseTx}, nonce grinding on a
 * background thread and {@code submitSolution}.
 */
public final class MiningPage implements Page {
    private final MiningViewModel vm;
    /** Built on the first {@link #view()}. */
    private Node view;
    private final PayoutViewModel payoutVm = new PayoutViewModel();
    private final NodeSession session;
    private final ChangeListener<ConnectionScope> scopeListener;

    /** @param ctx the app */
    public MiningPage(AppContext ctx) {
        this.vm = new MiningViewModel(ctx.session().scheduler());
        this.session = ctx.session();
        scopeListener = (o, a, sc) -> setScope(sc);
        session.scopeProperty().addListener(scopeListener);
        setScope(session.scopeProperty().get());
    }

    /** @return the view model (for tests) */
    public MiningViewModel viewModel() {
        return vm;
    }

    @Override
    public String title() {
        return "Mining";
    }

    @Override
    public Ikon icon() {
        return Feather.CPU;
    }

    @Override
    public Node view() {
        if (view == null) {
            view = build();
        }
        return view;
    }

    @Override
    public void setShowing(boolean showing) {
        vm.setActive(showing);
        if (showing) {
            payoutVm.refreshWallets();
        }
    }

    private void setScope(ConnectionScope sc) {
        vm.setClient(sc == null ? null : sc.client());
        payoutVm.setScope(sc);
    }

    /** @return the payout address's view model (for tests) */
    public PayoutViewModel payoutModel() {
        return payoutVm;
    }

    /** Unsubscribes and closes the view model (its template and background threads). */
    @Override
    public void dispose() {
        session.scopeProperty().removeListener(scopeListener);
        payoutVm.setScope(null);
        vm.close();
    }

    private Node build() {
        TextField payout = new TextField();
        ComboBox<String> payoutWallet = new ComboBox<>();
        Label payoutError = new Label();
        Button refresh = new Button("New template", new FontIcon(Feather.REFRESH_CW));
        refresh.setId("mining-refresh");
        refresh.setOnAction(e -> vm.refresh());
        refresh.disableProperty().bind(vm.busyProperty());
        ToggleSwitch live = new ToggleSwitch("Live");
        live.setId("mining-live");
        live.selectedProperty().bindBidirectional(vm.liveProperty());
        live.setTooltip(new Tooltip("Keep a BlockTemplate.waitNext pending and follow new templates"));
        TextField threshold = new TextField(Long.toString(vm.feeThresholdSatProperty().get()));
        threshold.setId("mining-threshold");
        threshold.setPrefColumnCount(7);
        Label thresholdError = new Label();
        thresholdError.setId("mining-threshold-error");
        thresholdError.getStyleClass().add(Styles.DANGER);
        Runnable applyThreshold = () -> {
            try {
                vm.setFeeThreshold(Long.parseLong(threshold.getText().strip().replace(",", "").replace("_", "")));
                thresholdError.setText("");
            } catch (NumberFormatException ex) {
                thresholdError.setText("A whole number of sat.");
            } catch (IllegalArgumentException ex) {
                thresholdError.setText(ex.getMessage());
            }
        };
        threshold.setOnAction(e -> applyThreshold.run());
        threshold.focusedProperty().addListener((o, a, f) -> {
            if (!f) {
                applyThreshold.run();
            }
        });
        Label thresholdLabel = new Label("Fee threshold");
        Label satLabel = new Label("sat");
        satLabel.getStyleClass().add(Styles.TEXT_MUTED);

        Button check = new Button("Check block", new FontIcon(Feather.CHECK_CIRCLE));
        check.setId("mining-check");
        check.setOnAction(e -> vm.check(payout.getText()));
        check.disableProperty().bind(vm.busyProperty().or(vm.snapshotProperty().isNull()));
        check.setTooltip(new Tooltip("Mining.checkBlock of this template with our coinbase (proof of work not checked)"));
        Button mine = new Button("Mine block", new FontIcon(Feather.ZAP));
        mine.setId("mining-mine");
        mine.getStyleClass().add(Styles.ACCENT);
        mine.setDefaultButton(false);
        mine.disableProperty().bind(vm.miningProperty().or(vm.snapshotProperty().isNull()).or(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> vm.snapshotProperty().get() != null && vm.snapshotProperty().get().header().bits() != 0x207fffffL, vm.snapshotProperty())));
        mine.setOnAction(e -> vm.mine(payout.getText()));
        mine.setTooltip(new Tooltip("Grind the nonce on this computer and submitSolution (regtest difficulty only)"));
        Button cancel = new Button("Stop");
        cancel.setId("mining-cancel");
        cancel.visibleProperty().bind(vm.miningProperty());
        cancel.managedProperty().bind(vm.miningProperty());
        cancel.setOnAction(e -> vm.cancelMining());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox toolbar = new HBox(10, refresh, live, thresholdLabel, threshold, satLabel, thresholdError, grow, check, mine, cancel);
        toolbar.setAlignment(Pos.CENTER_LEFT);

        payout.textProperty().bindBidirectional(payoutVm.addressProperty());
        payoutWallet.setItems(payoutVm.wallets());
        payoutWallet.valueProperty().bindBidirectional(payoutVm.walletProperty());
        payoutError.textProperty().bind(payoutVm.errorProperty());
        payout.setId("mining-payout");
        payout.setPromptText("Reward address (or take one from a wallet →)");
        payout.getStyleClass().add("monospace");
        HBox.setHgrow(payout, Priority.ALWAYS);
        payoutWallet.setId("mining-payout-wallet");
        payoutWallet.setPromptText("wallet");
        Button fromWallet = new Button("New address", new FontIcon(Feather.CORNER_DOWN_LEFT));
        fromWallet.setId("mining-payout-new");
        fromWallet.setOnAction(e -> payoutVm.newWalletAddress());
        fromWallet.disableProperty().bind(payoutWallet.valueProperty().isNull());
        Label payTo = new Label("Pay reward to");
        HBox payoutRow = new HBox(10, payTo, payout, payoutWallet, fromWallet);
        payoutRow.setAlignment(Pos.CENTER_LEFT);
        payoutError.setId("mining-payout-error");
        payoutError.getStyleClass().add(Styles.DANGER);

        Label status = new Label();
        status.setId("mining-status");
        status.getStyleClass().add(Styles.TEXT_MUTED);
        status.textProperty().bind(vm.statusProperty());
        Label error = new Label();
        error.setId("mining-error");
        error.getStyleClass().add(Styles.DANGER);
        error.setWrapText(true);
        error.textProperty().bind(vm.errorProperty());
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        Label result = new Label();
        result.setId("mining-result");
        result.setWrapText(true);
        result.setMaxWidth(Double.MAX_VALUE);
        result.setVisible(false);
        result.setManaged(false);
        Runnable showResult = () -> {
            MineResult m = vm.lastMineProperty().get();
            BlockCheckResult c = vm.lastCheckProperty().get();
            String text = null;
            boolean ok = false;
            if (vm.miningProperty().get()) {
                text = "Grinding… " + Units.number(vm.hashesProperty().get()) + " hashes";
                ok = true;
            } else if (m != null) {
                ok = m.result().valid();
                text = ok ? "Block " + Units.number(m.height()) + " accepted: " + m.blockHash() + "\nnonce " + Units.number(m.nonce()) + " after "
                        + Units.number(m.hashes()) + " hashes in " + Units.number(m.millis()) + " ms · coinbase " + Units.shortHash(m.coinbaseTxid())
                        : rejectedText(m.result(), vm.service() == null ? java.util.Optional.empty()
                                : vm.service().client().mining().servesSubmitSolution10());
            } else if (c != null) {
                ok = c.valid();
                text = ok ? "checkBlock: the template with our coinbase is valid (proof of work not checked)."
                        : "checkBlock: invalid: " + c.reason() + (c.debug().isEmpty() ? "" : " — " + c.debug());
            }
            result.setText(text);
            result.setVisible(text != null);
            result.setManaged(text != null);
            result.getStyleClass().setAll("label", "mining-result", ok ? "mining-result-ok" : "mining-result-bad");
            result.setGraphic(text == null ? null : new FontIcon(vm.miningProperty().get() ? Feather.LOADER : ok ? Feather.CHECK_CIRCLE : Feather.ALERT_TRIANGLE));
        };
        vm.lastMineProperty().addListener((o, a, b) -> showResult.run());
        vm.lastCheckProperty().addListener((o, a, b) -> showResult.run());
        vm.miningProperty().addListener((o, a, b) -> showResult.run());
        vm.hashesProperty().addListener((o, a, b) -> {
            if (vm.miningProperty().get()) {
                showResult.run();
            }
        });
        showResult.run(); // a view built late shows the last result

        // summary cards
        Label height = big("mining-height");
        Label heightSub = small();
        Label txs = big("mining-tx-count");
        Label txsSub = small();
        Label fees = big("mining-fees");
        Label feesSub = small();
        Label reward = big("mining-reward");
        Label rewardSub = small();
        HBox cards = new HBox(12, card("NEXT BLOCK", Feather.BOX, height, heightSub), card("TRANSACTIONS", Feather.LAYERS, txs, txsSub),
                card("FEES", Feather.TRENDING_UP, fees, feesSub), card("COINBASE REWARD", Feather.GIFT, reward, rewardSub));
        cards.getChildren().forEach(n -> HBox.setHgrow(n, Priority.ALWAYS));

        // the transactions: the view-model's list (changed by diffs), filtered there, sorted here by the columns
        TableView<TemplateTx> table = Tables.wholeHeaders(new TableView<>());
        table.setId("mining-txs");
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE, Styles.DENSE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        TableColumn<TemplateTx, Integer> position = Tables.sortable("#", 50, t -> vm.positionOf(t.txid()), n -> Units.number(n), true, false);
        table.getColumns().add(position);
        table.getColumns().add(Tables.sortable("txid", 200, TemplateTx::txid, h -> Units.shortHash(h, 12, 6), false, true));
        table.getColumns().add(Tables.sortable("Fee", 100, TemplateTx::feeSat, Units::sat, true, false));
        TableColumn<TemplateTx, Double> feeRate = Tables.sortable("Fee rate", 100, TemplateTx::feeRate, Units::satPerVb, true, false);
        feeRate.setId("mining-col-feerate");
        table.getColumns().add(feeRate);
        table.getColumns().add(Tables.sortable("Sigops", 70, TemplateTx::sigops, Units::number, true, false));
        table.getColumns().add(Tables.sortable("Weight", 100, TemplateTx::weight, Units::weight, true, false));
        table.getColumns().add(Tables.sortable("Size", 80, TemplateTx::vsize, Units::vbytes, true, false));
        SortedList<TemplateTx> sorted = new SortedList<>(vm.shownTxs());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        feeRate.setSortType(TableColumn.SortType.DESCENDING);
        table.getSortOrder().add(feeRate); // highest fee rate first; a click on a header sorts by that column
        table.setPlaceholder(new Label("No transactions: the mempool is empty (a coinbase-only block)."));
        // the positions in the block move for transactions that stay: the visible rows' cells are made again, and a
        // table sorted by position sorts again (its rows did not change, so the sorted view would not)
        vm.lastDiffProperty().addListener((o, a, d) -> {
            if (table.getSortOrder().contains(position)) {
                sorted.comparatorProperty().unbind();
                sorted.setComparator(null);
                sorted.comparatorProperty().bind(table.comparatorProperty());
            }
            table.refresh();
        });
        TextField filter = new TextField();
        filter.setId("mining-filter");
        filter.setPromptText("Filter: txid, or fee rate 10-20, >=10, <5 (sat/vB)");
        filter.setPrefColumnCount(28);
        filter.textProperty().bindBidirectional(vm.txFilterProperty());
        Label filterError = new Label();
        filterError.setId("mining-filter-error");
        filterError.getStyleClass().add(Styles.DANGER);
        filterError.textProperty().bind(vm.txFilterErrorProperty());
        Label shownCount = new Label();
        shownCount.setId("mining-shown-count");
        shownCount.getStyleClass().add(Styles.TEXT_MUTED);
        shownCount.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> vm.txFilterProperty().get().isBlank()
                        ? Units.number(vm.txs().size()) + " transactions"
                        : Units.number(vm.shownTxs().size()) + " of " + Units.number(vm.txs().size()) + " transactions",
                vm.shownTxs(), vm.txs(), vm.txFilterProperty()));
        HBox filterRow = new HBox(10, filter, shownCount, filterError);
        filterRow.setAlignment(Pos.CENTER_LEFT);
        VBox txPane = new VBox(6, filterRow, table);
        txPane.setPadding(new Insets(6, 0, 0, 0));
        VBox.setVgrow(table, Priority.ALWAYS);

        GridPane coinbase = grid("mining-coinbase");
        GridPane header = grid("mining-header");
        ListView<String> path = new ListView<>();
        path.setId("mining-merkle-path");
        path.getStyleClass().add("monospace");
        path.setPlaceholder(new Label("Empty: the coinbase is the only transaction, so it is the merkle root."));

        TabPane tabs = new TabPane(new Tab("Transactions", txPane), new Tab("Coinbase", scroll(coinbase)), new Tab("Header", scroll(header)),
                new Tab("Merkle path", path));
        tabs.setId("mining-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);

        ListView<TemplateChange> changes = new ListView<>(vm.changes());
        changes.setId("mining-changes");
        changes.setPlaceholder(new Label("No template yet"));
        changes.getStyleClass().add("template-changes");
        changes.setCellFactory(lv -> new ListCell<>() {
            {
                // wrap to the list's width: no horizontal scrolling
                prefWidthProperty().bind(lv.widthProperty().subtract(18));
                setMaxWidth(Region.USE_PREF_SIZE);
                getStyleClass().add("template-change");
            }

            @Override
            protected void updateItem(TemplateChange c, boolean empty) {
                super.updateItem(c, empty);
                if (empty || c == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                // one entry: the reason and its time on top, then what the template holds, then the call
                Label why = new Label(c.reason() + (c.repeats() > 1 ? "  ×" + c.repeats() : ""));
                why.setWrapText(true);
                why.getStyleClass().add(Styles.TEXT_BOLD);
                HBox.setHgrow(why, Priority.ALWAYS);
                why.setMaxWidth(Double.MAX_VALUE);
                why.setMinHeight(Region.USE_PREF_SIZE); // wrap, never elide
                Label when = new Label(Units.localTimeMillis(c.time()).substring(0, 8));
                when.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
                when.setMinWidth(Region.USE_PREF_SIZE);
                HBox top = new HBox(8, why, when);
                top.setAlignment(Pos.BASELINE_LEFT);
                Label what = new Label("block " + Units.number(c.height()) + " · " + Units.number(c.txCount()) + " tx · "
                        + Units.sat(c.feesSat()) + " · " + c.source());
                what.setWrapText(true);
                what.setMinHeight(Region.USE_PREF_SIZE);
                what.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
                VBox box = new VBox(3, top, what);
                box.setMaxWidth(Double.MAX_VALUE);
                setText(null);
                setGraphic(box);
            }
        });
        // newest first: a new entry scrolls the list back to the top, fully visible
        vm.changes().addListener((javafx.collections.ListChangeListener<TemplateChange>) ch -> {
            if (!vm.changes().isEmpty()) {
                changes.scrollTo(0);
            }
        });
        Label changesTitle = new Label("TEMPLATE CHANGES", new FontIcon(Feather.CLOCK));
        changesTitle.getStyleClass().add("card-title");
        VBox changesCard = new VBox(8, changesTitle, changes);
        changesCard.getStyleClass().add("card");
        changesCard.setPadding(new Insets(12));
        changesCard.setPrefWidth(270);
        changesCard.setMinWidth(240);
        VBox.setVgrow(changes, Priority.ALWAYS);
        HBox body = new HBox(12, tabs, changesCard);
        HBox.setHgrow(tabs, Priority.ALWAYS);
        VBox.setVgrow(body, Priority.ALWAYS);

        java.util.function.Consumer<TemplateSnapshot> showSnapshot = s -> {
            if (s == null) {
                coinbase.getChildren().clear();
                header.getChildren().clear();
                path.getItems().clear();
                for (Label l : List.of(height, heightSub, txs, txsSub, fees, feesSub, reward, rewardSub)) {
                    l.setText("–");
                }
                return;
            }
            height.setText(Units.number(s.height()));
            heightSub.setText("on " + Units.shortHash(s.prevBlockHex(), 10, 6));
            txs.setText(Units.number(s.txs().size()));
            txsSub.setText(Units.weight(s.totalTxWeight()) + " · " + Units.number(s.totalSigops()) + " sigops");
            fees.setText(Units.sat(s.totalFeesSat()));
            feesSub.setText(s.txs().isEmpty() ? "no transactions" : "avg " + Units.satPerVb((double) s.totalFeesSat()
                    / Math.max(1, s.totalVsize())));
            reward.setText(Units.btc(s.coinbase().blockRewardRemaining()));
            rewardSub.setText("subsidy " + Units.btc(s.coinbase().blockRewardRemaining() - s.totalFeesSat()) + " + fees");
            fillCoinbase(coinbase, s);
            fillHeader(header, s);
            path.getItems().setAll(s.merklePath().stream().map(Hashes::displayHex).toList());
        };
        vm.snapshotProperty().addListener((o, a, s) -> showSnapshot.accept(s));
        showSnapshot.accept(vm.snapshotProperty().get()); // the template may be there before the view

        VBox box = new VBox(10, toolbar, payoutRow, payoutError, status, error, result, cards, body);
        box.setPadding(new Insets(12, 20, 20, 20));
        payoutError.managedProperty().bind(payoutError.textProperty().isNotEmpty());
        return box;
    }

    /**
     * The text for a block that {@code submitSolution} refused: the node's reason and debug text. A
     * node whose schema predates {@code submitSolution @10} (Bitcoin Core master before 2026-06-16)
     * was answered through {@code @7}, which gives no reason: the text says so rather than ending in
     * an empty reason.
     *
     * @param r                      the refusal
     * @param servesSubmitSolution10 the node's {@link org.bitcoinfx.ipc.Mining#servesSubmitSolution10()}
     */
    static String rejectedText(BlockCheckResult r, java.util.Optional<Boolean> servesSubmitSolution10) {
        if (r.reason().equals("inconclusive")) {
            // BC src/node/miner.cpp: a valid block whose parent is no longer the tip is stored, not connected
            return "The node kept the block but did not make it the tip: another block on the same parent came first (inconclusive).";
        }
        if (!r.reason().isEmpty()) {
            return "submitSolution rejected the block: " + r.reason() + (r.debug().isEmpty() ? "" : " — " + r.debug());
        }
        return servesSubmitSolution10.equals(java.util.Optional.of(false))
                ? "submitSolution rejected the block. This node's schema predates submitSolution @10: its @7 answers only accepted or not, without a reason."
                : "submitSolution rejected the block; the node gave no reason.";
    }

    private static void fillCoinbase(GridPane g, TemplateSnapshot s) {
        g.getChildren().clear();
        CoinbaseTx c = s.coinbase();
        int r = 0;
        row(g, r++, "version", Long.toString(c.version()), "cb-version");
        row(g, r++, "sequence", "0x" + Long.toHexString(c.sequence()) + " (" + Units.number(c.sequence()) + ")", "cb-sequence");
        row(g, r++, "scriptSig prefix", Hashes.hex(c.scriptSigPrefix()) + "  (BIP34 height " + Units.number(s.height()) + ")", "cb-prefix");
        row(g, r++, "witness", c.witness() == null ? "none (no witness commitment needed)" : Hashes.hex(c.witness()) + "  (BIP141 reserved value)", "cb-witness");
        row(g, r++, "reward remaining", Units.btc(c.blockRewardRemaining()) + "  (" + Units.sat(c.blockRewardRemaining()) + ")", "cb-reward");
        int i = 0;
        for (byte[] out : c.requiredOutputs()) {
            String desc;
            try {
                var o = RawTx.Output.parse(out);
                desc = Units.sat(o.valueSat()) + " to " + Hashes.hex(o.scriptPubKey());
                if (o.scriptPubKey().length >= 38 && (o.scriptPubKey()[0] & 0xff) == 0x6a) {
                    desc += "  (witness commitment " + Hashes.hex(java.util.Arrays.copyOfRange(o.scriptPubKey(), 6, 38)) + ")";
                }
            } catch (IllegalArgumentException e) {
                desc = Hashes.hex(out) + " (cannot parse: " + e.getMessage() + ")";
            }
            row(g, r++, "required output " + i++, desc, "cb-required-" + (i - 1));
        }
        if (c.requiredOutputs().isEmpty()) {
            row(g, r++, "required outputs", "none", "cb-required");
        }
        row(g, r, "lock time", Units.number(c.lockTime()), "cb-locktime");
    }

    private static void fillHeader(GridPane g, TemplateSnapshot s) {
        g.getChildren().clear();
        BlockHeader h = s.header();
        int r = 0;
        row(g, r++, "version", "0x" + Integer.toHexString(h.version()), "hdr-version");
        row(g, r++, "previous block", s.prevBlockHex(), "hdr-prev");
        row(g, r++, "merkle root", Hashes.displayHex(h.merkleRoot()) + "  (filled in with the coinbase)", "hdr-merkle");
        row(g, r++, "time", Units.number(h.time()) + "  (" + Units.localDateTime(h.time()) + ")", "hdr-time");
        row(g, r++, "bits", "0x" + Long.toHexString(h.bits()), "hdr-bits");
        row(g, r++, "target", String.format("%064x", Hashes.targetFromBits(h.bits())), "hdr-target");
        row(g, r, "nonce", Units.number(h.nonce()), "hdr-nonce");
    }

    private static void row(GridPane g, int r, String name, String value, String id) {
        Label k = new Label(name);
        k.getStyleClass().add(Styles.TEXT_MUTED);
        Label v = new Label(value);
        v.setId(id);
        v.getStyleClass().add("monospace");
        v.setWrapText(true);
        g.add(k, 0, r);
        g.add(v, 1, r);
    }

    private static GridPane grid(String id) {
        GridPane g = new GridPane();
        g.setId(id);
        g.setHgap(16);
        g.setVgap(8);
        g.setPadding(new Insets(12));
        ColumnConstraints c0 = new ColumnConstraints();
        c0.setMinWidth(130);
        ColumnConstraints c1 = new ColumnConstraints();
        c1.setHgrow(Priority.ALWAYS);
        g.getColumnConstraints().addAll(c0, c1);
        return g;
    }

    private static ScrollPane scroll(Node n) {
        ScrollPane sp = new ScrollPane(n);
        sp.setFitToWidth(true);
        sp.getStyleClass().add("page-scroll");
        return sp;
    }

    private static Label big(String id) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add(Styles.TITLE_3);
        return l;
    }

    private static Label small() {
        Label l = new Label();
        l.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        return l;
    }

    private static VBox card(String title, Ikon icon, Label big, Label small) {
        Label t = new Label(title, new FontIcon(icon));
        t.getStyleClass().add("card-title");
        VBox v = new VBox(4, t, big, small);
        v.getStyleClass().add("card");
        v.setPadding(new Insets(12, 14, 12, 14));
        v.setMinWidth(150);
        return v;
    }

}
