package org.bitcoinfx.gui.mempool;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.beans.value.ChangeListener;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.bitcoinfx.gui.node.ConnectionScope;
import org.bitcoinfx.gui.node.NodeSession;
import org.bitcoinfx.gui.shell.AppContext;
import org.bitcoinfx.gui.shell.Page;
import org.bitcoinfx.gui.util.Coalescer;
import org.bitcoinfx.gui.util.Tables;
import org.bitcoinfx.gui.util.Units;
import org.bitcoinfx.ipc.BlockRef;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;

/**
 * The Mempool page (the view): {@code getmempoolinfo} figures (transactions, virtual size, memory against the limit,
 * fees, mempool-min and min-relay fee rates), the fee-rate histogram of the whole mempool ({@link FeeHistogram}, virtual
 * size per sat/vB bucket), the most recent transactions, and the one opened (entry, decoded transaction, ancestors and
 * descendants; a family member opens in turn). Live while shown: every {@value MempoolViewModel#POLL_SECONDS} s and on
 * each new tip (through a 500 ms {@link Coalescer}). State and commands are in {@link MempoolViewModel}, the node
 * calls in {@link MempoolService}.
 */
public final class MempoolPage implements Page {
    /** Buckets drawn at least (1 … 8–10 sat/vB); above, up to the highest that holds a transaction. */
    static final int MIN_BUCKETS = 7;
    /** A mempool entry time in the recent list: the time of day (the date is in the details). */
    private static final java.time.format.DateTimeFormatter TIME = java.time.format.DateTimeFormatter
            .ofLocalizedTime(java.time.format.FormatStyle.MEDIUM).withZone(java.time.ZoneId.systemDefault());
    private final MempoolViewModel vm = new MempoolViewModel();
    private final NodeSession session;
    private final ChangeListener<ConnectionScope> scopeListener;
    private final ChangeListener<BlockRef> tipListener;
    private final ObservableList<MempoolEntry> recent = FXCollections.observableArrayList();
    private final XYChart.Series<String, Number> series = new XYChart.Series<>();
    private final Label count = value("mempool-count");
    private final Label vsize = small("mempool-vsize");
    private final Label usage = value("mempool-usage");
    private final Label maxUsage = small("mempool-max");
    private final Label fees = value("mempool-fees");
    private final Label unbroadcast = small("mempool-unbroadcast");
    private final Label minFee = value("mempool-minfee");
    private final Label minRelay = small("mempool-minrelay");
    private final Label error = new Label();
    private final Label histogramNote = new Label();
    private final GridPane details = new GridPane();
    private final Label detailsTitle = new Label("Transaction");
    private final TableView<MempoolEntry> table = Tables.wholeHeaders(new TableView<>(recent));
    private Node view;

    /** @param ctx the app */
    public MempoolPage(AppContext ctx) {
        this.session = ctx.session();
        scopeListener = (o, a, sc) -> vm.setScope(sc);
        Coalescer onTip = new Coalescer(500, vm::onTip);
        tipListener = (o, a, t) -> {
            if (t != null) {
                onTip.trigger();
            }
        };
        session.scopeProperty().addListener(scopeListener);
        session.tipWatcher().settledTipProperty().addListener(tipListener);
        vm.setScope(session.scopeProperty().get());
    }

    @Override
    public String title() {
        return "Mempool";
    }

    @Override
    public Ikon icon() {
        return Feather.LAYERS;
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
        vm.setShowing(showing);
    }

    @Override
    public void dispose() {
        session.scopeProperty().removeListener(scopeListener);
        session.tipWatcher().settledTipProperty().removeListener(tipListener);
        vm.setShowing(false);
        vm.setScope(null);
    }

    /** @return the view model (for tests) */
    public MempoolViewModel viewModel() {
        return vm;
    }

    private static Label value(String id) {
        Label l = new Label("–");
        l.setId(id);
        l.getStyleClass().addAll(Styles.TITLE_3, "card-value");
        return l;
    }

