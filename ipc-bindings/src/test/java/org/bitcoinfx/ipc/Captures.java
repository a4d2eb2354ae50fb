package org.bitcoinfx.ipc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.bitcoinfx.ipc.rpc.transport.Frames;
import org.bitcoinfx.ipc.rpc.schema.CapnpRpc;
import org.capnproto.MessageReader;

/**
 * Reads the {@code shared/ipc-captures/*.capnpcap} recordings (records: 1 byte direction 'C'/'S',
 * u64 LE ns since accept, u32 LE length N, N bytes = one framed message) and gives a canonical
 * text form of any struct inside a frame, for comparing params and results independently of how
 * each side laid the bytes out.
 */
final class Captures {
    private Captures() {
    }

    /** One recorded message. */
    record Rec(int index, char dir, long nanos, byte[] frame) {
        Raw raw() {
            return new Raw(frame);
        }

        CapnpRpc.Message.Reader root() {
            try {
                return Frames.parse(frame).getRoot(CapnpRpc.Message.factory);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        boolean client() {
            return dir == 'C';
        }

        @Override
        public String toString() {
            return "#" + index + (dir == 'C' ? " ->" : " <-") + " " + describe(root());
        }
    }

    /** The {@code shared/ipc-captures} directory, found by walking up from the working directory, or null. */
    static Path capturesDir() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            Path c = p.resolve("shared").resolve("ipc-captures");
            if (Files.isDirectory(c)) {
                return c;
            }
            p = p.getParent();
        }
        Path fallback = Path.of("/work/shared/ipc-captures");
        return Files.isDirectory(fallback) ? fallback : null;
    }

