package org.bitcoinfx.gui.wallet.psbt;

import atlantafx.base.theme.Styles;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.bitcoinfx.gui.util.Tables;
import org.bitcoinfx.gui.util.Units;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The PSBT tab: an import card (paste, clipboard, file) and, once a PSBT is under review, its inputs (spent output,
 * amount, who acts next, missing signatures), outputs (address, amount, own/change), fee and fee rate, with Sign,
 * Combine, Finalize and broadcast, Copy and Save. Binds to {@link PsbtViewModel}; never calls the node.
 */
public final class PsbtView extends ScrollPane {
    private final PsbtViewModel m;

    /** One input row: its place, what decodepsbt says and what analyzepsbt says. */
    record InputRow(int index, DecodedPsbt.Input input, PsbtAnalysis.InputStatus status) {
    }

    /** One output row. */
    record OutputRow(DecodedPsbt.Output output, PsbtReview.Ownership ownership) {
    }

    /** @param m the tab's model */
    public PsbtView(PsbtViewModel m) {
        this.m = m;
        setId("psbt-view");
        setFitToWidth(true);
        VBox box = new VBox(14, importCard(), reviewCard());
        box.setPadding(new Insets(4, 2, 4, 2));
        setContent(box);
    }

    private VBox importCard() {
        Label title = new Label("Partially signed transaction (PSBT)");
        title.getStyleClass().add(Styles.TITLE_4);
        Label intro = new Label("Review, sign, combine and broadcast a PSBT made by another wallet or device, or by Send in a watch-only wallet. "
                + "Paste it in base64, or open a .psbt file (binary or base64).");
        intro.setWrapText(true);
        intro.getStyleClass().add(Styles.TEXT_MUTED);
        TextArea input = new TextArea();
        input.setId("psbt-input");
        input.setPromptText("cHNidP8B…");
        input.setPrefRowCount(3);
        input.setWrapText(true);
        input.getStyleClass().add("monospace");
        Button review = new Button("Review", new FontIcon(Feather.EYE));
        review.setId("psbt-review");
        review.getStyleClass().add(Styles.ACCENT);
        review.setOnAction(e -> m.importText(input.getText()));
        Button paste = new Button("Paste from clipboard", new FontIcon(Feather.CLIPBOARD));
        paste.setId("psbt-paste");
        paste.setOnAction(e -> {
            String t = Clipboard.getSystemClipboard().hasString() ? Clipboard.getSystemClipboard().getString() : "";
            input.setText(t);
            m.importText(t);
        });
        Button open = new Button("Open file…", new FontIcon(Feather.FOLDER));
        open.setId("psbt-open");
        open.setOnAction(e -> {
            FileChooser fc = chooser("Open a PSBT");
            File f = fc.showOpenDialog(getScene().getWindow());
            if (f != null) {
                m.importFile(f.toPath());
            }
        });
        review.disableProperty().bind(m.busyProperty());
        paste.disableProperty().bind(m.busyProperty());
        open.disableProperty().bind(m.busyProperty());
        HBox buttons = new HBox(10, review, paste, open);
        buttons.setAlignment(Pos.CENTER_LEFT);
        VBox card = new VBox(10, title, intro, input, error("psbt-input-error", m.inputErrorProperty()), buttons);
        card.getStyleClass().add("card");
        card.setPadding(new Insets(18));
        return card;
    }

