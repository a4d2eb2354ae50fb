package org.bitcoinfx.gui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.bitcoinfx.gui.settings.SettingsStore;
import org.junit.jupiter.api.Test;

class AppConfigTest {
    @Test
    void commandLine() {
        AppConfig d = AppConfig.fromArgs(List.of(), () -> { });
        assertFalse(d.resetSettings());
        assertEquals(SettingsStore.defaultFile(), d.settingsFile());
        assertTrue(d.settingsFile().endsWith(Path.of("bitcoinfx", "settings.json")));
        AppConfig r = AppConfig.fromArgs(List.of("--reset-settings", "--settings=/tmp/x.json"), () -> { });
        assertTrue(r.resetSettings());
        assertEquals(Path.of("/tmp/x.json"), r.settingsFile());
        assertThrows(IllegalArgumentException.class, () -> AppConfig.fromArgs(List.of("--nope"), () -> { }));
    }
}
