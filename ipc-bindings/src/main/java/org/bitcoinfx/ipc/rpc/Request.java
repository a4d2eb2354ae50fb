package org.bitcoinfx.ipc.rpc;

import java.util.ArrayList;
import java.util.List;
import org.bitcoinfx.ipc.IpcException;
import org.bitcoinfx.ipc.rpc.schema.CapnpRpc;
import org.capnproto.MessageBuilder;
import org.capnproto.StructFactory;
import org.capnproto.StructReader;

/**
 * A call being built: its params struct is written in place in the {@code Call} message; add
 * capabilities with {@link #addCap} and store the returned index in a capability field; then
 * {@link #send()}. A request is sent once.
 *
 * @param <P> the generated {@code …Params.Builder}
 * @param <R> the generated {@code …Results.Reader}
 */
public final class Request<P, R> {
    final Capability target;
    final long interfaceId;
    final short methodId;
    final String interfaceName;
    final String methodName;
    final MessageBuilder message = Messages.newMessage(Messages.CALL_MESSAGE_WORDS);
    final CapnpRpc.Message.Builder root;
    final CapnpRpc.Call.Builder call;
    final StructFactory<?, ? extends StructReader> resultsFactory;
    final List<Capability> caps = new ArrayList<>();
    final RemotePromise<R> promise = new RemotePromise<>();
    private final P params;
    private String threadLabel = "-";
    private String rpcMethod = "";
    private boolean sent;

    <PB, PR extends StructReader, RB, RR extends StructReader> Request(Capability target, long interfaceId, short methodId,
            String interfaceName, String methodName, StructFactory<PB, PR> paramsFactory, StructFactory<RB, RR> resultsFactory) {
        this.target = target;
        this.interfaceId = interfaceId;
        this.methodId = methodId;
        this.interfaceName = interfaceName;
        this.methodName = methodName;
        this.resultsFactory = resultsFactory;
        this.root = message.initRoot(CapnpRpc.Message.factory);
        this.call = root.initCall();
        call.setInterfaceId(interfaceId);
        call.setMethodId(methodId);
        call.getSendResultsTo().setCaller();
        @SuppressWarnings("unchecked")
        P p = (P) call.initParams().initContent().initAs(paramsFactory);
        this.params = p;
    }

    /** @return the params struct, to fill before sending */
    public P params() {
        return params;
    }

    /**
     * Adds a capability to the call's cap table (the request takes its own reference).
     *
     * @param cap the capability, or null for a null capability
     * @return the index to store in a capability field, or -1 for null
     */
    public int addCap(Capability cap) {
        if (cap == null) {
            return -1;
        }
        caps.add(cap.dup());
        return caps.size() - 1;
    }

    /** Labels the call for {@link org.bitcoinfx.ipc.IpcEvent}s: the server Thread it runs on. */
    public Request<P, R> threadLabel(String label) {
        this.threadLabel = label;
        return this;
    }

    String threadLabel() {
        return threadLabel;
    }

    /**
     * Labels an {@code Rpc.executeRpc} call with the JSON-RPC method it carries, for {@link org.bitcoinfx.ipc.IpcEvent#rpcMethod}
     * (the method's name only, never its parameters).
     */
    public Request<P, R> rpcMethod(String method) {
        this.rpcMethod = method == null ? "" : method;
        return this;
    }

    String rpcMethod() {
        return rpcMethod;
    }

    /**
     * Sends the call.
     *
     * @return the call in flight
     * @throws IllegalStateException if already sent
     */
    public RemotePromise<R> send() {
        synchronized (this) {
            if (sent) {
                throw new IllegalStateException("request already sent: " + interfaceName + "." + methodName);
            }
            sent = true;
        }
        try {
            target.hook.send(this);
        } catch (RuntimeException e) {
            fail(Messages.asIpc(e));
        }
        return promise;
    }

    /** Shortcut: {@code send().response()}. */
    public IpcFuture<Response<R>> sendForResponse() {
        return send().response();
    }

    void fail(IpcException error) {
        releaseCaps();
        promise.future.completeExceptionally(error);
    }

    void releaseCaps() {
        for (Capability c : caps) {
            c.close();
        }
        caps.clear();
    }

    @SuppressWarnings("unchecked")
    void dispatchLocally(Server server) {
        CallContext ctx = new CallContext(call.getParams().asReader().getContent(), new ArrayList<>(caps), null);
        caps.clear();
        server.call(interfaceId, methodId, ctx).whenComplete((v, err) -> {
            ctx.releaseParams();
            if (err != null) {
                ctx.releaseResults();
                promise.future.completeExceptionally(Messages.asIpc(err));
            } else {
                Response<R> r = new Response<>(ctx.payload.asReader(), (org.capnproto.FromPointerReader<R>) resultsFactory,
                        ctx.takeResultCaps(), 0, null);
                promise.future.complete(r);
            }
        });
    }
}
