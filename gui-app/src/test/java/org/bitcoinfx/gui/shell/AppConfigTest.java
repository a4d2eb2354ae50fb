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
        assertEquals(null, d.connectSocket(), "no --connect: launch a node");
    }

    @Test
    void connectSetsAttachModeOnTheRealBackend() {
        AppConfig a = AppConfig.fromArgs(List.of("--connect", "unix:/run/node/regtest/node.sock"), () -> { });
        assertEquals(Path.of("/run/node/regtest/node.sock"), a.connectSocket());
        assertEquals(a.connectSocket(), AppConfig.fromArgs(List.of("--connect=unix:/run/node/regtest/node.sock"), () -> { }).connectSocket());
        var backend = a.backend().get();
        assertTrue(backend instanceof org.bitcoinfx.gui.node.BundledNodeBackend, "registered with ServiceLoader: " + backend);
        assertEquals(java.util.Optional.of(a.connectSocket()), ((org.bitcoinfx.gui.node.BundledNodeBackend) backend).attachSocket());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AppConfig.fromArgs(List.of("--connect", "tcp:127.0.0.1:8332"), () -> { }));
        assertTrue(e.getMessage().startsWith("--connect expects unix:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AppConfig.fromArgs(List.of("--connect"), () -> { }));
        assertTrue(e.getMessage().contains("needs an address"), e.getMessage());
    }

    @Test
    void aBitcoinUriFromTheDesktopEntryIsAcceptedAndKept() {
        String uri = "bitcoin:bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080?amount=0.001&label=Shop";
        AppConfig c = AppConfig.fromArgs(List.of("--settings=/tmp/x.json", uri), () -> { });
        assertEquals(Path.of("/tmp/x.json"), c.settingsFile());
        assertEquals(java.util.Optional.of(uri), AppConfig.bitcoinUri(List.of("--settings=/tmp/x.json", uri)));
        assertEquals(java.util.Optional.of("BITCOIN:BC1Q"), AppConfig.bitcoinUri(List.of("BITCOIN:BC1Q")), "the scheme in any case");
        assertEquals(java.util.Optional.empty(), AppConfig.bitcoinUri(List.of("--reset-settings")));
        assertThrows(IllegalArgumentException.class, () -> AppConfig.fromArgs(List.of("bitcoinx:abc"), () -> { }));
    }
}
