package org.bitcoinfx.ipc.rpc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.bitcoinfx.ipc.IpcException;
import org.bitcoinfx.ipc.rpc.schema.CapnpRpc;

/**
 * The answers table (Cap'n Proto {@code rpc.capnp}: "answers"): the peer's questions, by the ID
 * the peer chose. An answer stays until the peer's Finish, so that calls can be pipelined on it.
 * Guarded by the connection lock.
 */
final class Answers {
    /** One incoming call (or Bootstrap). */
    static final class Answer {
        final int id;
        CallContext context;            // results live here once returned
        CompletableFuture<Void> work;   // the server's future
        boolean returned;
        boolean finishReceived;
        boolean failed;
        IpcException error;             // when failed: the exception its Return carried
        final List<Integer> resultExports = new ArrayList<>();
        /**
         * What waits on the answer (calls pipelined on it, receiverAnswer promises): each is handed
         * the capability at its path, taken under the lock the moment the answer returns or fails,
         * before the peer can Finish it and so release its results; then run in order without the lock.
         */
        final List<Waiter> pipelinedCalls = new ArrayList<>();

        /** Marks the answer failed with {@code e} (under the lock); its waiters then get broken capabilities. */
        void fail(IpcException e) {
            failed = true;
            error = e;
        }

        Answer(int id) {
            this.id = id;
        }

        /**
         * What a call pipelined on this returned or failed answer at {@code ops} goes to, with a
         * new reference: the capability in its results, or a broken capability carrying the
         * answer's exception, or saying the field holds no capability. Under the lock.
         */
        Capability pipelinedCap(short[] ops) {
            if (failed) {
                return Capability.broken(error != null ? error
                        : new IpcException(IpcException.Type.FAILED, "pipelined on a call that failed"));
            }
            Capability c;
            try {
                c = resultCap(ops);
            } catch (RuntimeException e) {
                c = null;
            }
            return c != null ? c : Capability.broken(new IpcException(IpcException.Type.FAILED,
                    "pipelined on a null capability (question " + id + ")"));
        }

        /**
         * The capability at {@code ops} in this returned answer's results, with a new reference, or
         * null if the field holds none. Under the lock.
         *
         * @throws RuntimeException if the path does not lead to a capability pointer
         */
        Capability resultCap(short[] ops) {
            CapnpRpc.Payload.Reader p = context.payload.asReader();
            int index = ops.length == 0 ? p.getContentCapIndex() : CapDescriptors.capIndexAt(p, ops);
            List<Capability> caps = context.resultCapsView();
            return index < 0 || index >= caps.size() || caps.get(index) == null ? null : caps.get(index).dup();
        }

        /**
         * Hands what waits on this answer, which has just returned or failed, the capabilities at
         * their paths, taken now, under the lock: the peer's Finish, which may follow the Return
         * at once, releases the results. Run the returned actions in order without the lock.
         */
        List<Runnable> takeWaiters() {
            List<Runnable> run = new ArrayList<>(pipelinedCalls.size());
            for (Waiter w : pipelinedCalls) {
                Capability c = pipelinedCap(w.ops());
                run.add(() -> w.deliver().accept(c));
            }
            pipelinedCalls.clear();
            return run;
        }
    }

    /** Waits on an answer for the capability at {@code ops} (a new reference, which {@code deliver} owns). */
    record Waiter(short[] ops, java.util.function.Consumer<Capability> deliver) {
    }

    private final Map<Integer, Answer> table = new HashMap<>();

    /** @return the new answer, or null if the ID is still in use (a protocol error) */
    Answer create(int id) {
        if (table.containsKey(id)) {
            return null;
        }
        Answer a = new Answer(id);
        table.put(id, a);
        return a;
    }

    Answer get(int id) {
        return table.get(id);
    }

    void erase(int id) {
        table.remove(id);
    }

    List<Answer> drain() {
        List<Answer> all = new ArrayList<>(table.values());
        table.clear();
        return all;
    }

    int size() {
        return table.size();
    }
}
