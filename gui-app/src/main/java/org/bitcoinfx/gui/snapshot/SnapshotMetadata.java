package org.bitcoinfx.gui.snapshot;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The header of a UTXO snapshot file ({@code dumptxoutset}), as Bitcoin Core reads it in {@code loadtxoutset}:
 * {@code node::SnapshotMetadata} ({@code src/node/utxo_snapshot.h}) — the magic bytes {@code utxo\xff}, the
 * format version (2, little-endian 16 bits), the network's message start (4 bytes), the base block's hash
 * (32 bytes, internal order) and the number of coins (little-endian 64 bits); 51 bytes in all. The app reads it
 * only to say what a chosen file is and to know the block whose header must arrive before the node can load it;
 * whether the node takes the file is the node's to say ({@code loadtxoutset}).
 *
 * @param version       the format version
 * @param network       the network the snapshot was made on ({@code main}, {@code test}, {@code testnet4},
 *                      {@code signet}, {@code regtest}, as {@code -chain=} names them), or empty for a message start
 *                      the app does not know (a custom signet)
 * @param baseBlockHash the base block's hash, hex as RPC prints it
 * @param coins         the coins in the snapshot
 */
public record SnapshotMetadata(int version, Optional<String> network, String baseBlockHash, long coins) {
    /** {@code SNAPSHOT_MAGIC_BYTES}: {@code 'u' 't' 'x' 'o' 0xff}. */
    static final byte[] MAGIC = {'u', 't', 'x', 'o', (byte) 0xff};
    /** Bytes of the header. */
    static final int SIZE = 5 + 2 + 4 + 32 + 8;
    /** Message starts ({@code pchMessageStart}, {@code src/kernel/chainparams.cpp}; signet's default challenge). */
    static final Map<String, String> NETWORKS = Map.of("f9beb4d9", "main", "0b110907", "test", "1c163f28", "testnet4",
            "0a03cf40", "signet", "fabfb5da", "regtest");

    /**
     * Reads the header of {@code file}.
     *
     * @throws IOException if the file cannot be read, is not a regular file (a named pipe is left to the node: reading
     *                     it would take the node's bytes) or is shorter than a header
     * @throws IllegalArgumentException if it does not start with the snapshot magic bytes
     */
    public static SnapshotMetadata read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " is not a regular file");
        }
        byte[] b = new byte[SIZE];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(b, 0, SIZE);
            if (n < SIZE) {
                throw new EOFException(file + " is " + n + " bytes, shorter than a UTXO snapshot's header (" + SIZE + ")");
            }
        }
        return parse(b);
    }

    /** Parses the 51-byte header. @throws IllegalArgumentException if it is not one */
    static SnapshotMetadata parse(byte[] b) {
        if (b.length < SIZE || !Arrays.equals(b, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IllegalArgumentException("not a UTXO snapshot: it does not start with the snapshot magic bytes");
        }
        int version = (b[5] & 0xff) | (b[6] & 0xff) << 8;
        String magic = HexFormat.of().formatHex(b, 7, 11);
        byte[] hash = Arrays.copyOfRange(b, 11, 43);
        byte[] display = new byte[32];
        for (int i = 0; i < 32; i++) {
            display[i] = hash[31 - i];
        }
        long coins = 0;
        for (int i = 7; i >= 0; i--) {
            coins = coins << 8 | (b[43 + i] & 0xff);
        }
        return new SnapshotMetadata(version, Optional.ofNullable(NETWORKS.get(magic)), HexFormat.of().formatHex(display), coins);
    }
}