    private VBox reviewCard() {
        Label title = new Label("Review");
        title.getStyleClass().add(Styles.TITLE_4);
        Label next = value("psbt-next");
        next.getStyleClass().add(Styles.TEXT_BOLD);
        Label fee = value("psbt-fee");
        Label rate = value("psbt-feerate");
        Label size = value("psbt-size");
        Label sent = value("psbt-amounts");
        GridPane g = new GridPane();
        g.setHgap(14);
        g.setVgap(6);
        row(g, 0, "Next", next);
        row(g, 1, "Fee", fee);
        row(g, 2, "Fee rate", rate);
        row(g, 3, "Size", size);
        row(g, 4, "Amounts", sent);

        TableView<InputRow> inputs = Tables.wholeHeaders(new TableView<>());
        inputs.setId("psbt-inputs");
        inputs.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        inputs.getColumns().add(Tables.col("#", 30, r -> String.valueOf(r.index()), true));
        inputs.getColumns().add(Tables.col("Spends", 170, r -> Units.shortHash(r.input().prevTxid()) + ":" + r.input().prevVout(), false, true));
        inputs.getColumns().add(Tables.col("Address", 220, r -> r.input().address(), false, true));
        inputs.getColumns().add(Tables.col("Amount", 180, r -> r.input().amountSat().isPresent() ? Units.btc(r.input().amountSat().getAsLong()) : "unknown", true, true));
        inputs.getColumns().add(Tables.col("Status", 300, PsbtView::inputStatus));
        inputs.getColumns().get(0).setMinWidth(34);
        inputs.setFixedCellSize(28);
        inputs.setPrefHeight(28 * 4 + 30);
        TableView<OutputRow> outputs = Tables.wholeHeaders(new TableView<>());
        outputs.setId("psbt-outputs");
        outputs.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        outputs.getColumns().add(Tables.col("#", 30, r -> String.valueOf(r.output().index()), true));
        outputs.getColumns().add(Tables.col("Address", 420, r -> r.output().address(), false, true));
        outputs.getColumns().add(Tables.col("Amount", 180, r -> Units.btc(r.output().amountSat()), true, true));
        outputs.getColumns().add(Tables.col("Whose", 180, r -> switch (r.ownership()) {
            case OWN -> "this wallet";
            case CHANGE -> "this wallet (change)";
            case EXTERNAL -> "";
        }));
        outputs.getColumns().get(0).setMinWidth(34);
        outputs.setFixedCellSize(28);
        outputs.setPrefHeight(28 * 4 + 30);

        PasswordField pass = new PasswordField();
        pass.setId("psbt-passphrase");
        pass.setPromptText("wallet passphrase");
        pass.setPrefWidth(220);
        Button sign = new Button("Sign with this wallet", new FontIcon(Feather.EDIT_3));
        sign.setId("psbt-sign");
        sign.getStyleClass().add(Styles.ACCENT);
        sign.setOnAction(e -> m.sign(takePassphrase(pass)));
        pass.setOnAction(e -> sign.fire());
        sign.visibleProperty().bind(m.canSignProperty());
        sign.managedProperty().bind(sign.visibleProperty());
        pass.visibleProperty().bind(m.canSignProperty().and(m.encryptedProperty()));
        pass.managedProperty().bind(pass.visibleProperty());
        HBox signRow = new HBox(10, sign, pass);
        signRow.setAlignment(Pos.CENTER_LEFT);
        TextArea other = new TextArea();
        other.setId("psbt-combine-input");
        other.setPromptText("Another signer's PSBT of the same transaction (base64), to combine");
        other.setPrefRowCount(2);
        other.setWrapText(true);
        other.getStyleClass().add("monospace");
        Button combine = new Button("Combine", new FontIcon(Feather.GIT_MERGE));
        combine.setId("psbt-combine");
        combine.setOnAction(e -> m.combine(other.getText()));
        Button broadcast = new Button("Finalize and broadcast", new FontIcon(Feather.SEND));
        broadcast.setId("psbt-broadcast");
        broadcast.setOnAction(e -> m.finalizeAndBroadcast());
        Button copy = new Button("Copy", new FontIcon(Feather.COPY));
        copy.setId("psbt-copy");
        copy.setTooltip(new Tooltip("Copy the PSBT (base64) to the clipboard"));
        copy.setOnAction(e -> {
            ClipboardContent cc = new ClipboardContent();
            cc.putString(m.exportText());
            Clipboard.getSystemClipboard().setContent(cc);
        });
        Button save = new Button("Save…", new FontIcon(Feather.DOWNLOAD));
        save.setId("psbt-save");
        save.setTooltip(new Tooltip("Save the PSBT as a binary .psbt file (BIP174)"));
        save.setOnAction(e -> {
            FileChooser fc = chooser("Save the PSBT");
            fc.setInitialFileName("transaction.psbt");
            File f = fc.showSaveDialog(getScene().getWindow());
            if (f != null) {
                m.save(f.toPath());
            }
        });
        Button clear = new Button("Close", new FontIcon(Feather.X));
        clear.setId("psbt-clear");
        clear.getStyleClass().add(Styles.FLAT);
        clear.setOnAction(e -> m.clear());
        for (Button b : List.of(sign, combine, broadcast, save)) {
            b.disableProperty().bind(m.busyProperty());
        }
        HBox actions = new HBox(10, broadcast, copy, save, clear);
        actions.setAlignment(Pos.CENTER_LEFT);
        HBox combineRow = new HBox(10, other, combine);
        HBox.setHgrow(other, Priority.ALWAYS);
        combineRow.setAlignment(Pos.CENTER_LEFT);
        Label notice = new Label();
        notice.setId("psbt-notice");
        notice.setWrapText(true);
        notice.getStyleClass().add("wallet-notice");
        notice.setGraphic(new FontIcon(Feather.CHECK_CIRCLE));
        notice.textProperty().bind(m.noticeProperty());
        notice.visibleProperty().bind(m.noticeProperty().isNotEmpty());
        notice.managedProperty().bind(notice.visibleProperty());
        notice.setMaxWidth(Double.MAX_VALUE);
        Label inputsTitle = new Label("Inputs");
        inputsTitle.getStyleClass().add(Styles.TEXT_BOLD);
        Label outputsTitle = new Label("Outputs");
        outputsTitle.getStyleClass().add(Styles.TEXT_BOLD);
        VBox card = new VBox(10, title, g, inputsTitle, inputs, outputsTitle, outputs, signRow, combineRow, actions,
                error("psbt-error", m.actionErrorProperty()), notice);
        card.setId("psbt-review-card");
        card.getStyleClass().add("card");
        card.setPadding(new Insets(18));

        Runnable fill = () -> {
            PsbtReview r = m.reviewProperty().get();
            card.setVisible(r != null);
            card.setManaged(r != null);
            if (r == null) {
                inputs.getItems().clear();
                outputs.getItems().clear();
                other.clear();
                return;
            }
            next.setText(nextText(r));
            fee.setText(r.feeSat().isPresent() ? Units.sat(r.feeSat().getAsLong()) + "  (" + Units.btc(r.feeSat().getAsLong()) + ")"
                    : "unknown until every input's previous output is in the PSBT");
            rate.setText(r.feeRate().isPresent() ? Units.satPerVb(r.feeRate().getAsDouble()) + " (estimated once signed)" : "unknown");
            size.setText(r.analysis().estimatedVsize().isPresent() ? Units.vbytes(r.analysis().estimatedVsize().getAsLong()) + " (estimated once signed)" : "unknown");
            long in = r.decoded().inputs().stream().mapToLong(i -> i.amountSat().orElse(0)).sum();
            sent.setText(r.decoded().inputs().size() + " in (" + Units.btc(in) + "), " + r.decoded().outputs().size() + " out ("
                    + Units.btc(r.decoded().outputsSat()) + ")" + (r.decoded().version() == 2 ? " · PSBT version 2" : ""));
            List<InputRow> ins = new ArrayList<>();
            for (int i = 0; i < r.decoded().inputs().size(); i++) {
                PsbtAnalysis.InputStatus st = i < r.analysis().inputs().size() ? r.analysis().inputs().get(i)
                        : new PsbtAnalysis.InputStatus(false, false, "", List.of(), List.of());
                ins.add(new InputRow(i, r.decoded().inputs().get(i), st));
            }
            inputs.getItems().setAll(ins);
            outputs.getItems().setAll(r.decoded().outputs().stream().map(o -> new OutputRow(o, r.ownership(o.address()))).toList());
            inputs.setPrefHeight(28 * Math.max(1, Math.min(8, ins.size())) + 50);
            outputs.setPrefHeight(28 * Math.max(1, Math.min(8, outputs.getItems().size())) + 50);
            broadcast.setText(r.analysis().next().equals("finalizer") || r.analysis().readyToExtract() ? "Finalize and broadcast" : "Finalize and broadcast (not all signed yet)");
        };
        m.reviewProperty().addListener((o, a, r) -> fill.run());
        fill.run();
        return card;
    }

