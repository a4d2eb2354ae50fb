package org.bitcoinfx.node.fake;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Byte helpers for the fake node: SHA-256d, hex, and Bitcoin's little-endian serialisation with
 * CompactSize lengths (Bitcoin Core {@code src/serialize.h}).
 */
public final class FakeBytes {
    private static final HexFormat HEX = HexFormat.of();

    private FakeBytes() {
    }

    /** @return SHA-256 of {@code data} */
    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    /** @return SHA-256 of SHA-256 of {@code data}, as Bitcoin hashes blocks and transactions (internal byte order) */
    public static byte[] sha256d(byte[] data) {
        return sha256(sha256(data));
    }

    /** @return lower-case hex of {@code b} in the given order */
    public static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    /** @throws IllegalArgumentException if {@code s} is not an even number of hex digits */
    public static byte[] unhex(String s) {
        if (s.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits");
        }
        return HEX.parseHex(s);
    }

    /** @return a reversed copy (internal byte order ↔ display order of hashes) */
    public static byte[] reversed(byte[] b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[b.length - 1 - i];
        }
        return r;
    }

    /** @return a hash in internal byte order as RPC prints it (reversed hex, {@code uint256::GetHex}) */
    public static String displayHex(byte[] hash) {
        return hex(reversed(hash));
    }

    /** @throws IllegalArgumentException unless {@code s} is 64 hex digits; returns internal byte order */
    public static byte[] fromDisplayHex(String s) {
        if (s.length() != 64) {
            throw new IllegalArgumentException("expected 64 hex digits, got " + s.length());
        }
        return reversed(unhex(s));
    }

    /** @return the merkle root of {@code hashes} (internal order), Bitcoin style (odd levels duplicate the last hash) */
    public static byte[] merkleRoot(java.util.List<byte[]> hashes) {
        if (hashes.isEmpty()) {
            return new byte[32];
        }
        java.util.List<byte[]> level = new java.util.ArrayList<>(hashes);
        while (level.size() > 1) {
            java.util.List<byte[]> next = new java.util.ArrayList<>();
            for (int i = 0; i < level.size(); i += 2) {
                byte[] a = level.get(i);
                byte[] b = i + 1 < level.size() ? level.get(i + 1) : a;
                next.add(sha256d(concat(a, b)));
            }
            level = next;
        }
        return level.get(0);
    }

    /**
     * The merkle branch of leaf 0 (the coinbase): the sibling hashes from the bottom up, as Bitcoin
     * Core's {@code TransactionMerklePath(block, 0)} returns them.
     */
    public static java.util.List<byte[]> merklePathOfFirst(java.util.List<byte[]> hashes) {
        java.util.List<byte[]> path = new java.util.ArrayList<>();
        java.util.List<byte[]> level = new java.util.ArrayList<>(hashes);
        while (level.size() > 1) {
            path.add(level.size() > 1 ? level.get(1) : level.get(0));
            java.util.List<byte[]> next = new java.util.ArrayList<>();
            for (int i = 0; i < level.size(); i += 2) {
                byte[] a = level.get(i);
                byte[] b = i + 1 < level.size() ? level.get(i + 1) : a;
                next.add(sha256d(concat(a, b)));
            }
            level = next;
        }
        return path;
    }

    /** @return {@code a} followed by {@code b} */
    public static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** Little-endian writer with CompactSize lengths. */
    public static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        /** Writes one byte. */
        public Writer u8(int v) {
            out.write(v);
            return this;
        }

        /** Writes 4 bytes little-endian. */
        public Writer u32(long v) {
            for (int i = 0; i < 4; i++) {
                out.write((int) (v >>> (8 * i)));
            }
            return this;
        }

        /** Writes 8 bytes little-endian. */
        public Writer u64(long v) {
            for (int i = 0; i < 8; i++) {
                out.write((int) (v >>> (8 * i)));
            }
            return this;
        }

        /** Writes a CompactSize ({@code WriteCompactSize}). */
        public Writer compactSize(long n) {
            if (n < 253) {
                return u8((int) n);
            } else if (n <= 0xffff) {
                u8(253);
                out.write((int) n);
                out.write((int) (n >>> 8));
                return this;
            } else if (n <= 0xffffffffL) {
                return u8(254).u32(n);
            }
            return u8(255).u64(n);
        }

        /** Writes raw bytes. */
        public Writer bytes(byte[] b) {
            out.write(b, 0, b.length);
            return this;
        }

        /** Writes a CompactSize length, then the bytes. */
        public Writer varBytes(byte[] b) {
            return compactSize(b.length).bytes(b);
        }

        /** @return what was written */
        public byte[] toByteArray() {
            return out.toByteArray();
        }
    }

    /** Little-endian reader; every read past the end throws {@link IllegalArgumentException}. */
    public static final class Reader {
        private final byte[] data;
        private int pos;

        /** Reads {@code data} from offset 0. */
        public Reader(byte[] data) {
            this.data = data;
        }

        /** @return the read position */
        public int position() {
            return pos;
        }

        /** @return bytes left */
        public int remaining() {
            return data.length - pos;
        }

        private void need(long n) {
            if (n < 0 || n > data.length - pos) {
                throw new IllegalArgumentException("end of data: need " + n + " bytes at offset " + pos + " of " + data.length);
            }
        }

        /** @return one unsigned byte */
        public int u8() {
            need(1);
            return data[pos++] & 0xff;
        }

        /** @return 4 bytes little-endian, unsigned */
        public long u32() {
            need(4);
            long v = 0;
            for (int i = 0; i < 4; i++) {
                v |= (long) (data[pos++] & 0xff) << (8 * i);
            }
            return v;
        }

        /** @return 8 bytes little-endian */
        public long u64() {
            need(8);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v |= (long) (data[pos++] & 0xff) << (8 * i);
            }
            return v;
        }

        /** @return a CompactSize */
        public long compactSize() {
            int b = u8();
            if (b < 253) {
                return b;
            } else if (b == 253) {
                return u8() | (u8() << 8);
            } else if (b == 254) {
                return u32();
            }
            return u64();
        }

        /** @return the next {@code n} bytes */
        public byte[] bytes(long n) {
            need(n);
            byte[] r = Arrays.copyOfRange(data, pos, pos + (int) n);
            pos += (int) n;
            return r;
        }

        /** @return a CompactSize-prefixed byte string */
        public byte[] varBytes() {
            return bytes(compactSize());
        }

        /** @return the byte at the read position, without consuming it */
        public int peek() {
            need(1);
            return data[pos] & 0xff;
        }
    }
}
