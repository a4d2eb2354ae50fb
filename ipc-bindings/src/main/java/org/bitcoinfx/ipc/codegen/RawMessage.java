package org.bitcoinfx.ipc.codegen;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal, read-only view of one unpacked Cap'n Proto message, enough for the code generator to
 * bootstrap: it reads the {@code CodeGeneratorRequest} that {@code capnp compile -o-} writes
 * (Cap'n Proto {@code schema.capnp}) without generated classes of its own. Follows the encoding
 * spec: struct pointers (kind 0), list pointers (kind 1), far pointers (kind 2, single and double).
 *
 * <p>Errors in the input raise {@link IllegalArgumentException} naming the problem.
 */
final class RawMessage {
    private final List<ByteBuffer> segments = new ArrayList<>();

    /** Reads one framed message (segment table, then segments) from {@code in}. */
    static RawMessage read(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        ByteBuffer buf = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        RawMessage m = new RawMessage();
        int count = buf.getInt(0) + 1;
        int table = 4 + 4 * count;
        table += table % 8;
        long offset = table;
        for (int i = 0; i < count; i++) {
            long words = Integer.toUnsignedLong(buf.getInt(4 + 4 * i));
            if (offset + words * 8 > all.length) {
                throw new IllegalArgumentException("truncated CodeGeneratorRequest: segment " + i);
            }
            ByteBuffer seg = ByteBuffer.wrap(all, (int) offset, (int) (words * 8)).slice().order(ByteOrder.LITTLE_ENDIAN);
            m.segments.add(seg);
            offset += words * 8;
        }
        return m;
    }

    /** The root struct. */
    Struct root() {
        return readStruct(0, 0);
    }

    /** A located pointer target: segment, the pointer word itself (after far resolution) and where its object starts. */
    private record Target(int segment, long pointer, int objectWord) {
    }

    private Target resolve(int segment, int pointerWord) {
        long ptr = segments.get(segment).getLong(pointerWord * 8);
        int kind = (int) (ptr & 3);
        if (kind == 2) {
            boolean doubleFar = (ptr & 4) != 0;
            int padWord = (int) ((ptr >>> 3) & 0x1fffffff);
            int padSeg = (int) (ptr >>> 32);
            if (!doubleFar) {
                return resolve(padSeg, padWord);
            }
            ByteBuffer s = segments.get(padSeg);
            long far = s.getLong(padWord * 8);
            long tag = s.getLong(padWord * 8 + 8);
            int seg = (int) (far >>> 32);
            int start = (int) ((far >>> 3) & 0x1fffffff);
            return new Target(seg, tag, start);
        }
        int off = ((int) ptr) >> 2; // signed 30-bit word offset in the low 32 bits
        return new Target(segment, ptr, pointerWord + 1 + off);
    }

    Struct readStruct(int segment, int pointerWord) {
        long raw = segments.get(segment).getLong(pointerWord * 8);
        if (raw == 0) {
            return null;
        }
        Target t = resolve(segment, pointerWord);
        if ((t.pointer & 3) != 0) {
            throw new IllegalArgumentException("expected a struct pointer");
        }
        int dataWords = (int) ((t.pointer >>> 32) & 0xffff);
        int ptrCount = (int) ((t.pointer >>> 48) & 0xffff);
        return new Struct(t.segment, t.objectWord, dataWords, ptrCount);
    }

    List<Struct> readStructList(int segment, int pointerWord) {
        List<Struct> out = new ArrayList<>();
        long raw = segments.get(segment).getLong(pointerWord * 8);
        if (raw == 0) {
            return out;
        }
        Target t = resolve(segment, pointerWord);
        if ((t.pointer & 3) != 1 || ((t.pointer >>> 32) & 7) != 7) {
            throw new IllegalArgumentException("expected a composite list pointer");
        }
        long tag = segments.get(t.segment).getLong(t.objectWord * 8);
        int n = (int) ((tag >>> 2) & 0x3fffffff);
        int dataWords = (int) ((tag >>> 32) & 0xffff);
        int ptrCount = (int) ((tag >>> 48) & 0xffff);
        int step = dataWords + ptrCount;
        for (int i = 0; i < n; i++) {
            out.add(new Struct(t.segment, t.objectWord + 1 + i * step, dataWords, ptrCount));
        }
        return out;
    }

    String readText(int segment, int pointerWord) {
        long raw = segments.get(segment).getLong(pointerWord * 8);
        if (raw == 0) {
            return "";
        }
        Target t = resolve(segment, pointerWord);
        if ((t.pointer & 3) != 1 || ((t.pointer >>> 32) & 7) != 2) {
            throw new IllegalArgumentException("expected a byte list pointer");
        }
        int n = (int) ((t.pointer >>> 35) & 0x1fffffff);
        byte[] b = new byte[Math.max(0, n - 1)];
        ByteBuffer s = segments.get(t.segment);
        for (int i = 0; i < b.length; i++) {
            b[i] = s.get(t.objectWord * 8 + i);
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    /** A struct in the message: read fields by offset in their own units, as the layout says. */
    final class Struct {
        private final int segment;
        private final int dataWord;
        private final int dataWords;
        private final int ptrCount;

        Struct(int segment, int dataWord, int dataWords, int ptrCount) {
            this.segment = segment;
            this.dataWord = dataWord;
            this.dataWords = dataWords;
            this.ptrCount = ptrCount;
        }

        long u64(int index) {
            return (index + 1) * 8 <= dataWords * 8 ? segments.get(segment).getLong(dataWord * 8 + index * 8) : 0;
        }

        int u32(int index) {
            return (index + 1) * 4 <= dataWords * 8 ? segments.get(segment).getInt(dataWord * 8 + index * 4) : 0;
        }

        int u16(int index) {
            return (index + 1) * 2 <= dataWords * 8 ? Short.toUnsignedInt(segments.get(segment).getShort(dataWord * 8 + index * 2)) : 0;
        }

        int u8(int index) {
            return index + 1 <= dataWords * 8 ? Byte.toUnsignedInt(segments.get(segment).get(dataWord * 8 + index)) : 0;
        }

        boolean bool(int bit) {
            return bit / 8 < dataWords * 8 && (segments.get(segment).get(dataWord * 8 + bit / 8) & (1 << (bit % 8))) != 0;
        }

        private int pointerWord(int index) {
            return dataWord + dataWords + index;
        }

        boolean hasPointer(int index) {
            return index < ptrCount && segments.get(segment).getLong(pointerWord(index) * 8) != 0;
        }

        String text(int index) {
            return index < ptrCount ? readText(segment, pointerWord(index)) : "";
        }

        Struct struct(int index) {
            return index < ptrCount ? readStruct(segment, pointerWord(index)) : null;
        }

        List<Struct> structList(int index) {
            return index < ptrCount ? readStructList(segment, pointerWord(index)) : List.of();
        }
    }
}
