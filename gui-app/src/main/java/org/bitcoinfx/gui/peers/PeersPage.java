package org.bitcoinfx.gui.peers;

import org.bitcoinfx.gui.util.Tables;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.beans.value.ChangeListener;
import org.bitcoinfx.gui.node.ConnectionScope;
import org.bitcoinfx.gui.node.NodeSession;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.AreaChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.bitcoinfx.gui.shell.AppContext;
import org.bitcoinfx.gui.shell.Page;
import org.bitcoinfx.gui.util.Units;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;

/**
 * The Peers page (the view): {@code getpeerinfo} as a table (with each peer's {@code synced_headers}
 * and {@code synced_blocks}: how far the sync with it has come) and a details pane; and a traffic chart
 * of receive/send rates (kB/s) over a chosen window, 5 min to 1 day ({@link TrafficHistory}). Above the table, the
 * actions: disconnect the selected peer, ban its IP (24 hours, a week, or a typed time), add a peer
 * ({@code addnode … onetry}); disconnect and ban are confirmed in a bar under them, bad input is refused there with no
 * call, the node's refusals are shown in its words. Beside the table, while there are bans, the ban list
 * ({@code listbanned}) with unban and clear. State, polls and commands are in {@link PeersViewModel}, the node calls in {@link PeersService}.
 */
public final class PeersPage implements Page {
    /** Points drawn in the traffic chart, whatever the window. */
    static final int CHART_POINTS = 60;

    private final PeersViewModel vm = new PeersViewModel();
    private final TableView<PeerInfo> table = Tables.wholeHeaders(new TableView<>(vm.peers()));
    private final GridPane details = new GridPane();
    private final XYChart.Series<Number, Number> inSeries = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> outSeries = new XYChart.Series<>();
    private final Label totals = new Label();
    private final javafx.scene.control.ComboBox<TrafficHistory.Window> windowBox =
            new javafx.scene.control.ComboBox<>(FXCollections.observableArrayList(TrafficHistory.Window.values()));
    private final NumberAxis timeAxis = new NumberAxis();
    private final TableView<BanEntry> bannedTable = Tables.wholeHeaders(new TableView<>(vm.banned()));
    /** Built on the first {@link #view()}. */
    private Node view;
    private final NodeSession session;
    private final ChangeListener<ConnectionScope> scopeListener;
    private boolean showing;

    /** @param ctx the app */
    public PeersPage(AppContext ctx) {
        this.session = ctx.session();
        vm.totalsProperty().addListener((o, a, t) -> {
            showTotals(t);
            if (showing) {
                redrawTraffic();
            }
        });
        scopeListener = (o, a, sc) -> vm.setScope(sc);
        session.scopeProperty().addListener(scopeListener);
        vm.setScope(session.scopeProperty().get());
    }

    @Override
    public String title() {
        return "Peers";
    }

    @Override
    public Ikon icon() {
        return Feather.USERS;
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
        this.showing = showing;
        vm.setShowing(showing);
    }

    @Override
    public void dispose() {
        session.scopeProperty().removeListener(scopeListener);
        vm.setShowing(false);
        vm.setScope(null);
    }

    /** @return the view model (for tests) */
    public PeersViewModel viewModel() {
        return vm;
    }

    /** @return the table rows (for tests) */
    public ObservableList<PeerInfo> peers() {
        return vm.peers();
    }

    /** Fetches {@code getpeerinfo} and {@code getnettotals} (through the view model). */
    public void refresh() {
        vm.refresh();
    }

    /** @return the traffic history (for tests) */
    public TrafficHistory traffic() {
        return vm.traffic();
    }

    private void showTotals(NetTotals t) {
        totals.setText(t == null ? "" : "Received " + Units.bytes(t.totalBytesRecv()) + " · Sent " + Units.bytes(t.totalBytesSent()));
    }

