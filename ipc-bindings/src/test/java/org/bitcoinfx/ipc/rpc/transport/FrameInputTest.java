package org.bitcoinfx.ipc.rpc.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.Arrays;
import org.bitcoinfx.ipc.rpc.schema.CapnpRpc;
import org.capnproto.BuilderArena;
import org.capnproto.MessageBuilder;
import org.junit.jupiter.api.Test;

/** {@link FrameInput#frameBuffered}: how the reader thread knows its turn is over. */
class FrameInputTest {
    private static byte[] finish(int questionId) {
        MessageBuilder m = new MessageBuilder(16, BuilderArena.AllocationStrategy.GROW_HEURISTICALLY);
        m.initRoot(CapnpRpc.Message.factory).initFinish().setQuestionId(questionId);
        return Frames.encode(m);
    }

    /** A two-segment frame: a Call whose cap table overflows a 2-word first segment. */
    private static byte[] twoSegments() {
        MessageBuilder m = new MessageBuilder(2, BuilderArena.AllocationStrategy.GROW_HEURISTICALLY);
        CapnpRpc.Call.Builder c = m.initRoot(CapnpRpc.Message.factory).initCall();
        c.getParams().initCapTable(40);
        byte[] f = Frames.encode(m);
        assertTrue(f[0] > 0, "test frame should have more than one segment");
        return f;
    }

    @Test
    void tellsWholeFramesFromPartialOnes() throws IOException {
        byte[] a = finish(7);
        byte[] b = twoSegments();
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        PipedOutputStream w = new PipedOutputStream();
        FrameInput in = new FrameInput(new PipedInputStream(w, 1 << 16), 1 << 16);
        assertFalse(in.frameBuffered(), "empty buffer");
        w.write(both);
        // The first read fills the buffer with both frames; consume the Finish.
        byte[] first = in.readNBytes(a.length);
        assertTrue(Arrays.equals(a, first));
        assertTrue(in.frameBuffered(), "the two-segment frame is buffered whole");
        assertEquals(b.length, Frames.read(in).bytes());
        assertFalse(in.frameBuffered(), "nothing left");
    }

    @Test
    void partialHeaderTableOrSegmentsIsNotAFrame() throws IOException {
        byte[] b = twoSegments();
        for (int len : new int[] {0, 4, 8, 12, b.length - 8, b.length - 1}) {
            FrameInput in = new FrameInput(new OneShot(Arrays.copyOf(b, len)), 1 << 16);
            if (len > 0) {
                in.mark(1 << 16);
                in.read();
                in.reset(); // the bytes are now buffered, nothing consumed
            }
            assertFalse(in.frameBuffered(), len + " of " + b.length + " bytes");
        }
        FrameInput in = new FrameInput(new OneShot(b), 1 << 16);
        in.mark(1 << 16);
        in.read();
        in.reset();
        assertTrue(in.frameBuffered(), "whole frame");
        assertEquals(b.length, Frames.read(in).bytes());
    }

    @Test
    void closedStreamHasNoFrame() throws IOException {
        FrameInput in = new FrameInput(new OneShot(finish(1)), 1 << 16);
        in.close();
        assertFalse(in.frameBuffered());
    }

    /** Returns all its bytes in the first read, then end of stream. */
    private static final class OneShot extends InputStream {
        private final byte[] bytes;
        private boolean done;

        OneShot(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (done || bytes.length == 0) {
                return -1;
            }
            done = true;
            int n = Math.min(len, bytes.length);
            System.arraycopy(bytes, 0, b, off, n);
            return n;
        }
    }
}
