package org.bitcoinfx.ipc.rpc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.bitcoinfx.ipc.IpcException;
import org.bitcoinfx.ipc.rpc.schema.CapnpRpc;
import org.bitcoinfx.ipc.rpc.transport.Frames;
import org.capnproto.MessageBuilder;
import org.capnproto.StructList;

/**
 * The callee's half of an {@link RpcConnection}: the peer's questions (the answers table) and the
 * capabilities we host for it (the exports table). Handles the peer's Bootstrap, Call, Finish,
 * Release and Disembargo, serves calls on our {@link Server}s and sends their Returns. Mirrors,
 * in CP {@code rpc.c++}, {@code RpcConnectionState}'s {@code handleBootstrap}, {@code handleCall},
 * {@code handleFinish}, {@code handleRelease}, {@code handleDisembargo} and
 * {@code RpcCallContext::sendReturn}/{@code sendErrorReturn}.
 *
 * <p>State is the connection's and guarded by its lock ({@code synchronized (connection)}); servers
 * are called, and capabilities released, without it.
 */
final class Callee {
    private final RpcConnection connection;
    private final Answers answers;
    private final Exports exports;
    private final CapDescriptors capTable;

    Callee(RpcConnection connection, Answers answers, Exports exports, CapDescriptors capTable) {
        this.connection = connection;
        this.answers = answers;
        this.exports = exports;
        this.capTable = capTable;
    }

    /**
     * {@code Bootstrap}: answers at once with our bootstrap capability (exported), or with an
     * exception if this vat has none (CP rpc.c++ {@code handleBootstrap}).
     *
     * @throws IllegalArgumentException if the question ID is still in use
     */
    void handleBootstrap(CapnpRpc.Bootstrap.Reader b) {
        synchronized (connection) {
            Answers.Answer a = answers.create(b.getQuestionId());
            if (a == null) {
                throw new IllegalArgumentException("Bootstrap reuses active question " + b.getQuestionId());
            }
            CallContext ctx = new CallContext(null, new ArrayList<>(), connection);
            a.context = ctx;
            a.returned = true;
            if (connection.bootstrapHook == null) {
                a.failed = true;
                a.error = new IpcException(IpcException.Type.FAILED, "This vat has no bootstrap interface.");
                connection.enqueue(Messages.exceptionReturn(a.id, a.error));
                return;
            }
            connection.bootstrapHook.addRef();
            ctx.addResultCap(new Capability(connection.bootstrapHook));
            ctx.ret.setAnswerId(a.id);
            ctx.ret.setReleaseParamCaps(false);
            ctx.payload.setContentCapIndex(0);
            writeResultCaps(a, ctx);
            connection.enqueue(ctx.message);
        }
    }

    /** Writes the results' cap table and notes what it exported, for a Finish with releaseResultCaps. Under the lock. */
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

