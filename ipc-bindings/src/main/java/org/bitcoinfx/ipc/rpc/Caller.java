package org.bitcoinfx.ipc.rpc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.bitcoinfx.ipc.IpcException;
import org.bitcoinfx.ipc.RemoteException;
import org.bitcoinfx.ipc.rpc.schema.CapnpRpc;
import org.bitcoinfx.ipc.rpc.transport.Frames;

/**
 * The caller's half of an {@link RpcConnection}: our questions (the questions table) and the
 * capabilities the peer sent us (the imports table). Sends Bootstrap, Call, Finish and Release;
 * handles the peer's Return. Mirrors, in CP {@code rpc.c++}, {@code RpcConnectionState}'s
 * {@code handleReturn}, {@code RpcRequest::send}, {@code QuestionRef} (the Finish) and
 * {@code ImportClient} (the Release).
 *
 * <p>State is the connection's and guarded by its lock ({@code synchronized (connection)}); futures
 * are completed and capabilities released without it.
 */
final class Caller {
    private final RpcConnection connection;
    private final Questions questions;
    private final Imports imports;
    private final CapDescriptors capTable;
    private final CallEvents events;

    Caller(RpcConnection connection, Questions questions, Imports imports, CapDescriptors capTable, CallEvents events) {
        this.connection = connection;
        this.questions = questions;
        this.imports = imports;
        this.capTable = capTable;
        this.events = events;
    }

    /** Sends a Bootstrap; the capability it returns is a promise on that question. */
    Capability bootstrap() {
        Capability cap;
        synchronized (connection) {
            if (connection.closedReason != null) {
                return Capability.broken(connection.closedReason);
            }
            Questions.Question q = questions.create();
            q.startNanos = System.nanoTime();
            PipelineHook hook = new PipelineHook(connection, q, new short[0]);
            q.pipelines.add(hook);
            q.bootstrapPipeline = hook;
            q.requestBytes = connection.enqueue(Messages.bootstrap(q.id));
            cap = new Capability(hook);
        }
        return cap;
    }

    /** Sends {@code call} to {@code imp} (importedCap) or {@code pipe} (promisedAnswer). */
    void sendCall(Request<?, ?> call, ImportHook imp, PipelineHook pipe) {
        IpcException refused;
        List<CapHook> unexported;
        synchronized (connection) {
            if (connection.closedReason != null) {
                refused = connection.closedReason;
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
                long words = Frames.words(call.message);
                byte[] frame = words < Frames.TRAVERSAL_LIMIT_WORDS ? Frames.encode(call.message) : null;
                if (frame != null && connection.stream.trySend(frame)) {
                    call.promise.connection = connection;
                    call.promise.question = q;
                    q.requestBytes = frame.length;
                    refused = null;
                    unexported = List.of();
                } else {
                    // Too big, or backpressure (the peer is not reading): the call never went out.
                    questions.erase(q);
                    unexported = capTable.unexport(call.call.getParams().asReader().getCapTable());
                    // Or the writer has just failed, and the shutdown that follows has not begun yet.
                    refused = connection.closedReason != null ? connection.closedReason
                            : connection.writeFailure != null ? connection.writeFailure
                            // As CP rpc-twoparty.c++ OutgoingMessageImpl::send: the peer would refuse it and abort.
                            : frame == null ? new IpcException(IpcException.Type.FAILED, "the call's message of " + words
                                    + " words is larger than the single-message size limit (" + Frames.TRAVERSAL_LIMIT_WORDS
                                    + " words, the node's traversalLimitInWords); the call was not sent")
                            : new IpcException(IpcException.Type.OVERLOADED, "outgoing queue full (" + connection.stream.queuedBytes()
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

    /** A capability pipelined on question {@code q}'s results at pointer path {@code ops} (RemotePromise.pipelineCap). */
    Capability pipeline(Questions.Question q, short[] ops) {
        synchronized (connection) {
            if (q.returned) {
                // Too late to pipeline: the question's pipelines were resolved when it returned.
                // The caller should use the response instead.
                return Capability.broken(new IpcException(IpcException.Type.FAILED,
                        "pipelined on a call that already returned; take the capability from its response"));
            }
            PipelineHook hook = new PipelineHook(connection, q, ops);
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
        synchronized (connection) {
            if (q == null || q.returned || q.finishSent || connection.closedReason != null) {
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
        if (q.canceled && q.pipelines.isEmpty() && !q.returned && !q.finishSent && connection.closedReason == null) {
            sendFinish(q, true);
        }
    }

    /** Sends {@code Finish} for {@code q}. Under the lock. */
    private void sendFinish(Questions.Question q, boolean releaseResultCaps) {
        connection.enqueue(Messages.finish(q.id, releaseResultCaps));
        q.finishSent = true;
    }

    /**
     * The last reference to an import went: drops its entry if the table still names it, and sends
     * the Release of every time the ID arrived for it, always (CP rpc.c++ {@code ~ImportClient}).
     * The reader may meanwhile have received the same ID again and put a fresh entry in its place;
     * that entry sends its own Release later.
     */
    void releaseImport(ImportHook hook) {
        synchronized (connection) {
            imports.remove(hook);
            if (connection.closedReason != null) {
                return;
            }
            connection.enqueue(Messages.release(hook.importId, hook.remoteRefs));
        }
    }

    /**
     * {@code Return} of one of our questions: results (their caps become imports), exception or
     * canceled. Resolves the question's pipelined capabilities, sends the Finish unless it said
     * {@code noFinishNeeded} or one went already, then completes the call's future (CP rpc.c++
     * {@code handleReturn}).
     *
     * @param bytes the message's size on the wire, for the call's {@link org.bitcoinfx.ipc.IpcEvent}
     * @throws IllegalArgumentException for a Return to no question of ours (a protocol error)
     */
    void handleReturn(CapnpRpc.Return.Reader r, int bytes) {
        Questions.Question q;
        Response<?> response = null;
        IpcException error = null;
        List<Capability> caps = new ArrayList<>();
        synchronized (connection) {
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
                        Response<?> resp = new Response(payload, (org.capnproto.FromPointerReader) q.request.resultsFactory, caps, bytes,
                                (java.util.function.Consumer<org.bitcoinfx.ipc.rpc.transport.MalformedMessageException>) connection::malformedResults);
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
    /** Completes a call's future, without the lock. */
    private void complete(Request<?, ?> req, Response<?> response, IpcException error) {
        CompletableFuture f = req.promise.future;
        // On the reader thread: waiters wake at once; IpcFuture keeps dependents off this thread.
        if (error != null) {
            f.completeExceptionally(error);
        } else if (!f.complete(response)) {
            response.close(); // canceled meanwhile
        }
    }

    /** Ends question {@code q} with {@code error} (the peer answered Unimplemented): no Finish is due. */
    void failQuestion(Questions.Question q, IpcException error) {
        synchronized (connection) {
            q.returned = true;
            q.resolvePipelines(null, List.of(), error);
            questions.maybeFree(q, true);
        }
        if (q.request != null) {
            events.emit(q, 0, error);
            complete(q.request, null, error);
        }
    }
}
