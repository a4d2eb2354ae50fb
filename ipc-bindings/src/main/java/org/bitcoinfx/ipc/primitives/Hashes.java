package org.bitcoinfx.ipc.primitives;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Bitcoin's hash and target arithmetic: double SHA-256 ({@code Hash()} in Bitcoin Core
 * {@code src/hash.h}), byte-order reversal between internal order and the display hex RPC prints,
 * and the compact {@code nBits} target ({@code arith_uint256::SetCompact} in
 * {@code src/arith_uint256.cpp}).
 */
public final class Hashes {
    private static final HexFormat HEX = HexFormat.of();

    private Hashes() {
    }

    /** @return SHA-256 of the concatenated parts */
    public static byte[] sha256(byte[]... parts) {
        MessageDigest d = digest();
        for (byte[] p : parts) {
            d.update(p);
        }
        return d.digest();
    }

    /** @return SHA-256(SHA-256(parts…)), 32 bytes in internal order */
    public static byte[] sha256d(byte[]... parts) {
        MessageDigest d = digest();
        for (byte[] p : parts) {
            d.update(p);
        }
        return d.digest(d.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** @return a reversed copy of {@code b} */
    public static byte[] reverse(byte[] b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[b.length - 1 - i];
        }
        return r;
    }

    /** @return a 32-byte hash in internal order as RPC prints it (reversed hex) */
    public static String displayHex(byte[] internalOrder) {
        return HEX.formatHex(reverse(internalOrder));
    }

    /**
     * @return the internal-order bytes of a hash printed as RPC prints it
     * @throws IllegalArgumentException if {@code hex} is not 64 hex digits
     */
    public static byte[] fromDisplayHex(String hex) {
        if (hex == null || hex.length() != 64) {
            throw new IllegalArgumentException("a hash is 64 hex digits, got " + (hex == null ? "null" : hex.length() + " characters"));
        }
        return reverse(HEX.parseHex(hex));
    }

    /** @return lower-case hex of {@code b} in the given order */
    public static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    /** @return the bytes of {@code hex}; @throws IllegalArgumentException for odd length or non-hex digits */
    public static byte[] parseHex(String hex) {
        return HEX.parseHex(hex);
    }

    /**
     * Expands a compact target ({@code nBits}) as {@code arith_uint256::SetCompact} does.
     *
     * @param nBits the header's bits field, e.g. {@code 0x207fffff} on regtest
     * @return the target, a non-negative 256-bit integer
     * @throws IllegalArgumentException if the sign bit is set or the value overflows 256 bits
     */
    public static BigInteger targetFromBits(long nBits) {
        int exponent = (int) ((nBits >>> 24) & 0xff);
        long mantissa = nBits & 0x007fffffL;
        if ((nBits & 0x00800000L) != 0 && mantissa != 0) {
            throw new IllegalArgumentException("negative compact target " + Long.toHexString(nBits));
        }
        BigInteger target = exponent <= 3
                ? BigInteger.valueOf(mantissa >>> (8 * (3 - exponent)))
                : BigInteger.valueOf(mantissa).shiftLeft(8 * (exponent - 3));
        if (target.bitLength() > 256) {
            throw new IllegalArgumentException("compact target overflows 256 bits: " + Long.toHexString(nBits));
        }
        return target;
    }

    /** @return a 32-byte internal-order hash read as the little-endian 256-bit number consensus compares */
    public static BigInteger toUint256(byte[] internalOrder) {
        return new BigInteger(1, reverse(internalOrder));
    }

    /** @return true if {@code hash} (internal order) is at most {@code target} ({@code CheckProofOfWork}) */
    public static boolean meetsTarget(byte[] hash, BigInteger target) {
        return toUint256(hash).compareTo(target) <= 0;
    }
}
