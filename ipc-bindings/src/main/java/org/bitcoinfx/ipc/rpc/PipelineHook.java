package org.bitcoinfx.ipc.rpc;

/**
 * A promised capability: pointer field {@code ops} of the results of question {@code questionId},
 * still in flight. Calls go out as {@code promisedAnswer} targets until the Return arrives; then
 * the hook resolves to the capability the results hold, and later calls go to it directly.
 */
final class PipelineHook extends CapHook {
    final RpcConnection connection;
    final Questions.Question question;
    final short[] ops;
    private CapHook resolution; // guarded by connection

    PipelineHook(RpcConnection connection, Questions.Question question, short[] ops) {
        this.connection = connection;
        this.question = question;
        this.ops = ops;
    }

    @Override
    void send(Request<?, ?> call) {
        CapHook target;
        synchronized (connection) {
            target = resolution;
            if (target == null) {
                connection.caller.sendCall(call, null, this);
                return;
            }
        }
        target.send(call);
    }

    /** Called under the connection lock when the question returns; takes over {@code to}'s reference. */
    void resolve(CapHook to) {
        resolution = to;
    }

    @Override
    CapHook resolvedHook() {
        synchronized (connection) {
            return resolution == null ? this : resolution.resolvedHook();
        }
    }

    @Override
    void onLastRelease() {
        CapHook r;
        synchronized (connection) {
            r = resolution;
            resolution = null;
            question.pipelines.remove(this);
            connection.caller.pipelineReleased(question);
        }
        if (r != null) {
            r.release();
        }
    }

    @Override
    public String toString() {
        return "promise on question " + question.id;
    }
}
