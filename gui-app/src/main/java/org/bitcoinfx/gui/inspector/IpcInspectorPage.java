package org.bitcoinfx.gui.inspector;

import org.bitcoinfx.gui.util.Tables;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import javafx.animation.PauseTransition;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.Duration;
import org.bitcoinfx.gui.shell.AppContext;
import org.bitcoinfx.gui.shell.ErrorDialogs;
import org.bitcoinfx.gui.shell.Page;
import org.bitcoinfx.gui.util.Json;
import org.bitcoinfx.gui.util.Units;
import org.bitcoinfx.ipc.IpcEvent;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IPC inspector: every IPC call on the connection (interface.method, server thread, start,
 * duration, bytes, outcome) with a filter, a latency histogram and JSON export; and the "IPC check"
 * tab ({@link IpcCheckPane}), the conformance suite of {@code bitcoinfx-ipc check}.
 */
public final class IpcInspectorPage implements Page {
    private static final Logger LOG = LoggerFactory.getLogger(IpcInspectorPage.class);

    private final AppContext ctx;
    private final IpcEventLog log;
    /** Newest first. */
    private static final java.util.Comparator<IpcEvent> NEWEST_FIRST = (a, b) -> b.start().compareTo(a.start());
    /**
     * The calls the table shows, newest first: a copy of the log, made when the page is shown and kept up to
     * date only while it is (appends go on top, the log's trimmed oldest come off the bottom). Hidden, the page
     * does no work per call: during a sync hundreds of calls a second reach the log, and a sorted view of its
     * 10,000 calls re-indexed itself for each one (found with the sync bench's profile).
     */
    private final ObservableList<IpcEvent> shown = FXCollections.observableArrayList();
    private final FilteredList<IpcEvent> filtered;
    private final XYChart.Series<String, Number> histogram = new XYChart.Series<>();
    private final Label summary = new Label();
    private final Node view;
    private final IpcCheckPane check;
    private final PauseTransition histogramDebounce = new PauseTransition(Duration.millis(300));
    private boolean showing;
    /** The node's own IPC lines ({@code -debug=ipc}), read from the node log as it arrives. */
    private final NodeIpcCalls nodeCalls = new NodeIpcCalls();
    /** Our calls paired with the node's: recomputed (debounced) while the page is shown. */
    private IpcCallMatcher.Result matched = IpcCallMatcher.match(List.of(), List.of(), null);
    private final PauseTransition matchDebounce = new PauseTransition(Duration.millis(300));
    private final ObservableList<NodeIpcCall> nodeRows = FXCollections.observableArrayList();
    private final Label nodeSummary = new Label();
    private TableView<IpcEvent> callsTable;

    /** @param ctx the app; @param log the events */
    public IpcInspectorPage(AppContext ctx, IpcEventLog log) {
        this.ctx = ctx;
        this.log = log;
        this.filtered = new FilteredList<>(shown);
        log.events().addListener((ListChangeListener<IpcEvent>) c -> {
            if (showing) {
                follow(c);
                if (!nodeCalls.calls().isEmpty()) {
                    rematchSoon();
                }
            }
        });
        this.check = new IpcCheckPane(ctx);
        ctx.session().log().forEach(nodeCalls::accept);
        ctx.session().log().addListener((ListChangeListener<String>) c -> {
            boolean ipc = false;
            while (c.next()) {
                if (c.wasAdded()) {
                    for (String l : c.getAddedSubList()) {
                        ipc |= nodeCalls.accept(l);
                    }
                }
            }
            if (ipc && showing) {
                rematchSoon();
            }
        });
        matchDebounce.setOnFinished(e -> rematch());
        view = build();
        histogramDebounce.setOnFinished(e -> updateHistogram());
        filtered.addListener((ListChangeListener<IpcEvent>) c -> {
            if (showing) {
                histogramDebounce.playFromStart();
            }
        });
    }