    /** What the whole PSBT waits for, in words (analyzepsbt's {@code next}, and how many signatures are missing). */
    static String nextText(PsbtReview r) {
        PsbtAnalysis a = r.analysis();
        long missing = a.inputs().stream().mapToLong(i -> i.missingSignatures().size()).sum();
        String s = switch (a.next()) {
            case "creator" -> "creator: the transaction is not complete";
            case "updater" -> "updater: an input's previous output or key paths are missing";
            case "signer" -> "signer: " + missing + " signature" + (missing == 1 ? "" : "s") + " missing";
            case "finalizer" -> "finalizer: every input is signed; finalize and broadcast";
            case "extractor" -> "extractor: final; broadcast it";
            default -> a.next();
        };
        return a.error().isEmpty() ? s : s + " — " + a.error();
    }

    /** One input's status: analyzepsbt's {@code next} role and what is missing. */
    static String inputStatus(InputRow r) {
        PsbtAnalysis.InputStatus s = r.status();
        if (s.isFinal() || r.input().isFinal()) {
            return "final";
        }
        if (!s.hasUtxo()) {
            return "needs its previous output (updater)";
        }
        if (!s.missingSignatures().isEmpty()) {
            return "needs " + s.missingSignatures().size() + " signature" + (s.missingSignatures().size() == 1 ? "" : "s")
                    + " (key " + Units.shortHash(s.missingSignatures().get(0), 4, 4) + (s.missingSignatures().size() > 1 ? ", …" : "") + ")";
        }
        return switch (s.next()) {
            case "finalizer" -> "signed (" + r.input().partialSignatures() + "), to finalize";
            case "signer" -> "needs a signature";
            case "updater" -> "needs key paths (updater)";
            default -> s.next();
        };
    }

