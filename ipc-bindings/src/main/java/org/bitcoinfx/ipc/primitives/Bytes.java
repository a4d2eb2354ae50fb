package org.bitcoinfx.ipc.primitives;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Bitcoin's wire encoding: little-endian integers and CompactSize lengths, as
 * {@code src/serialize.h} writes them. {@link Reader} reads, {@link Writer} writes.
 */
public final class Bytes {
    private Bytes() {
    }

    /** @return a new array holding the {@code parts} one after another */
    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] r = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, r, at, p.length);
            at += p.length;
        }
        return r;
    }

    /** Reads a serialized message front to back. Throws IllegalArgumentException when the data ends early. */
    public static final class Reader {
        private final byte[] data;
        private int pos;

        /** @param data the bytes (not copied) */
        public Reader(byte[] data) {
            this.data = data;
        }

        /** @return the read position */
        public int position() {
            return pos;
        }

        /** @return bytes left to read */
        public int remaining() {
            return data.length - pos;
        }

        /** @return the next {@code n} bytes */
        public byte[] bytes(int n) {
            need(n);
            byte[] r = Arrays.copyOfRange(data, pos, pos + n);
            pos += n;
            return r;
        }

        /** @return the next byte, 0…255 */
        public int u8() {
            need(1);
            return data[pos++] & 0xff;
        }

        /** @return the next 4 bytes as an unsigned little-endian number */
        public long u32() {
            need(4);
            long v = (data[pos] & 0xffL) | (data[pos + 1] & 0xffL) << 8 | (data[pos + 2] & 0xffL) << 16 | (data[pos + 3] & 0xffL) << 24;
            pos += 4;
            return v;
        }

        /** @return the next 8 bytes as a little-endian number */
        public long i64() {
            long lo = u32();
            long hi = u32();
            return lo | hi << 32;
        }

        /** @return a CompactSize ({@code ReadCompactSize}); @throws IllegalArgumentException above 0x02000000 */
        public long compactSize() {
            int first = u8();
            long v;
            if (first < 0xfd) {
                v = first;
            } else if (first == 0xfd) {
                need(2);
                v = (data[pos] & 0xff) | (data[pos + 1] & 0xff) << 8;
                pos += 2;
            } else if (first == 0xfe) {
                v = u32();
            } else {
                v = i64();
            }
            if (v > 0x02000000L || v < 0) {
                throw new IllegalArgumentException("CompactSize too large: " + v);
            }
            return v;
        }

        /** @return a CompactSize-prefixed byte string */
        public byte[] varBytes() {
            return bytes((int) compactSize());
        }

        /** @return the next byte without consuming it */
        public int peek() {
            need(1);
            return data[pos] & 0xff;
        }

        private void need(int n) {
            if (n < 0 || pos + n > data.length) {
                throw new IllegalArgumentException("data ends early: need " + n + " bytes at offset " + pos + " of " + data.length);
            }
        }
    }

    /** Appends little-endian numbers and CompactSize-prefixed strings. */
    public static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        /** Appends raw bytes. @return this */
        public Writer bytes(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        /** Appends one byte. @return this */
        public Writer u8(int v) {
            out.write(v);
            return this;
        }

        /** Appends 4 bytes little-endian. @return this */
        public Writer u32(long v) {
            for (int i = 0; i < 4; i++) {
                out.write((int) (v >>> (8 * i)) & 0xff);
            }
            return this;
        }

        /** Appends 8 bytes little-endian. @return this */
        public Writer i64(long v) {
            return u32(v & 0xffffffffL).u32(v >>> 32);
        }

        /** Appends a CompactSize ({@code WriteCompactSize}). @return this */
        public Writer compactSize(long n) {
            if (n < 0xfd) {
                return u8((int) n);
            } else if (n <= 0xffff) {
                return u8(0xfd).u8((int) n & 0xff).u8((int) (n >>> 8) & 0xff);
            } else if (n <= 0xffffffffL) {
                return u8(0xfe).u32(n);
            }
            return u8(0xff).i64(n);
        }

        /** Appends a CompactSize length and the bytes. @return this */
        public Writer varBytes(byte[] b) {
            return compactSize(b.length).bytes(b);
        }

        /** @return what was written */
        public byte[] toByteArray() {
            return out.toByteArray();
        }
    }
}
