package org.bitcoinfx.gui.shell;

import atlantafx.base.theme.Styles;
import javafx.geometry.Pos;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.bitcoinfx.gui.util.Fx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closing the window: the first close shows "Shutting down — do not turn off your computer" while
 * the node stops, then exits; a second close asks before killing the node.
 */
public final class ShutdownController {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownController.class);

    private final AppContext ctx;
    private final StackPane root;
    private boolean shuttingDown;
    private boolean exited;

    /** @param ctx the app; @param root the window's root, the overlay goes on top of it */
    public ShutdownController(AppContext ctx, StackPane root) {
        this.ctx = ctx;
        this.root = root;
    }

    /** @return true once a shutdown is under way */
    public boolean isShuttingDown() {
        return shuttingDown;
    }

    /** Handles a close request (window close button, Quit). */
    public void requestClose() {
        if (exited) {
            return;
        }
        if (!shuttingDown) {
            shuttingDown = true;
            root.getChildren().add(overlay());
            LOG.info("shutting down: stopping bitcoin-node");
            ctx.session().stop().whenComplete((v, e) -> Fx.run(() -> {
                if (e != null) {
                    LOG.error("bitcoin-node did not stop cleanly", Fx.unwrap(e));
                }
                exit();
            }));
            return;
        }
        Alert a = new Alert(Alert.AlertType.CONFIRMATION,
                "bitcoin-node is still saving its state. Killing it now may force a long re-index or block verification at the next start.",
                new ButtonType("Keep waiting", javafx.scene.control.ButtonBar.ButtonData.CANCEL_CLOSE),
                new ButtonType("Kill bitcoin-node", javafx.scene.control.ButtonBar.ButtonData.OK_DONE));
        a.initOwner(ctx.stage());
        a.setHeaderText("Stop waiting for bitcoin-node?");
        a.showAndWait().filter(b -> b.getButtonData() == javafx.scene.control.ButtonBar.ButtonData.OK_DONE).ifPresent(b -> {
            LOG.warn("user chose to kill bitcoin-node during shutdown");
            ctx.session().backend().kill();
            exit();
        });
    }

    private void exit() {
        if (exited) {
            return;
        }
        exited = true;
        ctx.session().close();
        ctx.config().exitAction().run();
    }

    private VBox overlay() {
        ProgressIndicator p = new ProgressIndicator();
        p.setPrefSize(56, 56);
        Label title = new Label("Shutting down — do not turn off your computer");
        title.getStyleClass().add(Styles.TITLE_3);
        Label sub = new Label("bitcoin-node is saving its state to disk. This usually takes a few seconds, sometimes minutes.");
        sub.getStyleClass().add(Styles.TEXT_MUTED);
        VBox box = new VBox(18, p, title, sub);
        box.setId("shutdown-view");
        box.setAlignment(Pos.CENTER);
        box.getStyleClass().add("shutdown-view");
        return box;
    }
}
