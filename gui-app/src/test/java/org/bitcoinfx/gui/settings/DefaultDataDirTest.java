package org.bitcoinfx.gui.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The default data directory is Bitcoin FX's own, never Bitcoin Core's. */
class DefaultDataDirTest {
    @Test
    void linuxUsesXdgDataHome() {
        assertEquals(Path.of("/home/u/.local/share/bitcoinfx-experimental"), Settings.defaultDataDir("Linux", "/home/u", Map.of()));
        assertEquals(Path.of("/data/bitcoinfx-experimental"), Settings.defaultDataDir("Linux", "/home/u", Map.of("XDG_DATA_HOME", "/data")));
        assertEquals(Path.of("/home/u/.local/share/bitcoinfx-experimental"),
                Settings.defaultDataDir("Linux", "/home/u", Map.of("XDG_DATA_HOME", "relative")), "relative XDG paths are ignored");
    }

    @Test
    void macAndWindowsHaveTheirOwn() {
        assertEquals(Path.of("/Users/u/Library/Application Support/BitcoinFX-Experimental"), Settings.defaultDataDir("Mac OS X", "/Users/u", Map.of()));
        assertEquals(Path.of("/l/BitcoinFX-Experimental"), Settings.defaultDataDir("Windows 11", "/h", Map.of("LOCALAPPDATA", "/l", "APPDATA", "/r")));
        assertEquals(Path.of("/r/BitcoinFX-Experimental"), Settings.defaultDataDir("Windows 10", "/h", Map.of("APPDATA", "/r")));
    }

    @Test
    void neverBitcoinCoresDefault() {
        Path d = Settings.defaultDataDir("Linux", "/home/u", Map.of());
        assertEquals(false, d.equals(Path.of("/home/u/.bitcoin")));
    }
}
