package org.bitcoinfx.gui.notify;

import atlantafx.base.controls.Notification;
import atlantafx.base.theme.Styles;
import javafx.animation.PauseTransition;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.bitcoinfx.gui.util.Fx;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Notices as toasts in the window's bottom right corner (AtlantaFX {@link Notification}), for desktops without a
 * notification service: at most {@value #MAX_SHOWN} at once (the oldest goes), each gone after
 * {@value #SHOW_SECONDS} s or when closed.
 */
public final class ToastNotifier implements Notifier {
    /** Toasts shown at once, at most. */
    public static final int MAX_SHOWN = 3;
    /** How long a toast stays, seconds. */
    public static final int SHOW_SECONDS = 8;

    private final VBox stack = new VBox(8);
    private final java.util.List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** @param root the window's root: the toasts' column is laid over it, top right */
    public ToastNotifier(StackPane root) {
        stack.setId("toasts");
        stack.setPickOnBounds(false);
        stack.setMaxSize(380, javafx.scene.layout.Region.USE_PREF_SIZE);
        stack.setPadding(new Insets(16));
        StackPane.setAlignment(stack, Pos.BOTTOM_RIGHT);
        root.getChildren().add(stack);
        // the root's content is replaced (onboarding → main window): keep the toasts on top
        root.getChildren().addListener((javafx.collections.ListChangeListener<javafx.scene.Node>) c -> {
            if (!root.getChildren().contains(stack)) {
                javafx.application.Platform.runLater(() -> {
                    if (!root.getChildren().contains(stack)) {
                        root.getChildren().add(stack);
                    }
                });
            } else if (root.getChildren().get(root.getChildren().size() - 1) != stack) {
                javafx.application.Platform.runLater(stack::toFront);
            }
        });
    }

    @Override
    public void show(String title, String body) {
        told.add(title + "\n" + body);
        Fx.run(() -> {
            Notification n = new Notification(title + "\n" + body, new FontIcon(Feather.DOWNLOAD));
            n.getStyleClass().addAll(Styles.ELEVATED_1, "payment-toast");
            n.setPrefWidth(360);
            n.setOnClose(e -> stack.getChildren().remove(n));
            stack.getChildren().add(n);
            while (stack.getChildren().size() > MAX_SHOWN) {
                stack.getChildren().remove(0);
            }
            PauseTransition gone = new PauseTransition(Duration.seconds(SHOW_SECONDS));
            gone.setOnFinished(e -> stack.getChildren().remove(n));
            gone.play();
        });
    }

    /** @return every notice shown so far, "title\nbody", oldest first (for tests) */
    public java.util.List<String> told() {
        return java.util.List.copyOf(told);
    }

    /** @return the column of toasts (for tests) */
    public VBox toasts() {
        return stack;
    }
}
