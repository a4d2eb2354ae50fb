package org.bitcoinfx.gui.wallet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.bitcoinfx.ipc.primitives.Hashes;
import org.junit.jupiter.api.Test;

/** Amount parsing, dust thresholds, BIP21, fee rates, redaction and the passphrase holder. */
class WalletCoreTest {
    @Test
    void amounts() {
        assertEquals(100_000_000L, Amounts.parse("1", Amounts.Unit.BTC));
        assertEquals(123_456_789L, Amounts.parse(" 1.23456789 ", Amounts.Unit.BTC));
        assertEquals(150_000L, Amounts.parse("0,0015", Amounts.Unit.BTC));
        assertEquals(1_000_000L, Amounts.parse("1 000 000", Amounts.Unit.SAT));
        assertEquals(1_000_000L, Amounts.parse("1_000_000", Amounts.Unit.SAT));
        assertThrows(IllegalArgumentException.class, () -> Amounts.parse("0.000000001", Amounts.Unit.BTC));
        assertThrows(IllegalArgumentException.class, () -> Amounts.parse("1.5", Amounts.Unit.SAT));
        assertThrows(IllegalArgumentException.class, () -> Amounts.parse("-1", Amounts.Unit.BTC));
        assertThrows(IllegalArgumentException.class, () -> Amounts.parse("21000001", Amounts.Unit.BTC));
        assertThrows(IllegalArgumentException.class, () -> Amounts.parse("abc", Amounts.Unit.BTC));
        assertThrows(IllegalArgumentException.class, () -> Amounts.parse("", Amounts.Unit.BTC));
        assertEquals("0.001", Amounts.plainBtc(100_000));
        assertEquals("1", Amounts.plainBtc(100_000_000));
        assertEquals("21000000", Amounts.plainBtc(Amounts.MAX_MONEY));
        assertEquals("100000", Amounts.format(100_000, Amounts.Unit.SAT));
    }

