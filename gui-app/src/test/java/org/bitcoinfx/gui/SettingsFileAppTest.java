package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Spinner;
import javafx.scene.control.DialogPane;
import javafx.scene.control.TextField;
import org.bitcoinfx.gui.settings.Settings;
import org.junit.jupiter.api.Test;

/**
 * A settings file cut short (half-written, or edited by hand) with a custom data directory: the
 * app keeps that directory, starts the node with it, does not run onboarding again, keeps the
 * damaged file as settings.json.corrupt and tells the user. Extra arguments with an unbalanced
 * quote cannot be saved; nor can a {@code -prune} in them while the storage setting prunes. The prune
 * target's field refuses what is not a number and raises what is below Bitcoin Core's minimum.
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
        saveSettings();
        waitUntil(() -> backend.starts() == 2);
        waitReady();
        assertTrue(backend.lastSettings().toArgs().contains("-uacomment=my node"), backend.lastSettings().toArgs().toString());
    }

    @Test
    void thePruneTargetRefusesBadValuesAndAPruneInTheExtraArgumentsClashesWithIt() throws Exception {
        waitReady();
        interact(() -> ((DialogPane) lookup("#settings-load-warning").query()).getScene().getWindow().hide());
        showPage("Settings");
        @SuppressWarnings("unchecked")
        Spinner<Double> gb = lookup("#settings-prune-gb").queryAs(Spinner.class);
        interact(() -> lookup("#settings-prune").queryAs(CheckBox.class).setSelected(true));
        assertEquals("GB (-prune=1907 MiB)", text("#settings-prune-mib"));
        // not a number: refused, the field shows the value it keeps (no exception on the FX thread)
        interact(() -> {
            gb.getEditor().setText("abc");
            gb.getEditor().fireEvent(new javafx.event.ActionEvent());
        });
        assertEquals(2.0, gb.getValue());
        assertEquals("2", gb.getEditor().getText());
        // below Bitcoin Core's minimum: raised to it
        interact(() -> {
            gb.getEditor().setText("0.1");
            gb.getEditor().fireEvent(new javafx.event.ActionEvent());
        });
        assertEquals(Settings.MIN_PRUNE_GB, gb.getValue());
        assertEquals("GB (-prune=572 MiB)", text("#settings-prune-mib"));
        // a second -prune in the extra arguments: named, and nothing can be saved
        interact(() -> lookup("#settings-extra-args").queryAs(TextField.class).setText("-prune=1 -fastprune"));
        waitText("#settings-extra-args-error", "Cannot use the arguments: extra argument '-prune=1' clashes with the prune setting "
                + "(-prune=572): set the prune target in one place.");
        assertTrue(lookup("#settings-save").queryAs(Button.class).isDisabled());
        interact(() -> lookup("#settings-prune").queryAs(CheckBox.class).setSelected(false));
        waitUntil(() -> !lookup("#settings-save").queryAs(Button.class).isDisabled());
        interact(() -> lookup("#settings-prune").queryAs(CheckBox.class).setSelected(true));
        interact(() -> lookup("#settings-extra-args").queryAs(TextField.class).setText("-fastprune"));
        waitUntil(() -> !lookup("#settings-save").queryAs(Button.class).isDisabled());
        saveSettings();
        waitUntil(() -> backend.starts() == 2);
        waitReady();
        assertTrue(backend.lastSettings().toArgs().containsAll(java.util.List.of("-prune=572", "-fastprune")),
                backend.lastSettings().toArgs().toString());
    }
}
