package org.bitcoinfx.gui.wallet;

import atlantafx.base.theme.Styles;
import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * "New wallet": name, optional passphrase typed twice, descriptor wallet; or watch-only, of one or two public
 * descriptors (no passphrase). Mismatched or missing
 * input gets an inline message and no call; the node's refusal (e.g. the name exists) is shown as
 * the node words it. The passphrase leaves the fields as a {@link Passphrase} and is cleared after
 * {@code createwallet}.
 */
final class CreateWalletForm extends StackPane {
    private final WalletViewModel vm;
    private final TextField name = new TextField();
    private final PasswordField pass = new PasswordField();
    private final PasswordField confirm = new PasswordField();
    private final Label error = Forms.error("create-error");
    private final Button submit = new Button("Create wallet", new FontIcon(Feather.PLUS));
    /** Watch-only: public descriptors instead of keys (no passphrase: there is nothing secret to encrypt). */
    private final CheckBox watchOnly = new CheckBox("Watch-only (descriptors)");
    private final javafx.scene.control.TextArea descriptors = new javafx.scene.control.TextArea();
    private final CheckBox rescan = new CheckBox("Scan the whole chain for past coins");
    /** On the external signer of the node's {@code -signer} tool (a hardware wallet). */
    private final CheckBox external = new CheckBox("On an external signer (hardware wallet)");
    private final javafx.scene.control.ComboBox<org.bitcoinfx.gui.wallet.psbt.ExternalSigner> signers = new javafx.scene.control.ComboBox<>();

