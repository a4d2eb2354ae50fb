package org.bitcoinfx.ipc.rpc.transport;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.capnproto.MessageBuilder;
import org.capnproto.MessageReader;
import org.capnproto.ReaderOptions;

/**
 * Unpacked Cap'n Proto framing ("Serialization Over a Stream"): u32 LE segment count − 1, a u32 LE
 * word count per segment, padding to a word, then the segments. Enforces the limits of Cap'n
 * Proto's C++ {@code ReaderOptions} (CP {@code message.h:53,74}, {@code serialize-async.c++:125}):
 * at most 8 Mi words per message, fewer than 512 segments, nesting depth 64. Mirrors CP
 * {@code serialize.c++} ({@code readMessage}, {@code messageToFlatArray}); stateless, any thread.
 */
public final class Frames {
    /** Traversal limit and the largest message accepted, in 8-byte words (64 MiB). */
    public static final long TRAVERSAL_LIMIT_WORDS = 8L * 1024 * 1024;
    /** Nesting limit for struct and list pointers. */
    public static final int NESTING_LIMIT = 64;
    /** Segment count limit (exclusive). */
    public static final int MAX_SEGMENTS = 512;
    /** Reader options with the limits above. */
    public static final ReaderOptions READER_OPTIONS = new ReaderOptions(TRAVERSAL_LIMIT_WORDS, NESTING_LIMIT);

    private Frames() {
    }

    /**
     * One message read off the wire.
     *
     * @param message the reader, with {@link #READER_OPTIONS}
     * @param bytes   its size on the wire, segment table included, bytes
     */
    public record Inbound(MessageReader message, int bytes) {
    }

    /**
     * Reads one framed message.
     *
     * @return the message, or null on a clean end of stream before its first byte
     * @throws MalformedMessageException if the frame breaks the rules or limits
     * @throws EOFException if the stream ends inside a frame
     */
    public static Inbound read(InputStream in) throws IOException {
        byte[] first = new byte[8];
        int n = readFully(in, first, 0, 8, true);
        if (n == 0) {
            return null;
        }
        ByteBuffer head = ByteBuffer.wrap(first).order(ByteOrder.LITTLE_ENDIAN);
        long segmentCount = Integer.toUnsignedLong(head.getInt(0)) + 1;
        if (segmentCount >= MAX_SEGMENTS) {
            throw new MalformedMessageException("message has " + segmentCount + " segments (limit " + (MAX_SEGMENTS - 1) + ")");
        }
        int count = (int) segmentCount;
        int tableBytes = 4 + 4 * count;
        tableBytes += tableBytes % 8;
        byte[] table = new byte[tableBytes];
        System.arraycopy(first, 0, table, 0, 8);
        if (tableBytes > 8) {
            readFully(in, table, 8, tableBytes - 8, false);
        }
        ByteBuffer t = ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN);
        long totalWords = 0;
        long[] words = new long[count];
        for (int i = 0; i < count; i++) {
            words[i] = Integer.toUnsignedLong(t.getInt(4 + 4 * i));
            totalWords += words[i];
        }
        if (totalWords > TRAVERSAL_LIMIT_WORDS) {
            throw new MalformedMessageException("message of " + totalWords + " words exceeds the limit of " + TRAVERSAL_LIMIT_WORDS);
        }
        // Allocate per segment as its bytes arrive, so that a lying segment table costs nothing.
        ByteBuffer[] segments = new ByteBuffer[count];
        for (int i = 0; i < count; i++) {
            byte[] seg = readSegment(in, (int) (words[i] * 8));
            segments[i] = ByteBuffer.wrap(seg).order(ByteOrder.LITTLE_ENDIAN);
        }
        return new Inbound(new MessageReader(segments, READER_OPTIONS), (int) (tableBytes + totalWords * 8));
    }

    private static byte[] readSegment(InputStream in, int size) throws IOException {
        // Grow in steps of at most 1 MiB so a short stream cannot make us allocate the claimed size.
        if (size <= (1 << 20)) {
            byte[] b = new byte[size];
            readFully(in, b, 0, size, false);
            return b;
        }
        java.io.ByteArrayOutputStream acc = new java.io.ByteArrayOutputStream(1 << 20);
        byte[] chunk = new byte[1 << 20];
        int left = size;
        while (left > 0) {
            int step = Math.min(left, chunk.length);
            readFully(in, chunk, 0, step, false);
            acc.write(chunk, 0, step);
            left -= step;
        }
        return acc.toByteArray();
    }

    private static int readFully(InputStream in, byte[] b, int off, int len, boolean eofOkAtStart) throws IOException {
        int done = 0;
        while (done < len) {
            int r = in.read(b, off + done, len - done);
            if (r < 0) {
                if (done == 0 && eofOkAtStart) {
                    return 0;
                }
                throw new EOFException("stream ended inside a message frame (" + done + " of " + len + " bytes)");
            }
            done += r;
        }
        return done;
    }

    /**
     * Parses one complete frame held in {@code bytes}.
     *
     * @throws MalformedMessageException if it is empty, breaks the rules or limits, or bytes follow it
     * @throws IOException (an {@link EOFException}) if {@code bytes} ends inside the frame
     */
    public static MessageReader parse(byte[] bytes) throws IOException {
        java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(bytes);
        Inbound m = read(in);
        if (m == null) {
            throw new MalformedMessageException("empty frame");
        }
        if (in.available() != 0) {
            throw new MalformedMessageException(in.available() + " bytes after the message");
        }
        return m.message();
    }

    /**
     * Serializes a message to its framed bytes: the segment table, then the segments.
     *
     * @return a new array of {@code 8 × ⌈(segments + 1) / 2⌉ + segment bytes} bytes
     */
    public static byte[] encode(MessageBuilder message) {
        ByteBuffer[] segs = message.getSegmentsForOutput();
        int tableBytes = 4 + 4 * segs.length;
        tableBytes += tableBytes % 8;
        int total = tableBytes;
        for (ByteBuffer s : segs) {
            total += s.remaining();
        }
        ByteBuffer out = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(0, segs.length - 1);
        for (int i = 0; i < segs.length; i++) {
            out.putInt(4 + 4 * i, segs[i].remaining() / 8);
        }
        out.position(tableBytes);
        for (ByteBuffer s : segs) {
            out.put(s.duplicate());
        }
        return out.array();
    }
}
