package org.bitcoinfx.gui.settings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.bitcoinfx.node.Chain;
import org.bitcoinfx.node.NodeArgs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsStoreTest {
    @TempDir
    Path dir;

    @Test
    void theFileIsTheSettingsFileRecordAndReadsBackEqual() throws Exception {
        Settings s = new Settings();
        s.apply(new SettingsFile(1, true, Chain.SIGNET, "/srv/my btc", false, 7.5, "/opt/bitcoin node", "-debug=ipc -uacomment='a b'", Theme.DARK, "/opt/hwi --device x",
                new org.bitcoinfx.node.NetworkOptions("127.0.0.1:9050", null, true, false, 18444, 12, true, 450, 50)));
        Path f = dir.resolve("settings.json");
        new SettingsStore(f).save(s);
        String json = Files.readString(f);
        assertTrue(json.contains("\"chain\" : \"signet\"") && json.contains("\"theme\" : \"DARK\""), json);
        SettingsStore.Loaded l = new SettingsStore(f).loadChecked();
        assertEquals("", l.warning());
        assertEquals(s.snapshot(), l.settings().snapshot());
    }

    @Test
    void aValueOfTheWrongTypeIsNamedWithWhyAndTheRestIsRead() throws Exception {
        Path f = dir.resolve("settings.json");
        Files.writeString(f, "{\"onboarded\":true,\"chain\":\"mars\",\"pruneGb\":\"lots\",\"prune\":false,\"future\":{\"x\":1},\"nodeBinary\":null}");
        SettingsStore.Loaded l = new SettingsStore(f).loadChecked();
        assertTrue(l.warning().contains("network \"mars\" (unknown; Mainnet is used)"), l.warning());
        assertTrue(l.warning().contains("prune target \"lots\" (not understood)"), l.warning());
        assertFalse(l.warning().contains("future"), "an unknown field is ignored: " + l.warning());
        assertTrue(l.settings().onboardedProperty().get());
        assertFalse(l.settings().pruneProperty().get());
        assertEquals(Settings.DEFAULT_PRUNE_GB, l.settings().pruneGbProperty().get());
        assertEquals(Chain.MAIN, l.settings().chainProperty().get());
    }

    @Test
    void settingsNameOneOfTheAppsChainsAndTheOldTestnetNameMeansTestnet4() {
        assertEquals(Chain.REGTEST, SettingsStore.appChain("regtest"));
        assertEquals(Chain.TESTNET4, SettingsStore.appChain("testnet4"));
        assertEquals(Chain.TESTNET4, SettingsStore.appChain("test"), "earlier versions wrote test for testnet4");
        assertThrows(IllegalArgumentException.class, () -> SettingsStore.appChain("testnet3"));
        assertThrows(IllegalArgumentException.class, () -> SettingsStore.appChain(""));
        assertEquals(List.of(Chain.MAIN, Chain.TESTNET4, Chain.SIGNET, Chain.REGTEST), Chain.APP_CHAINS);
    }

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

    @Test
    void anEmptyFileIsKeptAsCorruptAndTheUserIsWarned() throws Exception {
        Path f = dir.resolve("settings.json");
        Files.write(f, new byte[0]);
        SettingsStore.Loaded l = new SettingsStore(f).loadChecked();
        assertTrue(Files.exists(dir.resolve("settings.json.corrupt")), "before: an empty file read as MissingNode, no copy, no warning");
        assertTrue(l.hasWarning());
        assertTrue(l.warning().contains("is empty") && l.warning().contains("settings.json.corrupt"), l.warning());
        assertTrue(l.warning().contains("data directory setting could not be recovered"), l.warning());
        assertFalse(l.settings().onboardedProperty().get());
    }

    @Test
    void aHalfWrittenFileKeepsItsDataDirectory() throws Exception {
        Path f = dir.resolve("settings.json");
        Path custom = dir.resolve("my node data");
        Settings s = new Settings();
        s.onboardedProperty().set(true);
        s.chainProperty().set(Chain.SIGNET);
        s.dataDirProperty().set(custom);
        s.extraArgsProperty().set("-debug=ipc");
        new SettingsStore(f).save(s);
        String whole = Files.readString(f);
        // cut short after the data directory's value: the fields after it are lost, those before are not
        int cut = whole.indexOf(',', whole.indexOf("\"dataDir\""));
        Files.writeString(f, whole.substring(0, cut));

        SettingsStore.Loaded l = new SettingsStore(f).loadChecked();
        assertEquals(custom, l.settings().dataDirProperty().get(), "the custom data directory is not forgotten");
        assertTrue(l.settings().onboardedProperty().get(), "no onboarding again");
        assertEquals(Chain.SIGNET, l.settings().chainProperty().get());
        assertTrue(l.warning().contains("is damaged") && l.warning().contains("data directory " + custom), l.warning());
        assertEquals(whole.substring(0, cut), Files.readString(dir.resolve("settings.json.corrupt")));
    }

    @Test
    void aSecondDamagedFileDoesNotReplaceTheFirstCopy() throws Exception {
        Path f = dir.resolve("settings.json");
        Files.writeString(f, "{ first");
        new SettingsStore(f).load();
        Files.writeString(f, "{ second");
        new SettingsStore(f).load();
        assertEquals("{ first", Files.readString(dir.resolve("settings.json.corrupt")));
        assertEquals("{ second", Files.readString(dir.resolve("settings.json.corrupt.1")));
    }

    @Test
    void aBadValueFallsBackAloneWithAWarning() throws Exception {
        Path f = dir.resolve("settings.json");
        Files.writeString(f, "{\"onboarded\":true,\"chain\":\"mars\",\"dataDir\":\"/srv/btc\",\"theme\":\"PURPLE\",\"extraArgs\":\"-uacomment='a b\"}");
        SettingsStore.Loaded l = new SettingsStore(f).loadChecked();
        assertEquals(Path.of("/srv/btc"), l.settings().dataDirProperty().get());
        assertTrue(l.settings().onboardedProperty().get());
        assertEquals(Chain.MAIN, l.settings().chainProperty().get());
        assertTrue(l.warning().contains("network \"mars\"") && l.warning().contains("theme \"PURPLE\"")
                && l.warning().contains("unbalanced ' quote"), l.warning());
        assertFalse(Files.exists(dir.resolve("settings.json.corrupt")), "the file itself is readable: no copy");
    }

    @Test
    void aBlankDataDirIsTheDefaultNotTheWorkingDirectory() throws Exception {
        Path f = dir.resolve("settings.json");
        Files.writeString(f, "{\"onboarded\":true,\"chain\":\"regtest\",\"dataDir\":\"\",\"prune\":false}");
        Settings s = new SettingsStore(f).load();
        assertEquals(Settings.defaultDataDir(), s.dataDirProperty().get());
        assertTrue(s.toNodeSettings().toArgs().contains("-datadir=" + Settings.defaultDataDir()), s.toNodeSettings().toArgs().toString());
        s.dataDirProperty().set(Path.of(""));
        assertTrue(s.toNodeSettings().toArgs().contains("-datadir=" + Settings.defaultDataDir()), "a blank path set later, too");
    }

    @Test
    void extraArgumentsAreSplitAsAShellWould() {
        assertEquals(List.of("-datadir=/my data", "-uacomment=it's", "-debug=ipc"),
                NodeArgs.split("  -datadir=\"/my data\" -uacomment=\"it's\"\t-debug=ipc "));
        assertEquals(List.of("-uacomment=a b", "x\"y", "back\\slash", ""), NodeArgs.split("'-uacomment=a b' x\\\"y \"back\\\\slash\" ''"));
        assertEquals(List.of(), NodeArgs.split("   "));
        assertEquals("unbalanced \" quote at column 10: close it, or put a \\ before it to pass it as it is",
                assertThrows(IllegalArgumentException.class, () -> NodeArgs.split("-datadir=\"/my data")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> NodeArgs.split("-uacomment='a"));
        assertThrows(IllegalArgumentException.class, () -> NodeArgs.split("-x\\"));
        Settings s = new Settings();
        s.extraArgsProperty().set("-uacomment='Bitcoin FX'");
        assertEquals(List.of("-uacomment=Bitcoin FX"), s.toNodeSettings().extraArgs());
        s.extraArgsProperty().set("-uacomment='Bitcoin FX");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, s::toNodeSettings);
        assertTrue(e.getMessage().startsWith("Extra node arguments: unbalanced ' quote at column 12"), e.getMessage());
    }

    /** A full disk (Jimfs with a size limit): a clear error, the old file as it was, no temporary file left. */
    @Test
    void aFullDiskLeavesTheOldFileIntact() throws Exception {
        try (java.nio.file.FileSystem fs = com.google.common.jimfs.Jimfs.newFileSystem(
                com.google.common.jimfs.Configuration.unix().toBuilder().setMaxSize(64 * 1024).setBlockSize(1024).build())) {
            Path f = fs.getPath("/config/bitcoinfx/settings.json");
            SettingsStore store = new SettingsStore(f);
            Settings s = new Settings();
            s.onboardedProperty().set(true);
            s.dataDirProperty().set(Path.of("/srv/btc"));
            store.save(s);
            byte[] before = Files.readAllBytes(f);
            // fill the disk but for a few blocks
            Files.write(fs.getPath("/filler"), new byte[60 * 1024]);
            s.extraArgsProperty().set("-uacomment=" + "x".repeat(16 * 1024));
            java.io.IOException e = assertThrows(java.io.IOException.class, () -> store.save(s));
            assertTrue(e.getMessage().contains("space"), e.getMessage());
            assertArrayEquals(before, Files.readAllBytes(f), "the old settings are intact");
            try (Stream<Path> files = Files.list(f.getParent())) {
                assertEquals(List.of(f), files.toList(), "no temporary file left");
            }
            assertEquals(Path.of("/srv/btc").toString(), new SettingsStore(f).load().dataDirProperty().get().toString());
        }
    }

    /** A damaged file that cannot be copied (the disk is full) is not written over by the next save. */
    @Test
    void aDamagedFileThatCannotBeKeptIsNotOverwritten() throws Exception {
        try (java.nio.file.FileSystem fs = com.google.common.jimfs.Jimfs.newFileSystem(
                com.google.common.jimfs.Configuration.unix().toBuilder().setMaxSize(64 * 1024).setBlockSize(1024).build())) {
            Path f = fs.getPath("/config/bitcoinfx/settings.json");
            Files.createDirectories(f.getParent());
            String damaged = "{\"onboarded\":true,\"dataDir\":\"/srv/btc\",\"chain\":\"sig" + "x".repeat(3000);
            Files.writeString(f, damaged);
            Path filler = fs.getPath("/filler");
            Files.write(filler, new byte[64 * 1024 - 4 * 1024]);
            SettingsStore store = new SettingsStore(f);
            SettingsStore.Loaded l = store.loadChecked();
            assertTrue(l.warning().contains("No copy of it could be kept"), l.warning());
            assertEquals(Path.of("/srv/btc").toString(), l.settings().dataDirProperty().get().toString());
            Files.delete(filler); // space again: still the damaged file is not replaced behind the user's back
            java.io.IOException e = assertThrows(java.io.IOException.class, () -> store.save(l.settings()));
            assertTrue(e.getMessage().contains("it is not overwritten. Move it away, then save again."), e.getMessage());
            assertEquals(damaged, Files.readString(f));
            Files.move(f, f.resolveSibling("settings.json.mine"));
            store.save(l.settings());
            assertEquals(Path.of("/srv/btc").toString(), new SettingsStore(f).load().dataDirProperty().get().toString());
        }
    }
}