    private static Label small(String id) {
        Label l = new Label("–");
        l.setId(id);
        l.getStyleClass().add(Styles.TEXT_MUTED);
        return l;
    }

    private static Node figure(String title, Label value, Label line) {
        Label t = new Label(title.toUpperCase(java.util.Locale.ROOT));
        t.getStyleClass().add("card-title");
        VBox box = new VBox(2, t, value, line);
        box.getStyleClass().add("card");
        box.setPadding(new Insets(10, 14, 10, 14));
        box.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(box, Priority.ALWAYS);
        return box;
    }

    private Node build() {
        HBox figures = new HBox(12, figure("Transactions", count, vsize), figure("Memory", usage, maxUsage),
                figure("Fees", fees, unbroadcast), figure("Mempool min fee", minFee, minRelay));
        error.setId("mempool-error");
        error.getStyleClass().add(Styles.DANGER);
        error.setWrapText(true);
        error.textProperty().bind(vm.errorProperty());
        error.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());

        CategoryAxis x = new CategoryAxis();
        x.setLabel("fee rate, sat/vB");
        x.setAnimated(false);
        NumberAxis y = new NumberAxis();
        y.setLabel("kvB");
        y.setAnimated(false);
        BarChart<String, Number> chart = new BarChart<>(x, y);
        chart.setId("mempool-histogram");
        chart.setAnimated(false);
        chart.setLegendVisible(false);
        chart.setCategoryGap(2);
        chart.setBarGap(0);
        chart.setMinHeight(180);
        chart.setPrefHeight(260);
        chart.getData().add(series);
        Label histTitle = new Label("Fee rates");
        histTitle.getStyleClass().add(Styles.TITLE_4);
        histogramNote.setId("mempool-histogram-note");
        histogramNote.getStyleClass().add(Styles.TEXT_MUTED);
        HBox histHead = new HBox(12, histTitle, histogramNote);
        histHead.setAlignment(Pos.BASELINE_LEFT);
        VBox histCard = new VBox(4, histHead, chart);
        VBox.setVgrow(chart, Priority.ALWAYS);
        histCard.getStyleClass().add("card");
        histCard.setPadding(new Insets(12, 12, 4, 12));

        table.setId("mempool-recent");
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE, Styles.DENSE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.getColumns().add(Tables.col("Entered", 105, e -> TIME.format(java.time.Instant.ofEpochSecond(e.time())), false));
        table.getColumns().add(Tables.col("Txid", 135, e -> Units.shortHash(e.txid(), 8, 6), false, true));
        table.getColumns().add(Tables.col("Fee rate", 90, e -> Units.satPerVb(e.feeRate()), true));
        table.getColumns().add(Tables.col("Size", 70, e -> Units.vbytes(e.vsize()), true));
        table.getColumns().add(Tables.col("Fee", 90, e -> Units.sat(e.feeSat()), true));
        table.setPlaceholder(new Label("The mempool is empty."));
        table.getSelectionModel().selectedItemProperty().addListener((o, a, e) -> {
            if (e != null && !e.txid().equals(vm.openedProperty().get())) {
                vm.open(e.txid());
            }
        });
        Label recentTitle = new Label("Recent transactions");
        recentTitle.getStyleClass().add(Styles.TITLE_4);
        VBox recentCard = new VBox(6, recentTitle, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        recentCard.getStyleClass().add("card");
        recentCard.setPadding(new Insets(12, 12, 8, 12));

        details.setId("mempool-details");
        details.setHgap(14);
        details.setVgap(5);
        ColumnConstraints keys = new ColumnConstraints();
        keys.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        details.getColumnConstraints().addAll(keys, values);
        ScrollPane detailScroll = new ScrollPane(details);
        detailScroll.setFitToWidth(true);
        detailScroll.getStyleClass().add("page-scroll");
        detailsTitle.getStyleClass().add(Styles.TITLE_4);
        Button closeDetails = new Button("Close");
        closeDetails.setId("mempool-details-close");
        closeDetails.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
        closeDetails.setOnAction(e -> {
            vm.close();
            table.getSelectionModel().clearSelection();
        });
        closeDetails.visibleProperty().bind(vm.openedProperty().isNotEmpty());
        closeDetails.setMinWidth(Region.USE_PREF_SIZE);
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox detailHead = new HBox(8, detailsTitle, grow, closeDetails);
        detailHead.setAlignment(Pos.CENTER_LEFT);
        VBox detailCard = new VBox(6, detailHead, detailScroll);
        VBox.setVgrow(detailScroll, Priority.ALWAYS);
        detailCard.getStyleClass().add("card");
        detailCard.setPadding(new Insets(12, 12, 8, 12));

        HBox bottom = new HBox(14, recentCard, detailCard);
        HBox.setHgrow(recentCard, Priority.ALWAYS);
        HBox.setHgrow(detailCard, Priority.ALWAYS);
        recentCard.setPrefWidth(600);
        detailCard.setPrefWidth(400);
        VBox box = new VBox(12, figures, error, histCard, bottom);
        VBox.setVgrow(bottom, Priority.ALWAYS);
        box.setPadding(new Insets(16, 20, 12, 20));

        vm.statsProperty().addListener((o, a, s) -> showStats(s));
        vm.snapshotProperty().addListener((o, a, s) -> showSnapshot(s));
        vm.openedProperty().addListener((o, a, s) -> showDetails());
        vm.detailsProperty().addListener((o, a, s) -> showDetails());
        vm.detailsErrorProperty().addListener((o, a, s) -> showDetails());
        showStats(vm.statsProperty().get());
        showSnapshot(vm.snapshotProperty().get());
        showDetails();
        return box;
    }

