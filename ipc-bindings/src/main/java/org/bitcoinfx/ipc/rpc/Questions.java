package org.bitcoinfx.ipc.rpc;

import java.util.ArrayList;
import java.util.List;

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
