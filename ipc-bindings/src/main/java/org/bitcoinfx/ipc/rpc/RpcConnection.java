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
import java.util.concurrent.CompletableFuture;
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
import org.capnproto.StructList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One side of a Cap'n Proto two-party RPC connection (a "vat" in Cap'n Proto's {@code rpc.capnp})
 * over a byte stream, usually a Unix socket. Keeps the four tables — {@link Questions},
 * {@link Answers}, {@link Imports}, {@link Exports} — and handles every message type: Bootstrap,
 * Call, Return, Finish, Resolve, Release, Disembargo, Abort, Unimplemented.
 *
 * <p>Behaves as Cap'n Proto's C++ implementation does towards bitcoin-node (facts in
 * {@code docs/IPC.md} §2): every Return is followed by a Finish with {@code releaseResultCaps=false}
 * unless it said {@code noFinishNeeded}; a Finish before the Return cancels the call; Release counts
 * are the times an ID arrived; IDs this side picks are the smallest free.
 *
 * <p>Threads: one reader thread handles incoming messages in order, in turns: the frames that
 * arrived together. Outgoing messages are queued, in the order the connection lock gives them, to
 * the connection's {@link FrameWriter}, whose thread alone writes to the stream; no caller (the
 * JavaFX thread among them) ever blocks on the socket. The queue is bounded by bytes
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

    private final MessageStream stream;
    private final Options options;
    private final Questions questions = new Questions();
    private final Answers answers = new Answers();
    private final Imports imports = new Imports();
    private final Exports exports = new Exports();
    private final LocalHook bootstrapHook;
    private final CapDescriptors capTable = new CapDescriptors(this, imports, exports, answers);
    private final CallEvents events = new CallEvents();
    private final IpcFuture<Void> closed = new IpcFuture<>();
    private final Thread reader;
    private volatile IpcException closedReason;
    private volatile DisconnectedException writeFailure; // why the writer ended, if it failed

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
        return new RpcConnection(UnixSockets.connect(socketPath, check), null);
    }

    // ---- public API ---------------------------------------------------------------------------

    /** Asks the peer for its bootstrap capability; usable at once (calls are pipelined). */
    public Capability bootstrap() {
        Capability cap;
        synchronized (this) {
            if (closedReason != null) {
                return Capability.broken(closedReason);
            }
            Questions.Question q = questions.create();
            q.startNanos = System.nanoTime();
            PipelineHook hook = new PipelineHook(this, q, new short[0]);
            q.pipelines.add(hook);
            q.bootstrapPipeline = hook;
            q.requestBytes = enqueue(Messages.bootstrap(q.id));
            cap = new Capability(hook);
        }
        return cap;
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

    // ---- sending calls ------------------------------------------------------------------------

    /** Sends {@code call} to {@code imp} (importedCap) or {@code pipe} (promisedAnswer). */
    void sendCall(Request<?, ?> call, ImportHook imp, PipelineHook pipe) {
        IpcException refused;
        List<CapHook> unexported;
        synchronized (this) {
            if (closedReason != null) {
                refused = closedReason;
                unexported = List.of();
            } else {
                Questions.Question q = questions.create();
                q.request = call;
                q.startNanos = System.nanoTime();
                call.call.setQuestionId(q.id);
                CapnpRpc.MessageTarget.Builder target = call.call.initTarget();
                if (imp != null) {
                    target.setImportedCap(imp.importId);
                } else {
                    CapDescriptors.writePromisedAnswer(target.initPromisedAnswer(), pipe.question.id, pipe.ops);
                }
                capTable.write(call.call.getParams(), call.caps);
                byte[] frame = Frames.encode(call.message);
                if (stream.trySend(frame)) {
                    call.promise.connection = this;
                    call.promise.question = q;
                    q.requestBytes = frame.length;
                    refused = null;
                    unexported = List.of();
                } else {
                    // Backpressure: the peer is not reading; the call never went out.
                    questions.erase(q);
                    unexported = capTable.unexport(call.call.getParams().asReader().getCapTable());
                    // Or the writer has just failed, and the shutdown that follows has not begun yet.
                    refused = closedReason != null ? closedReason
                            : writeFailure != null ? writeFailure
                            : new IpcException(IpcException.Type.OVERLOADED, "outgoing queue full (" + stream.queuedBytes()
                                    + " bytes waiting for the peer to read); the call was not sent");
                }
            }
        }
        unexported.forEach(CapHook::release);
        if (refused != null) {
            call.fail(refused); // without the lock: the future's dependents may run here
        } else {
            call.releaseCaps();
        }
    }




    Capability pipeline(Questions.Question q, short[] ops) {
        synchronized (this) {
            if (q.returned) {
                // Too late to pipeline: the question's pipelines were resolved when it returned.
                // The caller should use the response instead.
                return Capability.broken(new IpcException(IpcException.Type.FAILED,
                        "pipelined on a call that already returned; take the capability from its response"));
            }
            PipelineHook hook = new PipelineHook(this, q, ops);
            q.pipelines.add(hook);
            return new Capability(hook);
        }
    }

    /**
     * The caller gave up on question {@code q}'s response. As CP rpc.c++'s {@code QuestionRef}, the
     * Finish goes out only when nothing else needs the question: while capabilities pipelined on it
     * are held, calls on them still need its answer, so the Finish waits for the last of them
     * ({@link #pipelineReleased}).
     */
    void cancel(Questions.Question q) {
        synchronized (this) {
            if (q == null || q.returned || q.finishSent || closedReason != null) {
                return;
            }
            q.canceled = true;
            if (q.pipelines.isEmpty()) {
                // Before the Return: ask the server to drop the result caps itself (CP rpc.c++ QuestionRef).
                sendFinish(q, true);
            }
        }
    }

    /** A capability pipelined on {@code q} was released (under the lock): a canceled question's Finish may go now. */
    void pipelineReleased(Questions.Question q) {
        if (q.canceled && q.pipelines.isEmpty() && !q.returned && !q.finishSent && closedReason == null) {
            sendFinish(q, true);
        }
    }

    private void sendFinish(Questions.Question q, boolean releaseResultCaps) {
        enqueue(Messages.finish(q.id, releaseResultCaps));
        q.finishSent = true;
    }

    /**
     * The last reference to an import went: drops its entry if the table still names it, and sends
     * the Release of every time the ID arrived for it, always (CP rpc.c++ {@code ~ImportClient}).
     * The reader may meanwhile have received the same ID again and put a fresh entry in its place;
     * that entry sends its own Release later.
     */
    void releaseImport(ImportHook hook) {
        synchronized (this) {
            imports.remove(hook);
            if (closedReason != null) {
                return;
            }
            enqueue(Messages.release(hook.importId, hook.remoteRefs));
        }
    }

    // ---- writing ------------------------------------------------------------------------------

    /**
     * Serializes and queues a message whatever the queue bound (callers hold the lock, so the queue
     * keeps their order). A message queued after the connection ended is dropped.
     *
     * @return its size on the wire, bytes
     */
    private int enqueue(MessageBuilder m) {
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
            case BOOTSTRAP -> handleBootstrap(m.getBootstrap());
            case CALL -> handleCall(m.getCall());
            case RETURN -> handleReturn(m.getReturn(), bytes);
            case FINISH -> handleFinish(m.getFinish());
            case RESOLVE -> handleResolve(m.getResolve());
            case RELEASE -> handleRelease(m.getRelease());
            case DISEMBARGO -> handleDisembargo(m.getDisembargo());
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
                    failQuestion(q, new RemoteException(IpcException.Type.UNIMPLEMENTED, "peer does not implement Call"));
                }
            }
            case RESOLVE -> {
                // We never send Resolve (everything goes out senderHosted); nothing to undo.
            }
            default -> protocolError("peer answered Unimplemented to " + inner.which(), null);
        }
    }

    // ---- Return (our questions) --------------------------------------------------------------

    private void handleReturn(CapnpRpc.Return.Reader r, int bytes) {
        Questions.Question q;
        Response<?> response = null;
        IpcException error = null;
        List<Capability> caps = new ArrayList<>();
        synchronized (this) {
            q = questions.get(r.getAnswerId());
            if (q == null || q.returned) {
                throw new IllegalArgumentException("Return for unknown question " + r.getAnswerId());
            }
            q.returned = true;
            boolean canceled = q.finishSent;
            switch (r.which()) {
                case RESULTS -> {
                    CapnpRpc.Payload.Reader payload = r.getResults();
                    if (!canceled) {
                        caps = capTable.receive(payload.getCapTable());
                    }
                    if (q.request != null) {
                        @SuppressWarnings({"unchecked", "rawtypes"})
                        Response<?> resp = new Response(payload, (org.capnproto.FromPointerReader) q.request.resultsFactory, caps, bytes);
                        response = resp;
                    }
                    q.resolvePipelines(payload, caps, null);
                }
                case EXCEPTION -> {
                    CapnpRpc.Exception.Reader e = r.getException();
                    error = new RemoteException(Messages.typeOf(e.getType()), e.getReason().toString());
                    q.resolvePipelines(null, caps, error);
                }
                case CANCELED -> {
                    error = new IpcException(IpcException.Type.FAILED, "call canceled");
                    q.resolvePipelines(null, caps, error);
                }
                default -> {
                    error = new IpcException(IpcException.Type.UNIMPLEMENTED, "unsupported Return kind " + r.which());
                    q.resolvePipelines(null, caps, error);
                }
            }
            boolean noFinishNeeded = r.getNoFinishNeeded();
            if (!q.finishSent && !noFinishNeeded) {
                sendFinish(q, false);
            }
            questions.maybeFree(q, noFinishNeeded);
            if (q.request == null && response == null && error == null) {
                // Bootstrap: the pipeline took what it needed.
                for (Capability c : caps) {
                    if (c != null) {
                        c.close();
                    }
                }
            }
        }
        if (q.request != null) {
            Request<?, ?> req = q.request;
            events.emit(q, bytes, error);
            complete(req, response, error);
        } else {
            events.emit(q, "Init", "bootstrap", "-", bytes, error);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void complete(Request<?, ?> req, Response<?> response, IpcException error) {
        CompletableFuture f = req.promise.future;
        // On the reader thread: waiters wake at once; IpcFuture keeps dependents off this thread.
        if (error != null) {
            f.completeExceptionally(error);
        } else if (!f.complete(response)) {
            response.close(); // canceled meanwhile
        }
    }






    private void failQuestion(Questions.Question q, IpcException error) {
        synchronized (this) {
            q.returned = true;
            q.resolvePipelines(null, List.of(), error);
            questions.maybeFree(q, true);
        }
        if (q.request != null) {
            events.emit(q, 0, error);
            complete(q.request, null, error);
        }
    }




    // ---- Bootstrap, Call, Finish (the peer's questions) --------------------------------------

    private void handleBootstrap(CapnpRpc.Bootstrap.Reader b) {
        synchronized (this) {
            Answers.Answer a = answers.create(b.getQuestionId());
            if (a == null) {
                throw new IllegalArgumentException("Bootstrap reuses active question " + b.getQuestionId());
            }
            CallContext ctx = new CallContext(null, new ArrayList<>(), this);
            a.context = ctx;
            a.returned = true;
            if (bootstrapHook == null) {
                a.failed = true;
                a.error = new IpcException(IpcException.Type.FAILED, "This vat has no bootstrap interface.");
                enqueue(Messages.exceptionReturn(a.id, a.error));
                return;
            }
            bootstrapHook.addRef();
            ctx.addResultCap(new Capability(bootstrapHook));
            ctx.ret.setAnswerId(a.id);
            ctx.ret.setReleaseParamCaps(false);
            ctx.payload.setContentCapIndex(0);
            writeResultCaps(a, ctx);
            enqueue(ctx.message);
        }
    }

    private void writeResultCaps(Answers.Answer a, CallContext ctx) {
        List<Capability> caps = ctx.resultCapsView();
        capTable.write(ctx.payload, caps);
        StructList.Reader<CapnpRpc.CapDescriptor.Reader> t = ctx.payload.asReader().getCapTable();
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i).isSenderHosted()) {
                a.resultExports.add(t.get(i).getSenderHosted());
            }
        }
    }


    private void handleCall(CapnpRpc.Call.Reader c) {
        if (!c.getSendResultsTo().isCaller()) {
            throw new IllegalArgumentException("Call.sendResultsTo other than caller is not supported");
        }
        Runnable dispatch;
        synchronized (this) {
            Answers.Answer a = answers.create(c.getQuestionId());
            if (a == null) {
                throw new IllegalArgumentException("Call reuses active question " + c.getQuestionId());
            }
            CapnpRpc.Payload.Reader params = c.getParams();
            CallContext ctx = new CallContext(params.getContent(), capTable.receive(params.getCapTable()), this);
            a.context = ctx;
            long interfaceId = c.getInterfaceId();
            short methodId = c.getMethodId();
            CapnpRpc.MessageTarget.Reader target = c.getTarget();
            if (target.isImportedCap()) {
                Exports.Export e = exports.get(target.getImportedCap());
                CapHook hook = e == null ? null : e.hook;
                dispatch = () -> dispatchTo(a, hook, interfaceId, methodId, e == null
                        ? new IpcException(IpcException.Type.FAILED, "Call to unknown export " + target.getImportedCap()) : null);
            } else {
                CapnpRpc.PromisedAnswer.Reader pa = target.getPromisedAnswer();
                Answers.Answer base = answers.get(pa.getQuestionId());
                short[] ops = CapDescriptors.ops(pa);
                if (base == null) {
                    dispatch = () -> dispatchTo(a, null, interfaceId, methodId, new IpcException(IpcException.Type.FAILED,
                            "pipelined call on unknown question " + pa.getQuestionId()));
                } else {
                    // A failed answer's pipelined calls fail with its exception (CP rpc.c++
                    // sendErrorReturn keeps answer.pipeline for this), a broken cap's with its error.
                    java.util.function.Consumer<Capability> whenReady = cap -> {
                        dispatchTo(a, cap.hook, interfaceId, methodId, null);
                        cap.close();
                    };
                    if (base.returned) {
                        Capability cap = base.pipelinedCap(ops);
                        dispatch = () -> whenReady.accept(cap);
                    } else {
                        base.pipelinedCalls.add(new Answers.Waiter(ops, whenReady));
                        dispatch = null;
                    }
                }
            }
        }
        if (dispatch != null) {
            dispatch.run();
        }
    }




    private void dispatchTo(Answers.Answer a, CapHook hook, long interfaceId, short methodId, IpcException error) {
        CompletableFuture<Void> work;
        CapHook target = hook == null ? null : hook.resolvedHook();
        if (error == null && target instanceof QueuedHook promise) {
            // A promise (e.g. a receiverAnswer we exported back): dispatch in turn once it resolves.
            promise.whenResolved(h -> dispatchTo(a, h, interfaceId, methodId, null));
            return;
        }
        if (error != null) {
            work = CompletableFuture.failedFuture(error);
        } else if (target == null) {
            work = CompletableFuture.failedFuture(new IpcException(IpcException.Type.FAILED, "call on a null capability"));
        } else if (target instanceof LocalHook local) {
            work = local.server.call(interfaceId, methodId, a.context);
        } else if (target instanceof BrokenHook broken) {
            work = CompletableFuture.failedFuture(broken.error);
        } else {
            work = CompletableFuture.failedFuture(new IpcException(IpcException.Type.UNIMPLEMENTED,
                    "forwarding calls to another vat's capability is not supported"));
        }
        synchronized (this) {
            a.work = work;
        }
        work.whenComplete((v, err) -> sendReturn(a, err));
    }

    private void sendReturn(Answers.Answer a, Throwable err) {
        List<Runnable> pipelined;
        synchronized (this) {
            if (a.returned || closedReason != null) {
                a.context.releaseParams();
                if (closedReason != null || a.finishReceived) {
                    a.context.releaseResults();
                }
                return;
            }
            a.returned = true;
            if (err != null) {
                IpcException e = Messages.asIpc(err);
                a.failed = true;
                a.error = e;
                a.context.releaseResults();
                enqueue(Messages.exceptionReturn(a.id, e));
            } else {
                a.context.ret.setAnswerId(a.id);
                a.context.ret.setReleaseParamCaps(false);
                writeResultCaps(a, a.context);
                enqueue(a.context.message);
            }
            if (a.finishReceived) {
                answers.erase(a.id);
            }
            pipelined = a.takeWaiters();
        }
        a.context.releaseParams();
        pipelined.forEach(Runnable::run);
    }

    private void handleFinish(CapnpRpc.Finish.Reader f) {
        List<CapHook> drop = new ArrayList<>();
        List<Runnable> waiting = List.of();
        CompletableFuture<Void> cancel = null;
        synchronized (this) {
            Answers.Answer a = answers.get(f.getQuestionId());
            if (a == null) {
                return; // unknown, or an answer sent with noFinishNeeded: ignored (CP rpc.c++:3323-3331)
            }
            a.finishReceived = true;
            if (a.returned) {
                answers.erase(a.id);
                if (f.getReleaseResultCaps()) {
                    for (int id : a.resultExports) {
                        CapHook h = exports.release(id, 1);
                        if (h != null) {
                            drop.add(h);
                        }
                    }
                }
                a.context.releaseResults();
            } else {
                // Early Finish: cancel, answer "canceled" as Cap'n Proto 1.x does.
                a.returned = true;
                answers.erase(a.id);
                cancel = a.work;
                enqueue(Messages.canceledReturn(a.id));
                a.fail(new IpcException(IpcException.Type.FAILED, "call canceled by the peer's Finish"));
                waiting = a.takeWaiters();
            }
        }
        waiting.forEach(Runnable::run); // pipelined calls fail, receiverAnswer promises break
        drop.forEach(CapHook::release);
        if (cancel != null) {
            cancel.cancel(false);
        }
    }

    // ---- Release, Resolve, Disembargo ---------------------------------------------------------

    private void handleRelease(CapnpRpc.Release.Reader r) {
        CapHook drop;
        synchronized (this) {
            drop = exports.release(r.getId(), r.getReferenceCount());
        }
        if (drop != null) {
            drop.release();
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

    private void handleDisembargo(CapnpRpc.Disembargo.Reader d) {
        CapnpRpc.Disembargo.Context.Reader ctx = d.getContext();
        if (ctx.isReceiverLoopback()) {
            return; // we never send senderLoopback, so no embargo of ours waits on it
        }
        if (!ctx.isSenderLoopback()) {
            throw new IllegalArgumentException("Disembargo " + ctx.which() + " is not supported");
        }
        synchronized (this) {
            CapnpRpc.MessageTarget.Reader target = d.getTarget();
            CapHook hook = null;
            if (target.isImportedCap()) {
                Exports.Export e = exports.get(target.getImportedCap());
                hook = e == null ? null : e.hook;
            } else {
                CapnpRpc.PromisedAnswer.Reader pa = target.getPromisedAnswer();
                Answers.Answer a = answers.get(pa.getQuestionId());
                Capability c = a == null || !a.returned ? null : a.resultCap(CapDescriptors.ops(pa));
                if (c != null) {
                    hook = c.hook;
                    c.close();
                }
            }
            MessageBuilder m = Messages.newMessage(Messages.CONTROL_MESSAGE_WORDS);
            CapnpRpc.Disembargo.Builder out = m.initRoot(CapnpRpc.Message.factory).initDisembargo();
            CapHook h = hook == null ? null : hook.resolvedHook();
            if (h instanceof ImportHook imp && imp.connection == this) {
                out.initTarget().setImportedCap(imp.importId);
            } else if (h instanceof PipelineHook p && p.connection == this) {
                CapDescriptors.writePromisedAnswer(out.initTarget().initPromisedAnswer(), p.question.id, p.ops);
            } else {
                throw new IllegalArgumentException("Disembargo target does not point back to the sender");
            }
            out.getContext().setReceiverLoopback(ctx.getSenderLoopback());
            enqueue(m);
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
