package org.bitcoinfx.gui.settings;

import atlantafx.base.theme.Styles;
import java.nio.file.Path;
import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import org.bitcoinfx.gui.shell.AppContext;
import org.bitcoinfx.gui.shell.Page;
import org.bitcoinfx.node.Chain;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Settings page: edits a copy of the settings; "Save and restart node" stores them and
 * restarts bitcoin-node; the theme applies at once. Below, "Load a snapshot…" (AssumeUTXO) loads a UTXO
 * snapshot into the running node ({@link org.bitcoinfx.gui.snapshot.SnapshotPane}).
 */
public final class SettingsPage implements Page {
    private final AppContext ctx;
    private final javafx.collections.ObservableList<NetworkReachability> reachability = javafx.collections.FXCollections.observableArrayList();
    private final Settings draft = new Settings();
    private final Node view;

    /** @param ctx the app */
    public SettingsPage(AppContext ctx) {
        this.ctx = ctx;
        draft.copyFrom(ctx.settings());
        view = build();
    }

    @Override
    public String title() {
        return "Settings";
    }

    @Override
    public Ikon icon() {
        return Feather.SETTINGS;
    }

    @Override
    public Node view() {
        return view;
    }

    @Override
    public void setShowing(boolean showing) {
        if (showing) {
            draft.copyFrom(ctx.settings());
            refreshReachability();
        }
    }

    /** Reads the networks' reachability from the running node ({@code getnetworkinfo}); empty when none is connected. */
    private void refreshReachability() {
        org.bitcoinfx.gui.node.ConnectionScope sc = ctx.session().scopeProperty().get();
        if (sc == null) {
            reachability.clear();
            return;
        }
        org.bitcoinfx.gui.util.Tasks.on(sc, ConnectionsService.of(sc).reachability(), "getnetworkinfo")
                .onSuccess(reachability::setAll)
                .onError(e -> reachability.clear())
                .run();
    }

    /** @return the networks as the running node last said (Settings page, Connections) */
    public javafx.collections.ObservableList<NetworkReachability> reachability() {
        return reachability;
    }

