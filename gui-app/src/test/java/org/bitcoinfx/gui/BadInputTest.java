package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bitcoinfx.gui.fake.FakeNodeConnection;
import org.bitcoinfx.node.fake.FakeAddress;
import org.bitcoinfx.node.NodeArgs;
import org.bitcoinfx.gui.settings.Settings;
import org.bitcoinfx.gui.settings.SettingsStore;
import org.bitcoinfx.gui.shell.AppConfig;
import org.bitcoinfx.gui.wallet.AddressCheck;
import org.bitcoinfx.gui.wallet.Amounts;
import org.bitcoinfx.gui.wallet.WalletViewModel;
import org.bitcoinfx.gui.wallet.Passphrase;
import org.bitcoinfx.gui.wallet.WalletService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every form of bad input, one row each, as the test report shows them: the input, what the app
 * says (the sentence the field, dialog or command line shows) and that nothing was changed. The
 * checks are those the view-models and services run (Amounts for the Send form's amount,
 * validateaddress through WalletService, WalletViewModel.nameProblem then createwallet,
 * Settings/SettingsStore/NodeArgs, AppConfig for the command line); the node is bundled-node's
 * FakeNode in this JVM, a regtest node, reached over Cap'n Proto.
 */
@DisplayName("Bad input: what the app says, and that nothing changed")
class BadInputTest {
    private static final long WAIT = 30;
    private static FakeNodeConnection fake;
    private static WalletService wallets;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startNode() throws Exception {
        fake = FakeNodeConnection.start(10);
        wallets = new WalletService(fake.client());
    }

    @AfterAll
    static void closeNode() {
        fake.close();
    }

    static Stream<Arguments> amounts() {
        return Stream.of(
                arguments("negative", "-1", Amounts.Unit.BTC, "The amount cannot be negative."),
                arguments("negative (Unicode minus)", "\u22121", Amounts.Unit.BTC, "The amount cannot be negative."),
                arguments("negative sat", "-546", Amounts.Unit.SAT, "The amount cannot be negative."),
                arguments("above 21 M BTC", "21000000.00000001", Amounts.Unit.BTC, "More than 21,000,000 BTC."),
                arguments("above 21 M BTC, in sat", "2100000000000001", Amounts.Unit.SAT, "More than 21,000,000 BTC."),
                arguments("far above 21 M BTC", "99999999999999999999", Amounts.Unit.BTC, "More than 21,000,000 BTC."),
                arguments("9 decimals", "0.000000001", Amounts.Unit.BTC, "At most 8 decimals (1 sat = 0.00000001 BTC)."),
                arguments("a fraction of a sat", "1.5", Amounts.Unit.SAT, "sat are whole numbers."),
                arguments("empty", "", Amounts.Unit.BTC, "Enter an amount."),
                arguments("spaces only", "   ", Amounts.Unit.SAT, "Enter an amount."),
                arguments("exponent", "1e3", Amounts.Unit.BTC, "Write the amount as a plain number, without an exponent (\"1e3\")."),
                arguments("exponent too large for BigDecimal", "1e2147483647", Amounts.Unit.BTC,
                        "Write the amount as a plain number, without an exponent (\"1e2147483647\")."),
                arguments("negative exponent", "5E-8", Amounts.Unit.BTC, "Write the amount as a plain number, without an exponent (\"5E-8\")."),
                arguments("letters", "abc", Amounts.Unit.BTC, "\"abc\" is not a number: use the digits 0-9 and one decimal point."),
                arguments("two decimal points", "1.2.3", Amounts.Unit.BTC, "\"1.2.3\" is not a number: use the digits 0-9 and one decimal point."),
                arguments("plus sign", "+1", Amounts.Unit.BTC, "\"+1\" is not a number: use the digits 0-9 and one decimal point."),
                arguments("hexadecimal", "0x10", Amounts.Unit.SAT, "\"0x10\" is not a number: use the digits 0-9 and one decimal point."),
                arguments("NaN", "NaN", Amounts.Unit.BTC, "\"NaN\" is not a number: use the digits 0-9 and one decimal point."),
                arguments("Infinity", "Infinity", Amounts.Unit.BTC, "\"Infinity\" is not a number: use the digits 0-9 and one decimal point."),
                arguments("Arabic-Indic digits", "\u0661\u0662", Amounts.Unit.SAT,
                        "\"\u0661\u0662\" is not a number: use the digits 0-9 and one decimal point."),
                arguments("fullwidth digits", "\uff11", Amounts.Unit.SAT, "\"\uff11\" is not a number: use the digits 0-9 and one decimal point."),
                arguments("41 digits", "1".repeat(41), Amounts.Unit.SAT, "Too long for an amount (at most 40 characters)."));
    }