    /** @return the IPC check tab's model and view */
    public IpcCheckPane check() {
        return check;
    }

    @Override
    public String title() {
        return "IPC inspector";
    }

    @Override
    public Ikon icon() {
        return Feather.ZAP;
    }

    @Override
    public Node view() {
        return view;
    }

    @Override
    public void setShowing(boolean s) {
        showing = s;
        if (s) {
            List<IpcEvent> all = new java.util.ArrayList<>(log.events());
            all.sort(NEWEST_FIRST);
            shown.setAll(all);
            updateHistogram();
            rematch();
        }
    }

    /** Rematches within 300 ms: at most once per 300 ms however many calls and lines arrive. */
    private void rematchSoon() {
        if (matchDebounce.getStatus() != javafx.animation.Animation.Status.RUNNING) {
            matchDebounce.playFromStart();
        }
    }

    /** Pairs the calls with the node's IPC lines again and shows the result (FX thread). */
    private void rematch() {
        matched = IpcCallMatcher.match(List.copyOf(log.events()), nodeCalls.calls(), nodeCalls.lastLineTime());
        List<NodeIpcCall> rows = new java.util.ArrayList<>(nodeCalls.calls());
        java.util.Collections.reverse(rows); // newest first, as the calls
        nodeRows.setAll(rows);
        if (callsTable != null) {
            callsTable.refresh();
        }
        long ours = matched.count(IpcCallMatcher.Mark.MATCHED);
        long noLine = matched.count(IpcCallMatcher.Mark.NO_NODE_LINE);
        nodeSummary.setText(nodeCalls.calls().isEmpty()
                ? "No IPC lines from the node: start it with -debug=ipc (Settings → Extra node arguments, then restart) to see both ends of each call."
                : "Node side: " + Units.number(ours) + " calls matched, " + Units.number(noLine) + " without a node line, "
                        + Units.number(matched.nodeOnly().size()) + " node lines without a call"
                        + (IpcCallMatcher.loggingOffWindows(new java.util.ArrayList<>(log.events())).isEmpty() ? ""
                                : ". A call with a passphrase switched the node's ipc logging off while it ran; bitcoin-node logs "
                                        + "no IPC lines after that until it restarts, so later calls are not covered"));
    }

    /** @return our calls paired with the node's IPC lines, as last shown */
    public IpcCallMatcher.Result matched() {
        return matched;
    }

    /** @return the node's IPC calls as its lines tell them, newest first, as the "Node lines" tab lists them */
    public ObservableList<NodeIpcCall> nodeRows() {
        return nodeRows;
    }

    /** Applies a change of the log (calls appended, the oldest trimmed) to the shown copy. */
    private void follow(ListChangeListener.Change<? extends IpcEvent> c) {
        while (c.next()) {
            if (c.wasRemoved()) {
                if (c.getFrom() != 0 || c.wasAdded()) {
                    setShowing(true); // not the log's shape (append, trim the front): copy it again
                    return;
                }
                shown.remove(Math.max(0, shown.size() - c.getRemovedSize()), shown.size());
            } else if (c.wasAdded()) {
                List<IpcEvent> added = new java.util.ArrayList<>(c.getAddedSubList());
                added.sort(NEWEST_FIRST);
                shown.addAll(0, added);
            }
        }
    }

