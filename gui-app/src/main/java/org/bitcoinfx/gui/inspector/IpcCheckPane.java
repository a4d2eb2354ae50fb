package org.bitcoinfx.gui.inspector;

import org.bitcoinfx.gui.util.Tables;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.bitcoinfx.gui.shell.AppContext;
import org.bitcoinfx.gui.shell.ErrorDialogs;
import org.bitcoinfx.gui.util.Fx;
import org.bitcoinfx.gui.util.Json;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.ipc.cli.ConformanceCheck;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IPC inspector's "IPC check": the conformance suite of {@code bitcoinfx-ipc check}
 * ({@link ConformanceCheck}: every method of Init, Echo, Mining, BlockTemplate and Rpc, each result
 * held to an invariant) run against the app's node on a connection of its own, off the JavaFX thread,
 * shown as a table of PASS / FAIL / SKIP rows and exportable as JSON. On regtest the suite mines a
 * few blocks (as the CLI does); on other chains it skips what would change the chain.
 */
public final class IpcCheckPane {
    private static final Logger LOG = LoggerFactory.getLogger(IpcCheckPane.class);

    private final AppContext ctx;
    private final ObservableList<ConformanceCheck.Row> rows = FXCollections.observableArrayList();
    /** The chain of the last run, for the export. */
    private String chain = "?";
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running", false);
    private final Label summary = new Label("Runs the same conformance suite as bitcoinfx-ipc check, on a connection of its own.");
    private final Node view;

    /** @param ctx the app (its node backend gives the IPC socket) */
    public IpcCheckPane(AppContext ctx) {
        this.ctx = ctx;
        this.view = build();
    }

    /** @return the pane: toolbar, summary and the rows table */
    public Node view() {
        return view;
    }

    /** @return the rows of the last run, in the suite's order (JavaFX thread) */
    public ObservableList<ConformanceCheck.Row> rows() {
        return rows;
    }

    /** @return true while a run is under way */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /**
     * Starts a run (JavaFX thread; returns at once). Without a ready node's IPC socket it says so in
     * the summary and runs nothing.
     */
    public void run() {
        if (running.get()) {
            return;
        }
        Optional<Path> socket = ctx.session().backend().ipcSocket();
        if (socket.isEmpty()) {
            summary.setText("The IPC check needs a running bitcoin-node (and its IPC socket); none is ready now.");
            return;
        }
        running.set(true);
        rows.clear();
        summary.setText("Running the IPC check on " + socket.get() + "…");
        CompletableFuture<ConformanceCheck> f = CompletableFuture.supplyAsync(() -> runCheck(socket.get()),
                r -> {
                    Thread t = new Thread(r, "bitcoinfx-ipc-check");
                    t.setDaemon(true);
                    t.start();
                });
        Fx.deliver(f, this::show, e -> {
            running.set(false);
            LOG.warn("IPC check could not run: {}", Fx.message(e), e);
            summary.setText("The IPC check could not run: " + Fx.message(e));
        });
    }

    /**
     * Runs the whole suite on a new connection to {@code socket} and closes it.
     *
     * @return the check, run: its rows in order and the chain
     * @throws UncheckedIOException if the socket cannot be connected
     */
    static ConformanceCheck runCheck(Path socket) {
        try (IpcNodeClient c = IpcNodeClient.connect(socket)) {
            ConformanceCheck check = new ConformanceCheck(c, socket, new PrintStream(OutputStream.nullOutputStream()));
            check.runChecks();
            return check;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to " + socket + ": " + e.getMessage(), e);
        }
    }

