package org.bitcoinfx.gui.snapshot;

import atlantafx.base.theme.Styles;
import java.io.File;
import java.nio.file.Path;
import java.util.function.Supplier;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.bitcoinfx.gui.util.Units;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * "Load a snapshot…" and how the load goes, bound to the app's {@link SnapshotViewModel} (Settings shows it): a file
 * chooser, then while {@code loadtxoutset} runs a progress bar (indeterminate until the node logs a percentage), the
 * time it has taken and the node's last {@code [snapshot]} log line; then what was loaded, or the node's refusal in
 * its words. The view only: the load is the view-model's.
 */
public final class SnapshotPane extends VBox {
    private final SnapshotViewModel vm;
    private final Label file = new Label();
    private final Label elapsed = new Label();
    private final ProgressBar bar = new ProgressBar();
    private final Label logLine = new Label();
    private final Label message = new Label();
    private final Button cancelWait = new Button("Don't wait");

    /**
     * @param vm    the app's snapshot loader
     * @param owner the window the file chooser belongs to
     */
    public SnapshotPane(SnapshotViewModel vm, Supplier<Window> owner) {
        super(8);
        this.vm = vm;
        setId("snapshot-pane");
        Button load = new Button("Load a snapshot…", new FontIcon(Feather.FAST_FORWARD));
        load.setId("load-snapshot");
        load.disableProperty().bind(vm.busyProperty());
        load.setOnAction(e -> {
            File f = chooser(vm.fileProperty().get()).showOpenDialog(owner.get());
            if (f != null) {
                vm.load(f.toPath());
            }
        });
        cancelWait.setId("snapshot-cancel-wait");
        cancelWait.setOnAction(e -> vm.cancelWaiting());
        HBox buttons = new HBox(8, load, cancelWait);
        buttons.setAlignment(Pos.CENTER_LEFT);

        file.setId("snapshot-file");
        file.setWrapText(true);
        file.getStyleClass().add(Styles.TEXT_MUTED);
        bar.setId("snapshot-progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(bar, Priority.ALWAYS);
        elapsed.setId("snapshot-elapsed");
        elapsed.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox progressRow = new HBox(12, elapsed, bar);
        progressRow.setAlignment(Pos.CENTER_LEFT);
        logLine.setId("snapshot-log-line");
        logLine.setWrapText(true);
        logLine.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        message.setId("snapshot-message");
        message.setWrapText(true);
        getChildren().addAll(buttons, file, progressRow, logLine, message);
        for (javafx.scene.Node n : new javafx.scene.Node[] {file, progressRow, logLine, message, cancelWait}) {
            n.managedProperty().bind(n.visibleProperty());
        }
        Runnable update = this::update;
        vm.stateProperty().addListener(o -> update.run());
        vm.fileProperty().addListener(o -> update.run());
        vm.metadataProperty().addListener(o -> update.run());
        vm.messageProperty().addListener(o -> update.run());
        vm.progressLineProperty().addListener(o -> update.run());
        vm.progressProperty().addListener(o -> update.run());
        vm.elapsedSecondsProperty().addListener(o -> update.run());
        update.run();
    }

    private void update() {
        SnapshotViewModel.State st = vm.stateProperty().get();
        file.setText(describe(vm.fileProperty().get(), vm.metadataProperty().get()));
        file.setVisible(!file.getText().isEmpty() && st != SnapshotViewModel.State.NONE);
        boolean loading = st == SnapshotViewModel.State.LOADING;
        elapsed.setText(vm.elapsedText());
        double p = vm.progressProperty().get();
        bar.setProgress(p < 0 ? ProgressBar.INDETERMINATE_PROGRESS : p);
        bar.getParent().setVisible(loading);
        logLine.setText(vm.progressLineProperty().get());
        logLine.setVisible(loading && !logLine.getText().isEmpty());
        message.setText(vm.messageProperty().get());
        message.setVisible(!message.getText().isEmpty());
        message.getStyleClass().setAll("label", switch (st) {
            case REFUSED -> Styles.DANGER;
            case LOADED -> Styles.SUCCESS;
            default -> Styles.TEXT_MUTED;
        });
        cancelWait.setVisible(st == SnapshotViewModel.State.WAITING_FOR_HEADERS);
    }

    /** @return e.g. "utxo-200.dat · the UTXO set at block 3859…f6b9 · 200 coins · regtest"; the name alone if unread */
    static String describe(Path f, SnapshotMetadata m) {
        if (f == null) {
            return "";
        }
        String name = f.getFileName() == null ? f.toString() : f.getFileName().toString();
        if (m == null) {
            return name;
        }
        return name + " · the UTXO set at block " + Units.shortHash(m.baseBlockHash()) + " · " + Units.number(m.coins()) + " coins · "
                + m.network().orElse("unknown network");
    }

    /** @return a chooser for snapshot files, opening where {@code last} is */
    static FileChooser chooser(Path last) {
        FileChooser fc = new FileChooser();
        fc.setTitle("Choose a UTXO snapshot");
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("UTXO snapshots (*.dat)", "*.dat"),
                new FileChooser.ExtensionFilter("All files", "*"));
        if (last != null && last.getParent() != null && last.getParent().toFile().isDirectory()) {
            fc.setInitialDirectory(last.getParent().toFile());
        }
        return fc;
    }
}
