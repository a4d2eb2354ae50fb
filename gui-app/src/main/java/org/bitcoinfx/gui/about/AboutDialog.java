package org.bitcoinfx.gui.about;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.image.Image;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import org.bitcoinfx.gui.shell.AppContext;
import org.bitcoinfx.gui.util.Fx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The About dialog, and the app's window icons. */
public final class AboutDialog {
    private static final Logger LOG = LoggerFactory.getLogger(AboutDialog.class);
    /** Window icon sizes, in pixels, rendered from icons/bitcoinfx.svg into the jar. */
    static final List<Integer> ICON_SIZES = List.of(16, 32, 48, 64, 128, 256);

    private AboutDialog() {
    }

    /**
     * Opens the About dialog (call on the JavaFX Application Thread). The bundled node is hashed on
     * a background thread; until then the dialog says so.
     *
     * @return the dialog, already showing (for tests)
     */
    public static Dialog<Void> show(AppContext ctx) {
        Dialog<Void> d = new Dialog<>();
        d.setTitle("About Bitcoin FX");
        d.initOwner(ctx.stage());
        d.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        d.getDialogPane().setId("about-dialog");
        ProgressIndicator spin = new ProgressIndicator();
        spin.setPrefSize(24, 24);
        Label checking = new Label("Checking the bundled node…");
        d.getDialogPane().setContent(new HBox(10, spin, checking));
        String appPath = System.getProperty("jpackage.app-path");
        var dataDir = ctx.settings().dataDirProperty().get();
        var settingsFile = ctx.store().file();
        Fx.deliver(CompletableFuture.supplyAsync(() -> AboutInfo.collect(appPath, dataDir, settingsFile)),
                info -> {
                    d.getDialogPane().setContent(new AboutView(info));
                    var w = d.getDialogPane().getScene().getWindow();
                    w.sizeToScene();
                    var owner = ctx.stage();
                    w.setX(owner.getX() + Math.max(0, (owner.getWidth() - w.getWidth()) / 2));
                    w.setY(owner.getY() + Math.max(0, (owner.getHeight() - w.getHeight()) / 2));
                },
                e -> {
                    LOG.warn("cannot gather the About information", e);
                    Label err = new Label("Cannot gather the About information: " + Fx.message(e));
                    err.setId("about-error");
                    err.setWrapText(true);
                    d.getDialogPane().setContent(err);
                });
        d.show();
        return d;
    }

    /** Gives the window the app's icon (the taskbar and window switcher show it). Missing renders are logged. */
    public static void applyIcons(Stage stage) {
        for (int n : ICON_SIZES) {
            var url = AboutDialog.class.getResource("/org/bitcoinfx/gui/icons/bitcoinfx-" + n + ".png");
            if (url == null) {
                LOG.warn("window icon bitcoinfx-{}.png is not in the jar", n);
                continue;
            }
            stage.getIcons().add(new Image(url.toExternalForm()));
        }
    }
}
