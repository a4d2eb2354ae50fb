package org.bitcoinfx.ipc;

import java.util.function.Consumer;
import java.util.function.Function;
import org.bitcoinfx.ipc.rpc.Capability;
import org.bitcoinfx.ipc.rpc.IpcFuture;
import org.bitcoinfx.ipc.rpc.Request;
import org.bitcoinfx.ipc.rpc.Response;
import org.bitcoinfx.ipc.schema.ProxyCapnp;

/**
 * The libmultiprocess call plumbing, once for every method (docs/IPC.md §3): the params of every
 * method the node serves carry {@code context :Proxy.Context} (libmultiprocess
 * {@code include/mp/proxy.capnp}), whose {@code thread} capability names the node-side Thread
 * (made by {@code ThreadMap.makeThread}) that runs the call. This fills the context, lets the caller
 * fill the rest of the params, labels the call for {@link IpcEvent}s, sends it and decodes the
 * results inside the response's lifetime (the response is closed, so its capabilities not taken by
 * {@code decode} are released).
 *
 * <p>A method is then one line: {@code ProxyCall.call(m.getTipRequest(), p -> p.initContext(),
 * thread, label, p -> {}, r -> r.getResult())}.
 */
final class ProxyCall {
    private ProxyCall() {
    }

    /**
     * Sends {@code req} on the node-side Thread {@code thread}.
     *
     * @param req a request built by a generated {@code xxxRequest()}
     * @param context the params' {@code initContext} (every libmultiprocess method has one)
     * @param thread the node-side Thread capability that runs the call
     * @param label the Thread's name as {@link IpcEvent}s show it
     * @param params fills the other params (called after the context, so the message's layout is the
     *        one the recorded C++ client makes)
     * @param decode reads the results; runs on the reader thread, so it must be short and not block
     * @return the decoded results; fails with {@link RemoteException} for the node's exception
     *         (UNIMPLEMENTED for an ordinal its schema lacks) or {@link DisconnectedException}
     */
    static <P, R, T> IpcFuture<T> call(Request<P, R> req, Function<P, ProxyCapnp.Context.Builder> context,
            Capability thread, String label, Consumer<P> params, Function<R, T> decode) {
        return send(req, context, thread, label, params).thenApplyInline(r -> {
            try (r) {
                return r.read(decode);
            }
        });
    }

    /**
     * As {@link #call}, but hands over the whole response (the caller closes it): for results that
     * carry capabilities, such as a {@code BlockTemplate}.
     */
    static <P, R> IpcFuture<Response<R>> send(Request<P, R> req, Function<P, ProxyCapnp.Context.Builder> context,
            Capability thread, String label, Consumer<P> params) {
        IpcNodeClient.context(req, context.apply(req.params()), thread);
        params.accept(req.params());
        req.threadLabel(label);
        return req.sendForResponse();
    }

    /** A method without params besides its context: {@link #call} with nothing more to fill. */
    static <P, R, T> IpcFuture<T> call(Request<P, R> req, Function<P, ProxyCapnp.Context.Builder> context,
            Capability thread, String label, Function<R, T> decode) {
        return call(req, context, thread, label, p -> { }, decode);
    }
}