    /**
     * {@code Call}: a new answer; the params' caps are received; the call goes to the export it
     * targets, or waits on the answer it is pipelined on (CP rpc.c++ {@code handleCall}).
     *
     * @throws IllegalArgumentException if the question ID is in use, results go to a third party,
     *                                  or the transform has an op other than getPointerField
     */
    void handleCall(CapnpRpc.Call.Reader c) {
        if (!c.getSendResultsTo().isCaller()) {
            throw new IllegalArgumentException("Call.sendResultsTo other than caller is not supported");
        }
        Runnable dispatch;
        synchronized (connection) {
            Answers.Answer a = answers.create(c.getQuestionId());
            if (a == null) {
                throw new IllegalArgumentException("Call reuses active question " + c.getQuestionId());
            }
            CapnpRpc.Payload.Reader params = c.getParams();
            CallContext ctx = new CallContext(params.getContent(), capTable.receive(params.getCapTable()), connection);
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

    /** Runs the call of answer {@code a} on {@code hook} (or fails it with {@code error}); its Return follows the server's future. */
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
        synchronized (connection) {
            a.work = work;
        }
        work.whenComplete((v, err) -> sendReturn(a, err));
    }

    /** Sends answer {@code a}'s Return, results or exception, unless a Finish or the end of the connection came first. */
    private void sendReturn(Answers.Answer a, Throwable err) {
        List<Runnable> pipelined;
        synchronized (connection) {
            if (a.returned || connection.closedReason != null) {
                a.context.releaseParams();
                if (connection.closedReason != null || a.finishReceived) {
                    a.context.releaseResults();
                }
                return;
            }
            a.returned = true;
            long words = err == null ? Frames.words(a.context.message) : 0;
            if (err == null && words >= Frames.TRAVERSAL_LIMIT_WORDS) {
                // As CP rpc-twoparty.c++ OutgoingMessageImpl::send (the node does the same): the peer
                // would refuse it and end the connection, so the call fails instead.
                err = new IpcException(IpcException.Type.FAILED, "results of " + words + " words: Trying to send Cap'n Proto message "
                        + "larger than our single-message size limit (" + Frames.TRAVERSAL_LIMIT_WORDS + " words)");
            }
            if (err != null) {
                IpcException e = Messages.asIpc(err);
                a.failed = true;
                a.error = e;
                a.context.releaseResults();
                connection.enqueue(Messages.exceptionReturn(a.id, e));
            } else {
                a.context.ret.setAnswerId(a.id);
                a.context.ret.setReleaseParamCaps(false);
                writeResultCaps(a, a.context);
                connection.enqueue(a.context.message);
            }
            if (a.finishReceived) {
                answers.erase(a.id);
            }
            pipelined = a.takeWaiters();
        }
        a.context.releaseParams();
        pipelined.forEach(Runnable::run);
    }

    /**
     * {@code Finish}: the peer is done with answer {@code questionId}. After the Return it frees the
     * answer (and, if asked, the result exports); before it, it cancels the call, which Returns
     * {@code canceled} (CP rpc.c++ {@code handleFinish}, capnp 1.x). Unknown IDs are ignored.
     */
    void handleFinish(CapnpRpc.Finish.Reader f) {
        List<CapHook> drop = new ArrayList<>();
        List<Runnable> waiting = List.of();
        CompletableFuture<Void> cancel = null;
        synchronized (connection) {
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
                connection.enqueue(Messages.canceledReturn(a.id));
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

    /**
     * {@code Release}: the peer drops {@code referenceCount} references to export {@code id}; at
     * zero the export goes (CP rpc.c++ {@code handleRelease}).
     *
     * @throws IllegalArgumentException for an unknown export or a count over its references
     */
    void handleRelease(CapnpRpc.Release.Reader r) {
        CapHook drop;
        synchronized (connection) {
            drop = exports.release(r.getId(), r.getReferenceCount());
        }
        if (drop != null) {
            drop.release();
        }
    }

    /**
     * {@code Disembargo}: a {@code senderLoopback} is reflected back as {@code receiverLoopback} to
     * the same target (CP rpc.c++ {@code handleDisembargo}); a {@code receiverLoopback} needs
     * nothing, as we never embargo.
     *
     * @throws IllegalArgumentException for other contexts, or a target not pointing back to the sender
     */
    void handleDisembargo(CapnpRpc.Disembargo.Reader d) {
        CapnpRpc.Disembargo.Context.Reader ctx = d.getContext();
        if (ctx.isReceiverLoopback()) {
            return; // we never send senderLoopback, so no embargo of ours waits on it
        }
        if (!ctx.isSenderLoopback()) {
            throw new IllegalArgumentException("Disembargo " + ctx.which() + " is not supported");
        }
        synchronized (connection) {
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
            if (h instanceof ImportHook imp && imp.connection == connection) {
                out.initTarget().setImportedCap(imp.importId);
            } else if (h instanceof PipelineHook p && p.connection == connection) {
                CapDescriptors.writePromisedAnswer(out.initTarget().initPromisedAnswer(), p.question.id, p.ops);
            } else {
                throw new IllegalArgumentException("Disembargo target does not point back to the sender");
            }
            out.getContext().setReceiverLoopback(ctx.getSenderLoopback());
            connection.enqueue(m);
        }
    }
}