    /** Redraws the chart for the chosen window: x in minutes (or hours) before the newest sample. */
    private void redrawTraffic() {
        TrafficHistory.Window w = windowBox.getValue();
        boolean hours = w.length().toHours() >= 6;
        double unit = hours ? 3600.0 : 60.0;
        timeAxis.setLabel(hours ? "hours ago" : "minutes ago");
        timeAxis.setLowerBound(-w.length().toSeconds() / unit);
        timeAxis.setUpperBound(0);
        timeAxis.setTickUnit(w.length().toSeconds() / unit / 5);
        List<XYChart.Data<Number, Number>> in = new ArrayList<>();
        List<XYChart.Data<Number, Number>> out = new ArrayList<>();
        for (TrafficHistory.Point p : vm.traffic().rates(w.length(), CHART_POINTS)) {
            in.add(new XYChart.Data<>(p.secondsAgo() / unit, p.recvPerSecond() / 1000.0));
            out.add(new XYChart.Data<>(p.secondsAgo() / unit, p.sentPerSecond() / 1000.0));
        }
        inSeries.getData().setAll(in);
        outSeries.getData().setAll(out);
    }

    private Node build() {
        table.setId("peers-table");
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE, Styles.DENSE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.getColumns().add(Tables.col("Id", 44, r -> String.valueOf(r.id()), true));
        table.getColumns().add(Tables.col("Address", 170, PeerInfo::addr, false));
        table.getColumns().add(Tables.col("Type", 140, r -> r.connectionType(), false));
        table.getColumns().add(Tables.col("User agent", 130, PeerInfo::subver, false));
        // how far each peer's chain is known to match ours: our sync's progress with it
        table.getColumns().add(Tables.col("Headers", 80, r -> height(r.syncedHeaders().orElse(-1)), true));
        table.getColumns().add(Tables.col("Blocks", 80, r -> height(r.syncedBlocks()), true));
        table.getColumns().add(Tables.col("Ping", 70, r -> r.pingSeconds() < 0 ? "–" : Units.number(Math.round(r.pingSeconds() * 1000)) + " ms", true));
        table.getColumns().add(Tables.col("Sent", 80, r -> Units.bytes(r.bytesSent()), true));
        table.getColumns().add(Tables.col("Received", 80, r -> Units.bytes(r.bytesRecv()), true));
        table.setPlaceholder(new Label("No peers connected."));
        table.getSelectionModel().selectedItemProperty().addListener((o, a, r) -> {
            if (r != null || !vm.peers().isEmpty()) {
                vm.select(r);
            }
        });
        vm.selectedProperty().addListener((o, a, r) -> {
            if (r != null && table.getSelectionModel().getSelectedItem() != r) {
                table.getSelectionModel().select(r);
            }
            showDetails(r);
        });

        details.setId("peer-details");
        details.setHgap(16);
        javafx.scene.layout.ColumnConstraints keys = new javafx.scene.layout.ColumnConstraints();
        keys.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        javafx.scene.layout.ColumnConstraints values = new javafx.scene.layout.ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        details.getColumnConstraints().addAll(keys, values);
        details.setVgap(6);
        details.setPadding(new Insets(4, 4, 8, 0));
        showDetails(null);
        ScrollPane detailScroll = new ScrollPane(details);
        detailScroll.setFitToWidth(true);
        detailScroll.getStyleClass().add("page-scroll");
        Label detailTitle = new Label("Peer details");
        detailTitle.getStyleClass().add(Styles.TITLE_4);
        VBox detailCard = new VBox(6, detailTitle, detailScroll);
        VBox.setVgrow(detailScroll, Priority.ALWAYS);
        detailCard.getStyleClass().add("card");
        detailCard.setPadding(new Insets(12, 12, 4, 12));

        NumberAxis x = timeAxis;
        x.setAutoRanging(false);
        x.setMinorTickVisible(false);
        x.setTickLabelFormatter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Number n) {
                java.text.NumberFormat f = java.text.NumberFormat.getNumberInstance();
                f.setMaximumFractionDigits(1);
                return n.doubleValue() == 0 ? "now" : f.format(-n.doubleValue());
            }

