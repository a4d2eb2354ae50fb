package org.bitcoinfx.gui.shell;

import java.io.PrintWriter;
import java.io.StringWriter;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.scene.control.TextArea;
import javafx.stage.Window;
import org.bitcoinfx.gui.util.Fx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Shows errors to the user; installs the uncaught-exception handler. */
public final class ErrorDialogs {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorDialogs.class);
    private static volatile Window owner;
    /**
     * The window of the dialog shown last; JavaFX thread only. A new dialog is shown only when this one is not
     * showing, however it went away: its OK button, or its window hidden directly (a closed owner, a test's
     * window clean-up), which does not fire the Dialog's own hidden event.
     */
    private static Window current;

    private ErrorDialogs() {
    }

    /** Logs every uncaught exception and shows it in a dialog (one at a time). */
    public static void installUncaughtHandler(Window ownerWindow) {
        owner = ownerWindow;
        Thread.UncaughtExceptionHandler h = (t, e) -> {
            LOG.error("uncaught exception on thread {}", t.getName(), e);
            show("Unexpected error", "Something went wrong on thread " + t.getName() + ": " + Fx.message(e), e);
        };
        Thread.setDefaultUncaughtExceptionHandler(h);
        if (Platform.isFxApplicationThread()) {
            Thread.currentThread().setUncaughtExceptionHandler(h);
        }
    }

    /**
     * Shows an error dialog with the stack trace folded out of sight, on the JavaFX thread; one at a time: while
     * one is showing, a new one is not shown (the caller has logged it). Logs nothing itself.
     */
    public static void show(String title, String message, Throwable e) {
        try {
            Fx.run(() -> showNow(title, message, e));
        } catch (IllegalStateException notRunning) {
            LOG.error("JavaFX is not running; cannot show \"{}\"", title, notRunning);
        }
    }

    private static void showNow(String title, String message, Throwable e) {
        if (current != null && current.isShowing()) {
            LOG.info("an error dialog is showing; \"{}\" is in the log only", title);
            return;
        }
        try {
            Alert a = new Alert(Alert.AlertType.ERROR);
            if (owner != null && owner.isShowing()) {
                a.initOwner(owner);
            }
            a.setTitle("Bitcoin FX");
            a.setHeaderText(title);
            a.setContentText(message);
            if (e != null) {
                StringWriter sw = new StringWriter();
                e.printStackTrace(new PrintWriter(sw));
                TextArea ta = new TextArea(sw.toString());
                ta.setEditable(false);
                ta.getStyleClass().add("monospace");
                a.getDialogPane().setExpandableContent(ta);
            }
            a.show();
            current = a.getDialogPane().getScene().getWindow();
        } catch (RuntimeException ex) {
            LOG.error("cannot show the error dialog", ex);
        }
    }
}
