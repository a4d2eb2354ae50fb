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

    /** A segment's first allocation when it claims more, bytes: what a lying claim costs at least. */
    static final int FIRST_CHUNK_BYTES = 1 << 20;
    /** How much a large segment's array grows at a time, once filled: a lying claim costs at most this times what arrived. */
    static final int GROWTH = 4;

    /**
     * Reads one segment of {@code size} bytes into an array of exactly that size, read straight from
     * the stream (a read of a buffer's size or more bypasses {@link FrameInput}'s buffer). A segment
     * of up to {@link #FIRST_CHUNK_BYTES} is allocated at once; a larger one starts there and grows
     * {@link #GROWTH} times (capped at the claim) each time it is full, so a short stream cannot make
     * us allocate more than {@link #GROWTH} times what arrived (and never more than the claim), and
     * a long one costs its size plus the smaller arrays left behind, less than 4/3 of its size (a
     * 4,000,000-byte block: 1 MiB + 4,000,000 bytes; 10 MB: 1 MiB + 4 MiB + 10 MB).
     */
    static byte[] readSegment(InputStream in, int size) throws IOException {
        byte[] b = new byte[Math.min(size, FIRST_CHUNK_BYTES)];
        int done = 0;
        while (true) {
            done += readFully(in, b, done, b.length - done, false);
            if (done == size) {
                return b;
            }
            b = java.util.Arrays.copyOf(b, (int) Math.min(size, (long) b.length * GROWTH));
        }
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
     * The words a message's segments hold, its size as CP counts it against the peer's
     * {@code traversalLimitInWords}: a message of {@link #TRAVERSAL_LIMIT_WORDS} or more is not sent
     * (CP {@code rpc-twoparty.c++} {@code OutgoingMessageImpl::send}), since the node would refuse it
     * and end the connection.
     */
    public static long words(MessageBuilder message) {
        long words = 0;
        for (ByteBuffer s : message.getSegmentsForOutput()) {
            words += s.remaining() / 8;
        }
        return words;
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
