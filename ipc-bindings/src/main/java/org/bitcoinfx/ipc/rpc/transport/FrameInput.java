package org.bitcoinfx.ipc.rpc.transport;

import java.io.BufferedInputStream;
import java.io.InputStream;

/**
 * The buffered stream a connection's reader thread reads frames from; it can tell, without a
 * system call, whether its buffer already holds a whole further frame, which is how the reader
 * knows its turn (the frames that arrived together) is over.
 */
final class FrameInput extends BufferedInputStream {
    FrameInput(InputStream in, int size) {
        super(in, size);
    }

    /**
     * @return whether the buffer holds at least one complete frame (segment table and segments),
     *     so that reading it will not block
     */
    boolean frameBuffered() {
        byte[] b = buf; // null once closed
        int avail = count - pos;
        if (b == null || avail < 8) {
            return false;
        }
        long segments = Integer.toUnsignedLong(le32(b, pos)) + 1;
        if (segments >= Frames.MAX_SEGMENTS) {
            return true; // malformed: let the read report it
        }
        int tableBytes = 4 + 4 * (int) segments;
        tableBytes += tableBytes % 8;
        if (avail < tableBytes) {
            return false;
        }
        long total = tableBytes;
        for (int i = 0; i < segments; i++) {
            total += 8L * Integer.toUnsignedLong(le32(b, pos + 4 + 4 * i));
        }
        return avail >= total;
    }

    private static int le32(byte[] buf, int at) {
        return (buf[at] & 0xff) | (buf[at + 1] & 0xff) << 8 | (buf[at + 2] & 0xff) << 16 | (buf[at + 3] & 0xff) << 24;
    }
}
