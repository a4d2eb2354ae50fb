package org.bitcoinfx.gui.wallet;

import atlantafx.base.theme.Styles;
import java.util.concurrent.CompletableFuture;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.bitcoinfx.gui.util.Fx;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * "Encrypt wallet" (new passphrase typed twice, and the user's acknowledgement that a lost passphrase loses the
 * coins) and "Change passphrase" (current, new, new again): bitcoin-qt's AskPassphraseDialog in its Encrypt and
 * ChangePass modes. Refused input gets an inline message and no call; the node's refusal (a wrong current
 * passphrase) is shown in its words. The fields are cleared into {@link Passphrase}s on submit.
 */
final class PassphraseForm extends StackPane {
    /** Which of the two forms. */
    enum Mode {
        /** {@code encryptwallet}. */
        ENCRYPT,
        /** {@code walletpassphrasechange}. */
        CHANGE
    }

    private final Mode mode;
    private final PasswordField current = new PasswordField();
    private final PasswordField next = new PasswordField();
    private final PasswordField confirm = new PasswordField();
    private final CheckBox understood = new CheckBox("I understand: if I lose this passphrase, I lose the coins in this wallet.");
    private final Label error;
    private final Button submit;

    PassphraseForm(Mode mode, WalletSecurityViewModel vm, Runnable done) {
        this.mode = mode;
        boolean encrypt = mode == Mode.ENCRYPT;
        String p = encrypt ? "encrypt-" : "change-";
        setId(encrypt ? "wallet-encrypt-form" : "wallet-change-passphrase-form");
        Label title = new Label(encrypt ? "Encrypt wallet" : "Change passphrase");
        title.getStyleClass().add(Styles.TITLE_3);
        Label intro = new Label(encrypt
                ? "The wallet's private keys are encrypted with a passphrase; each send, signature or bump asks for it. "
                        + "Bitcoin Core makes a new HD seed when it encrypts: back the wallet up again afterwards, "
                        + "as older backups do not hold the new keys."
                : "The private keys are encrypted again with the new passphrase. The wallet stays locked or unlocked as it is.");
        intro.setWrapText(true);
        intro.getStyleClass().add(Styles.TEXT_MUTED);
        current.setId(p + "current");
        current.setPromptText("the passphrase the wallet has now");
        next.setId(p + "passphrase");
        next.setPromptText(encrypt ? "a long passphrase: ten or more random characters, or eight or more words" : "the new passphrase");
        confirm.setId(p + "confirm");
        confirm.setPromptText("the same passphrase again");
        understood.setId("encrypt-understood");
        understood.setWrapText(true);
        GridPane g = Forms.grid();
        int r = 0;
        if (!encrypt) {
            Forms.row(g, r++, "Current", current, null);
        }
        Forms.row(g, r++, encrypt ? "Passphrase" : "New", next, null);
        Forms.row(g, r, "Confirm", confirm, null);
        error = Forms.error(p + "error");
        submit = new Button(encrypt ? "Encrypt wallet" : "Change passphrase", new FontIcon(Feather.LOCK));
        submit.setId(p + "submit");
        submit.getStyleClass().add(encrypt ? Styles.DANGER : Styles.ACCENT);
        submit.setDefaultButton(true);
        if (encrypt) {
            submit.disableProperty().bind(understood.selectedProperty().not());
        }
        Button cancel = new Button("Cancel");
        cancel.setId(p + "cancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> {
            reset();
            done.run();
        });
        submit.setOnAction(e -> {
            CompletableFuture<?> f = encrypt
                    ? vm.encrypt(Forms.take(next), Forms.take(confirm))
                    : vm.changePassphrase(Forms.take(current), Forms.take(next), Forms.take(confirm));
            error.setText("");
            if (f.isCompletedExceptionally()) {
                f.whenComplete((v, ex) -> error.setText(WalletPage.message(ex)));
                return;
            }
            submit.disableProperty().unbind();
            submit.setDisable(true);
            f.whenComplete((v, ex) -> Fx.run(() -> {
                rebindSubmit();
                if (ex != null) {
                    error.setText(WalletPage.message(ex));
                } else {
                    reset();
                    done.run();
                }
            }));
        });
        HBox buttons = new HBox(10, submit, cancel);
        buttons.setAlignment(Pos.CENTER_LEFT);
        VBox card = new VBox(14, title, intro, g);
        if (encrypt) {
            card.getChildren().add(understood);
        }
        card.getChildren().addAll(error, buttons);
        card.getStyleClass().add("card");
        card.setPadding(new Insets(24));
        card.setMaxWidth(560);
        card.setMaxHeight(Region.USE_PREF_SIZE);
        getChildren().add(card);
        StackPane.setAlignment(card, Pos.TOP_CENTER);
    }

    private void rebindSubmit() {
        submit.setDisable(false);
        if (mode == Mode.ENCRYPT) {
            submit.disableProperty().bind(understood.selectedProperty().not());
        }
    }

    void reset() {
        current.clear();
        next.clear();
        confirm.clear();
        understood.setSelected(false);
        error.setText("");
    }
}
