package org.bitcoinfx.gui.wallet;

import atlantafx.base.theme.Styles;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.bitcoinfx.gui.shell.AppContext;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** "Restore from a backup": a backup file ({@code backupwallet}'s output) and a name for the new wallet; {@code restorewallet}. */
final class RestoreWalletForm extends StackPane {
    private final TextField file = new TextField();
    private final TextField name = new TextField();
    private final Label error = Forms.error("restore-error");

    RestoreWalletForm(WalletViewModel vm, AppContext ctx, Runnable done) {
        setId("wallet-restore-form");
        Label title = new Label("Restore a wallet from a backup");
        title.getStyleClass().add(Styles.TITLE_3);
        Label intro = new Label("The node copies the backup into its wallet directory under the new name and loads it. "
                + "It then rescans the chain for the wallet's transactions.");
        intro.setWrapText(true);
        intro.getStyleClass().add(Styles.TEXT_MUTED);
        file.setId("restore-file");
        file.setPromptText("/path/to/wallet-backup.dat");
        HBox.setHgrow(file, Priority.ALWAYS);
        Button choose = new Button("Choose…", new FontIcon(Feather.FOLDER));
        choose.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.setTitle("Wallet backup file");
            var f = fc.showOpenDialog(ctx.stage());
            if (f != null) {
                file.setText(f.getAbsolutePath());
                if (name.getText().isBlank()) {
                    name.setText(f.getName().replaceFirst("(-\\d{4}-\\d{2}-\\d{2})?\\.dat$", ""));
                }
            }
        });
        name.setId("restore-name");
        GridPane g = Forms.grid();
        Forms.row(g, 0, "Backup file", new HBox(8, file, choose), null);
        Forms.row(g, 1, "New name", name, null);
        Button submit = new Button("Restore", new FontIcon(Feather.UPLOAD));
        submit.setId("restore-submit");
        submit.getStyleClass().add(Styles.ACCENT);
        Button cancel = new Button("Cancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> done.run());
        submit.setOnAction(e -> {
            String f = file.getText() == null ? "" : file.getText().strip();
            String n = name.getText() == null ? "" : name.getText().strip();
            if (f.isEmpty()) {
                error.setText("Choose the backup file.");
                return;
            }
            boolean isFile;
            try {
                isFile = Files.isRegularFile(Path.of(f));
            } catch (java.nio.file.InvalidPathException bad) {
                error.setText("Not a file name: " + bad.getReason() + ".");
                return;
            }
            if (!isFile) {
                error.setText("No such file: " + f);
                return;
            }
            if (n.isEmpty()) {
                error.setText("Enter a name for the restored wallet.");
                return;
            }
            String problem = WalletViewModel.nameProblem(n);
            if (!problem.isEmpty()) {
                error.setText(problem);
                return;
            }
            error.setText("");
            submit.setDisable(true);
            vm.restore(n, Path.of(f)).whenComplete((w, ex) -> org.bitcoinfx.gui.util.Fx.run(() -> {
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
        card.setMaxWidth(620);
        card.setMaxHeight(Region.USE_PREF_SIZE);
        getChildren().add(card);
        StackPane.setAlignment(card, Pos.TOP_CENTER);
    }

    void reset() {
        file.clear();
        name.clear();
        error.setText("");
    }
}
