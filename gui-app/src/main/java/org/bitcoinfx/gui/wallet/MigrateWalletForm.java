package org.bitcoinfx.gui.wallet;

import atlantafx.base.theme.Styles;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
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
 * "Migrate a legacy wallet" (from Open): a legacy (Berkeley DB) wallet of the wallet directory, its passphrase if it
 * is encrypted, then {@code migratewallet}; the node's result (the new wallets and the backup) becomes the page's
 * notice, its refusal is shown in its words here.
 */
final class MigrateWalletForm extends StackPane {
    private final ComboBox<String> wallet = new ComboBox<>();
    /**
     * The combo box's own copy of the legacy wallets, changed only when the node's list does change: a re-read of the
     * same list would otherwise replace the items and, through the combo box's selection, empty its value under an open
     * form (the stress round found Migrate answering "Choose the legacy wallet to migrate." once).
     */
    private final ObservableList<String> items = FXCollections.observableArrayList();
    /**
     * The wallet chosen (by {@link #reset} or the user), what Migrate migrates: kept while it is in the list, whatever
     * the combo box does to its value while its items change.
     */
    private String chosen;
    private final PasswordField pass = new PasswordField();
    private final Label error = Forms.error("migrate-error");
    private final Button submit = new Button("Migrate", new FontIcon(Feather.ARROW_RIGHT_CIRCLE));

    MigrateWalletForm(WalletViewModel vm, Runnable done) {
        setId("wallet-migrate-form");
        Label title = new Label("Migrate a legacy wallet");
        title.getStyleClass().add(Styles.TITLE_3);
        Label intro = new Label("Bitcoin Core no longer loads legacy (Berkeley DB) wallets: migratewallet turns one into a descriptor "
                + "wallet. The node first writes a backup of the legacy wallet beside it; scripts it can only watch or solve go into "
                + "wallets of their own, named after this one.");
        intro.setWrapText(true);
        intro.getStyleClass().add(Styles.TEXT_MUTED);
        wallet.setId("migrate-wallet");
        items.setAll(vm.legacy());
        wallet.setItems(items);
        wallet.valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                chosen = b;
            }
        });
        vm.legacy().addListener((ListChangeListener<String>) c -> follow(c.getList()));
        wallet.setMaxWidth(Double.MAX_VALUE);
        wallet.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(String n) {
                return n == null ? "" : n.isEmpty() ? "(default wallet)" : n;
            }

            @Override
            public String fromString(String s) {
                return s;
            }
        });
        pass.setId("migrate-passphrase");
        pass.setPromptText("only if the legacy wallet is encrypted");
        GridPane g = Forms.grid();
        Forms.row(g, 0, "Wallet", wallet, null);
        Forms.row(g, 1, "Passphrase", pass, null);
        submit.setId("migrate-submit");
        submit.getStyleClass().add(Styles.ACCENT);
        submit.setDefaultButton(true);
        Button cancel = new Button("Cancel");
        cancel.setId("migrate-cancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> done.run());
        submit.setOnAction(e -> {
            error.setText("");
            submit.setDisable(true);
            vm.migrate(chosen, Forms.take(pass)).whenComplete((r, ex) -> Fx.run(() -> {
                submit.setDisable(false);
                if (ex != null) {
                    error.setText(WalletPage.message(ex));
                } else {
                    done.run();
                }
            }));
        });
        HBox buttons = new HBox(10, submit, cancel);
        buttons.setAlignment(Pos.CENTER_LEFT);
        VBox card = new VBox(14, title, intro, g, error, buttons);
        card.getStyleClass().add("card");
        card.setPadding(new Insets(24));
        card.setMaxWidth(600);
        card.setMaxHeight(Region.USE_PREF_SIZE);
        getChildren().add(card);
        StackPane.setAlignment(card, Pos.TOP_CENTER);
    }

    /** Empties the form, with {@code name} (or the first legacy wallet) chosen. */
    void reset(String name) {
        pass.clear();
        error.setText("");
        submit.setDisable(false);
        choose(name != null ? name : items.isEmpty() ? null : items.get(0));
    }

    /**
     * Takes the node's legacy wallets into the combo box if they differ from its items, then shows the chosen wallet
     * again, or the first one if the chosen wallet has left the list (migrated).
     */
    private void follow(List<? extends String> legacy) {
        String keep = chosen; // the replacement below can move the value through other items
        if (!items.equals(legacy)) {
            items.setAll(legacy);
        }
        choose(keep != null && items.contains(keep) ? keep : items.isEmpty() ? null : items.get(0));
    }

    private void choose(String name) {
        chosen = name;
        wallet.setValue(name);
    }
}