    private Node build() {
        TableView<IpcEvent> table = Tables.wholeHeaders(new TableView<>());
        table.setId("ipc-table");
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE, Styles.DENSE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.setItems(filtered); // newest first (see shown)
        callsTable = table;
        // preferred widths that add up to the table's width in the default window (920 px): the constrained policy then
        // leaves them as they are, and a time or a size is not cut short
        table.getColumns().add(Tables.col("Call", 250, IpcEvent::call, false));
        table.getColumns().add(Tables.col("Thread", 110, IpcEvent::thread, false));
        table.getColumns().add(Tables.col("Start", 110, e -> Units.localTimeMillis(e.start()), false));
        table.getColumns().add(Tables.col("Duration", 80, e -> duration(e.durationNanos()), true));
        table.getColumns().add(Tables.col("Request", 75, e -> Units.bytes(e.requestBytes()), true));
        table.getColumns().add(Tables.col("Response", 85, e -> Units.bytes(e.responseBytes()), true));
        TableColumn<IpcEvent, String> outcome = Tables.col("Outcome", 75, IpcEvent::outcome, false);
        outcome.setCellFactory(tc -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                getStyleClass().removeAll(Styles.DANGER, Styles.SUCCESS);
                if (!empty && item != null) {
                    getStyleClass().add("ok".equals(item) ? Styles.SUCCESS : Styles.DANGER);
                }
            }
        });
        table.getColumns().add(outcome);
        TableColumn<IpcEvent, IpcEvent> node = new TableColumn<>("Node side");
        node.setPrefWidth(95);
        node.setSortable(false);
        node.setCellValueFactory(cd -> new javafx.beans.property.ReadOnlyObjectWrapper<>(cd.getValue()));
        node.setCellFactory(tc -> new TableCell<>() {
            @Override
            protected void updateItem(IpcEvent e, boolean empty) {
                super.updateItem(e, empty);
                getStyleClass().removeAll(Styles.DANGER, Styles.TEXT_MUTED);
                setTooltip(null);
                if (empty || e == null) {
                    setText(null);
                    return;
                }
                IpcCallMatcher.Mark m = matched.markOf().get(e);
                NodeIpcCall n = matched.nodeOf().get(e);
                if (n != null) {
                    setText("#" + n.request() + "  " + nodeTime(n) + (n.outcome().equals("ok") ? "" : "  " + n.outcome()));
                    setTooltip(new javafx.scene.control.Tooltip(n.process() + " request #" + n.request() + " on " + n.thread()
                            + ", received " + n.received() + ", " + n.outcome()));
                } else if (m == IpcCallMatcher.Mark.NO_NODE_LINE) {
                    setText("no node line");
                    getStyleClass().add(Styles.DANGER);
                } else {
                    setText("—");
                    getStyleClass().add(Styles.TEXT_MUTED);
                }
            }
        });
        table.getColumns().add(node);
        table.setPlaceholder(new Label("No IPC calls yet."));

        TextField filter = new TextField();
        filter.setId("ipc-filter");
        filter.setPromptText("Filter calls (method, RPC method, thread, outcome)");
        filter.setPrefWidth(320);
        CheckBox failedOnly = new CheckBox("Failures only");
        Runnable applyFilter = () -> {
            String q = filter.getText() == null ? "" : filter.getText().trim().toLowerCase(Locale.ROOT);
            boolean failed = failedOnly.isSelected();
            filtered.setPredicate(e -> (!failed || !e.ok()) && (q.isEmpty()
                    || (e.call() + " " + e.thread() + " " + e.outcome()).toLowerCase(Locale.ROOT).contains(q)));
            updateHistogram();
        };
        filter.textProperty().addListener(o -> applyFilter.run());
        failedOnly.selectedProperty().addListener(o -> applyFilter.run());
        Button export = new Button("Export JSON…", new FontIcon(Feather.DOWNLOAD));
        export.setId("ipc-export");
        export.setOnAction(e -> export());
        export.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        summary.getStyleClass().add(Styles.TEXT_MUTED);
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox top = new HBox(10, filter, failedOnly, grow, summary, export);
        top.setAlignment(Pos.CENTER_LEFT);

        CategoryAxis x = new CategoryAxis();
        NumberAxis y = new NumberAxis();
        y.setLabel("calls");
        y.setMinorTickVisible(false);
        BarChart<String, Number> chart = new BarChart<>(x, y);
        chart.setId("ipc-histogram");
        chart.setAnimated(false);
        chart.setLegendVisible(false);
        chart.setTitle("Latency");
        chart.setPrefHeight(190);
        chart.setMinHeight(160);
        chart.setCategoryGap(6);
        for (String l : LatencyHistogram.LABELS) {
            histogram.getData().add(new XYChart.Data<>(l, 0));
        }
        chart.getData().add(histogram);

        nodeSummary.setId("ipc-node-summary");
        nodeSummary.getStyleClass().add(Styles.TEXT_MUTED);
        nodeSummary.setWrapText(true);
        VBox calls = new VBox(10, top, nodeSummary, table, chart);
        VBox.setVgrow(table, Priority.ALWAYS);
        calls.setPadding(new Insets(12, 0, 0, 0));

        javafx.scene.control.Tab callsTab = new javafx.scene.control.Tab("Calls", calls);
        callsTab.setId("ipc-tab-calls");
        javafx.scene.control.Tab checkTab = new javafx.scene.control.Tab("IPC check", check.view());
        checkTab.setId("ipc-tab-check");
        javafx.scene.control.Tab nodeTab = new javafx.scene.control.Tab("Node lines", nodeLines());
        nodeTab.setId("ipc-tab-node");
        javafx.scene.control.TabPane tabs = new javafx.scene.control.TabPane(callsTab, nodeTab, checkTab);
        tabs.setId("ipc-tabs");
        tabs.setTabClosingPolicy(javafx.scene.control.TabPane.TabClosingPolicy.UNAVAILABLE);
        VBox box = new VBox(tabs);
        VBox.setVgrow(tabs, Priority.ALWAYS);
        box.setPadding(new Insets(8, 20, 12, 20));
        return box;
    }

    /** The node's IPC calls as its lines tell them, each marked with whether a call of ours matches it. */
    private Node nodeLines() {
        TableView<NodeIpcCall> t = Tables.wholeHeaders(new TableView<>(nodeRows));
        t.setId("ipc-node-table");
        t.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE, Styles.DENSE);
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        t.getColumns().add(Tables.col("Request", 80, n -> "#" + n.request(), true));
        t.getColumns().add(Tables.col("Call", 200, NodeIpcCall::call, false));
        t.getColumns().add(Tables.col("Thread", 120, NodeIpcCall::thread, false));
        t.getColumns().add(Tables.col("Received", 110, n -> Units.localTimeMillis(n.received()), false));
        t.getColumns().add(Tables.col("Node time", 100, IpcInspectorPage::nodeTime, true));
        t.getColumns().add(Tables.col("Outcome", 80, NodeIpcCall::outcome, false));
        TableColumn<NodeIpcCall, String> ours = Tables.col("Our call", 120, n -> matched.nodeOnly().contains(n) ? "no call"
                : n.ended() == null ? "in flight" : "matched", false);
        ours.setCellFactory(tc -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                getStyleClass().removeAll(Styles.DANGER, Styles.SUCCESS);
                if (!empty && item != null) {
                    getStyleClass().add("no call".equals(item) ? Styles.DANGER : Styles.SUCCESS);
                }
            }
        });
        t.getColumns().add(ours);
        Label noLines = new Label("No IPC lines from the node. They need -debug=ipc when the node starts "
                + "(the node fixes its IPC log level then; the logging RPC cannot turn them on later).");
        noLines.setWrapText(true);
        noLines.setPadding(new Insets(0, 24, 0, 24));
        t.setPlaceholder(noLines);
        VBox box = new VBox(10, t);
        VBox.setVgrow(t, Priority.ALWAYS);
        box.setPadding(new Insets(12, 0, 0, 0));
        return box;
    }

    private static String nodeTime(NodeIpcCall n) {
        java.time.Duration d = n.nodeTime();
        if (d == null) {
            return "in flight";
        }
        return n.micros() ? duration(d.toNanos()) : d.getSeconds() + " s (whole seconds)";
    }

    private void updateHistogram() {
        List<IpcEvent> ev = List.copyOf(filtered);
        int[] c = LatencyHistogram.count(ev);
        for (int i = 0; i < c.length; i++) {
            histogram.getData().get(i).setYValue(c[i]);
        }
        long failed = ev.stream().filter(e -> !e.ok()).count();
        summary.setText(Units.number(ev.size()) + " calls shown, " + Units.number(failed) + " failed");
    }

    private void export() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export IPC calls");
        fc.setInitialFileName("bitcoinfx-ipc-calls.json");
        var f = fc.showSaveDialog(ctx.stage());
        if (f == null) {
            return;
        }
        try {
            rematch();
            Files.writeString(f.toPath(), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(List.copyOf(filtered), matched)));
        } catch (IOException e) {
            LOG.error("cannot export IPC calls to {}", f, e);
            ErrorDialogs.show("Cannot export", "Writing " + f + " failed: " + e.getMessage(), e);
        }
    }

    /** @return the events as a JSON array: interface, method, thread, start (ISO-8601), duration_us, request_bytes, response_bytes, outcome */
    public static ArrayNode toJson(List<IpcEvent> events) {
        return toJson(events, IpcCallMatcher.match(List.of(), List.of(), null));
    }

    /**
     * Both ends: each of our calls ({@code "side": "ours"}, or {@code "both"} with a {@code "node"} object: process,
     * request, thread, received, ended, node_time_us, outcome; {@code "node_mark"} says {@code no node line} or
     * {@code not covered} when there is none), then the node's calls without one of ours ({@code "side": "node"}).
     *
     * @param events our calls
     * @param m      the matching of all our calls with the node's lines
     * @return the JSON array
     */
    public static ArrayNode toJson(List<IpcEvent> events, IpcCallMatcher.Result m) {
        ArrayNode arr = Json.MAPPER.createArrayNode();
        for (IpcEvent e : events) {
            ObjectNode o = arr.addObject();
            NodeIpcCall n = m.nodeOf().get(e);
            o.put("side", n != null ? "both" : "ours");
            o.put("interface", e.interfaceName());
            o.put("method", e.method());
            o.put("thread", e.thread());
            o.put("start", e.start().toString());
            o.put("duration_us", e.durationNanos() / 1000);
            o.put("request_bytes", e.requestBytes());
            o.put("response_bytes", e.responseBytes());
            o.put("outcome", e.outcome());
            if (!e.rpcMethod().isEmpty()) {
                o.put("rpc_method", e.rpcMethod());
            }
            if (n != null) {
                nodeJson(o.putObject("node"), n);
            } else {
                IpcCallMatcher.Mark mark = m.markOf().getOrDefault(e, IpcCallMatcher.Mark.NOT_COVERED);
                o.put("node_mark", mark == IpcCallMatcher.Mark.NO_NODE_LINE ? "no node line" : "not covered");
            }
        }
        for (NodeIpcCall n : m.nodeOnly()) {
            ObjectNode o = arr.addObject();
            o.put("side", "node");
            o.put("interface", n.interfaceName());
            o.put("method", n.method());
            o.put("thread", n.thread());
            nodeJson(o.putObject("node"), n);
        }
        return arr;
    }

    private static void nodeJson(ObjectNode o, NodeIpcCall n) {
        o.put("process", n.process());
        o.put("request", n.request());
        o.put("thread", n.thread());
        o.put("received", n.received().toString());
        if (n.ended() != null) {
            o.put("ended", n.ended().toString());
            o.put("node_time_us", n.nodeTime().toNanos() / 1000);
        }
        o.put("time_precision", n.micros() ? "us" : "s");
        o.put("outcome", n.outcome());
    }

    private static String duration(long ns) {
        if (ns < 1_000_000) {
            return String.format("%.0f µs", ns / 1000.0);
        }
        if (ns < 1_000_000_000) {
            return String.format("%.1f ms", ns / 1e6);
        }
        return String.format("%.2f s", ns / 1e9);
    }

}
