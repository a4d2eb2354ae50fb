package org.bitcoinfx.gui.peers;

import org.bitcoinfx.gui.util.Tables;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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
import org.bitcoinfx.gui.util.Fx;
import org.bitcoinfx.gui.util.Units;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.ipc.ServerThread;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Peers page: {@code getpeerinfo} as a table with a details pane, refreshed every
 * {@value #POLL_SECONDS} s while the page is visible; and a traffic chart of receive/send rates
 * (kB/s) over a chosen window, 5 min to 1 day, from {@code getnettotals} sampled every
 * {@value #SAMPLE_SECONDS} s whether or not the page is visible ({@link TrafficHistory}).
 */
public final class PeersPage implements Page {
    private static final Logger LOG = LoggerFactory.getLogger(PeersPage.class);
    /** Refresh period while visible, seconds. */
    static final long POLL_SECONDS = 3;
    /** {@code getnettotals} sampling period for the traffic history, seconds. */
    static final long SAMPLE_SECONDS = 5;
    /** Points drawn in the traffic chart, whatever the window. */
    static final int CHART_POINTS = 60;

    private final AppContext ctx;
    private final ObservableList<PeerRow> peers = FXCollections.observableArrayList();
    private final TableView<PeerRow> table = new TableView<>(peers);
    private final GridPane details = new GridPane();
    private final XYChart.Series<Number, Number> inSeries = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> outSeries = new XYChart.Series<>();
    private final Label totals = new Label();
    private final TrafficHistory history = new TrafficHistory();
    private final javafx.scene.control.ComboBox<TrafficHistory.Window> windowBox =
            new javafx.scene.control.ComboBox<>(FXCollections.observableArrayList(TrafficHistory.Window.values()));
    private final NumberAxis timeAxis = new NumberAxis();
    private final Node view;
    private ScheduledFuture<?> poll;
    private boolean showing;

    /** @param ctx the app */
    public PeersPage(AppContext ctx) {
        this.ctx = ctx;
        view = build();
        // the traffic history is kept while the page is hidden too, so that the 1-day window has a day
        ctx.session().scheduler().scheduleWithFixedDelay(() -> Fx.run(() -> {
            if (!showing) {
                sampleTotals();
            }
        }), SAMPLE_SECONDS, SAMPLE_SECONDS, TimeUnit.SECONDS);
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
        return view;
    }

    @Override
    public void setShowing(boolean showing) {
        this.showing = showing;
        if (poll != null) {
            poll.cancel(false);
            poll = null;
        }
        if (showing) {
            refresh();
            poll = ctx.session().scheduler().scheduleWithFixedDelay(() -> Fx.run(this::refresh),
                    POLL_SECONDS, POLL_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** @return the table rows (for tests) */
    public ObservableList<PeerRow> peers() {
        return peers;
    }

    /** Fetches {@code getpeerinfo} and {@code getnettotals}. */
    public void refresh() {
        NodeClient c = ctx.session().clientProperty().get();
        if (c == null) {
            return;
        }
        Fx.deliver(c.rpc(ServerThread.POLL).call("getpeerinfo"), this::applyPeers, e -> LOG.warn("getpeerinfo failed: {}", Fx.message(e)));
        sampleTotals();
    }

    /** Fetches {@code getnettotals} into the traffic history. */
    private void sampleTotals() {
        NodeClient c = ctx.session().clientProperty().get();
        if (c != null) {
            Fx.deliver(c.rpc(ServerThread.POLL).call("getnettotals"), this::applyTotals, e -> LOG.warn("getnettotals failed: {}", Fx.message(e)));
        }
    }

    /** @return the traffic history (for tests) */
    public TrafficHistory traffic() {
        return history;
    }

    private void applyPeers(JsonNode arr) {
        PeerRow selected = table.getSelectionModel().getSelectedItem();
        List<PeerRow> rows = new ArrayList<>();
        arr.forEach(p -> rows.add(PeerRow.from(p)));
        peers.setAll(rows);
        if (selected != null) {
            rows.stream().filter(r -> r.id() == selected.id()).findFirst().ifPresent(r -> table.getSelectionModel().select(r));
        }
    }

    private void applyTotals(JsonNode n) {
        long ms = n.path("timemillis").asLong();
        long recv = n.path("totalbytesrecv").asLong();
        long sent = n.path("totalbytessent").asLong();
        totals.setText("Received " + Units.bytes(recv) + " · Sent " + Units.bytes(sent));
        history.add(ms, recv, sent);
        if (showing) {
            redrawTraffic();
        }
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
        for (TrafficHistory.Point p : history.rates(w.length(), CHART_POINTS)) {
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
        table.getColumns().add(Tables.col("Address", 170, PeerRow::addr, false));
        table.getColumns().add(Tables.col("Type", 140, r -> r.connectionType(), false));
        table.getColumns().add(Tables.col("User agent", 130, PeerRow::subver, false));
        table.getColumns().add(Tables.col("Ping", 70, r -> r.pingSeconds() < 0 ? "–" : Units.number(Math.round(r.pingSeconds() * 1000)) + " ms", true));
        table.getColumns().add(Tables.col("Sent", 80, r -> Units.bytes(r.bytesSent()), true));
        table.getColumns().add(Tables.col("Received", 80, r -> Units.bytes(r.bytesRecv()), true));
        table.setPlaceholder(new Label("No peers connected."));
        table.getSelectionModel().selectedItemProperty().addListener((o, a, r) -> showDetails(r));

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
        VBox box = new VBox(14, table, bottom);
        VBox.setVgrow(table, Priority.ALWAYS);
        box.setPadding(new Insets(16, 20, 12, 20));
        return box;
    }

    private void showDetails(PeerRow r) {
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
        entries.add(Map.entry("Protocol version", r.raw().path("version").asText("–")));
        entries.add(Map.entry("Services", String.join(", ", names(r.raw().path("servicesnames")))));
        entries.add(Map.entry("Connected since", r.conntime() == 0 ? "–" : Units.localDateTime(r.conntime())
                + " (" + Units.age(Instant.ofEpochSecond(r.conntime()), Instant.now()) + ")"));
        entries.add(Map.entry("Starting height", r.raw().path("startingheight").asText("–")));
        entries.add(Map.entry("Synced headers", r.raw().path("synced_headers").asText("–")));
        entries.add(Map.entry("Synced blocks", r.syncedBlocks() < 0 ? "–" : Units.number(r.syncedBlocks())));
        entries.add(Map.entry("Ping", r.pingSeconds() < 0 ? "–" : String.format("%.1f ms", r.pingSeconds() * 1000)));
        entries.add(Map.entry("Min ping", r.raw().has("minping") ? String.format("%.1f ms", r.raw().path("minping").asDouble() * 1000) : "–"));
        entries.add(Map.entry("Sent / received", Units.bytes(r.bytesSent()) + " / " + Units.bytes(r.bytesRecv())));
        entries.add(Map.entry("Transport", r.raw().path("transport_protocol_type").asText("–")));
        entries.add(Map.entry("Min fee filter", r.raw().has("minfeefilter")
                ? Units.satPerVb(r.raw().path("minfeefilter").asDouble() * 1e8 / 1000) : "–"));
        int row = 0;
        for (var e : entries) {
            Label k = new Label(e.getKey());
            k.getStyleClass().add(Styles.TEXT_MUTED);
            Label v = new Label(e.getValue());
            v.setWrapText(true);
            details.add(k, 0, row);
            details.add(v, 1, row++);
        }
    }

    private static List<String> names(JsonNode arr) {
        List<String> out = new ArrayList<>();
        arr.forEach(n -> out.add(n.asText()));
        return out;
    }

}