    private Node build() {
        GridPane g = new GridPane();
        g.setHgap(16);
        g.setVgap(12);
        javafx.scene.layout.ColumnConstraints labels = new javafx.scene.layout.ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        javafx.scene.layout.ColumnConstraints fields = new javafx.scene.layout.ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        g.getColumnConstraints().addAll(labels, fields);
        int r = 0;

        ComboBox<Chain> chain = new ComboBox<>();
        chain.setId("settings-chain");
        chain.getItems().setAll(Chain.APP_CHAINS);
        chain.valueProperty().bindBidirectional(draft.chainProperty());
        g.addRow(r++, label("Network"), chain);

        TextField dir = new TextField();
        dir.setId("settings-datadir");
        dir.setPrefColumnCount(36);
        draft.dataDirProperty().addListener((o, a, b) -> dir.setText(b == null ? "" : b.toString()));
        dir.setText(draft.dataDirProperty().get() == null ? "" : draft.dataDirProperty().get().toString());
        dir.textProperty().addListener((o, a, b) -> {
            if (!b.isBlank()) {
                draft.dataDirProperty().set(Path.of(b.trim()));
            }
        });
        Button chooseDir = new Button("Choose…", new FontIcon(Feather.FOLDER));
        chooseDir.setOnAction(e -> {
            DirectoryChooser dc = new DirectoryChooser();
            var f = dc.showDialog(ctx.stage());
            if (f != null) {
                draft.dataDirProperty().set(f.toPath());
            }
        });
        chooseDir.setMinWidth(Region.USE_PREF_SIZE);
        HBox.setHgrow(dir, Priority.ALWAYS);
        g.addRow(r++, label("Data directory"), new HBox(8, dir, chooseDir));

        CheckBox prune = new CheckBox("Prune block storage to");
        prune.setId("settings-prune");
        prune.selectedProperty().bindBidirectional(draft.pruneProperty());
        Spinner<Double> gb = PruneTargetSpinner.create(draft.pruneGbProperty());
        gb.setId("settings-prune-gb");
        gb.disableProperty().bind(draft.pruneProperty().not());
        Label mib = PruneTargetSpinner.unitLabel(draft.pruneGbProperty());
        mib.setId("settings-prune-mib");
        HBox pruneRow = new HBox(8, prune, gb, mib);
        pruneRow.setAlignment(Pos.CENTER_LEFT);
        g.addRow(r++, label("Storage"), pruneRow);

        TextField bin = new TextField();
        bin.setId("settings-node-binary");
        bin.setPromptText("Found automatically ($BITCOIN_NODE, PATH)");
        bin.setPrefColumnCount(36);
        Runnable binText = () -> bin.setText(draft.nodeBinaryProperty().get() == null ? "" : draft.nodeBinaryProperty().get().toString());
        draft.nodeBinaryProperty().addListener(o -> binText.run());
        binText.run();
        bin.textProperty().addListener((o, a, b) -> draft.nodeBinaryProperty().set(b.isBlank() ? null : Path.of(b.trim())));
        Button chooseBin = new Button("Choose bitcoin-node…", new FontIcon(Feather.FOLDER));
        chooseBin.setOnAction(e -> {
            javafx.stage.FileChooser fc = new javafx.stage.FileChooser();
            fc.setTitle("Choose bitcoin-node");
            var f = fc.showOpenDialog(ctx.stage());
            if (f != null) {
                draft.nodeBinaryProperty().set(f.toPath());
            }
        });
        chooseBin.setMinWidth(Region.USE_PREF_SIZE);
        HBox.setHgrow(bin, Priority.ALWAYS);
        g.addRow(r++, label("bitcoin-node"), new HBox(8, bin, chooseBin));

        TextField extra = new TextField();
        extra.setId("settings-extra-args");
        extra.setPromptText("e.g. -debug=ipc -uacomment=\"my node\"");
        extra.textProperty().bindBidirectional(draft.extraArgsProperty());
        Label extraError = new Label();
        extraError.setId("settings-extra-args-error");
        extraError.getStyleClass().add(Styles.DANGER);
        extraError.setWrapText(true);
        extraError.managedProperty().bind(extraError.visibleProperty());
        extraError.visibleProperty().bind(extraError.textProperty().isNotEmpty());
        // a quote left open, an option Bitcoin FX refuses, a -prune that clashes with the storage setting
        Runnable checkExtra = () -> extraError.setText(draft.nodeOptionsProblem());
        draft.extraArgsProperty().addListener(o -> checkExtra.run());
        draft.pruneProperty().addListener(o -> checkExtra.run());
        draft.networkProperty().addListener(o -> checkExtra.run());
        draft.signerProperty().addListener(o -> checkExtra.run());
        checkExtra.run();
        g.addRow(r++, label("Extra node arguments"), new VBox(4, extra, extraError));

        TextField signer = new TextField();
        signer.setId("settings-signer");
        signer.setPromptText("e.g. /usr/local/bin/hwi (none)");
        signer.textProperty().bindBidirectional(draft.signerProperty());
        Label signerHint = new Label("-signer=<cmd>: the tool the node runs to list hardware wallets (enumeratesigners) and sign "
                + "with them (e.g. HWI). A wallet can then be created on a device. Takes effect when bitcoin-node restarts.");
        signerHint.setWrapText(true);
        signerHint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        g.addRow(r++, label("External signer"), new VBox(4, signer, signerHint));

        Label networkError = new Label();
        networkError.setId("settings-network-error");
        networkError.getStyleClass().add(Styles.DANGER);
        networkError.setWrapText(true);
        networkError.managedProperty().bind(networkError.visibleProperty());
        networkError.visibleProperty().bind(networkError.textProperty().isNotEmpty());
        javafx.scene.control.TableView<NetworkReachability> reach = new javafx.scene.control.TableView<>(reachability);
        reach.setId("settings-reachability");
        reach.getStyleClass().add(Styles.DENSE);
        reach.setColumnResizePolicy(javafx.scene.control.TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        reach.getColumns().add(org.bitcoinfx.gui.util.Tables.col("Network", 90, NetworkReachability::name, false));
        reach.getColumns().add(org.bitcoinfx.gui.util.Tables.col("Reachable", 90, n -> n.reachable() ? "yes" : "no", false));
        reach.getColumns().add(org.bitcoinfx.gui.util.Tables.col("Limited", 90, n -> n.limited() ? "yes" : "no", false));
        reach.getColumns().add(org.bitcoinfx.gui.util.Tables.col("Proxy", 160, n -> n.proxy().isEmpty() ? "none" : n.proxy(), false));
        reach.setPlaceholder(new Label("The running node's networks show here (getnetworkinfo)."));
        reach.setPrefHeight(190);
        reach.setMaxWidth(560);
        ctx.session().scopeProperty().addListener((o, a, b) -> refreshReachability());
        Label reachTitle = new Label("Reachability now (the running node)");
        reachTitle.getStyleClass().add(Styles.TEXT_MUTED);
        VBox connectionsBox = new VBox(6, NetworkForm.build(draft, networkError), networkError, reachTitle, reach);

        ComboBox<Theme> theme = new ComboBox<>();
        theme.setId("settings-theme");
        theme.getItems().setAll(Theme.values());
        theme.setValue(ctx.settings().themeProperty().get());
        ctx.settings().themeProperty().addListener((o, a, b) -> theme.setValue(b));
        theme.valueProperty().addListener((o, a, b) -> {
            if (b != null && b != ctx.settings().themeProperty().get()) {
                ctx.settings().themeProperty().set(b);
                ctx.saveSettings();
            }
        });
        g.addRow(r++, label("Theme"), theme);

        Label note = new Label("Network, connection, storage and node changes take effect when bitcoin-node restarts: Save says which, "
                + "and asks before restarting it. "
                + "Settings are stored in " + ctx.store().file() + ".");
        note.setWrapText(true);
        note.getStyleClass().add(Styles.TEXT_MUTED);
        Button save = new Button("Save and restart node", new FontIcon(Feather.SAVE));
        save.setId("settings-save");
        save.getStyleClass().add(Styles.ACCENT);
        save.disableProperty().bind(extraError.textProperty().isNotEmpty().or(networkError.textProperty().isNotEmpty()));
        save.setOnAction(e -> {
            List<String> changes = RestartCheck.changes(ctx.settings(), draft);
            if (!changes.isEmpty() && ctx.session().statusProperty().get().state().isActive()) {
                javafx.scene.control.Alert a = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.CONFIRMATION,
                        "bitcoin-node takes these only when it starts:\n\n  " + String.join("\n  ", changes)
                                + "\n\nSave them and restart the node now? (A clean stop, as when the app closes.)",
                        javafx.scene.control.ButtonType.OK, javafx.scene.control.ButtonType.CANCEL);
                a.setTitle("Bitcoin FX");
                a.setHeaderText("Restart bitcoin-node to apply");
                a.getDialogPane().setId("settings-restart-confirm");
                if (ctx.stage() != null) {
                    a.initOwner(ctx.stage());
                }
                a.showAndWait().filter(b -> b == javafx.scene.control.ButtonType.OK).ifPresent(b -> saveAndRestart(true));
                return;
            }
            saveAndRestart(!changes.isEmpty() || !ctx.session().statusProperty().get().state().isActive());
        });
        Button revert = new Button("Revert");
        revert.setOnAction(e -> draft.copyFrom(ctx.settings()));
        HBox buttons = new HBox(8, save, revert);
        Label snapshotTitle = new Label("Snapshot (AssumeUTXO)");
        snapshotTitle.getStyleClass().add(Styles.TITLE_4);
        Label snapshotText = new Label("Load a UTXO snapshot (dumptxoutset) into the running node: it is usable at the tip in minutes, "
                + "and verifies the blocks before the snapshot in the background. The node accepts only the snapshots whose hash "
                + "Bitcoin Core knows, once its block headers reach the snapshot's block; no restart.");
        snapshotText.setWrapText(true);
        snapshotText.getStyleClass().add(Styles.TEXT_MUTED);
        VBox snapshot = new VBox(8, new javafx.scene.control.Separator(), snapshotTitle, snapshotText,
                new org.bitcoinfx.gui.snapshot.SnapshotPane(ctx.snapshots(), ctx::stage));
        Label connectionsTitle = new Label("Connections and memory");
        connectionsTitle.getStyleClass().add(Styles.TITLE_4);
        Label connectionsText = new Label("Proxy, Tor, listening, connections, database cache and mempool size: bitcoin-node takes "
                + "them when it starts. A blank field leaves the node's default.");
        connectionsText.setWrapText(true);
        connectionsText.getStyleClass().add(Styles.TEXT_MUTED);
        VBox connections = new VBox(8, new javafx.scene.control.Separator(), connectionsTitle, connectionsText, connectionsBox);
        connections.setId("settings-connections");
        VBox box = new VBox(20, g, note, snapshot, connections);
        box.setPadding(new Insets(20));
        box.setMaxWidth(900);
        VBox.setVgrow(g, Priority.NEVER);
        ScrollPane sp = new ScrollPane(box);
        sp.setFitToWidth(true);
        // Save and Revert stay in view below the scrolling form
        buttons.setPadding(new Insets(10, 20, 12, 20));
        buttons.getStyleClass().add("settings-buttons");
        javafx.scene.layout.BorderPane page = new javafx.scene.layout.BorderPane(sp);
        page.setBottom(new VBox(new javafx.scene.control.Separator(), buttons));
        return page;
    }