    private void showStats(MempoolStats s) {
        if (s == null) {
            for (Label l : List.of(count, vsize, usage, maxUsage, fees, unbroadcast, minFee, minRelay)) {
                l.setText("–");
            }
            return;
        }
        count.setText(Units.number(s.size()));
        vsize.setText(Units.vbytes(s.bytes()));
        usage.setText(Units.bytes(s.usage()));
        maxUsage.setText("of " + Units.bytes(s.maxMempool()) + (s.loaded() ? "" : " · loading mempool.dat"));
        fees.setText(Units.btc(s.totalFeeSat()));
        unbroadcast.setText(Units.number(s.unbroadcastCount()) + " not yet announced");
        minFee.setText(Units.satPerVb(s.mempoolMinFee()));
        minRelay.setText("min relay " + Units.satPerVb(s.minRelayTxFee()));
    }

    private void showSnapshot(MempoolSnapshot s) {
        if (s == null) {
            series.getData().clear();
            recent.clear();
            histogramNote.setText("");
            return;
        }
        List<XYChart.Data<String, Number>> bars = new ArrayList<>();
        List<FeeHistogram.Bucket> all = s.histogram().buckets();
        int last = MIN_BUCKETS - 1;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).count() > 0) {
                last = Math.max(last, i);
            }
        }
        for (FeeHistogram.Bucket b : all.subList(0, Math.min(all.size(), last + 1))) {
            XYChart.Data<String, Number> d = new XYChart.Data<>(b.label(), b.vsize() / 1000.0);
            bars.add(d);
            d.nodeProperty().addListener((o, a, n) -> {
                if (n != null) {
                    Tooltip.install(n, new Tooltip(b.label() + " sat/vB: " + Units.number(b.count()) + " transactions, "
                            + Units.vbytes(b.vsize()) + ", " + Units.sat(b.feeSat())));
                }
            });
        }
        series.getData().setAll(bars);
        histogramNote.setText(Units.number(s.count()) + " transactions, " + Units.vbytes(s.histogram().totalVsize())
                + " by their own fee rate (fee / vsize)");
        String sel = vm.openedProperty().get();
        recent.setAll(s.recent());
        if (!sel.isEmpty()) {
            recent.stream().filter(e -> e.txid().equals(sel)).findFirst().ifPresent(e -> table.getSelectionModel().select(e));
        }
    }

    private void showDetails() {
        details.getChildren().clear();
        String txid = vm.openedProperty().get();
        if (txid.isEmpty()) {
            detailsTitle.setText("Transaction");
            muted("Select a transaction to see its details.", 0);
            return;
        }
        detailsTitle.setText("Transaction " + Units.shortHash(txid, 8, 6));
        if (!vm.detailsErrorProperty().get().isEmpty()) {
            Label l = new Label(vm.detailsErrorProperty().get());
            l.setId("mempool-details-error");
            l.getStyleClass().add(Styles.DANGER);
            l.setWrapText(true);
            details.add(l, 0, 0, 2, 1);
            return;
        }
        TxDetails d = vm.detailsProperty().get();
        if (d == null) {
            muted("Loading…", 0);
            return;
        }
        MempoolEntry e = d.entry();
        DecodedTx t = d.tx();
        var rows = new ArrayList<Map.Entry<String, String>>();
        rows.add(Map.entry("Txid", e.txid()));
        rows.add(Map.entry("Wtxid", t.wtxid()));
        rows.add(Map.entry("Fee", Units.sat(e.feeSat()) + (e.modifiedFeeSat() != e.feeSat() ? " (modified " + Units.sat(e.modifiedFeeSat()) + ")" : "")));
        rows.add(Map.entry("Fee rate", Units.satPerVb(e.feeRate())));
        rows.add(Map.entry("With ancestors", Units.satPerVb(e.ancestorFeeRate()) + " (" + e.ancestorCount() + " tx, " + Units.vbytes(e.ancestorSize()) + ")"));
        rows.add(Map.entry("Size", Units.vbytes(e.vsize()) + " · " + Units.weight(e.weight()) + " · " + Units.number(t.size()) + " B"));
        rows.add(Map.entry("Entered", Units.localDateTime(e.time()) + " at height " + Units.number(e.height())));
        rows.add(Map.entry("Version · locktime", t.version() + " · " + t.locktime()));
        rows.add(Map.entry("Inputs", String.join("\n", t.inputs())));
        List<String> outs = new ArrayList<>();
        for (DecodedTx.Output o : t.outputs()) {
            outs.add(o.n() + ": " + Units.btc(o.valueSat()) + " " + (o.address().isEmpty() ? o.type() : o.address()));
        }
        rows.add(Map.entry("Outputs", String.join("\n", outs)));
        int row = 0;
        for (var r : rows) {
            Label k = new Label(r.getKey());
            k.getStyleClass().add(Styles.TEXT_MUTED);
            Label v = new Label(r.getValue());
            v.setWrapText(true);
            v.getStyleClass().add("mempool-detail-value");
            details.add(k, 0, row);
            details.add(v, 1, row++);
        }
        row = family("Ancestors", "mempool-ancestors", d.ancestors(), row);
        family("Descendants", "mempool-descendants", d.descendants(), row);
    }

    private int family(String title, String id, List<MempoolEntry> members, int row) {
        Label k = new Label(title + " (" + members.size() + ")");
        k.getStyleClass().add(Styles.TEXT_MUTED);
        VBox list = new VBox(2);
        list.setId(id);
        if (members.isEmpty()) {
            list.getChildren().add(new Label("none in the mempool"));
        }
        for (MempoolEntry m : members) {
            javafx.scene.control.Hyperlink link = new javafx.scene.control.Hyperlink(Units.shortHash(m.txid()) + "  "
                    + Units.satPerVb(m.feeRate()) + " · " + Units.vbytes(m.vsize()));
            link.setUserData(m.txid());
            link.setOnAction(ev -> vm.open(m.txid()));
            list.getChildren().add(link);
        }
        details.add(k, 0, row);
        details.add(list, 1, row);
        return row + 1;
    }

    private void muted(String text, int row) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.TEXT_MUTED);
        details.add(l, 0, row, 2, 1);
    }
}
