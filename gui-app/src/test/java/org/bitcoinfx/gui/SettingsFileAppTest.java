package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.TextField;
import org.bitcoinfx.gui.settings.Settings;
import org.junit.jupiter.api.Test;

/**
 * A settings file cut short (half-written, or edited by hand) with a custom data directory: the
 * app keeps that directory, starts the node with it, does not run onboarding again, keeps the
 * damaged file as settings.json.corrupt and tells the user. Extra arguments with an unbalanced
 * quote cannot be saved.
 */
class SettingsFileAppTest extends AppTestBase {
    private String cut;

    @Override
    void customize(Settings s) {
        s.dataDirProperty().set(tmp.resolve("my data dir"));
    }

    @Override
    void beforeLaunch() throws Exception {
        String whole = Files.readString(settingsFile);
        cut = whole.substring(0, whole.indexOf(',', whole.indexOf("\"dataDir\"")));
        Files.writeString(settingsFile, cut);
    }

    @Test
    void aHalfWrittenSettingsFileKeepsTheDataDirAndTellsTheUser() throws Exception {
        waitReady();
        Path custom = tmp.resolve("my data dir");
        assertEquals(custom, backend.lastSettings().dataDir(), "the node runs on the data directory the damaged file named");
        assertTrue(app.mainWindow() != null, "no onboarding again");
        assertEquals(cut, Files.readString(settingsFile.resolveSibling("settings.json.corrupt")));
        waitUntil(() -> lookup("#settings-load-warning").tryQuery().map(n -> n.isVisible()).orElse(false));
        String shown = ((DialogPane) lookup("#settings-load-warning").query()).getContentText();
        assertTrue(shown.contains("kept as " + settingsFile.resolveSibling("settings.json.corrupt")), shown);
        assertTrue(shown.contains("data directory " + custom), shown);
        assertEquals(shown, app.settingsWarning());
        interact(() -> ((DialogPane) lookup("#settings-load-warning").query()).getScene().getWindow().hide());
    }

    @Test
    void extraArgumentsWithAnUnbalancedQuoteCannotBeSaved() throws Exception {
        waitReady();
        interact(() -> ((DialogPane) lookup("#settings-load-warning").query()).getScene().getWindow().hide());
        showPage("Settings");
        interact(() -> lookup("#settings-extra-args").queryAs(TextField.class).setText("-uacomment='my node"));
        waitText("#settings-extra-args-error",
                "Cannot read the arguments: unbalanced ' quote at column 12: close it, or put a \\ before it to pass it as it is.");
        assertTrue(lookup("#settings-save").queryAs(Button.class).isDisabled());
        interact(() -> lookup("#settings-extra-args").queryAs(TextField.class).setText("-uacomment='my node'"));
        waitUntil(() -> !lookup("#settings-save").queryAs(Button.class).isDisabled());
        assertFalse(lookup("#settings-extra-args-error").query().isVisible());
        clickOn("#settings-save");
        waitUntil(() -> backend.starts() == 2);
        waitReady();
        assertTrue(backend.lastSettings().toArgs().contains("-uacomment=my node"), backend.lastSettings().toArgs().toString());
    }
}
