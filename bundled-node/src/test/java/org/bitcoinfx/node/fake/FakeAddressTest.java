package org.bitcoinfx.node.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.bitcoinfx.ipc.primitives.Hashes;
import org.junit.jupiter.api.Test;

/** Regtest addresses, descriptors and script decoding against values a real node printed. */
class FakeAddressTest {
    @Test
    void bech32AddressesDecodeToTheirWitnessProgram() {
        assertEquals("0014751e76e8199196d454941c45d1b3a323f1433bd6", Hashes.hex(FakeAddress.toScriptPubKey(FakeNode.DEFAULT_PAYOUT)));
        assertEquals("0014751e76e8199196d454941c45d1b3a323f1433bd6", Hashes.hex(FakeAddress.toScriptPubKey(FakeNode.DEFAULT_PAYOUT.toUpperCase())));
        assertEquals(FakeNode.DEFAULT_PAYOUT, FakeAddress.fromScriptPubKey(FakeAddress.toScriptPubKey(FakeNode.DEFAULT_PAYOUT)).orElseThrow());
        byte[] taproot = Hashes.parseHex("5120" + "11".repeat(32));
        String a = FakeAddress.fromScriptPubKey(taproot).orElseThrow();
        assertEquals("bcrt1p", a.substring(0, 6));
        assertEquals(Hashes.hex(taproot), Hashes.hex(FakeAddress.toScriptPubKey(a)));
        assertEquals("witness_v1_taproot", FakeAddress.type(taproot));
    }

    @Test
    void base58AddressesRoundTrip() {
        byte[] p2pkh = Hashes.parseHex("76a914" + "ab".repeat(20) + "88ac");
        String a = FakeAddress.fromScriptPubKey(p2pkh).orElseThrow();
        assertTrue(a.startsWith("m") || a.startsWith("n"), "regtest P2PKH starts with m or n: " + a);
        assertEquals(Hashes.hex(p2pkh), Hashes.hex(FakeAddress.toScriptPubKey(a)));
        byte[] p2sh = Hashes.parseHex("a914" + "cd".repeat(20) + "87");
        String s = FakeAddress.fromScriptPubKey(p2sh).orElseThrow();
        assertEquals('2', s.charAt(0));
        assertEquals(Hashes.hex(p2sh), Hashes.hex(FakeAddress.toScriptPubKey(s)));
        assertEquals("pubkeyhash", FakeAddress.type(p2pkh));
        assertEquals("OP_DUP OP_HASH160 " + "ab".repeat(20) + " OP_EQUALVERIFY OP_CHECKSIG", FakeAddress.asm(p2pkh));
    }

    @Test
    void badAddressesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> FakeAddress.toScriptPubKey("foo"));
        assertThrows(IllegalArgumentException.class, () -> FakeAddress.toScriptPubKey("bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt081"));
        assertThrows(IllegalArgumentException.class, () -> FakeAddress.toScriptPubKey("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"), "mainnet");
    }

    @Test
    void descriptorChecksumsMatchBitcoinCore() {
        assertEquals("addr(bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080)#8pk5s7ya", FakeAddress.withChecksum("addr(" + FakeNode.DEFAULT_PAYOUT + ")"));
        String commitment = "6a24aa21a9ede2f61c3f71d1defd3fa999dfa36953755c690689799962b48bebd836974e8cf9";
        assertEquals("raw(" + commitment + ")#cav96mf3", FakeAddress.inferDescriptor(Hashes.parseHex(commitment)));
        assertEquals("OP_RETURN aa21a9ede2f61c3f71d1defd3fa999dfa36953755c690689799962b48bebd836974e8cf9", FakeAddress.asm(Hashes.parseHex(commitment)));
        assertEquals("nulldata", FakeAddress.type(Hashes.parseHex(commitment)));
        assertEquals("51", Hashes.hex(FakeAddress.descriptorScript("raw(51)")));
        assertEquals("51", Hashes.hex(FakeAddress.descriptorScript(FakeAddress.withChecksum("raw(51)"))));
        assertThrows(IllegalArgumentException.class, () -> FakeAddress.descriptorScript("raw(51)#aaaaaaaa"));
        assertThrows(IllegalArgumentException.class, () -> FakeAddress.descriptorScript("wpkh(xpub)"));
        assertEquals(Optional.empty(), FakeAddress.fromScriptPubKey(new byte[] {0x51}));
    }

    /** Real regtest addresses decode as a real node's validateaddress says (values copied from one). */
    @Test
    void realRegtestAddresses() {
        assertEquals("001452da9adf8d01fef00270dab518de1cfdb2826e06",
                Hashes.hex(FakeAddress.toScriptPubKey("bcrt1q2tdf4hudq8l0qqnsm2633hsulkegymsxknj9rv")));
        assertEquals("5120e9da6fd08f560c8150f1774eee1c6636bc34e5f791b614a52dc3644e74368df4",
                Hashes.hex(FakeAddress.toScriptPubKey("bcrt1pa8dxl5y02cxgz583wa8wu8rxx67rfe0hjxmpfffdcdjyuapk3h6q3x47yj")));
        assertEquals("a914c8647ea94ae748ecd70853c1d868efd411bcf28987",
                Hashes.hex(FakeAddress.toScriptPubKey("2NBWoX9bsxgFQJ1veAdU7bxumA2KNfMi3is")));
        assertEquals("76a914ad8df9d182903b28f08024576d6638b306bfe4bb88ac",
                Hashes.hex(FakeAddress.toScriptPubKey("mwLdGtv3zCegmY5xzfDZDw3bqs8TyxfvDo")));
    }

    @Test
    void encodeRoundTrips() {
        byte[] p20 = Hashes.parseHex("52da9adf8d01fef00270dab518de1cfdb2826e06");
        assertEquals("bcrt1q2tdf4hudq8l0qqnsm2633hsulkegymsxknj9rv", FakeAddress.segwitAddress(0, p20));
        byte[] p32 = Hashes.parseHex("e9da6fd08f560c8150f1774eee1c6636bc34e5f791b614a52dc3644e74368df4");
        assertEquals("bcrt1pa8dxl5y02cxgz583wa8wu8rxx67rfe0hjxmpfffdcdjyuapk3h6q3x47yj", FakeAddress.segwitAddress(1, p32));
        assertEquals("2NBWoX9bsxgFQJ1veAdU7bxumA2KNfMi3is",
                FakeAddress.fromScriptPubKey(Hashes.parseHex("a914c8647ea94ae748ecd70853c1d868efd411bcf28987")).orElseThrow());
    }

    @Test
    void errorsInTheNodesWords() {
        assertEquals("Invalid Bech32 checksum", FakeAddress.invalidReason("bcrt1q2tdf4hudq8l0qqnsm2633hsulkegymsxknj9rw").orElseThrow());
        assertEquals("Invalid or unsupported Segwit (Bech32) or Base58 encoding.", FakeAddress.invalidReason("hello").orElseThrow());
        assertEquals("Invalid checksum or length of Base58 address (P2PKH or P2SH)", FakeAddress.invalidReason("2NBWoX9bsxgFQJ1veAdU7bxumA2KNfMi3iz").orElseThrow());
        assertEquals("Invalid or unsupported Segwit (Bech32) or Base58 encoding.", FakeAddress.invalidReason("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq").orElseThrow());
        assertTrue(FakeAddress.invalidReason("").isPresent());
    }
}
