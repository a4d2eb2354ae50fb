package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import javafx.application.Platform;
import javafx.scene.control.DialogPane;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The uncaught-exception dialog ({@code ErrorDialogs}): one at a time, and a dialog whose window went away
 * without its OK button (hidden directly, as a closed owner or TestFX's {@code cleanupStages} does, which does
 * not fire the Dialog's own hidden event) does not keep every later one from showing. Before, a flag set when a
 * dialog was shown and cleared only by that event stayed set, and a stress round's {@code ShutdownTest} waited
 * 30 s for a dialog that was never shown: a test double's thread in an earlier test had thrown, its dialog's
 * window was closed by a clean-up, and the flag stayed set for the rest of the JVM.
 */
class ErrorDialogAppTest extends AppTestBase {
    @Test
    void oneAtATimeAndAWindowHiddenDirectlyDoesNotBlockTheNext() throws Exception {
        waitReady();
        Platform.runLater(() -> {
            throw new IllegalStateException("the first");
        });
        DialogPane first = waitForErrorDialog("the first");

        // while the first is showing, a second exception is in the log only
        Platform.runLater(() -> {
            throw new IllegalStateException("the second");
        });
        WaitForAsyncUtils.waitForFxEvents(); // the handler and ErrorDialogs run on the JavaFX thread, in this order
        assertEquals(List.of("the first"), errorDialogTexts());

        interact(() -> first.getScene().getWindow().hide()); // not the OK button: the Dialog's onHidden does not fire
        Platform.runLater(() -> {
            throw new IllegalStateException("the third");
        });
        DialogPane third = waitForErrorDialog("the third");
        assertEquals(List.of("the third"), errorDialogTexts());
        interact(() -> third.getScene().getWindow().hide());
    }

    /** @return the exception message each showing error dialog ends with */
    private List<String> errorDialogTexts() throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> lookup(".dialog-pane").queryAllAs(DialogPane.class).stream()
                .filter(p -> p.getScene().getWindow().isShowing() && "Unexpected error".equals(p.getHeaderText()))
                .map(p -> p.getContentText().substring(p.getContentText().lastIndexOf(": ") + 2))
                .toList()).get();
    }
}
