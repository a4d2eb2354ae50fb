package org.bitcoinfx.ipc.primitives;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Real regtest blocks for tests, as {@code getblock <hash> 0} printed them: the regtest genesis block
 * and block 102 of a regtest chain made by Bitcoin Core master 58a7869f86 (a coinbase and one wallet
 * send of 1 BTC at 2 sat/vB). Used by the primitives' tests here and by gui-app's BlockAssemblerTest.
 */
public final class RegtestBlocks {
    /** Regtest genesis, {@code getblock $(getblockhash 0) 0}, hex. */
    public static final String GENESIS = "0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4adae5494dffff7f20020000000101000000010000000000000000000000000000000000000000000000000000000000000000ffffffff4d04ffff001d0104455468652054696d65732030332f4a616e2f32303039204368616e63656c6c6f72206f6e206272696e6b206f66207365636f6e64206261696c6f757420666f722062616e6b73ffffffff0100f2052a01000000434104678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5fac00000000";

    private RegtestBlocks() {
    }

    /** @return block 102, serialized with witness data; @throws UncheckedIOException if the resource cannot be read */
    public static byte[] block102() {
        try (InputStream in = RegtestBlocks.class.getResourceAsStream("regtest-block-102.hex")) {
            if (in == null) {
                throw new IllegalStateException("regtest-block-102.hex is not on the class path");
            }
            return Hashes.parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