    private void show(ConformanceCheck check) {
        List<ConformanceCheck.Row> result = check.rows();
        chain = check.chainName();
        running.set(false);
        rows.setAll(result);
        long pass = count(result, "PASS");
        long fail = count(result, "FAIL");
        long skip = count(result, "SKIP");
        summary.setText(ConformanceCheck.summary(result));
        summary.getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER);
        summary.getStyleClass().add(fail == 0 ? Styles.SUCCESS : Styles.DANGER);
        LOG.info("IPC check: {} passed, {} failed, {} skipped", pass, fail, skip);
    }

    private static long count(List<ConformanceCheck.Row> rs, String status) {
        return rs.stream().filter(r -> r.status().equals(status)).count();
    }

    /** @return the report as {@code bitcoinfx-ipc check --json} writes it ({@link ConformanceCheck#toJson}) */
    public static ObjectNode toJson(String chain, List<ConformanceCheck.Row> rs) {
        return ConformanceCheck.toJson(chain, rs);
    }

    private void export() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export IPC check");
        fc.setInitialFileName("bitcoinfx-ipc-check.json");
        var f = fc.showSaveDialog(ctx.stage());
        if (f == null) {
            return;
        }
        List<ConformanceCheck.Row> snapshot = List.copyOf(rows);
        String chainOfRun = chain;
        Fx.deliver(CompletableFuture.runAsync(() -> {
            try {
                Files.writeString(f.toPath(), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(chainOfRun, snapshot)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }), v -> summary.setText(summary.getText() + " · exported to " + f), e -> {
            LOG.error("cannot export the IPC check to {}", f, e);
            ErrorDialogs.show("Cannot export", "Writing " + f + " failed: " + Fx.message(e), e);
        });
    }

    private Node build() {
        Button runButton = new Button("Run IPC check", new FontIcon(Feather.PLAY));
        runButton.setId("ipc-check-run");
        runButton.getStyleClass().add(Styles.ACCENT);
        runButton.disableProperty().bind(running);
        runButton.setOnAction(e -> run());
        runButton.setMinWidth(Region.USE_PREF_SIZE);
        Button export = new Button("Export JSON…", new FontIcon(Feather.DOWNLOAD));
        export.setId("ipc-check-export");
        export.setOnAction(e -> export());
        export.disableProperty().bind(running.or(javafx.beans.binding.Bindings.isEmpty(rows)));
        export.setMinWidth(Region.USE_PREF_SIZE);
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(18, 18);
        spinner.visibleProperty().bind(running);
        spinner.managedProperty().bind(running);
        summary.setId("ipc-check-summary");
        summary.setWrapText(true);
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox top = new HBox(10, runButton, spinner, summary, grow, export);
        top.setAlignment(Pos.CENTER_LEFT);

        TableView<ConformanceCheck.Row> table = Tables.wholeHeaders(new TableView<>(rows));
        table.setId("ipc-check-table");
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE, Styles.DENSE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<ConformanceCheck.Row, String> check = Tables.col("Check", 330, ConformanceCheck.Row::check);
        check.setMinWidth(200);
        table.getColumns().add(check);
        TableColumn<ConformanceCheck.Row, String> status = Tables.col("Result", 80, ConformanceCheck.Row::status);
        status.setCellFactory(tc -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                // AtlantaFX's colour variables: green, red, muted
                setStyle(empty || item == null ? null : switch (item) {
                    case "PASS" -> "-fx-text-fill: -color-success-fg; -fx-font-weight: bold;";
                    case "FAIL" -> "-fx-text-fill: -color-danger-fg; -fx-font-weight: bold;";
                    default -> "-fx-text-fill: -color-fg-muted;";
                });
            }
        });
        status.setMinWidth(64);
        table.getColumns().add(status);
        TableColumn<ConformanceCheck.Row, String> source = Tables.col("Source", 230, ConformanceCheck.Row::source);
        source.setMinWidth(160);
        table.getColumns().add(source);
        table.getColumns().add(Tables.col("Detail", 500, r -> r.detail().replaceAll("\\s+", " ")));
        Label notRun = new Label("Not run yet. On regtest the check mines blocks, sends transactions, submits invalid and stale blocks and "
                + "briefly rewinds the chain (invalidateblock, then reconsiderblock); elsewhere it only reads.");
        notRun.setWrapText(true);
        notRun.setMaxWidth(560);
        table.setPlaceholder(notRun);

        VBox box = new VBox(10, top, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        box.setPadding(new Insets(12, 0, 0, 0));
        return box;
    }

}
