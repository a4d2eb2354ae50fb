package org.bitcoinfx.ipc.rpc;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.bitcoinfx.ipc.IpcException;
import org.bitcoinfx.ipc.RemoteException;
import org.bitcoinfx.ipc.rpc.schema.CapnpRpc;
import org.capnproto.BuilderArena;
import org.capnproto.MessageBuilder;

/**
 * Builders of the runtime's outgoing control messages of {@code capnp/rpc.capnp} (Bootstrap,
 * Finish, Release, Abort, a Return that is an exception or {@code canceled}), and the mapping
 * between {@code rpc.capnp}'s {@code Exception} and {@link IpcException}. Stateless. First-segment
 * sizes are chosen so that a typical message fits in one; larger ones grow further segments.
 */
final class Messages {
    /** First-segment size, in words, of control messages (Bootstrap, Finish, Release, Abort, Disembargo). */
    static final int CONTROL_MESSAGE_WORDS = 16;
    /**
     * First-segment size, in words, of Calls and Returns: room for every bitcoin-node call's params
     * or results but the large Data and Text ones, which go into a further segment. capnproto-java's
     * default (1024 words) cost 16 KiB of zeroed heap per call round trip.
     */
    static final int CALL_MESSAGE_WORDS = 128;

    private Messages() {
    }

    /** A message builder whose first segment holds {@code words} words; later segments grow as needed. */
    static MessageBuilder newMessage(int words) {
        return new MessageBuilder(words, BuilderArena.AllocationStrategy.GROW_HEURISTICALLY);
    }

    /** A control message: its root {@code Message}. */
    private static CapnpRpc.Message.Builder control(MessageBuilder m) {
        return m.initRoot(CapnpRpc.Message.factory);
    }

    /** {@code Bootstrap(questionId)}. */
    static MessageBuilder bootstrap(int questionId) {
        MessageBuilder m = newMessage(CONTROL_MESSAGE_WORDS);
        control(m).initBootstrap().setQuestionId(questionId);
        return m;
    }

    /**
     * {@code Finish(questionId, releaseResultCaps)}, without the early-cancellation workaround
     * (capnp ≥ 0.11 peers cancel on an early Finish either way).
     */
    static MessageBuilder finish(int questionId, boolean releaseResultCaps) {
        MessageBuilder m = newMessage(CONTROL_MESSAGE_WORDS);
        CapnpRpc.Finish.Builder f = control(m).initFinish();
        f.setQuestionId(questionId);
        f.setReleaseResultCaps(releaseResultCaps);
        f.setRequireEarlyCancellationWorkaround(false);
        return m;
    }

    /** {@code Release(id, referenceCount)}. */
    static MessageBuilder release(int importId, int referenceCount) {
        MessageBuilder m = newMessage(CONTROL_MESSAGE_WORDS);
        CapnpRpc.Release.Builder r = control(m).initRelease();
        r.setId(importId);
        r.setReferenceCount(referenceCount);
        return m;
    }

    /** {@code Abort(reason, type = failed)}. */
    static MessageBuilder abort(String reason) {
        MessageBuilder m = newMessage(CONTROL_MESSAGE_WORDS);
        CapnpRpc.Exception.Builder e = control(m).initAbort();
        e.setReason(reason);
        e.setType(CapnpRpc.Exception.Type.FAILED);
        return m;
    }

    /** A Return of {@code answerId} carrying {@code error} (a {@link RemoteException}'s own reason). */
    static MessageBuilder exceptionReturn(int answerId, IpcException error) {
        MessageBuilder m = newMessage(CONTROL_MESSAGE_WORDS);
        CapnpRpc.Return.Builder r = control(m).initReturn();
        r.setAnswerId(answerId);
        r.setReleaseParamCaps(false);
        CapnpRpc.Exception.Builder e = r.initException();
        e.setReason(error instanceof RemoteException re ? re.reason() : error.getMessage());
        e.setType(switch (error.type()) {
            case OVERLOADED -> CapnpRpc.Exception.Type.OVERLOADED;
            case DISCONNECTED -> CapnpRpc.Exception.Type.DISCONNECTED;
            case UNIMPLEMENTED -> CapnpRpc.Exception.Type.UNIMPLEMENTED;
            default -> CapnpRpc.Exception.Type.FAILED;
        });
        return m;
    }

    /** A Return of {@code answerId} saying {@code canceled} (the peer's Finish came first). */
    static MessageBuilder canceledReturn(int answerId) {
        MessageBuilder m = newMessage(CONTROL_MESSAGE_WORDS);
        CapnpRpc.Return.Builder r = control(m).initReturn();
        r.setAnswerId(answerId);
        r.setReleaseParamCaps(false);
        r.setCanceled();
        return m;
    }

    /** The {@link IpcException.Type} of an {@code rpc.capnp} exception type. */
    static IpcException.Type typeOf(CapnpRpc.Exception.Type t) {
        return switch (t) {
            case OVERLOADED -> IpcException.Type.OVERLOADED;
            case DISCONNECTED -> IpcException.Type.DISCONNECTED;
            case UNIMPLEMENTED -> IpcException.Type.UNIMPLEMENTED;
            default -> IpcException.Type.FAILED;
        };
    }

    /** {@code t}, unwrapped from completion wrappers, as an {@link IpcException} (FAILED unless it is one). */
    static IpcException asIpc(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof IpcException e) {
            return e;
        }
        if (t instanceof CancellationException) {
            return new IpcException(IpcException.Type.FAILED, "call canceled", t);
        }
        return new IpcException(IpcException.Type.FAILED, String.valueOf(t.getMessage() == null ? t.toString() : t.getMessage()), t);
    }
}