    @Test
    void amountsArePlainDecimalsOnly() {
        // "1e3" was read as 1,000 BTC; "1e2147483647" threw an uncaught ArithmeticException
        assertEquals("Write the amount as a plain number, without an exponent (\"1e3\").",
                assertThrows(IllegalArgumentException.class, () -> Amounts.parse("1e3", Amounts.Unit.BTC)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Amounts.parse("1e2147483647", Amounts.Unit.BTC));
        assertThrows(IllegalArgumentException.class, () -> Amounts.parse("1e2147483647", Amounts.Unit.SAT));
        assertThrows(IllegalArgumentException.class, () -> Amounts.parse("1E-5", Amounts.Unit.BTC));
        assertThrows(IllegalArgumentException.class, () -> Amounts.parse("+1", Amounts.Unit.BTC));
        assertThrows(IllegalArgumentException.class, () -> Amounts.parse("\u0661", Amounts.Unit.SAT), "Arabic-Indic digit one");
        assertThrows(IllegalArgumentException.class, () -> Amounts.parse("1.2.3", Amounts.Unit.BTC));
        assertThrows(IllegalArgumentException.class, () -> Amounts.parse(".", Amounts.Unit.BTC));
        assertThrows(IllegalArgumentException.class, () -> Amounts.parse("1".repeat(41), Amounts.Unit.SAT));
        assertEquals("The amount cannot be negative.",
                assertThrows(IllegalArgumentException.class, () -> Amounts.parse("-0.5", Amounts.Unit.BTC)).getMessage());
        assertEquals("More than 21,000,000 BTC.",
                assertThrows(IllegalArgumentException.class, () -> Amounts.parse("21000000.00000001", Amounts.Unit.BTC)).getMessage());
        assertEquals(Amounts.MAX_MONEY, Amounts.parse("21000000", Amounts.Unit.BTC));
        assertEquals(Amounts.MAX_MONEY, Amounts.parse("2100000000000000", Amounts.Unit.SAT));
        assertEquals(50_000_000L, Amounts.parse(".5", Amounts.Unit.BTC));
        assertEquals(100_000_000L, Amounts.parse("1.", Amounts.Unit.BTC));
        assertEquals(1L, Amounts.parse("0.000000010000", Amounts.Unit.BTC), "trailing zeros beyond 8 decimals are no fraction of a sat");
        assertEquals(0L, Amounts.parse("0", Amounts.Unit.BTC));
    }

    @Test
    void dustAsBitcoinCoreComputesIt() {
        assertEquals(294, Amounts.dustThreshold(Hashes.parseHex("001452da9adf8d01fef00270dab518de1cfdb2826e06")));
        assertEquals(330, Amounts.dustThreshold(Hashes.parseHex("5120e9da6fd08f560c8150f1774eee1c6636bc34e5f791b614a52dc3644e74368df4")));
        assertEquals(540, Amounts.dustThreshold(Hashes.parseHex("a914c8647ea94ae748ecd70853c1d868efd411bcf28987")));
        assertEquals(546, Amounts.dustThreshold(Hashes.parseHex("76a914ad8df9d182903b28f08024576d6638b306bfe4bb88ac")));
    }

    @Test
    void bip21() {
        assertEquals("bitcoin:bcrt1qxyz", Bip21.uri("bcrt1qxyz", -1, "", ""));
        assertEquals("bitcoin:bcrt1qxyz?amount=0.001&label=Luke%20Jr&message=Donation%20for%20project%20%C3%A9%26co",
                Bip21.uri("bcrt1qxyz", 100_000, "Luke Jr", "Donation for project é&co"));
        assertEquals("bitcoin:bcrt1qxyz?message=hi", Bip21.uri("bcrt1qxyz", -1, " ", "hi"));
    }

    @Test
    void feeRates() {
        assertEquals(new BigDecimal("2"), FeeChoice.parseRate("2").satPerVb());
        assertEquals(new BigDecimal("1.5"), FeeChoice.parseRate("1,5").satPerVb());
        assertThrows(IllegalArgumentException.class, () -> FeeChoice.parseRate("0.5"));
        assertThrows(IllegalArgumentException.class, () -> FeeChoice.parseRate("5001"));
        assertThrows(IllegalArgumentException.class, () -> FeeChoice.parseRate("1.0001"));
        assertThrows(IllegalArgumentException.class, () -> FeeChoice.parseRate("x"));
        assertFalse(FeeChoice.target(6).explicit());
    }

    @Test
    void sensitiveCommandsAreRedacted() {
        assertEquals("walletpassphrase (…)", SensitiveRpc.redactCommandLine("walletpassphrase \"hunter2\" 60"));
        assertEquals("encryptwallet (…)", SensitiveRpc.redactCommandLine("  encryptwallet hunter2"));
        assertEquals("createwallet (…)", SensitiveRpc.redactCommandLine("createwallet w false false hunter2"));
        assertEquals("walletpassphrasechange (…)", SensitiveRpc.redactCommandLine("walletpassphrasechange a b"));
        assertEquals("getblockcount", SensitiveRpc.redactCommandLine("getblockcount"));
        assertEquals("getblockhash 0", SensitiveRpc.redactCommandLine("getblockhash 0"));
        assertTrue(SensitiveRpc.isSensitive("WalletPassphrase"));
    }

    @Test
    void descriptorsWithPrivateKeysAndSecretResultsAreKnown() {
        String tprv = "tprv8ZgxMBicQKsPeDgjzdC36fs6bMjGApWDNLR9erAXMs5skhMv36j9MV5ecvfavji5khqjWaWSFhN3YcCUUdiKH6isR4Pwy3U5y5egddBr16m";
        String tpub = "tpubD6NzVbkrYhZ4XgiXtGrdW5XDAPFCL9h7we1vwNCpn8tGbBcgfVYjXyhWo4E1xkh56hjod1RhGjxbaTLV3X4FyWuejifB9jusQ46QzG87VKp";
        String wif = "cNBc3SWUip9PPm1GjRoLEJT6T41iNzCYtD7qro84FMnM5zEqeJsE";
        assertEquals("getdescriptorinfo (…)", SensitiveRpc.redactCommandLine("getdescriptorinfo \"wpkh(" + tprv + "/0/*)\""));
        assertEquals("deriveaddresses (…)", SensitiveRpc.redactCommandLine("deriveaddresses \"wpkh(" + tprv + "/0/*)\" [0,2]"));
        assertEquals("descriptorprocesspsbt (…)", SensitiveRpc.redactCommandLine("descriptorprocesspsbt cHNidP8= '[\"wpkh(" + wif + ")\"]'"));
        assertEquals("signrawtransactionwithkey (…)", SensitiveRpc.redactCommandLine("signrawtransactionwithkey 0200 '[\"" + wif + "\"]'"));
        assertEquals("importdescriptors (…)", SensitiveRpc.redactCommandLine("importdescriptors '[]'"));
        assertEquals("createwalletdescriptor (…)", SensitiveRpc.redactCommandLine("createwalletdescriptor bech32m"));
        String open = "getdescriptorinfo \"wpkh(" + tpub + "/0/*)\"";
        assertEquals(open, SensitiveRpc.redactCommandLine(open), "a public descriptor stays in history");
        assertTrue(SensitiveRpc.containsPrivateKey("[\"" + wif + "\"]"));
        assertFalse(SensitiveRpc.containsPrivateKey(tpub));
        assertFalse(SensitiveRpc.containsPrivateKey("bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080"));
        assertFalse(SensitiveRpc.containsPrivateKey("0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206"));
        var json = org.bitcoinfx.gui.util.Json.MAPPER;
        assertTrue(SensitiveRpc.returnsSecret("listdescriptors", java.util.List.of(json.getNodeFactory().booleanNode(true))));
        assertFalse(SensitiveRpc.returnsSecret("listdescriptors", java.util.List.of()));
        assertTrue(SensitiveRpc.returnsSecret("gethdkeys", java.util.List.of(json.createObjectNode().put("private", true))));
        assertTrue(SensitiveRpc.returnsSecret("derivehdkey", java.util.List.of(json.getNodeFactory().textNode("m/87h"),
                json.createObjectNode().put("private", true))));
        assertTrue(SensitiveRpc.returnsSecret("dumpprivkey", java.util.List.of()));
        assertFalse(SensitiveRpc.returnsSecret("getblockcount", java.util.List.of()));
    }

    @Test
    void passphraseIsClearedAndNeverPrinted() {
        char[] c = "hunter2".toCharArray();
        Passphrase p = new Passphrase(c);
        assertFalse(p.toString().contains("hunter2"));
        assertTrue(p.sameAs(new Passphrase("hunter2".toCharArray())));
        assertFalse(p.sameAs(new Passphrase("hunter3".toCharArray())));
        p.close();
        assertEquals("\0\0\0\0\0\0\0", new String(c));
        assertThrows(IllegalStateException.class, p::chars);
    }
}
