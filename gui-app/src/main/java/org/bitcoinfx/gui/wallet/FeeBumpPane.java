package org.bitcoinfx.gui.wallet;

import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.bitcoinfx.gui.util.Units;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The fee bump card under Activity's table: the new fee rate, then the review (old and new fee rate and fee; for CPFP
 * the parent's, the child's and the package's rate), the passphrase of an encrypted wallet, Confirm and Back.
 */
final class FeeBumpPane extends VBox {
    private final FeeBumpViewModel m;
    private final WalletViewModel wallet;
    private final GridPane review = Forms.grid();
    private final Label title = new Label();
    private final Label intro = new Label();

    FeeBumpPane(FeeBumpViewModel m, WalletViewModel wallet) {
        super(10);
        this.m = m;
        this.wallet = wallet;
        setId("bump-pane");
        getStyleClass().add("card");
        setPadding(new Insets(12, 14, 12, 14));
        title.getStyleClass().add(Styles.TITLE_4);
        title.setId("bump-title");
        intro.setWrapText(true);
        intro.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        TextField rate = new TextField();
        rate.setId("bump-rate");
        rate.setPromptText("sat/vB");
        rate.setPrefColumnCount(7);
        rate.textProperty().bindBidirectional(m.rateProperty());
        Label unit = new Label("sat/vB");
        unit.getStyleClass().add(Styles.TEXT_MUTED);
        Button preview = new Button("Review", new FontIcon(Feather.EYE));
        preview.setId("bump-preview");
        preview.disableProperty().bind(m.busyProperty());
        preview.setOnAction(e -> m.preview());
        rate.setOnAction(e -> m.preview());
        Label now = new Label();
        now.setId("bump-current-rate");
        now.getStyleClass().add(Styles.TEXT_MUTED);
        now.textProperty().bind(Bindings.createStringBinding(() -> m.currentRateProperty().get() < 0 ? ""
                : (m.actionProperty().get() == FeeBumpViewModel.Action.CPFP ? "pays now (with its ancestors): " : "pays now: ")
                        + Units.satPerVb(m.currentRateProperty().get()), m.currentRateProperty(), m.actionProperty()));
        HBox rateRow = new HBox(8, new Label("New fee rate"), rate, unit, preview, now);
        rateRow.setAlignment(Pos.CENTER_LEFT);
        review.setId("bump-review");
        PasswordField pass = new PasswordField();
        pass.setId("bump-passphrase");
        pass.setPromptText("Wallet passphrase");
        pass.setPrefColumnCount(18);
        Runnable showPass = () -> {
            WalletInfo i = wallet.infoProperty().get();
            boolean on = i != null && i.encrypted();
            pass.setVisible(on);
            pass.setManaged(on);
        };
        wallet.infoProperty().addListener((o, a, b) -> showPass.run());
        showPass.run();
        Button confirm = new Button("Confirm", new FontIcon(Feather.CHECK));
        confirm.setId("bump-confirm");
        confirm.getStyleClass().add(Styles.ACCENT);
        confirm.disableProperty().bind(m.busyProperty().or(m.bumpProperty().isNull().and(m.cpfpProperty().isNull())));
        confirm.setOnAction(e -> m.confirm(Forms.take(pass)));
        pass.setOnAction(e -> confirm.fire());
        Button back = new Button("Back");
        back.setId("bump-back");
        back.setOnAction(e -> {
            pass.clear();
            m.close();
        });
        HBox buttons = new HBox(8, pass, confirm, back);
        buttons.setAlignment(Pos.CENTER_LEFT);
        javafx.scene.control.TextArea psbt = new javafx.scene.control.TextArea();
        psbt.setId("bump-psbt");
        psbt.setEditable(false);
        psbt.setWrapText(true);
        psbt.setPrefRowCount(3);
        psbt.getStyleClass().add("monospace");
        psbt.textProperty().bind(m.doneProperty());
        Label psbtNote = new Label("Watch-only wallet: this is the unsigned replacement (psbtbumpfee). Sign it where the keys are, "
                + "then broadcast it; until then the original stands.");
        psbtNote.setWrapText(true);
        psbtNote.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.WARNING);
        HBox psbtRow = new HBox(6, psbt, Forms.copy("bump-copy-psbt", m.doneProperty()::get));
        HBox.setHgrow(psbt, javafx.scene.layout.Priority.ALWAYS);
        VBox psbtBox = new VBox(4, psbtNote, psbtRow);
        psbtBox.visibleProperty().bind(m.doneProperty().isNotEmpty().and(m.targetProperty().isNotNull()));
        psbtBox.managedProperty().bind(psbtBox.visibleProperty());
        getChildren().addAll(title, intro, rateRow, Forms.error("bump-rate-error", m.rateErrorProperty()), review,
                Forms.error("bump-error", m.errorProperty()), psbtBox, buttons);
        m.actionProperty().addListener((o, a, b) -> showTitle());
        m.bumpProperty().addListener((o, a, b) -> showReview());
        m.cpfpProperty().addListener((o, a, b) -> showReview());
        showTitle();
        showReview();
    }

    private void showTitle() {
        FeeBumpViewModel.Action a = m.actionProperty().get();
        WalletTx t = m.targetProperty().get();
        if (a == null || t == null) {
            return;
        }
        title.setText(a.text + " · " + Units.shortHash(t.txid()));
        intro.setText(switch (a) {
            case SPEED_UP -> "Replaces the transaction with the same payments at a higher fee rate (bumpfee). The node refuses a rate "
                    + "not above the old one plus its incremental relay fee.";
            case CANCEL -> "Replaces the transaction with one paying everything back to this wallet, at a higher fee rate "
                    + "(bumpfee with outputs): the payment is cancelled if the replacement confirms first.";
            case CPFP -> "Spends this wallet's coins of the incoming transaction back to the wallet, with a fee that lifts the "
                    + "package (the transaction and its child) to the rate asked.";
        });
    }

    private void showReview() {
        review.getChildren().clear();
        BumpPreview b = m.bumpProperty().get();
        CpfpPreview c = m.cpfpProperty().get();
        int row = 0;
        if (b != null) {
            row = kv(row, "Old fee rate", Units.satPerVb(b.oldRate()), "bump-old-rate");
            row = kv(row, "New fee rate", Units.satPerVb(b.newRate()) + (b.exact() ? "" : "  (estimate: the node needs the passphrase to build it)"),
                    "bump-new-rate");
            row = kv(row, "Old fee", Units.sat(b.oldFeeSat()), "bump-old-fee");
            row = kv(row, "New fee", Units.sat(b.newFeeSat()) + "  (+" + Units.sat(b.newFeeSat() - b.oldFeeSat()) + ")", "bump-new-fee");
            row = kv(row, "Size", Units.vbytes(b.oldVsize()) + " → " + Units.vbytes(b.newVsize()), "bump-size");
            if (b.cancelTo() != null) {
                kv(row, "Back to", b.cancelTo() + " (this wallet)", "bump-cancel-to");
            }
        } else if (c != null) {
            row = kv(row, "Parent fee rate", Units.satPerVb(c.parentRate()) + "  (" + Units.sat(c.parentFeeSat()) + ", " + Units.vbytes(c.parentVsize()) + ")",
                    "bump-old-rate");
            row = kv(row, "Child fee", Units.sat(c.child().feeSat()) + "  at " + Units.satPerVb(c.child().feeRate()) + ", " + Units.vbytes(c.child().vsize()),
                    "bump-child-fee");
            row = kv(row, "Package fee rate", Units.satPerVb(c.packageRate()), "bump-new-rate");
            kv(row, "Back to", c.child().request().address() + " (this wallet): " + Units.btc(c.child().amountSat()), "bump-cancel-to");
        }
        review.setVisible(row > 0);
        review.setManaged(row > 0);
    }

    private int kv(int row, String k, String v, String id) {
        Label key = new Label(k);
        key.getStyleClass().add(Styles.TEXT_MUTED);
        Label val = new Label(v);
        val.setId(id);
        val.setWrapText(true);
        review.add(key, 0, row);
        review.add(val, 1, row);
        return row + 1;
    }
}