    private static org.bitcoinfx.gui.wallet.Passphrase takePassphrase(PasswordField f) {
        CharSequence cs = f.getCharacters();
        char[] c = new char[cs.length()];
        for (int i = 0; i < c.length; i++) {
            c[i] = cs.charAt(i);
        }
        f.clear();
        return new org.bitcoinfx.gui.wallet.Passphrase(c);
    }

    private static FileChooser chooser(String title) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("PSBT", "*.psbt", "*.txt"), new FileChooser.ExtensionFilter("All files", "*"));
        return fc;
    }

    private static void row(GridPane g, int r, String name, Label value) {
        Label l = new Label(name);
        l.getStyleClass().add(Styles.TEXT_MUTED);
        l.setMinWidth(90);
        g.add(l, 0, r);
        g.add(value, 1, r);
    }

    private static Label value(String id) {
        Label l = new Label();
        l.setId(id);
        l.setWrapText(true);
        return l;
    }

    private static Label error(String id, javafx.beans.value.ObservableValue<String> text) {
        Label l = new Label();
        l.setId(id);
        l.setWrapText(true);
        l.getStyleClass().addAll(Styles.DANGER, Styles.TEXT_SMALL);
        l.textProperty().bind(text);
        l.visibleProperty().bind(l.textProperty().isNotEmpty());
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }
}
