package org.bitcoinfx.gui.wallet;

import atlantafx.base.theme.Styles;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.bitcoinfx.gui.util.Fx;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * "Sign or verify a message" (bitcoin-qt's Sign/Verify Message dialog): sign with one of the selected wallet's
 * legacy addresses (the passphrase field shows while the wallet is locked), copy the signature; verify any
 * address's signature of a message. Inline messages for what is refused before a call, the node's words for
 * what it refuses.
 */
final class SignVerifyForm extends StackPane {
    private final WalletSecurityViewModel vm;
    private final TextField signAddress = new TextField();
    private final TextArea signMessage = new TextArea();
    private final PasswordField signPass = new PasswordField();
    private final TextField signature = new TextField();
    private final TextField verifyAddress = new TextField();
    private final TextArea verifyMessage = new TextArea();
    private final TextField verifySignature = new TextField();
    private final Label verdict = new Label();
    private final GridPane signGrid = Forms.grid();
    private final Label newAddressError = Forms.error("sign-new-address-error");

    SignVerifyForm(WalletSecurityViewModel vm, Runnable done) {
        this.vm = vm;
        setId("wallet-sign-verify-form");
        Label title = new Label("Sign or verify a message");
        title.getStyleClass().add(Styles.TITLE_3);
        Label intro = new Label("A signed message proves that whoever holds an address's key wrote it. Bitcoin Core signs with "
                + "legacy (P2PKH) addresses only. Anyone can verify, with no wallet.");
        intro.setWrapText(true);
        intro.getStyleClass().add(Styles.TEXT_MUTED);

        // sign
        Label signTitle = new Label("Sign", new FontIcon(Feather.EDIT_3));
        signTitle.getStyleClass().add(Styles.TITLE_4);
        signAddress.setId("sign-address");
        signAddress.setPromptText("a legacy address of this wallet (m…, n… on test networks, 1… on mainnet)");
        Button newAddress = new Button("New legacy address", new FontIcon(Feather.PLUS));
        newAddress.setId("sign-new-address");
        newAddress.setOnAction(e -> {
            newAddress.setDisable(true);
            newAddressError.setText("");
            vm.newSigningAddress().whenComplete((a, ex) -> Fx.run(() -> {
                newAddress.setDisable(false);
                if (ex != null) {
                    newAddressError.setText(WalletPage.message(ex));
                } else {
                    signAddress.setText(a);
                }
            }));
        });
        HBox.setHgrow(signAddress, Priority.ALWAYS);
        HBox addressRow = new HBox(8, signAddress, newAddress);
        signMessage.setId("sign-message");
        signMessage.setPromptText("the message, exactly as it will be verified");
        signMessage.setPrefRowCount(3);
        signMessage.setWrapText(true);
        signPass.setId("sign-passphrase");
        signPass.setPromptText("the wallet is locked: its passphrase unlocks it for this signature only");
        signature.setId("sign-signature");
        signature.setEditable(false);
        signature.getStyleClass().add("monospace");
        signature.textProperty().bind(vm.signatureProperty());
        HBox.setHgrow(signature, Priority.ALWAYS);
        HBox sigRow = new HBox(6, signature, Forms.copy("sign-copy", signature::getText));
        Label signError = Forms.error("sign-error", vm.signErrorProperty());
        Button sign = new Button("Sign message", new FontIcon(Feather.EDIT_3));
        sign.setId("sign-submit");
        sign.getStyleClass().add(Styles.ACCENT);
        sign.disableProperty().bind(vm.signingProperty());
        sign.setOnAction(e -> vm.sign(signAddress.getText(), signMessage.getText(), Forms.take(signPass)));
        Forms.row(signGrid, 0, "Address", addressRow, newAddressError);
        Forms.row(signGrid, 1, "Message", signMessage, null);
        Forms.row(signGrid, 2, "Passphrase", signPass, null);
        Forms.row(signGrid, 3, "Signature", sigRow, null);
        VBox signCard = new VBox(12, signTitle, signGrid, signError, sign);

        // verify
        Label verifyTitle = new Label("Verify", new FontIcon(Feather.CHECK_SQUARE));
        verifyTitle.getStyleClass().add(Styles.TITLE_4);
        verifyAddress.setId("verify-address");
        verifyAddress.setPromptText("the address that signed");
        verifyMessage.setId("verify-message");
        verifyMessage.setPromptText("the message, exactly as it was signed");
        verifyMessage.setPrefRowCount(3);
        verifyMessage.setWrapText(true);
        verifySignature.setId("verify-signature");
        verifySignature.setPromptText("the signature, base64");
        verifySignature.getStyleClass().add("monospace");
        GridPane vg = Forms.grid();
        Forms.row(vg, 0, "Address", verifyAddress, null);
        Forms.row(vg, 1, "Message", verifyMessage, null);
        Forms.row(vg, 2, "Signature", verifySignature, null);
        Label verifyError = Forms.error("verify-error", vm.verifyErrorProperty());
        verdict.setId("verify-verdict");
        vm.verdictProperty().addListener((o, a, v) -> showVerdict(v));
        showVerdict(vm.verdictProperty().get());
        Button verify = new Button("Verify message", new FontIcon(Feather.CHECK));
        verify.setId("verify-submit");
        verify.disableProperty().bind(vm.verifyingProperty());
        verify.setOnAction(e -> vm.verify(verifyAddress.getText(), verifySignature.getText(), verifyMessage.getText()));
        // a verdict belongs to the inputs it was given
        javafx.beans.InvalidationListener stale = o -> vm.clearVerdict();
        verifyAddress.textProperty().addListener(stale);
        verifyMessage.textProperty().addListener(stale);
        verifySignature.textProperty().addListener(stale);
        HBox verifyRow = new HBox(12, verify, verdict);
        verifyRow.setAlignment(Pos.CENTER_LEFT);
        VBox verifyCard = new VBox(12, verifyTitle, vg, verifyError, verifyRow);

        Button back = new Button("Done");
        back.setId("sign-verify-done");
        back.setCancelButton(true);
        back.setOnAction(e -> {
            reset();
            done.run();
        });
        VBox card = new VBox(16, title, intro, signCard, new javafx.scene.control.Separator(), verifyCard, back);
        card.getStyleClass().add("card");
        card.setPadding(new Insets(24));
        card.setMaxWidth(720);
        card.setMaxHeight(Region.USE_PREF_SIZE);
        javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(card);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("edge-to-edge");
        getChildren().add(scroll);
    }

    private void showVerdict(WalletSecurityViewModel.Verdict v) {
        verdict.getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER);
        switch (v) {
            case VALID -> {
                verdict.setText("Valid: this address's key signed this message.");
                verdict.setGraphic(new FontIcon(Feather.CHECK_CIRCLE));
                verdict.getStyleClass().add(Styles.SUCCESS);
            }
            case INVALID -> {
                verdict.setText("Not valid: this is not this address's signature of this message.");
                verdict.setGraphic(new FontIcon(Feather.X_CIRCLE));
                verdict.getStyleClass().add(Styles.DANGER);
            }
            default -> {
                verdict.setText("");
                verdict.setGraphic(null);
            }
        }
    }

    /** Shows the passphrase row only while the wallet is locked; call when the form is shown. */
    void prepare() {
        boolean locked = vm.locked();
        signGrid.getChildren().stream()
                .filter(n -> GridPane.getRowIndex(n) != null && GridPane.getRowIndex(n) == 2)
                .forEach(n -> {
                    n.setVisible(locked);
                    n.setManaged(locked);
                });
    }

    void reset() {
        signAddress.clear();
        signMessage.clear();
        signPass.clear();
        verifyAddress.clear();
        verifyMessage.clear();
        verifySignature.clear();
        newAddressError.setText("");
        vm.clearMessages();
    }
}
