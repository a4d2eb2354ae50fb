package org.bitcoinfx.ipc.rpc.transport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * One end of a connected pair of in-memory {@link MessageStream}s: what one end sends, the other
 * receives, in order, with no socket and no thread of its own. For tests of the protocol, as
 * capnproto-c++'s {@code rpc-test.c++} runs two vats over its {@code TestNetwork} and
 * {@code rpc-twoparty-test.c++} over {@code kj::newTwoWayPipe()}.
 *
 * <p>Frames pass as their framed bytes and are parsed again by the receiver ({@link Frames#read}),
 * so the limits and the byte counts are those of a socket. Each direction is a queue bounded by
 * bytes, as {@link StreamTransport}'s is: {@link #trySend} refuses a frame that would pass the bound
 * while the peer has not received what is queued, and {@link #awaitRoom} waits for the peer to
 * receive. Thread-safe; {@link #receive} blocks the one reader.
 */
public final class InMemoryTransport implements MessageStream {
    /** The default bound of each direction's queue, bytes (16 MiB, as {@code RpcConnection.Options.DEFAULT}). */
    public static final long DEFAULT_QUEUE_LIMIT_BYTES = 16L << 20;

    /**
     * Two connected ends.
     *
     * @param a one end (by convention the client's)
     * @param b the other end
     */
    public record Pair(InMemoryTransport a, InMemoryTransport b) {
        /**
         * Cuts the connection, as a network failure would: both ends are aborted, queued frames
         * dropped; each end's {@link #receive} then fails with an {@link IOException}.
         */
        public void disconnect() {
            a.abort();
            b.abort();
        }
    }

    /** One direction: frames one end sent and the other has not yet received. Guarded by itself. */
    private static final class Pipe {
        final ArrayDeque<byte[]> frames = new ArrayDeque<>();
        long bytes;
        boolean ended;   // the sender closed: the receiver gets what is queued, then the end
        boolean dropped; // the receiver closed: nothing more is delivered or kept
    }

    private final Pipe in;
    private final Pipe out;
    private final long limitBytes;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    private InMemoryTransport(Pipe in, Pipe out, long limitBytes) {
        this.in = in;
        this.out = out;
        this.limitBytes = limitBytes;
    }

    /** A connected pair with {@link #DEFAULT_QUEUE_LIMIT_BYTES} each way. */
    public static Pair pair() {
        return pair(DEFAULT_QUEUE_LIMIT_BYTES);
    }

    /**
     * A connected pair.
     *
     * @param queueLimitBytes the bound of each direction's queue, bytes
     * @throws IllegalArgumentException if the bound is not positive
     */
    public static Pair pair(long queueLimitBytes) {
        if (queueLimitBytes <= 0) {
            throw new IllegalArgumentException("queue limit must be positive");
        }
        Pipe ab = new Pipe();
        Pipe ba = new Pipe();
        return new Pair(new InMemoryTransport(ba, ab, queueLimitBytes), new InMemoryTransport(ab, ba, queueLimitBytes));
    }

    /**
     * @throws IOException if this end was closed or aborted (a socket closed under its reader)
     * @throws InterruptedIOException if interrupted while waiting
     */
    @Override
    public Frames.Inbound receive() throws IOException {
        byte[] frame;
        synchronized (in) {
            while (in.frames.isEmpty() && !in.ended && !in.dropped) {
                try {
                    in.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for a message");
                }
            }
            if (in.dropped) {
                throw new IOException("stream closed");
            }
            frame = in.frames.poll();
            if (frame != null) {
                in.bytes -= frame.length;
                in.notifyAll(); // the sender's awaitRoom
            }
        }
        if (frame == null) {
            return null; // the peer ended the stream
        }
        Frames.Inbound m = Frames.read(new ByteArrayInputStream(frame));
        if (m == null || m.bytes() != frame.length) {
            throw new MalformedMessageException("frame of " + frame.length + " bytes does not hold one message");
        }
        return m;
    }

    @Override
    public boolean messageBuffered() {
        synchronized (in) {
            return !in.frames.isEmpty();
        }
    }

    @Override
    public boolean send(byte[] frame) {
        return offer(frame, false);
    }

    @Override
    public boolean trySend(byte[] frame) {
        return offer(frame, true);
    }

    private boolean offer(byte[] frame, boolean bounded) {
        synchronized (out) {
            if (out.ended) {
                return false;
            }
            if (bounded && out.bytes > 0 && out.bytes + frame.length > limitBytes) {
                return false;
            }
            if (!out.dropped) { // a peer that closed takes nothing more, as a closed socket
                out.frames.add(frame);
                out.bytes += frame.length;
                out.notifyAll();
            }
            return true;
        }
    }

    @Override
    public long queuedBytes() {
        synchronized (out) {
            return out.bytes;
        }
    }

    @Override
    public void awaitRoom() throws InterruptedException {
        synchronized (out) {
            while (out.bytes > limitBytes && !out.ended && !out.dropped) {
                out.wait();
            }
        }
    }

    /** Ends this end: the peer receives what was queued, then the end of the stream. {@code linger} is not needed. */
    @Override
    public void close(Duration linger) {
        end(false);
    }

    /** Ends this end at once: what was queued is dropped; the peer sees the end of the stream. */
    @Override
    public void abort() {
        end(true);
    }

    private void end(boolean drop) {
        synchronized (out) {
            out.ended = true;
            if (drop) {
                out.frames.clear();
                out.bytes = 0;
            }
            out.notifyAll();
        }
        synchronized (in) {
            in.dropped = true;
            in.frames.clear();
            in.bytes = 0;
            in.notifyAll();
        }
        closed.complete(null);
    }

    @Override
    public CompletableFuture<Void> closed() {
        return closed;
    }
}
