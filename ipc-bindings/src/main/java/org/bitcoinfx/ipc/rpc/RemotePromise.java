package org.bitcoinfx.ipc.rpc;


/**
 * A call in flight: its future {@link Response}, and promise pipelining — capabilities in its
 * results can be called before they arrive ({@link #pipelineCap}).
 *
 * @param <R> the generated {@code …Results.Reader} type
 */
public final class RemotePromise<R> {
    final IpcFuture<Response<R>> future = new IpcFuture<>();
    volatile RpcConnection connection;     // set when the call went out over a connection
    volatile Questions.Question question;

    RemotePromise() {
    }

    /**
     * @return the response future; it fails with {@link org.bitcoinfx.ipc.IpcException} subclasses.
     *         Its dependents never run on the connection's reader thread ({@link IpcFuture}).
     */
    public IpcFuture<Response<R>> response() {
        return future;
    }

    /**
     * A capability standing for the one the results will hold at pointer path {@code ops}
     * ({@code PromisedAnswer.transform}: each op is a pointer index, struct by struct; for every
     * single-cap results struct below it is {@code 0}). Calls on it go out at once.
     */
    public Capability pipelineCap(short... ops) {
        RpcConnection c = connection;
        if (c != null) {
            return c.caller.pipeline(question, ops.clone());
        }
        // A local or failed call: wait for the response, then call the cap it holds.
        return new Capability(QueuedHook.of(future.thenApply(r -> {
            try (r) {
                return r.cap(ops.length == 0 ? r.payload.getContentCapIndex() : CapDescriptors.capIndexAt(r.payload, ops));
            }
        })));
    }

    /**
     * Cancels the call: the future fails with CancellationException, and a Finish goes out before
     * the Return (the server may still run it to the end, as Cap'n Proto 0.9 servers do) — once no
     * capability pipelined on this call ({@link #pipelineCap}) is held any more, since calls on
     * those still need its answer (CP rpc.c++ {@code QuestionRef}).
     */
    public void cancel() {
        future.cancel(false);
        RpcConnection c = connection;
        if (c != null) {
            c.caller.cancel(question);
        }
    }
}
