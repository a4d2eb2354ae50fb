package org.bitcoinfx.ipc.rpc;

import java.util.ArrayList;
import java.util.List;
import org.bitcoinfx.ipc.IpcException;
import org.bitcoinfx.ipc.rpc.schema.CapnpRpc;

/**
 * The questions table (Cap'n Proto {@code rpc.capnp}: "questions"): calls this side made, by the
 * question ID it chose. An ID is free again once the Return has arrived and a Finish has been
 * sent, or after a Return with {@code noFinishNeeded}. Guarded by the connection lock.
 */
final class Questions {
    /** One outgoing call (or Bootstrap). */
    static final class Question {
        int id;
        Request<?, ?> request;          // null for Bootstrap
        PipelineHook bootstrapPipeline; // the promise bootstrap() handed out, if any
        final List<PipelineHook> pipelines = new ArrayList<>();
        boolean returned;
        boolean finishSent;
        boolean canceled;               // the caller gave up on the response (RemotePromise.cancel)
        long startNanos;
        int requestBytes;

        /**
         * Resolves the capabilities pipelined on this question, now returned: each to the
         * capability at its path in {@code payload}'s {@code caps} (taking a reference), or to a
         * broken one carrying {@code error}, or saying why there is none. Under the lock.
         *
         * @param payload the results, or null if the question failed or was canceled
         */
        void resolvePipelines(CapnpRpc.Payload.Reader payload, List<Capability> caps, IpcException error) {
            for (PipelineHook p : new ArrayList<>(pipelines)) {
                CapHook to;
                if (error != null) {
                    to = new BrokenHook(error);
                } else if (payload == null) {
                    to = new BrokenHook(new IpcException(IpcException.Type.FAILED, "call was canceled"));
                } else {
                    int index;
                    try {
                        index = p.ops.length == 0 ? payload.getContentCapIndex() : CapDescriptors.capIndexAt(payload, p.ops);
                    } catch (RuntimeException e) {
                        index = -2;
                    }
                    Capability c = index >= 0 && index < caps.size() ? caps.get(index) : null;
                    if (c == null) {
                        to = new BrokenHook(new IpcException(IpcException.Type.FAILED,
                                index == -2 ? "pipelined path is not a capability" : "pipelined on a null capability"));
                    } else {
                        c.hook.addRef();
                        to = c.hook;
                    }
                }
                p.resolve(to);
            }
            pipelines.clear();
        }
    }

    private final IdTable<Question> table = new IdTable<>();

    Question create() {
        Question q = new Question();
        q.id = table.allocate(q);
        return q;
    }

    Question get(int id) {
        return table.get(id);
    }

    /** Frees the ID if both the Return arrived and the Finish went out (or none is needed). */
    void maybeFree(Question q, boolean noFinishNeeded) {
        if (q.returned && (q.finishSent || noFinishNeeded) && table.get(q.id) == q) {
            table.erase(q.id);
        }
    }

    /** Frees {@code q}'s ID at once (its Call never went out). */
    void erase(Question q) {
        if (table.get(q.id) == q) {
            table.erase(q.id);
        }
    }

    List<Question> drain() {
        List<Question> all = new ArrayList<>();
        table.values().forEach(all::add);
        table.clear();
        return all;
    }

    int size() {
        return table.size();
    }
}
