package org.bitcoinfx.ipc;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A block as the Mining interface names it: its hash and height.
 *
 * <p>Mirrors {@code BlockRef} in Bitcoin Core {@code src/ipc/capnp/common.capnp} ({@code hash @0},
 * {@code height @1}) and {@code interfaces::BlockRef} in {@code src/interfaces/types.h}.
 *
 * @param hash   32 bytes in internal byte order (the reverse of the hex that RPC prints); copied
 * @param height the block's height, genesis = 0
 */
public record BlockRef(byte[] hash, int height) {
    /** @throws IllegalArgumentException if {@code hash} is not 32 bytes or height is negative */
    public BlockRef {
        Objects.requireNonNull(hash, "hash");
        if (hash.length != 32) {
            throw new IllegalArgumentException("block hash must be 32 bytes, got " + hash.length);
        }
        if (height < 0) {
            throw new IllegalArgumentException("block height must not be negative: " + height);
        }
        hash = hash.clone();
    }

    /** @return a copy of the 32-byte hash in internal byte order */
    @Override
    public byte[] hash() {
        return hash.clone();
    }

    /** @return the hash as RPC prints it: 64 hex digits, byte order reversed */
    public String hashHex() {
        return toDisplayHex(hash);
    }

    /**
     * Builds a BlockRef from the hex form RPC prints ({@code getbestblockhash}).
     *
     * @throws IllegalArgumentException if {@code hex} is not 64 hex digits
     */
    public static BlockRef fromDisplayHex(String hex, int height) {
        return new BlockRef(fromDisplayHex(hex), height);
    }

    /** Reverses internal-order bytes into display hex, as {@code uint256::GetHex()} does. */
    public static String toDisplayHex(byte[] internalOrder) {
        byte[] r = internalOrder.clone();
        for (int i = 0, j = r.length - 1; i < j; i++, j--) {
            byte t = r[i];
            r[i] = r[j];
            r[j] = t;
        }
        return HexFormat.of().formatHex(r);
    }

    /**
     * Parses display hex (as RPC prints hashes) into internal-order bytes.
     *
     * @throws IllegalArgumentException if {@code hex} is not 64 hex digits
     */
    public static byte[] fromDisplayHex(String hex) {
        if (hex == null || hex.length() != 64) {
            throw new IllegalArgumentException("expected 64 hex digits, got " + (hex == null ? "null" : hex.length() + " characters"));
        }
        byte[] b = HexFormat.of().parseHex(hex);
        for (int i = 0, j = b.length - 1; i < j; i++, j--) {
            byte t = b[i];
            b[i] = b[j];
            b[j] = t;
        }
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlockRef other && height == other.height && Arrays.equals(hash, other.hash);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(hash) + height;
    }

    @Override
    public String toString() {
        return "BlockRef[height=" + height + ", hash=" + hashHex() + "]";
    }
}
