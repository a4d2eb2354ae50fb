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

    /** @param ctx the app; @param log the events */
    public IpcInspectorPage(AppContext ctx, IpcEventLog log) {
        this.ctx = ctx;
        this.log = log;
        this.filtered = new FilteredList<>(shown);
        log.events().addListener((ListChangeListener<IpcEvent>) c -> {
            if (showing) {
                follow(c);
            }
        });
        this.check = new IpcCheckPane(ctx);
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
        }
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
        TableView<IpcEvent> table = new TableView<>();
        table.setId("ipc-table");
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE, Styles.DENSE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.setItems(filtered); // newest first (see shown)
        table.getColumns().add(Tables.col("Call", 200, e -> e.interfaceName() + "." + e.method(), false));
        table.getColumns().add(Tables.col("Thread", 90, IpcEvent::thread, false));
        table.getColumns().add(Tables.col("Start", 110, e -> Units.localTimeMillis(e.start()), false));
        table.getColumns().add(Tables.col("Duration", 100, e -> duration(e.durationNanos()), true));
        table.getColumns().add(Tables.col("Request", 80, e -> Units.bytes(e.requestBytes()), true));
        table.getColumns().add(Tables.col("Response", 90, e -> Units.bytes(e.responseBytes()), true));
        TableColumn<IpcEvent, String> outcome = Tables.col("Outcome", 160, IpcEvent::outcome, false);
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
        table.setPlaceholder(new Label("No IPC calls yet."));

        TextField filter = new TextField();
        filter.setId("ipc-filter");
        filter.setPromptText("Filter calls (method, thread, outcome)");
        filter.setPrefWidth(320);
        CheckBox failedOnly = new CheckBox("Failures only");
        Runnable applyFilter = () -> {
            String q = filter.getText() == null ? "" : filter.getText().trim().toLowerCase(Locale.ROOT);
            boolean failed = failedOnly.isSelected();
            filtered.setPredicate(e -> (!failed || !e.ok()) && (q.isEmpty()
                    || (e.interfaceName() + "." + e.method() + " " + e.thread() + " " + e.outcome()).toLowerCase(Locale.ROOT).contains(q)));
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

        VBox calls = new VBox(10, top, table, chart);
        VBox.setVgrow(table, Priority.ALWAYS);
        calls.setPadding(new Insets(12, 0, 0, 0));

        javafx.scene.control.Tab callsTab = new javafx.scene.control.Tab("Calls", calls);
        callsTab.setId("ipc-tab-calls");
        javafx.scene.control.Tab checkTab = new javafx.scene.control.Tab("IPC check", check.view());
        checkTab.setId("ipc-tab-check");
        javafx.scene.control.TabPane tabs = new javafx.scene.control.TabPane(callsTab, checkTab);
        tabs.setId("ipc-tabs");
        tabs.setTabClosingPolicy(javafx.scene.control.TabPane.TabClosingPolicy.UNAVAILABLE);
        VBox box = new VBox(tabs);
        VBox.setVgrow(tabs, Priority.ALWAYS);
        box.setPadding(new Insets(8, 20, 12, 20));
        return box;
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
            Files.writeString(f.toPath(), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(List.copyOf(filtered))));
        } catch (IOException e) {
            LOG.error("cannot export IPC calls to {}", f, e);
            ErrorDialogs.show("Cannot export", "Writing " + f + " failed: " + e.getMessage(), e);
        }
    }

    /** @return the events as a JSON array: interface, method, thread, start (ISO-8601), duration_us, request_bytes, response_bytes, outcome */
    public static ArrayNode toJson(List<IpcEvent> events) {
        ArrayNode arr = Json.MAPPER.createArrayNode();
        for (IpcEvent e : events) {
            ObjectNode o = arr.addObject();
            o.put("interface", e.interfaceName());
            o.put("method", e.method());
            o.put("thread", e.thread());
            o.put("start", e.start().toString());
            o.put("duration_us", e.durationNanos() / 1000);
            o.put("request_bytes", e.requestBytes());
            o.put("response_bytes", e.responseBytes());
            o.put("outcome", e.outcome());
        }
        return arr;
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
