package org.bitcoinfx.gui.wallet.psbt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** {@link Psbts}: what is refused before any call, and the file forms (binary and base64). */
class PsbtsTest {
    private static final byte[] BYTES = {0x70, 0x73, 0x62, 0x74, (byte) 0xff, 1, 2, 3, 4, 5};
    private static final String B64 = Base64.getEncoder().encodeToString(BYTES);

    @Test
    void base64WithTheMagicPassesWhiteSpaceRemoved() {
        assertTrue(B64.startsWith("cHNidP8"));
        assertEquals(B64, Psbts.checkBase64("  " + B64.substring(0, 8) + "\n" + B64.substring(8) + "\n"));
    }

    @Test
    void emptyNotBase64OrWithoutTheMagicIsRefusedSayingWhy() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Psbts.checkBase64("  ")).getMessage().startsWith("Paste a PSBT"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Psbts.checkBase64("cHNidP8!!")).getMessage().contains("not valid base64"));
        String noMagic = Base64.getEncoder().encodeToString("hello world".getBytes(StandardCharsets.US_ASCII));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Psbts.checkBase64(noMagic)).getMessage().contains("magic"));
    }

    @Test
    void filesBinaryOrBase64() {
        assertEquals(B64, Psbts.fromFile(BYTES));
        assertEquals(B64, Psbts.fromFile((B64 + "\n").getBytes(StandardCharsets.US_ASCII)));
        assertArrayEquals(BYTES, Psbts.toFile(B64));
        assertThrows(IllegalArgumentException.class, () -> Psbts.fromFile(new byte[] {0x70, 0x73, 0x62, 0x74, (byte) 0xff}));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Psbts.fromFile("{\"not\": \"a psbt\"}".getBytes(StandardCharsets.UTF_8)))
                .getMessage().contains("not a PSBT"));
    }
}
