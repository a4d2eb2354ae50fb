package org.bitcoinfx.gui.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.bitcoinfx.ipc.primitives.Hashes;
import org.junit.jupiter.api.Test;

/** The fake's addresses decode as a real regtest node's validateaddress says (values copied from one). */
class FakeAddressesTest {
    @Test
    void realRegtestAddresses() {
        assertEquals("001452da9adf8d01fef00270dab518de1cfdb2826e06",
                Hashes.hex(FakeAddresses.decode("bcrt1q2tdf4hudq8l0qqnsm2633hsulkegymsxknj9rv").scriptPubKey()));
        assertEquals("5120e9da6fd08f560c8150f1774eee1c6636bc34e5f791b614a52dc3644e74368df4",
                Hashes.hex(FakeAddresses.decode("bcrt1pa8dxl5y02cxgz583wa8wu8rxx67rfe0hjxmpfffdcdjyuapk3h6q3x47yj").scriptPubKey()));
        assertEquals("a914c8647ea94ae748ecd70853c1d868efd411bcf28987",
                Hashes.hex(FakeAddresses.decode("2NBWoX9bsxgFQJ1veAdU7bxumA2KNfMi3is").scriptPubKey()));
        assertEquals("76a914ad8df9d182903b28f08024576d6638b306bfe4bb88ac",
                Hashes.hex(FakeAddresses.decode("mwLdGtv3zCegmY5xzfDZDw3bqs8TyxfvDo").scriptPubKey()));
    }

    @Test
    void encodeRoundTrips() {
        byte[] p20 = Hashes.parseHex("52da9adf8d01fef00270dab518de1cfdb2826e06");
        assertEquals("bcrt1q2tdf4hudq8l0qqnsm2633hsulkegymsxknj9rv", FakeAddresses.segwit(0, p20));
        byte[] p32 = Hashes.parseHex("e9da6fd08f560c8150f1774eee1c6636bc34e5f791b614a52dc3644e74368df4");
        assertEquals("bcrt1pa8dxl5y02cxgz583wa8wu8rxx67rfe0hjxmpfffdcdjyuapk3h6q3x47yj", FakeAddresses.segwit(1, p32));
        assertEquals("2NBWoX9bsxgFQJ1veAdU7bxumA2KNfMi3is", FakeAddresses.p2sh(Hashes.parseHex("c8647ea94ae748ecd70853c1d868efd411bcf289")));
    }

    @Test
    void errorsInTheNodesWords() {
        assertEquals("Invalid Bech32 checksum", FakeAddresses.decode("bcrt1q2tdf4hudq8l0qqnsm2633hsulkegymsxknj9rw").error());
        assertEquals("Invalid or unsupported Segwit (Bech32) or Base58 encoding.", FakeAddresses.decode("hello").error());
        assertEquals("Invalid checksum or length of Base58 address (P2PKH or P2SH)", FakeAddresses.decode("2NBWoX9bsxgFQJ1veAdU7bxumA2KNfMi3iz").error());
        assertEquals("Invalid or unsupported Segwit (Bech32) or Base58 encoding.", FakeAddresses.decode("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq").error());
        assertFalse(FakeAddresses.decode("").valid());
    }
}