            @Override
            public Number fromString(String t) {
                throw new UnsupportedOperationException();
            }
        });
        windowBox.setId("traffic-window");
        windowBox.setValue(TrafficHistory.Window.MIN_5);
        windowBox.valueProperty().addListener((o, a, b) -> redrawTraffic());
        NumberAxis y = new NumberAxis();
        y.setLabel("kB/s");
        AreaChart<Number, Number> chart = new AreaChart<>(x, y);
        chart.setId("traffic-chart");
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.setLegendVisible(true);
        chart.setPrefHeight(240);
        chart.setMinHeight(150);
        inSeries.setName("Received");
        outSeries.setName("Sent");
        chart.getData().addAll(List.of(inSeries, outSeries));
        Label trafficTitle = new Label("Traffic");
        trafficTitle.getStyleClass().add(Styles.TITLE_4);
        totals.getStyleClass().add(Styles.TEXT_MUTED);
        showTotals(vm.totalsProperty().get());
        Region headGrow = new Region();
        HBox.setHgrow(headGrow, Priority.ALWAYS);
        windowBox.setMinWidth(Region.USE_PREF_SIZE);
        HBox chartHead = new HBox(12, trafficTitle, totals, headGrow, windowBox);
        chartHead.setAlignment(Pos.CENTER_LEFT);

        VBox chartCard = new VBox(4, chartHead, chart);
        VBox.setVgrow(chart, Priority.ALWAYS);
        chartCard.getStyleClass().add("card");
        chartCard.setPadding(new Insets(12, 12, 4, 12));
        HBox bottom = new HBox(16, detailCard, chartCard);
        bottom.setPrefHeight(290);
        bottom.setMinHeight(220);
        HBox.setHgrow(detailCard, Priority.ALWAYS);
        HBox.setHgrow(chartCard, Priority.ALWAYS);
        detailCard.setPrefWidth(420);
        chartCard.setPrefWidth(420);
        HBox top = new HBox(16, table, bannedCard());
        HBox.setHgrow(table, Priority.ALWAYS);
        VBox box = new VBox(10, actions(), confirmBar(), messages(), top, bottom);
        VBox.setVgrow(top, Priority.ALWAYS);
        box.setPadding(new Insets(16, 20, 12, 20));
        return box;
    }

    private VBox bannedCard;

    private VBox bannedCard() {
        if (bannedCard != null) {
            return bannedCard;
        }
        bannedTable.setId("banned-table");
        bannedTable.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE, Styles.DENSE);
        bannedTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        bannedTable.getColumns().add(Tables.col("Address", 110, BanEntry::address, false));
        bannedTable.getColumns().add(Tables.col("Until", 125, b -> Units.localDateTimeShort(b.bannedUntil()), false));
        bannedTable.setPlaceholder(new Label("No bans."));
        javafx.scene.control.Button unban = new javafx.scene.control.Button("Unban");
        unban.setId("unban");
        unban.getStyleClass().add(Styles.SMALL);
        unban.disableProperty().bind(bannedTable.getSelectionModel().selectedItemProperty().isNull());
        unban.setOnAction(e -> vm.unban(bannedTable.getSelectionModel().getSelectedItem()));
        javafx.scene.control.Button clear = new javafx.scene.control.Button("Clear all");
        clear.setId("clear-banned");
        clear.getStyleClass().add(Styles.SMALL);
        clear.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(vm.banned()));
        clear.setOnAction(e -> vm.askClearBanned());
        Label title = new Label("Banned");
        title.getStyleClass().add(Styles.TITLE_4);
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox head = new HBox(8, title, grow, unban, clear);
        head.setAlignment(Pos.CENTER_LEFT);
        bannedCard = new VBox(6, head, bannedTable);
        VBox.setVgrow(bannedTable, Priority.ALWAYS);
        bannedCard.getStyleClass().add("card");
        bannedCard.setPadding(new Insets(12, 12, 8, 12));
        bannedCard.setPrefWidth(320);
        bannedCard.setMinWidth(300);
        // shown while there are bans: the peers' table keeps the whole width otherwise
        bannedCard.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(vm.banned()));
        bannedCard.managedProperty().bind(bannedCard.visibleProperty());
        return bannedCard;
    }

    /** Disconnect, ban (24 h, a week, a typed time), add a peer. */
    private Node actions() {
        javafx.scene.control.Button disconnect = new javafx.scene.control.Button("Disconnect", new org.kordamp.ikonli.javafx.FontIcon(Feather.X_CIRCLE));
        disconnect.setId("peer-disconnect");
        disconnect.disableProperty().bind(vm.selectedProperty().isNull());
        disconnect.setOnAction(e -> vm.askDisconnect(vm.selectedProperty().get()));
        javafx.scene.control.MenuItem day = new javafx.scene.control.MenuItem("For 24 hours");
        day.setId("ban-day");
        day.setOnAction(e -> vm.askBan(vm.selectedProperty().get(), 86_400));
        javafx.scene.control.MenuItem week = new javafx.scene.control.MenuItem("For a week");
        week.setId("ban-week");
        week.setOnAction(e -> vm.askBan(vm.selectedProperty().get(), 7 * 86_400));
        javafx.scene.control.MenuButton ban = new javafx.scene.control.MenuButton("Ban", new org.kordamp.ikonli.javafx.FontIcon(Feather.SLASH), day, week);
        ban.setId("peer-ban");
        ban.disableProperty().bind(vm.selectedProperty().isNull());
        javafx.scene.control.TextField custom = new javafx.scene.control.TextField();
        custom.setId("ban-custom");
        custom.setPromptText("e.g. 36h, 3d, 2w");
        custom.setPrefColumnCount(11);
        javafx.scene.control.Button banFor = new javafx.scene.control.Button("Ban for…");
        banFor.setId("ban-custom-button");
        banFor.disableProperty().bind(vm.selectedProperty().isNull());
        Runnable customBan = () -> vm.askBan(vm.selectedProperty().get(), custom.getText());
        banFor.setOnAction(e -> customBan.run());
        custom.setOnAction(e -> {
            if (vm.selectedProperty().get() != null) {
                customBan.run();
            }
        });
        javafx.scene.control.TextField address = new javafx.scene.control.TextField();
        address.setId("addnode-address");
        address.setPromptText("host:port");
        address.setPrefColumnCount(14);
        javafx.scene.control.Button add = new javafx.scene.control.Button("Add peer", new org.kordamp.ikonli.javafx.FontIcon(Feather.USER_PLUS));
        add.setId("addnode-button");
        Runnable addNode = () -> {
            if (vm.addNode(address.getText())) {
                address.clear();
            }
        };
        add.setOnAction(e -> addNode.run());
        address.setOnAction(e -> addNode.run());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox bar = new HBox(8, disconnect, ban, custom, banFor, grow, address, add);
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    /** "Disconnect peer 3 (…)?" with Confirm and Cancel, shown while something is asked. */
    private Node confirmBar() {
        Label q = new Label();
        q.setId("peer-confirm-text");
        q.textProperty().bind(vm.pendingProperty());
        q.setWrapText(true);
        javafx.scene.control.Button yes = new javafx.scene.control.Button("Confirm");
        yes.setId("peer-confirm-yes");
        yes.getStyleClass().add(Styles.DANGER);
        yes.setOnAction(e -> vm.confirm());
        javafx.scene.control.Button no = new javafx.scene.control.Button("Cancel");
        no.setId("peer-confirm-no");
        no.setOnAction(e -> vm.cancel());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox bar = new HBox(8, new org.kordamp.ikonli.javafx.FontIcon(Feather.ALERT_TRIANGLE), q, grow, yes, no);
        bar.setId("peer-confirm");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("card");
        bar.setPadding(new Insets(6, 10, 6, 10));
        bar.visibleProperty().bind(vm.pendingProperty().isNotEmpty());
        bar.managedProperty().bind(bar.visibleProperty());
        return bar;
    }

    /** The refusal of what was typed, the node's refusal, or what was done. */
    private Node messages() {
        Label input = new Label();
        input.setId("peer-input-problem");
        input.getStyleClass().add(Styles.DANGER);
        input.textProperty().bind(vm.inputProblemProperty());
        Label error = new Label();
        error.setId("peer-action-error");
        error.getStyleClass().add(Styles.DANGER);
        error.textProperty().bind(vm.actionErrorProperty());
        Label done = new Label();
        done.setId("peer-action-done");
        done.getStyleClass().add(Styles.SUCCESS);
        done.textProperty().bind(vm.actionDoneProperty());
        HBox box = new HBox(12);
        for (Label l : List.of(input, error, done)) {
            l.visibleProperty().bind(l.textProperty().isNotEmpty());
            l.managedProperty().bind(l.visibleProperty());
            l.setWrapText(true);
            box.getChildren().add(l);
        }
        box.visibleProperty().bind(vm.inputProblemProperty().isNotEmpty().or(vm.actionErrorProperty().isNotEmpty())
                .or(vm.actionDoneProperty().isNotEmpty()));
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private void showDetails(PeerInfo r) {
        details.getChildren().clear();
        if (r == null) {
            Label l = new Label("Select a peer to see its details.");
            l.getStyleClass().add(Styles.TEXT_MUTED);
            details.add(l, 0, 0);
            return;
        }
        var entries = new ArrayList<Map.Entry<String, String>>();
        entries.add(Map.entry("Peer id", String.valueOf(r.id())));
        entries.add(Map.entry("Address", r.addr()));
        entries.add(Map.entry("Network", r.network()));
        entries.add(Map.entry("Connection type", r.connectionType()));
        entries.add(Map.entry("Direction", r.inbound() ? "Inbound" : "Outbound"));
        entries.add(Map.entry("User agent", r.subver()));
        entries.add(Map.entry("Protocol version", text(r.version())));
        entries.add(Map.entry("Services", String.join(", ", r.servicesNames())));
        entries.add(Map.entry("Connected since", r.conntime() == 0 ? "–" : Units.localDateTime(r.conntime())
                + " (" + Units.age(Instant.ofEpochSecond(r.conntime()), Instant.now()) + ")"));
        entries.add(Map.entry("Starting height", text(r.startingHeight())));
        entries.add(Map.entry("Synced headers", height(r.syncedHeaders().orElse(-1))));
        entries.add(Map.entry("Synced blocks", height(r.syncedBlocks())));
        entries.add(Map.entry("Ping", r.pingSeconds() < 0 ? "–" : String.format("%.1f ms", r.pingSeconds() * 1000)));
        entries.add(Map.entry("Min ping", r.minPingSeconds() < 0 ? "–" : String.format("%.1f ms", r.minPingSeconds() * 1000)));
        entries.add(Map.entry("Sent / received", Units.bytes(r.bytesSent()) + " / " + Units.bytes(r.bytesRecv())));
        entries.add(Map.entry("Transport", r.transportProtocolType().isEmpty() ? "–" : r.transportProtocolType()));
        if (!r.sessionId().isEmpty()) {
            entries.add(Map.entry("BIP324 session id", r.sessionId()));
        }
        entries.add(Map.entry("Relays transactions", r.relayTxes() ? "yes" : "no"));
        entries.add(Map.entry("Services (bits)", r.services().isEmpty() ? "–" : r.services()));
        entries.add(Map.entry("Min fee filter", r.minFeeFilterSatPerVb() < 0 ? "–" : Units.satPerVb(r.minFeeFilterSatPerVb())));
        int row = 0;
        for (var e : entries) {
            Label k = new Label(e.getKey());
            k.getStyleClass().add(Styles.TEXT_MUTED);
            Label v = new Label(e.getValue());
            v.setWrapText(true);
            details.add(k, 0, row);
            details.add(v, 1, row++);
        }
        Label byMsg = new Label("Bytes by message (sent / received)");
        byMsg.getStyleClass().add(Styles.TEXT_MUTED);
        details.add(byMsg, 0, row++, 2, 1);
        java.util.TreeSet<String> types = new java.util.TreeSet<>(r.bytesSentPerMsg().keySet());
        types.addAll(r.bytesRecvPerMsg().keySet());
        GridPane msgs = new GridPane();
        msgs.setId("peer-bytes-per-msg");
        msgs.setHgap(14);
        msgs.setVgap(2);
        int m = 0;
        for (String t : types) {
            Label name = new Label(t);
            name.getStyleClass().add(Styles.TEXT_MUTED);
            Label sent = new Label(Units.bytes(r.bytesSentPerMsg().getOrDefault(t, 0L)));
            Label recv = new Label(Units.bytes(r.bytesRecvPerMsg().getOrDefault(t, 0L)));
            msgs.add(name, 0, m);
            msgs.add(sent, 1, m);
            msgs.add(recv, 2, m++);
        }
        details.add(msgs, 0, row, 2, 1);
    }

    /** @return a height, or "–" for -1 (Core's "unknown") */
    static String height(int h) {
        return h < 0 ? "–" : Units.number(h);
    }

    private static String text(java.util.OptionalInt v) {
        return v.isPresent() ? String.valueOf(v.getAsInt()) : "–";
    }
}
