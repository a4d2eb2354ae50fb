package org.bitcoinfx.gui.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsStoreTest {
    @TempDir
    Path dir;

    @Test
    void roundTripAndNoTempFilesLeft() throws Exception {
        Path f = dir.resolve("a").resolve("settings.json");
        SettingsStore store = new SettingsStore(f);
        Settings s = new Settings();
        s.onboardedProperty().set(true);
        s.chainProperty().set(Chain.SIGNET);
        s.dataDirProperty().set(dir.resolve("data"));
        s.pruneProperty().set(true);
        s.pruneGbProperty().set(5);
        s.nodeBinaryProperty().set(Path.of("/opt/bitcoin-node"));
        s.extraArgsProperty().set("-debug=ipc  -listen=0");
        s.themeProperty().set(Theme.DARK);
        store.save(s);
        store.save(s); // replace an existing file
        try (Stream<Path> files = Files.list(f.getParent())) {
            assertEquals(List.of(f), files.toList(), "only settings.json; the temp file was moved");
        }
        Settings r = store.load();
        assertTrue(r.onboardedProperty().get());
        assertEquals(Chain.SIGNET, r.chainProperty().get());
        assertEquals(dir.resolve("data"), r.dataDirProperty().get());
        assertEquals(5, r.pruneGbProperty().get());
        assertEquals(Path.of("/opt/bitcoin-node"), r.nodeBinaryProperty().get());
        assertEquals(Theme.DARK, r.themeProperty().get());
        assertEquals(List.of("-debug=ipc", "-listen=0"), r.extraArgList());
        assertEquals(List.of("-chain=signet", "-datadir=" + dir.resolve("data"), "-prune=4768", "-debug=ipc", "-listen=0"),
                r.toNodeSettings().toArgs());
    }

    @Test
    void missingOrCorruptFileGivesDefaults() throws Exception {
        Path f = dir.resolve("settings.json");
        assertFalse(new SettingsStore(f).load().onboardedProperty().get());
        Files.writeString(f, "{ not json");
        Settings s = new SettingsStore(f).load();
        assertFalse(s.onboardedProperty().get());
        assertEquals(Chain.MAIN, s.chainProperty().get());
        assertTrue(Files.exists(dir.resolve("settings.json.corrupt")));
    }

    @Test
    void resetForgetsSettings() throws Exception {
        Path f = dir.resolve("settings.json");
        SettingsStore store = new SettingsStore(f);
        Settings s = new Settings();
        s.onboardedProperty().set(true);
        store.save(s);
        store.reset();
        assertFalse(store.load().onboardedProperty().get());
    }

    @Test
    void storageEstimates() {
        assertEquals(800, Chain.MAIN.estimateGb(false, 2));
        assertEquals(14, Chain.MAIN.estimateGb(true, 2));
        assertEquals(30, Chain.TESTNET4.estimateGb(false, 2));
        assertEquals(1, Chain.REGTEST.estimateGb(true, 2));
    }
}