    @ParameterizedTest(name = "amount, {0}: \"{1}\" {2} -> \"{3}\"")
    @MethodSource
    void amounts(String what, String input, Amounts.Unit unit, String says) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Amounts.parse(input, unit));
        assertEquals(says, e.getMessage());
    }

    static Stream<Arguments> addresses() {
        String regtestP2wpkh = FakeAddress.segwitAddress(0, new byte[20]);
        String regtestP2tr = FakeAddress.segwitAddress(1, new byte[32]);
        char[] flipped = regtestP2wpkh.toCharArray();
        flipped[flipped.length - 1] = flipped[flipped.length - 1] == 'q' ? 'p' : 'q';
        String other = "Invalid or unsupported Segwit (Bech32) or Base58 encoding.";
        return Stream.of(
                arguments("regtest P2WPKH (bech32)", regtestP2wpkh, "valid"),
                arguments("regtest P2TR (bech32m)", regtestP2tr, "valid"),
                arguments("testnet P2PKH: same prefix as regtest", "mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn", "valid"),
                arguments("testnet P2SH: same prefix as regtest", "2MzQwSSnBHWHqSAqtTVQ6v47XtaisrJa1Vc", "valid"),
                arguments("mainnet P2WPKH", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", other),
                arguments("mainnet P2TR", "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", other),
                arguments("mainnet P2PKH", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "Invalid or unsupported Base58-encoded address."),
                arguments("mainnet P2SH", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "Invalid or unsupported Base58-encoded address."),
                arguments("testnet/signet P2WPKH", "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", other),
                arguments("regtest, last character changed", new String(flipped), "Invalid Bech32 checksum"),
                arguments("regtest, mixed case", "BCRT1" + regtestP2wpkh.substring(5), other),
                arguments("regtest, cut short", "bcrt1qq", "Invalid Bech32 address data size"),
                arguments("regtest, Cyrillic \u0441 for c", "b\u0441rt1" + regtestP2wpkh.substring(5), other),
                arguments("a P2PKH with a bad checksum", "mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfm", "Invalid checksum or length of Base58 address (P2PKH or P2SH)"),
                arguments("1,000 characters (a…a)", "a".repeat(1000), "Invalid checksum or length of Base58 address (P2PKH or P2SH)"),
                arguments("a txid", "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206", other));
    }

    @ParameterizedTest(name = "address, {0}: {1} -> {2}")
    @MethodSource
    void addresses(String what, String address, String nodeSays) throws Exception {
        List<String> mempool = fake.node().mempoolTxids();
        AddressCheck c = wallets.validateAddress(address).get(WAIT, TimeUnit.SECONDS);
        if (nodeSays.equals("valid")) {
            assertTrue(c.valid(), c.error());
        } else {
            assertFalse(c.valid());
            assertEquals(nodeSays, c.error(), "the Send form shows \"Invalid address: \" and this");
        }
        assertEquals(mempool, fake.node().mempoolTxids(), "validateaddress changes nothing");
    }

    static Stream<Arguments> walletNames() {
        return Stream.of(
                arguments("empty", "", "Enter a name for the wallet."),
                arguments("a slash", "a/b", "A wallet name cannot contain / or \\ (it names a folder in the wallet directory)."),
                arguments("a way out of the wallet directory", "..\\..\\x", "A wallet name cannot contain / or \\ (it names a folder in the wallet directory)."),
                arguments("a new line", "a\nb", "A wallet name cannot contain control characters (new lines, tabs, NUL)."),
                arguments("a NUL", "a\0b", "A wallet name cannot contain control characters (new lines, tabs, NUL)."),
                arguments("256 bytes", "w".repeat(256), "A wallet name can be at most 255 bytes (it names a folder); this one is 256."),
                arguments("86 CJK characters, 258 bytes", "\u94b1".repeat(86), "A wallet name can be at most 255 bytes (it names a folder); this one is 258."),
                arguments("Chinese", "\u94b1\u5305", "accepted"),
                arguments("emoji", "\ud83d\udcb0 savings", "accepted"),
                arguments("Arabic, right to left", "\u0645\u062d\u0641\u0638\u0629", "accepted"),
                arguments("combining accent", "cafe\u0301", "accepted"),
                arguments("quotes and spaces", "my \"main\" 'wallet'", "accepted"),
                arguments("255 bytes", "w".repeat(255), "accepted"));
    }

    @ParameterizedTest(name = "wallet name, {0} -> \"{2}\"")
    @MethodSource
    void walletNames(String what, String name, String says) throws Exception {
        List<String> before = wallets.listWallets().get(WAIT, TimeUnit.SECONDS);
        assertEquals(says.equals("accepted") ? "" : says, WalletViewModel.nameProblem(name));
        if (!says.equals("accepted")) {
            assertEquals(before, wallets.listWallets().get(WAIT, TimeUnit.SECONDS), "refused before any call: no wallet made");
            return;
        }
        assertEquals(name, wallets.createWallet(name, Passphrase.none()).get(WAIT, TimeUnit.SECONDS));
        assertTrue(wallets.listWallets().get(WAIT, TimeUnit.SECONDS).contains(name), "the node lists it under exactly that name");
    }

    static Stream<Arguments> paths() {
        return Stream.of(
                arguments("spaces", "my node data"),
                arguments("a single quote", "Satoshi's node"),
                arguments("double quotes", "the \"main\" node"),
                arguments("a tab", "tab\there"),
                arguments("a backslash", "back\\slash"),
                arguments("non-ASCII", "donn\u00e9es \u94b1"),
                arguments("a leading dash", "-datadir"));
    }

    /** Shell-quotes a word for the extra-arguments field: '…' with ' written as '\''. */
    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    @ParameterizedTest(name = "data directory with {0}: \"{1}\" -> one -datadir= argument, kept as typed")
    @MethodSource
    void paths(String what, String name) throws Exception {
        Path dir = tmp.resolve(name);
        Path file = tmp.resolve("settings.json");
        Settings s = new Settings();
        s.onboardedProperty().set(true);
        s.dataDirProperty().set(dir);
        s.extraArgsProperty().set("-walletdir=" + shellQuote(dir.resolve("wallets").toString()) + " -debug=ipc");
        new SettingsStore(file).save(s);
        SettingsStore.Loaded back = new SettingsStore(file).loadChecked();
        assertFalse(back.hasWarning(), back.warning());
        assertEquals(dir, back.settings().dataDirProperty().get());
        List<String> args = back.settings().toNodeSettings().toArgs();
        assertTrue(args.contains("-datadir=" + dir), args.toString());
        assertTrue(args.contains("-walletdir=" + dir.resolve("wallets")), args.toString());
        assertTrue(args.contains("-debug=ipc"), args.toString());
        assertEquals(List.of("-walletdir=" + dir.resolve("wallets"), "-debug=ipc"), NodeArgs.split(back.settings().extraArgsProperty().get()));
    }

    static Stream<Arguments> socketPaths() {
        String dir = "/tmp/" + "d".repeat(90) + "/";
        return Stream.of(
                arguments("107 bytes", dir + "n".repeat(107 - dir.length()), "accepted"),
                arguments("108 bytes", dir + "n".repeat(108 - dir.length()), "--connect: the socket path is 108 bytes; Unix sockets allow at most 107"),
                arguments("300 bytes", dir + "n".repeat(300 - dir.length()), "--connect: the socket path is 300 bytes; Unix sockets allow at most 107"),
                arguments("106 bytes but 4 of them one emoji", dir + "n".repeat(106 - dir.length() - 4) + "\ud83d\ude80", "accepted"),
                arguments("106 characters but 110 bytes", dir + "n".repeat(8) + "\u94b1\u94b1",
                        "--connect: the socket path is 110 bytes; Unix sockets allow at most 107"),
                arguments("not unix:", "tcp:127.0.0.1:8332", "--connect expects unix:<path to node.sock>"));
    }

    @ParameterizedTest(name = "--connect socket path, {0} -> \"{2}\"")
    @MethodSource
    void socketPaths(String what, String path, String says) {
        String spec = path.startsWith("tcp:") ? path : "unix:" + path;
        if (says.equals("accepted")) {
            assertEquals(Path.of(path), AppConfig.fromArgs(List.of("--connect", spec), () -> { }).connectSocket());
            return;
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AppConfig.fromArgs(List.of("--connect", spec), () -> { }));
        assertTrue(e.getMessage().startsWith(says), e.getMessage());
    }

    static Stream<Arguments> settingsFiles() {
        return Stream.of(
                arguments("empty", "", "is empty", false),
                arguments("white space only", " \n\t ", "is empty", false),
                arguments("just {", "{", "is damaged", false),
                arguments("cut in the data directory's value", "{\"version\":1,\"onboarded\":true,\"chain\":\"regtest\",\"dataDir\":\"/srv/bi", "is damaged", false),
                arguments("cut after the data directory", "{\"version\":1,\"onboarded\":true,\"chain\":\"regtest\",\"dataDir\":\"/srv/btc\",\"pru", "is damaged", true),
                arguments("a JSON array", "[1,2]", "is not a settings object", false),
                arguments("JSON null", "null", "is not a settings object", false),
                arguments("binary", "\u0000\u0001\u00ff\u00fe", "is damaged", false),
                arguments("an unknown network", "{\"onboarded\":true,\"chain\":\"mars\",\"dataDir\":\"/srv/btc\"}", "network \"mars\"", true),
                arguments("a number as the theme", "{\"onboarded\":true,\"dataDir\":\"/srv/btc\",\"theme\":7}", "theme \"7\"", true),
                arguments("a prune target of -5 GB", "{\"onboarded\":true,\"dataDir\":\"/srv/btc\",\"pruneGb\":-5}", "prune target \"-5\"", true),
                arguments("an unbalanced quote in the extra arguments", "{\"onboarded\":true,\"dataDir\":\"/srv/btc\",\"extraArgs\":\"-uacomment='x\"}",
                        "unbalanced ' quote at column 12", true));
    }

    @ParameterizedTest(name = "settings file, {0} -> warning \"…{2}…\", data directory kept: {3}")
    @MethodSource
    void settingsFiles(String what, String content, String says, boolean dirKept) throws Exception {
        Path f = tmp.resolve("settings.json");
        byte[] bytes = content.getBytes(StandardCharsets.ISO_8859_1);
        Files.write(f, bytes);
        SettingsStore.Loaded l = new SettingsStore(f).loadChecked();
        assertTrue(l.warning().contains(says), l.warning());
        assertArrayEquals(bytes, Files.readAllBytes(f), "reading never changes the file");
        Path copy = tmp.resolve("settings.json.corrupt");
        if (l.warning().contains("kept as")) {
            assertArrayEquals(bytes, Files.readAllBytes(copy), "the damaged file is kept byte for byte");
        } else {
            assertFalse(Files.exists(copy), "a readable file with a bad value is not copied");
        }
        assertEquals(dirKept, Path.of("/srv/btc").equals(l.settings().dataDirProperty().get()), l.settings().dataDirProperty().get().toString());
    }

    static Stream<Arguments> fullDisks() {
        return Stream.of(
                arguments("replacing the settings", true),
                arguments("the first save", false));
    }

    @ParameterizedTest(name = "full disk, {0} -> an IOException saying so, the old file intact, no temporary file")
    @MethodSource
    void fullDisks(String what, boolean oldFile) throws Exception {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix().toBuilder().setMaxSize(64 * 1024).setBlockSize(1024).build())) {
            Path f = fs.getPath("/config/bitcoinfx/settings.json");
            SettingsStore store = new SettingsStore(f);
            Settings s = new Settings();
            s.onboardedProperty().set(true);
            if (oldFile) {
                store.save(s);
            } else {
                Files.createDirectories(f.getParent());
            }
            byte[] before = oldFile ? Files.readAllBytes(f) : null;
            Files.write(fs.getPath("/filler"), new byte[62 * 1024]);
            s.extraArgsProperty().set("-uacomment=" + "x".repeat(8 * 1024));
            IOException e = assertThrows(IOException.class, () -> store.save(s));
            assertEquals("out of disk space", e.getMessage(), "AppContext.saveSettings shows: Writing <file> failed: <this>");
            if (oldFile) {
                assertArrayEquals(before, Files.readAllBytes(f));
            }
            try (Stream<Path> left = Files.list(f.getParent())) {
                assertEquals(oldFile ? List.of(f) : List.of(), left.toList());
            }
        }
    }
}
