package org.bitcoinfx.ipc.rpc.transport;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link MessageStream} over a byte stream: the node's Unix socket (junixsocket's
 * {@code AFUNIXSocket}), or any pair of Java streams. Mirrors capnproto-c++'s
 * {@code AsyncIoMessageStream} under {@code TwoPartyVatNetwork} ({@code serialize-async.c++},
 * {@code rpc-twoparty.c++}).
 *
 * <p>Reading: the caller's thread reads frames ({@link Frames#read}) from a 64 KiB buffer, so a
 * frame's header, segment table and segments come in one system call, and the buffer tells, without
 * one, whether a further frame is already in ({@link #messageBuffered}). Writing: a
 * {@link FrameWriter}, whose thread {@code <name>-writer} alone writes to the stream, gathering
 * queued frames into one write; a write that waits on the peer longer than the write deadline ends
 * the stream with a {@link WriteTimeoutException}.
 */
public final class StreamTransport implements MessageStream {
    /** Size of the read buffer, bytes. */
    public static final int READ_BUFFER_BYTES = 64 * 1024;

    private final FrameInput in;
    private final FrameWriter writer;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    /**
     * Starts the writer thread over a pair of streams.
     *
     * @param in              where frames come from
     * @param out             where frames go
     * @param stream          closed when the transport ends (normally the socket both belong to)
     * @param name            thread-name prefix: the writer thread is {@code name + "-writer"}
     * @param queueLimitBytes the bound of the outgoing queue, bytes (positive)
     * @param writeDeadline   how long one write may wait on the peer (positive)
     * @throws IllegalArgumentException if the bound or the deadline is not positive
     */
    public StreamTransport(InputStream in, OutputStream out, Closeable stream, String name, long queueLimitBytes,
            Duration writeDeadline) {
        this.in = new FrameInput(in, READ_BUFFER_BYTES);
        this.writer = new FrameWriter(out, stream, name, queueLimitBytes, writeDeadline, closed::completeExceptionally);
    }

    /**
     * Starts a transport over a connected socket; closing the transport closes the socket.
     *
     * @throws IOException if the socket's streams cannot be had (it is closed or not connected)
     */
    public static StreamTransport of(Socket socket, String name, long queueLimitBytes, Duration writeDeadline) throws IOException {
        return new StreamTransport(socket.getInputStream(), socket.getOutputStream(), socket, name, queueLimitBytes, writeDeadline);
    }

    /**
     * Connects to a Unix socket ({@link UnixSockets#connect}: the 108-byte {@code sun_path} check,
     * then {@code check} on the peer's credentials) and starts a transport over it.
     *
     * @param check decides whether to talk to the process serving the socket, or null for no check
     * @throws IOException if the path is too long, the socket does not exist or refuses, or
     *                     {@code check} refuses the peer
     */
    public static StreamTransport connect(Path socketPath, UnixSockets.PeerCheck check, String name, long queueLimitBytes,
            Duration writeDeadline) throws IOException {
        Socket s = UnixSockets.connect(socketPath, check);
        try {
            return of(s, name, queueLimitBytes, writeDeadline);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    @Override
    public Frames.Inbound receive() throws IOException {
        return Frames.read(in);
    }

    @Override
    public boolean messageBuffered() {
        return in.frameBuffered();
    }

    @Override
    public boolean send(byte[] frame) {
        return writer.add(frame);
    }

    @Override
    public boolean trySend(byte[] frame) {
        return writer.tryAdd(frame);
    }

    @Override
    public long queuedBytes() {
        return writer.queuedBytes();
    }

    @Override
    public void awaitRoom() throws InterruptedException {
        writer.awaitRoom();
    }

    @Override
    public void close(Duration linger) {
        writer.close(linger);
        closed.complete(null);
    }

    @Override
    public void abort() {
        writer.abort();
        closed.complete(null);
    }

    @Override
    public CompletableFuture<Void> closed() {
        return closed;
    }
}