    static List<Rec> read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<Rec> out = new ArrayList<>();
        while (b.hasRemaining()) {
            char dir = (char) b.get();
            long ns = b.getLong();
            int n = b.getInt();
            byte[] f = new byte[n];
            b.get(f);
            if (dir != 'C' && dir != 'S') {
                throw new IOException("bad direction byte " + (int) dir + " in " + file);
            }
            out.add(new Rec(out.size(), dir, ns, f));
        }
        return out;
    }

    /** Reads one frame's raw bytes off a stream, or null at a clean end. */
    static byte[] readFrame(InputStream in) throws IOException {
        byte[] head = in.readNBytes(4);
        if (head.length == 0) {
            return null;
        }
        if (head.length < 4) {
            throw new IOException("short frame header");
        }
        int count = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getInt() + 1;
        int table = 4 + 4 * count;
        table += table % 8;
        byte[] rest = in.readNBytes(table - 4);
        if (rest.length < table - 4) {
            throw new IOException("short segment table");
        }
        ByteBuffer t = ByteBuffer.wrap(rest).order(ByteOrder.LITTLE_ENDIAN);
        long words = 0;
        for (int i = 0; i < count; i++) {
            words += Integer.toUnsignedLong(t.getInt(4 * i));
        }
        byte[] body = in.readNBytes((int) (words * 8));
        if (body.length < words * 8) {
            throw new IOException("short frame body");
        }
        byte[] frame = new byte[table + body.length];
        System.arraycopy(head, 0, frame, 0, 4);
        System.arraycopy(rest, 0, frame, 4, rest.length);
        System.arraycopy(body, 0, frame, table, body.length);
        return frame;
    }

    static MessageReader parse(byte[] frame) {
        try {
            return Frames.parse(frame);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A one-line description of an RPC message (for diffs in failure messages). */
    static String describe(CapnpRpc.Message.Reader m) {
        return switch (m.which()) {
            case BOOTSTRAP -> "bootstrap(q=" + m.getBootstrap().getQuestionId() + ")";
            case CALL -> {
                CapnpRpc.Call.Reader c = m.getCall();
                CapnpRpc.MessageTarget.Reader t = c.getTarget();
                String target = t.isImportedCap() ? "importedCap=" + t.getImportedCap()
                        : "promisedAnswer(q=" + t.getPromisedAnswer().getQuestionId() + ", ops=" + t.getPromisedAnswer().getTransform().size() + ")";
                yield "call(q=" + c.getQuestionId() + ", " + target + ", " + ifaceName(c.getInterfaceId()) + "@" + c.getMethodId()
                        + ", caps=" + c.getParams().getCapTable().size() + ")";
            }
            case RETURN -> {
                CapnpRpc.Return.Reader r = m.getReturn();
                yield "return(a=" + r.getAnswerId() + ", " + r.which()
                        + (r.isException() ? " " + r.getException().getType() + " \"" + r.getException().getReason() + "\"" : "")
                        + (r.isResults() ? " caps=" + r.getResults().getCapTable().size() : "") + ")";
            }
            case FINISH -> "finish(q=" + m.getFinish().getQuestionId() + ", releaseResultCaps=" + m.getFinish().getReleaseResultCaps() + ")";
            case RELEASE -> "release(id=" + m.getRelease().getId() + ", count=" + m.getRelease().getReferenceCount() + ")";
            default -> m.which().toString();
        };
    }

    static String ifaceName(long id) {
        if (id == org.bitcoinfx.ipc.schema.InitCapnp.Init.TYPE_ID) {
            return "Init";
        } else if (id == org.bitcoinfx.ipc.schema.EchoCapnp.Echo.TYPE_ID) {
            return "Echo";
        } else if (id == org.bitcoinfx.ipc.schema.MiningCapnp.Mining.TYPE_ID) {
            return "Mining";
        } else if (id == org.bitcoinfx.ipc.schema.MiningCapnp.BlockTemplate.TYPE_ID) {
            return "BlockTemplate";
        } else if (id == org.bitcoinfx.ipc.schema.RpcCapnp.Rpc.TYPE_ID) {
            return "Rpc";
        } else if (id == org.bitcoinfx.ipc.schema.ProxyCapnp.ThreadMap.TYPE_ID) {
            return "ThreadMap";
        } else if (id == org.bitcoinfx.ipc.schema.ProxyCapnp.Thread.TYPE_ID) {
            return "Thread";
        }
        return Long.toHexString(id);
    }

    /**
     * Raw access to a frame's segments: a minimal pointer walker (struct, list, far, capability
     * pointers) used to canonicalise payload content and to patch IDs in recorded messages.
     */
    static final class Raw {
        final byte[] frame;
        final int[] segStart; // byte offset of each segment in frame
        final int[] segWords;

        Raw(byte[] frame) {
            this.frame = frame;
            ByteBuffer b = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
            int count = b.getInt(0) + 1;
            segStart = new int[count];
            segWords = new int[count];
            int table = 4 + 4 * count;
            table += table % 8;
            int off = table;
            for (int i = 0; i < count; i++) {
                segWords[i] = b.getInt(4 + 4 * i);
                segStart[i] = off;
                off += segWords[i] * 8;
            }
        }

        long word(int seg, int w) {
            return ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).getLong(segStart[seg] + w * 8);
        }

        /** A resolved pointer: the (non-far) pointer word, and where its target starts. */
        record Ptr(long word, int seg, int target) {
            int kind() {
                return (int) (word & 3);
            }
        }

        /** Resolves the pointer at (seg, w), following far pointers; null for a null pointer. */
        Ptr resolve(int seg, int w) {
            long p = word(seg, w);
            if (p == 0) {
                return null;
            }
            int kind = (int) (p & 3);
            if (kind == 2) {
                boolean dbl = ((p >>> 2) & 1) != 0;
                int padOff = (int) ((p & 0xFFFFFFFFL) >>> 3);
                int padSeg = (int) (p >>> 32);
                if (!dbl) {
                    Ptr inner = resolve(padSeg, padOff);
                    return inner;
                }
                long far = word(padSeg, padOff);
                long tag = word(padSeg, padOff + 1);
                int contentSeg = (int) (far >>> 32);
                int contentOff = (int) ((far & 0xFFFFFFFFL) >>> 3);
                return new Ptr(tag, contentSeg, contentOff);
            }
            if (kind == 3) {
                return new Ptr(p, seg, -1);
            }
            int offset = ((int) p) >> 2;
            return new Ptr(p, seg, w + 1 + offset);
        }

        /** The struct the root pointer names, then {@code path} pointer slots down; returns (seg, dataStart, dataWords, ptrCount) or null. */
        int[] struct(int... path) {
            int seg = 0;
            int w = 0;
            int[] s = null;
            for (int i = -1; i < path.length; i++) {
                if (i >= 0) {
                    if (s == null || path[i] >= s[3]) {
                        return null;
                    }
                    seg = s[0];
                    w = s[1] + s[2] + path[i];
                }
                Ptr p = resolve(seg, w);
                if (p == null || p.kind() != 0) {
                    return null;
                }
                s = new int[] {p.seg, p.target, (int) ((p.word >>> 32) & 0xFFFF), (int) (p.word >>> 48)};
            }
            return s;
        }

        /** Overwrites the u32 at data byte offset {@code byteOff} of the struct at {@code path}. */
        void putU32(int[] struct, int byteOff, int value) {
            ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).putInt(segStart[struct[0]] + struct[1] * 8 + byteOff, value);
        }

        /**
         * Canonical text of the object the pointer at pointer slot {@code slot} of {@code struct}
         * names. Structs: data bytes with trailing zeros trimmed and pointers with trailing nulls
         * trimmed; an all-default struct reads the same as a null pointer. Capability pointers are
         * rendered by {@code caps}.
         */
        String canon(int[] struct, int slot, IntFunction<String> caps) {
            if (struct == null || slot >= struct[3]) {
                return "null";
            }
            StringBuilder sb = new StringBuilder();
            canonPtr(struct[0], struct[1] + struct[2] + slot, caps, sb, 0);
            return sb.toString();
        }

        private void canonPtr(int seg, int w, IntFunction<String> caps, StringBuilder sb, int depth) {
            if (depth > 64) {
                throw new IllegalStateException("too deep");
            }
            Ptr p = resolve(seg, w);
            if (p == null) {
                sb.append("null");
                return;
            }
            switch (p.kind()) {
                case 0 -> canonStruct(p.seg, p.target, (int) ((p.word >>> 32) & 0xFFFF), (int) (p.word >>> 48), caps, sb, depth);
                case 1 -> {
                    int size = (int) ((p.word >>> 32) & 7);
                    int count = (int) (p.word >>> 35);
                    sb.append("L").append(size).append('[');
                    switch (size) {
                        case 0 -> sb.append(count);
                        case 1 -> {
                            for (int i = 0; i < count; i++) {
                                int b = frame[segStart[p.seg] + p.target * 8 + i / 8] >> (i % 8) & 1;
                                sb.append(b);
                            }
                        }
                        case 2, 3, 4, 5 -> {
                            int bytes = switch (size) { case 2 -> 1; case 3 -> 2; case 4 -> 4; default -> 8; };
                            hex(sb, segStart[p.seg] + p.target * 8, count * bytes);
                        }
                        case 6 -> {
                            for (int i = 0; i < count; i++) {
                                canonPtr(p.seg, p.target + i, caps, sb, depth + 1);
                                sb.append(',');
                            }
                        }
                        default -> {
                            long tag = word(p.seg, p.target);
                            int n = ((int) tag) >> 2;
                            int dw = (int) ((tag >>> 32) & 0xFFFF);
                            int pc = (int) (tag >>> 48);
                            for (int i = 0; i < n; i++) {
                                canonStruct(p.seg, p.target + 1 + i * (dw + pc), dw, pc, caps, sb, depth + 1);
                                sb.append(',');
                            }
                        }
                    }
                    sb.append(']');
                }
                default -> {
                    if (((p.word & 0xFFFFFFFFL) >>> 2) != 0) {
                        sb.append("?other");
                    } else {
                        String c = caps.apply((int) (p.word >>> 32));
                        sb.append(c == null ? "null" : "cap(" + c + ")"); // null: read as a null pointer
                    }
                }
            }
        }

        private void canonStruct(int seg, int start, int dw, int pc, IntFunction<String> caps, StringBuilder sb, int depth) {
            int base = segStart[seg] + start * 8;
            int dataLen = dw * 8;
            while (dataLen > 0 && frame[base + dataLen - 1] == 0) {
                dataLen--;
            }
            List<String> ptrs = new ArrayList<>();
            for (int i = 0; i < pc; i++) {
                StringBuilder c = new StringBuilder();
                canonPtr(seg, start + dw + i, caps, c, depth + 1);
                ptrs.add(c.toString());
            }
            while (!ptrs.isEmpty() && ptrs.get(ptrs.size() - 1).equals("null")) {
                ptrs.remove(ptrs.size() - 1);
            }
            if (dataLen == 0 && ptrs.isEmpty()) {
                sb.append("null");
                return;
            }
            sb.append("{d=");
            hex(sb, base, dataLen);
            sb.append(" p=").append(ptrs).append('}');
        }

        private void hex(StringBuilder sb, int off, int len) {
            for (int i = 0; i < len; i++) {
                sb.append(Character.forDigit((frame[off + i] >> 4) & 15, 16)).append(Character.forDigit(frame[off + i] & 15, 16));
            }
        }
    }
}