    /** Saves the draft (keeping the theme, which saves itself) and, if {@code restart}, restarts the node with it. */
    private void saveAndRestart(boolean restart) {
        Theme keep = ctx.settings().themeProperty().get();
        ctx.settings().copyFrom(draft);
        ctx.settings().themeProperty().set(keep);
        ctx.settings().onboardedProperty().set(true);
        ctx.saveSettings().thenAccept(saved -> javafx.application.Platform.runLater(() -> {
            if (saved && restart) {
                ctx.session().restart(ctx.settings());
            }
        }));
    }



    /**
     * Tells the user that the settings file was damaged or partly not understood (what
     * {@link SettingsStore#loadChecked} found): where the file was kept, what was recovered, what
     * to check. Does not block.
     *
     * @param owner   the main window
     * @param warning the paragraph to show
     * @return the dialog, shown
     */
    public static javafx.scene.control.Alert showLoadWarning(javafx.stage.Window owner, String warning) {
        javafx.scene.control.Alert a = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.WARNING, warning);
        a.setTitle("Bitcoin FX");
        a.setHeaderText("Your settings were not read completely");
        a.getDialogPane().setId("settings-load-warning");
        a.getDialogPane().getStyleClass().add(Styles.TEXT);
        if (owner != null && owner.isShowing()) {
            a.initOwner(owner);
        }
        a.show();
        return a;
    }

    private static Label label(String t) {
        Label l = new Label(t);
        l.getStyleClass().add(Styles.TEXT_BOLD);
        return l;
    }
}
