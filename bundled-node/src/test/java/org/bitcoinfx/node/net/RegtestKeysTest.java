package org.bitcoinfx.node.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** {@link RegtestKeys} against BIP32's test vector 1 (Bitcoin Core {@code src/test/bip32_tests.cpp}). */
class RegtestKeysTest {
    @Test
    void masterKeyOfBip32TestVector1() {
        byte[] seed = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
        assertEquals("xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi",
                RegtestKeys.masterKey(seed, HexFormat.of().parseHex("0488ade4")));
        assertTrue(RegtestKeys.masterTprv(seed).startsWith("tprv8ZgxMBicQKsP"), RegtestKeys.masterTprv(seed));
    }

    @Test
    void walletKeysDependOnNameAndSeedOnly() {
        assertEquals(RegtestKeys.bip84Descriptors("alice", 1)[0], RegtestKeys.bip84Descriptors("alice", 1)[0]);
        assertNotEquals(RegtestKeys.bip84Descriptors("alice", 1)[0], RegtestKeys.bip84Descriptors("bob", 1)[0]);
        assertNotEquals(RegtestKeys.bip84Descriptors("alice", 1)[0], RegtestKeys.bip84Descriptors("alice", 2)[0]);
        assertTrue(RegtestKeys.bip84Descriptors("alice", 1)[1].endsWith("/84h/1h/0h/1/*)"));
    }
}
