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
}
