package org.bitcoinfx.ipc.rpc.transport;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A two-party message stream: what an {@link org.bitcoinfx.ipc.rpc.RpcConnection} needs of the
 * bytes under it. Mirrors capnproto-c++'s {@code VatNetwork::Connection} of a
 * {@code TwoPartyVatNetwork} ({@code rpc-twoparty.h}) over a {@code MessageStream}
 * ({@code serialize-async.h}): messages in, messages out, shut down, told when it ended.
 *
 * <p>Messages travel framed ({@link Frames}): {@link #send} takes the bytes of one frame. Outgoing
 * frames are queued and leave in the order queued, without the caller waiting on the peer; the
 * queue is bounded by bytes ({@link #trySend}, {@link #awaitRoom}). One thread at a time calls
 * {@link #receive} (the connection's reader); every other method may be called from any thread.
 *
 * <p>Implementations: {@link StreamTransport} (a byte stream, the node's Unix socket) and
 * {@link InMemoryTransport} (a connected pair in one JVM, for tests).
 */
public interface MessageStream {
    /**
     * Waits for the next message.
     *
     * @return the message, or null if the peer ended the stream cleanly between messages
     * @throws MalformedMessageException if the frame breaks the rules or limits of {@link Frames}
     * @throws IOException if the stream fails, ends inside a frame, or was closed on this side
     */
    Frames.Inbound receive() throws IOException;

    /**
     * Whether a whole further message has already arrived, so that {@link #receive} will not block.
     * When false, the reader's turn (the messages that arrived together) is over.
     */
    boolean messageBuffered();

    /**
     * Queues one frame whatever the queue bound: for messages the protocol may not drop (Return,
     * Finish, Release, Abort). What bounds them is that the reader waits in {@link #awaitRoom}.
     *
     * @param frame one framed message; the stream owns it from now on (it may zero it once sent)
     * @return false if the stream is closing or closed (the frame was dropped)
     */
    boolean send(byte[] frame);

    /**
     * Queues one frame unless that would pass the queue bound (backpressure for new calls); a
     * frame is always taken into an empty queue, however large.
     *
     * @param frame one framed message; the stream owns it if taken
     * @return false if the queue is full or the stream is closing (the frame was not taken)
     */
    boolean trySend(byte[] frame);

    /** @return bytes queued and not yet taken by the peer (being written counts as queued) */
    long queuedBytes();

    /**
     * Waits while the outgoing queue is over its bound: the reader calls this before it takes in
     * another message, so that a peer that sends without reading cannot make the queue grow without
     * bound. Returns at once when the stream is closed.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    void awaitRoom() throws InterruptedException;

    /**
     * Ends the stream without blocking: frames queued so far still go out if the peer takes them
     * within {@code linger}; later frames are dropped. A blocked {@link #receive} ends with an
     * {@link IOException}. Idempotent.
     *
     * @param linger how long the queued frames may take to reach the peer
     */
    void close(Duration linger);

    /** Drops the queue and ends the stream now. Never blocks on the peer. Idempotent. */
    void abort();

    /**
     * Completes when the stream has ended: normally once {@link #close}/{@link #abort} was called
     * (the peer's end, a null from {@link #receive}, does not complete it: the owner closes the
     * stream then); exceptionally, before the stream is closed, with the
     * {@link org.bitcoinfx.ipc.DisconnectedException} of a failed write or a passed write deadline
     * ({@link WriteTimeoutException}). A dependent registered before then runs on the thread that
     * completes it.
     */
    CompletableFuture<Void> closed();
}