    CreateWalletForm(WalletViewModel vm, Runnable done) {
        this.vm = vm;
        setId("wallet-create-form");
        Label title = new Label("Create a wallet");
        title.getStyleClass().add(Styles.TITLE_3);
        Label intro = new Label("A descriptor wallet in the node's wallet directory. With a passphrase its private keys are encrypted; "
                + "you will type it for each send. If you forget it, the coins are lost.");
        intro.setWrapText(true);
        intro.getStyleClass().add(Styles.TEXT_MUTED);
        name.setId("create-name");
        name.setPromptText("e.g. spending");
        pass.setId("create-passphrase");
        pass.setPromptText("optional");
        confirm.setId("create-confirm");
        confirm.setPromptText("the same passphrase again");
        CheckBox descriptor = new CheckBox("Descriptor wallet");
        descriptor.setId("create-descriptor");
        descriptor.setSelected(true);
        descriptor.setDisable(true);
        descriptor.setTooltip(new Tooltip("Bitcoin Core 30 and newer create only descriptor wallets (legacy wallets were removed)"));
        watchOnly.setId("create-watchonly");
        watchOnly.setTooltip(new Tooltip("A wallet without private keys, of another wallet's or device's public descriptors "
                + "(xpub/tpub): it sees their coins, and Send makes PSBTs to sign where the keys are"));
        descriptors.setId("create-descriptors");
        descriptors.setPromptText("wpkh([fingerprint/84h/1h/0h]tpub…/0/*)\nwpkh([fingerprint/84h/1h/0h]tpub…/1/*)   (change, optional)");
        descriptors.setPrefRowCount(3);
        descriptors.setWrapText(true);
        descriptors.getStyleClass().add("monospace");
        rescan.setId("create-rescan");
        rescan.setSelected(true);
        Label descHint = new Label("One per line: the receive descriptor, then the change one (or one <0;1> multipath descriptor). "
                + "Public keys only; checked with getdescriptorinfo, checksum added.");
        descHint.setWrapText(true);
        descHint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        VBox descBox = new VBox(6, descriptors, descHint, rescan);
        external.setId("create-external");
        external.setTooltip(new Tooltip("createwallet with external_signer: the keys stay on the device of the node's -signer tool "
                + "(Settings → External signer)"));
        signers.setId("create-signers");
        signers.setPromptText("No device listed yet");
        Button refresh = new Button("List devices", new FontIcon(Feather.REFRESH_CW));
        refresh.setId("create-signers-refresh");
        refresh.setOnAction(e -> listSigners());
        Label signerHint = new Label("enumeratesigners through the node's -signer tool; Bitcoin Core creates the wallet on the one device connected.");
        signerHint.setWrapText(true);
        signerHint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        VBox signerBox = new VBox(6, new HBox(8, signers, refresh), signerHint);
        watchOnly.selectedProperty().addListener((o, a, b) -> {
            if (b) {
                external.setSelected(false);
            }
        });
        external.selectedProperty().addListener((o, a, b) -> {
            if (b) {
                watchOnly.setSelected(false);
                listSigners();
            }
        });
        GridPane g = Forms.grid();
        Forms.row(g, 0, "Name", name, null);
        Forms.row(g, 1, "Passphrase", pass, null);
        Forms.row(g, 2, "Confirm", confirm, null);
        Forms.row(g, 3, "Type", new VBox(6, descriptor, watchOnly, external), null);
        Forms.row(g, 4, "Descriptors", descBox, null);
        Forms.row(g, 5, "Device", signerBox, null);
        Runnable mode = () -> {
            boolean w = watchOnly.isSelected() || external.isSelected();
            for (javafx.scene.Node n : g.getChildren()) {
                Integer r = GridPane.getRowIndex(n);
                int row = r == null ? 0 : r;
                if (row == 1 || row == 2) {
                    n.setVisible(!w);
                    n.setManaged(!w);
                } else if (row == 4) {
                    n.setVisible(watchOnly.isSelected());
                    n.setManaged(watchOnly.isSelected());
                } else if (row == 5) {
                    n.setVisible(external.isSelected());
                    n.setManaged(external.isSelected());
                }
            }
        };
        watchOnly.selectedProperty().addListener((o, a, b) -> mode.run());
        external.selectedProperty().addListener((o, a, b) -> mode.run());
        mode.run();
        submit.setId("create-submit");
        submit.getStyleClass().add(Styles.ACCENT);
        submit.setDefaultButton(true);
        Button cancel = new Button("Cancel");
        cancel.setId("create-cancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> {
            reset();
            done.run();
        });
        submit.setOnAction(e -> submit(done));
        HBox buttons = new HBox(10, submit, cancel);
        buttons.setAlignment(Pos.CENTER_LEFT);
        VBox card = new VBox(14, title, intro, g, error, buttons);
        card.getStyleClass().add("card");
        card.setPadding(new Insets(24));
        card.setMaxWidth(560);
        card.setMaxHeight(Region.USE_PREF_SIZE);
        getChildren().add(card);
        StackPane.setAlignment(card, Pos.TOP_CENTER);
    }

    /** Asks the node for its signer devices; the node's refusal (no -signer) goes to the inline message. */
    private void listSigners() {
        error.setText("");
        vm.externalSigners().whenComplete((l, e) -> org.bitcoinfx.gui.util.Fx.run(() -> {
            if (e != null) {
                signers.getItems().clear();
                error.setText(WalletPage.message(e));
            } else {
                signers.getItems().setAll(l);
                if (!l.isEmpty()) {
                    signers.getSelectionModel().select(0);
                } else {
                    error.setText("The signer tool lists no device: connect one and list again.");
                }
            }
        }));
    }

    void reset() {
        external.setSelected(false);
        signers.getItems().clear();
        watchOnly.setSelected(false);
        descriptors.clear();
        rescan.setSelected(true);
        name.clear();
        pass.clear();
        confirm.clear();
        error.setText("");
        submit.setDisable(false);
    }

    private void submit(Runnable done) {
        String n = name.getText() == null ? "" : name.getText().strip();
        String problem = WalletViewModel.nameProblem(n);
        if (!problem.isEmpty()) {
            error.setText(problem);
            return;
        }
        if (external.isSelected()) {
            if (signers.getItems().isEmpty()) {
                error.setText("No external signer device is listed: set the signer tool in Settings, connect the device, then List devices.");
                return;
            }
            error.setText("");
            submit.setDisable(true);
            vm.createOnSigner(n).whenComplete((w, e) -> org.bitcoinfx.gui.util.Fx.run(() -> {
                submit.setDisable(false);
                if (e != null) {
                    error.setText(WalletPage.message(e));
                } else {
                    reset();
                    done.run();
                }
            }));
            return;
        }
        if (watchOnly.isSelected()) {
            List<String> ds = descriptors.getText() == null ? List.of()
                    : descriptors.getText().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            if (ds.isEmpty() || ds.size() > 2) {
                error.setText("Enter one or two public descriptors, one per line: receive, then change.");
                return;
            }
            error.setText("");
            submit.setDisable(true);
            vm.createWatchOnly(n, ds, rescan.isSelected()).whenComplete((w, e) -> org.bitcoinfx.gui.util.Fx.run(() -> {
                submit.setDisable(false);
                if (e != null) {
                    error.setText(WalletPage.message(e));
                } else {
                    reset();
                    done.run();
                }
            }));
            return;
        }
        Passphrase p = Forms.take(pass);
        try (Passphrase c = Forms.take(confirm)) {
            if (!p.sameAs(c)) {
                p.close();
                error.setText("The passphrases do not match. Type them again.");
                return;
            }
        }
        error.setText("");
        submit.setDisable(true);
        vm.create(n, p).whenComplete((w, e) -> org.bitcoinfx.gui.util.Fx.run(() -> {
            submit.setDisable(false);
            if (e != null) {
                error.setText(WalletPage.message(e));
            } else {
                reset();
                done.run();
            }
        }));
    }
}
