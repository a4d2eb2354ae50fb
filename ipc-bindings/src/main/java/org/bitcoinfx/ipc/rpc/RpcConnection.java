package org.bitcoinfx.ipc.rpc;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.bitcoinfx.ipc.DisconnectedException;
import org.bitcoinfx.ipc.IpcException;
import org.bitcoinfx.ipc.IpcListener;
import org.bitcoinfx.ipc.RemoteException;
import org.bitcoinfx.ipc.rpc.schema.CapnpRpc;
import org.bitcoinfx.ipc.rpc.transport.FrameWriter;
import org.bitcoinfx.ipc.rpc.transport.Frames;
import org.bitcoinfx.ipc.rpc.transport.MalformedMessageException;
import org.bitcoinfx.ipc.rpc.transport.MessageStream;
import org.bitcoinfx.ipc.rpc.transport.StreamTransport;
import org.bitcoinfx.ipc.rpc.transport.UnixSockets;
import org.capnproto.DecodeException;
import org.capnproto.MessageBuilder;
import org.capnproto.MessageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One side of a Cap'n Proto two-party RPC connection (a "vat" in Cap'n Proto's {@code rpc.capnp})
 * over a {@link MessageStream}: the node's Unix socket ({@link StreamTransport}) or, in tests, an
 * in-memory pair. Keeps the four tables — {@link Questions}, {@link Answers}, {@link Imports},
 * {@link Exports} — and handles every message type: Bootstrap, Call, Return, Finish, Resolve,
 * Release, Disembargo, Abort, Unimplemented (CP {@code rpc.c++}'s {@code RpcConnectionState}). The
 * handlers of messages about our questions and imports are in {@link Caller}, those about the
 * peer's questions and our exports in {@link Callee}; this class dispatches to them, reads, and
 * ends the connection.
 *
 * <p>Behaves as Cap'n Proto's C++ implementation does towards bitcoin-node (facts in
 * {@code docs/IPC.md} §2): every Return is followed by a Finish with {@code releaseResultCaps=false}
 * unless it said {@code noFinishNeeded}; a Finish before the Return cancels the call; Release counts
 * are the times an ID arrived; IDs this side picks are the smallest free.
 *
 * <p>Threads: one reader thread handles incoming messages in order, in turns: the frames that
 * arrived together. Outgoing messages are queued, in the order the connection lock gives them, to
 * the stream (a {@link StreamTransport}'s {@link FrameWriter}, whose thread alone writes to the
 * socket); no caller (the JavaFX thread among them) ever blocks on the socket. The queue is bounded by bytes
 * ({@link Options#queueLimitBytes}): a new call that would pass the bound fails at once with
 * OVERLOADED, and the reader takes in no further message until the writer has made room, so a peer
 * that sends without reading cannot make it grow without bound; a write that waits longer than
 * {@link Options#writeDeadline} aborts the connection with a
 * {@link org.bitcoinfx.ipc.rpc.transport.WriteTimeoutException}. The reader completes response
 * futures itself, so a thread waiting in {@code get()} wakes with no further hand-off; their
 * dependents never run on the reader thread ({@link IpcFuture}).
 * When the stream ends or an Abort arrives, every pending call fails with
 * {@link DisconnectedException} and the reader thread ends. {@link #close()} and {@link #abort}
 * never wait on the peer: what was queued goes out if the peer takes it within
 * {@link Options#closeLinger}, then the stream is closed.
 */
public final class RpcConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RpcConnection.class);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    /**
     * Limits of one connection's writing side.
     *
     * @param queueLimitBytes bytes of outgoing frames queued before new calls fail with OVERLOADED
     *                        and the reader stops taking in the peer's messages (a frame larger than
     *                        this still goes out, alone)
     * @param writeDeadline   how long one write may wait on the peer before the connection is
     *                        aborted with a {@link org.bitcoinfx.ipc.rpc.transport.WriteTimeoutException}
     * @param closeLinger     how long {@link #close()}/{@link #abort} let the peer take the frames
     *                        already queued before the stream is closed anyway
     */
    public record Options(long queueLimitBytes, Duration writeDeadline, Duration closeLinger) {
        /** 16 MiB, 30 s, 5 s. */
        public static final Options DEFAULT = new Options(16L << 20, Duration.ofSeconds(30), Duration.ofSeconds(5));

        /** @return these options with another write deadline */
        public Options withWriteDeadline(Duration d) {
            return new Options(queueLimitBytes, d, closeLinger);
        }

        /** @return these options with another queue bound, bytes */
        public Options withQueueLimitBytes(long bytes) {
            return new Options(bytes, writeDeadline, closeLinger);
        }

        /** @return these options with another close linger */
        public Options withCloseLinger(Duration d) {
            return new Options(queueLimitBytes, writeDeadline, d);
        }
    }

    // The four tables (capnp/rpc.capnp), guarded by this connection's lock, as everything below is
    // unless marked volatile.
    private final Questions questions = new Questions(); // ours, for our Calls and Bootstraps
    private final Answers answers = new Answers();       // the peer's questions to us
    private final Imports imports = new Imports();       // capabilities the peer hosts
    private final Exports exports = new Exports();       // capabilities we host for the peer
    private final CapDescriptors capTable = new CapDescriptors(this, imports, exports, answers);
    private final CallEvents events = new CallEvents();
    /** Our questions and imports: Bootstrap, Call, Finish, Release out; Return in. */
    final Caller caller = new Caller(this, questions, imports, capTable, events);
    /** The peer's questions and our exports: Bootstrap, Call, Finish, Release, Disembargo in; Return out. */
    final Callee callee = new Callee(this, answers, exports, capTable);
    final MessageStream stream;
    final LocalHook bootstrapHook;
    private final Options options;
    private final IpcFuture<Void> closed = new IpcFuture<>();
    private final Thread reader;
    volatile IpcException closedReason;
    volatile DisconnectedException writeFailure; // why the writer ended, if it failed

    /**
     * Starts a connection over {@code socket}.
     *
     * @param bootstrap the capability to answer the peer's Bootstrap with, or null to refuse
     */
    public RpcConnection(Socket socket, Server bootstrap) throws IOException {
        this(socket.getInputStream(), socket.getOutputStream(), socket, bootstrap);
    }

    /** Starts a connection over a pair of streams, with {@link Options#DEFAULT}; {@code stream} is closed when the connection ends. */
    public RpcConnection(InputStream in, OutputStream out, Closeable stream, Server bootstrap) {
        this(in, out, stream, bootstrap, Options.DEFAULT);
    }

    /**
     * Starts a connection over a pair of streams ({@link StreamTransport}); {@code stream} is closed
     * when the connection ends. Threads: {@code capnp-rpc-<n>-reader} and {@code capnp-rpc-<n>-writer}.
     *
     * @throws IllegalArgumentException if {@code options} has a bound or deadline that is not positive
     */
    public RpcConnection(InputStream in, OutputStream out, Closeable stream, Server bootstrap, Options options) {
        this(nextName(), in, out, stream, bootstrap, options);
    }

    private RpcConnection(String name, InputStream in, OutputStream out, Closeable stream, Server bootstrap, Options options) {
        this(new StreamTransport(in, out, stream, name, options.queueLimitBytes(), options.writeDeadline()), bootstrap, options, name);
    }

    /**
     * Starts a connection over a message stream, with {@link Options#DEFAULT}: for instance one end
     * of an {@link org.bitcoinfx.ipc.rpc.transport.InMemoryTransport#pair()}.
     */
    public RpcConnection(MessageStream stream, Server bootstrap) {
        this(stream, bootstrap, Options.DEFAULT);
    }

    /**
     * Starts a connection over a message stream, which it owns from now on. The stream's own queue
     * bound and write deadline apply; of {@code options} only {@link Options#closeLinger} does.
     * Thread: {@code capnp-rpc-<n>-reader} (and whatever threads the stream has).
     *
     * @param bootstrap the capability to answer the peer's Bootstrap with, or null to refuse
     */
    public RpcConnection(MessageStream stream, Server bootstrap, Options options) {
        this(stream, bootstrap, options, nextName());
    }

    private RpcConnection(MessageStream stream, Server bootstrap, Options options, String name) {
        this.stream = stream;
        this.options = options;
        this.bootstrapHook = bootstrap == null ? null : new LocalHook(bootstrap);
        this.reader = new IpcFuture.ReaderThread(this::readLoop, name + "-reader");
        stream.closed().whenComplete((v, e) -> {
            if (e != null) {
                writeFailed(e instanceof DisconnectedException d ? d : new DisconnectedException("transport failed: " + e, e));
            }
        });
        this.reader.start();
    }

    private static String nextName() {
        return "capnp-rpc-" + COUNTER.incrementAndGet();
    }

    /**
     * Connects to a Unix socket (the node's {@code -ipcbind=unix} socket) as a client.
     *
     * @throws IOException if the socket does not exist, refuses, or the path is 108 bytes or longer
     */
    public static RpcConnection connect(Path socketPath) throws IOException {
        return connect(socketPath, null);
    }

    /**
     * Connects as a client, running {@code check} on the peer credentials of this very connection
     * before any message goes out ({@link UnixSockets#connect}).
     *
     * @param check decides whether to talk to the process serving the socket, or null for no check
     * @throws IOException as {@link #connect(Path)}, or {@code check}'s exception
     */
    public static RpcConnection connect(Path socketPath, UnixSockets.PeerCheck check) throws IOException {
        String name = nextName();
        Options o = Options.DEFAULT;
        return new RpcConnection(StreamTransport.connect(socketPath, check, name, o.queueLimitBytes(), o.writeDeadline()), null, o, name);
    }

    // ---- public API ---------------------------------------------------------------------------

    /** Asks the peer for its bootstrap capability; usable at once (calls are pipelined). */
    public Capability bootstrap() {
        return caller.bootstrap();
    }

    /** Subscribes to one event per call this side makes. */
    public void addListener(IpcListener l) {
        events.add(l);
    }

    /** Unsubscribes. */
    public void removeListener(IpcListener l) {
        events.remove(l);
    }

    /** Completes when the connection ends: normally after {@link #close()}, exceptionally otherwise. */
    public IpcFuture<Void> closed() {
        return closed;
    }

    /** @return true until the connection ends */
    public boolean isOpen() {
        return closedReason == null;
    }

    /** Table sizes, for tests and the inspector: questions, answers, imports, exports. */
    public synchronized int[] tableSizes() {
        return new int[] {questions.size(), answers.size(), imports.size(), exports.size()};
    }

    /**
     * Ends the connection: pending calls fail with {@link DisconnectedException} at once; what was
     * queued before (Finish, Release) goes out if the peer takes it within
     * {@link Options#closeLinger}, then the stream is closed. Never blocks on the peer, never throws.
     */
    @Override
    public void close() {
        shutdown(new DisconnectedException("connection closed locally"), true);
    }

    /** Sends an Abort with {@code reason} after what is queued, then closes as {@link #close()} does. */
    public void abort(String reason) {
        abort(reason, null);
    }

    private void abort(String reason, Throwable cause) {
        MessageBuilder m = Messages.abort(reason);
        synchronized (this) {
            if (closedReason == null) {
                enqueue(m);
            }
        }
        shutdown(new DisconnectedException("aborted locally: " + reason, cause), false);
    }

    // ---- writing ------------------------------------------------------------------------------

    /**
     * Serializes and queues a message whatever the queue bound (callers hold the lock, so the queue
     * keeps their order). A message queued after the connection ended is dropped.
     *
     * @return its size on the wire, bytes
     */
    int enqueue(MessageBuilder m) {
        byte[] frame = Frames.encode(m);
        stream.send(frame);
        return frame.length;
    }

    /** The writer failed or passed its deadline (on the writer or the deadline thread). */
    private void writeFailed(DisconnectedException reason) {
        if (closedReason != null) {
            return;
        }
        writeFailure = reason; // the reader, ended by the closed stream, reports this rather than its own error
        LOG.warn("IPC write failed, closing the connection: {}", reason.getMessage());
        // Off the writer's and the shared deadline thread: failing the pending calls runs their dependents.
        Thread t = new Thread(() -> shutdown(reason, false), reader.getName().replace("-reader", "-shutdown"));
        t.setDaemon(true);
        t.start();
    }

    // ---- reading ------------------------------------------------------------------------------

    private void readLoop() {
        try {
            while (true) {
                if (!stream.messageBuffered()) {
                    ((IpcFuture.ReaderThread) reader).endTurn(null);
                }
                stream.awaitRoom(); // a peer that sends without reading waits on us (backpressure)
                if (closedReason != null) {
                    return;
                }
                Frames.Inbound m = stream.receive();
                if (m == null) {
                    DisconnectedException w = writeFailure;
                    shutdown(w != null ? w : new DisconnectedException("connection closed by peer"), false);
                    return;
                }
                handle(m.message(), m.bytes());
            }
        } catch (MalformedMessageException e) {
            protocolError("malformed message: " + e.getMessage(), e);
        } catch (DecodeException | IndexOutOfBoundsException e) {
            // capnproto-java's readers throw these for pointers that break the encoding rules (an
            // IndexOutOfBoundsException for a far pointer to a segment the message does not have).
            protocolError("malformed message: " + e, new MalformedMessageException(String.valueOf(e.getMessage()), e));
        } catch (IllegalArgumentException e) {
            protocolError("protocol violation: " + e.getMessage(), e);
        } catch (IOException e) {
            DisconnectedException w = writeFailure;
            shutdown(w != null ? w : new DisconnectedException(closedReason != null ? closedReason.getMessage()
                    : "connection lost: " + e.getMessage(), e), false);
        } catch (RuntimeException e) {
            protocolError("internal error handling a message: " + e, e);
        } catch (InterruptedException e) {
            shutdown(new DisconnectedException("reader interrupted", e), false);
        } finally {
            ((IpcFuture.ReaderThread) reader).endTurn(null); // dependents of the futures failed on the way out
        }
    }

    /** A Return's results failed to decode ({@link Response#read}), on whatever thread read them: abort. */
    void malformedResults(MalformedMessageException e) {
        protocolError("malformed message: " + e.getMessage(), e);
    }

    private void protocolError(String reason, Throwable e) {
        if (closedReason != null) {
            return;
        }
        LOG.warn("IPC protocol error, aborting connection: {}", reason, e);
        abort(reason, e);
    }

    private void handle(MessageReader message, int bytes) {
        CapnpRpc.Message.Reader m = message.getRoot(CapnpRpc.Message.factory);
        switch (m.which()) {
            case UNIMPLEMENTED -> handleUnimplemented(m.getUnimplemented());
            case ABORT -> handleAbort(m.getAbort());
            case BOOTSTRAP -> callee.handleBootstrap(m.getBootstrap());
            case CALL -> callee.handleCall(m.getCall());
            case RETURN -> caller.handleReturn(m.getReturn(), bytes);
            case FINISH -> callee.handleFinish(m.getFinish());
            case RESOLVE -> handleResolve(m.getResolve());
            case RELEASE -> callee.handleRelease(m.getRelease());
            case DISEMBARGO -> callee.handleDisembargo(m.getDisembargo());
            default -> sendUnimplemented(m);
        }
    }

    private void handleAbort(CapnpRpc.Exception.Reader e) {
        String reason = e.getReason().toString();
        LOG.info("peer aborted the connection: {} ({})", reason, e.getType());
        shutdown(new DisconnectedException("peer aborted the connection: " + reason), false);
    }

    private void sendUnimplemented(CapnpRpc.Message.Reader original) {
        MessageBuilder m = Messages.newMessage(Messages.CONTROL_MESSAGE_WORDS);
        try {
            m.initRoot(CapnpRpc.Message.factory).setUnimplemented(original);
        } catch (RuntimeException e) {
            protocolError("cannot echo unhandled message " + original.which() + ": " + e.getMessage(), e);
            return;
        }
        synchronized (this) {
            if (closedReason == null) {
                enqueue(m);
            }
        }
    }

    private void handleUnimplemented(CapnpRpc.Message.Reader inner) {
        switch (inner.which()) {
            case CALL -> {
                Questions.Question q;
                synchronized (this) {
                    q = questions.get(inner.getCall().getQuestionId());
                }
                if (q != null && !q.returned) {
                    // The peer made no answer of it, so no Finish is due: the ID is free at once.
                    caller.failQuestion(q, new RemoteException(IpcException.Type.UNIMPLEMENTED, "peer does not implement Call"));
                }
            }
            case RESOLVE -> {
                // We never send Resolve (everything goes out senderHosted); nothing to undo.
            }
            default -> protocolError("peer answered Unimplemented to " + inner.which(), null);
        }
    }

    private void handleResolve(CapnpRpc.Resolve.Reader r) {
        // The exporter keeps forwarding calls on the promise ID to its resolution until we release
        // it, so we may keep sending there; we only take, and drop, the reference the Resolve gives.
        Capability resolution = null;
        synchronized (this) {
            if (r.isCap()) {
                resolution = capTable.receive(r.getCap());
            }
        }
        if (resolution != null) {
            resolution.close();
        }
    }

    // ---- shutdown -----------------------------------------------------------------------------

    private void shutdown(IpcException reason, boolean local) {
        List<Questions.Question> qs;
        List<Answers.Answer> as;
        List<CapHook> exported;
        List<Runnable> waiting = new ArrayList<>();
        synchronized (this) {
            if (closedReason != null) {
                return;
            }
            closedReason = reason;
            qs = questions.drain();
            as = answers.drain();
            for (Answers.Answer a : as) {
                if (!a.returned) {
                    a.fail(reason);
                    waiting.addAll(a.takeWaiters());
                }
            }
            imports.drain();
            exported = exports.drain();
            for (Questions.Question q : qs) {
                q.returned = true;
                q.resolvePipelines(null, List.of(), reason);
            }
        }
        // What is queued goes out if the peer takes it in time; the stream closes after it, which
        // ends the reader. Never waits here.
        stream.close(options.closeLinger());
        for (Questions.Question q : qs) {
            if (q.request != null) {
                events.emit(q, 0, reason);
                q.request.promise.future.completeExceptionally(reason);
            }
        }
        for (Answers.Answer a : as) {
            if (a.work != null) {
                a.work.cancel(false);
            }
            if (a.context != null) {
                a.context.releaseParams();
                a.context.releaseResults();
            }
        }
        waiting.forEach(Runnable::run); // receiverAnswer promises break with the reason
        exported.forEach(CapHook::release);
        if (local) {
            closed.complete(null);
        } else {
            closed.completeExceptionally(reason);
        }

    }
}
