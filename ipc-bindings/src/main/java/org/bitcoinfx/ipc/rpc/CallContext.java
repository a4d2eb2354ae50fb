package org.bitcoinfx.ipc.rpc;

import java.util.ArrayList;
import java.util.List;
import org.bitcoinfx.ipc.rpc.schema.CapnpRpc;
import org.capnproto.AnyPointer;
import org.capnproto.MessageBuilder;
import org.capnproto.StructFactory;
import org.capnproto.StructReader;

/**
 * A call being served: its params (with the capabilities they carry) and its results, built in
 * place in the {@code Return} message that will carry them. Generated skeletons hand servers the
 * {@link Typed} view.
 */
public final class CallContext {
    private final AnyPointer.Reader params;
    private final List<Capability> paramCaps;
    final MessageBuilder message = Messages.newMessage(Messages.CALL_MESSAGE_WORDS);
    final CapnpRpc.Return.Builder ret;
    final CapnpRpc.Payload.Builder payload;
    private final List<Capability> resultCaps = new ArrayList<>();
    final RpcConnection connection;

    CallContext(AnyPointer.Reader params, List<Capability> paramCaps, RpcConnection connection) {
        this.params = params;
        this.paramCaps = paramCaps;
        this.connection = connection;
        this.ret = message.initRoot(CapnpRpc.Message.factory).initReturn();
        this.payload = ret.initResults();
    }

    /** The typed view for one method's params and results struct types. */
    public <PB, PR extends StructReader, RB, RR extends StructReader> Typed<PR, RB> typed(
            StructFactory<PB, PR> paramsFactory, StructFactory<RB, RR> resultsFactory) {
        return new Typed<>(this, paramsFactory, resultsFactory);
    }

    synchronized Capability paramCap(int index) {
        if (index < 0 || index >= paramCaps.size()) {
            return null;
        }
        Capability c = paramCaps.get(index);
        return c == null ? null : c.dup();
    }

    synchronized int addResultCap(Capability cap) {
        if (cap == null) {
            return -1;
        }
        resultCaps.add(cap);
        return resultCaps.size() - 1;
    }

    synchronized List<Capability> takeResultCaps() {
        List<Capability> out = new ArrayList<>(resultCaps);
        resultCaps.clear();
        return out;
    }

    /*
     * Lock order: the connection lock, then this one, never the other way: the connection reads the
     * result caps under its lock (resultCapsView), and closing a capability may take the connection
     * lock (an import's Release). So capabilities are closed after this lock is let go.
     */

    void releaseParams() {
        List<Capability> drop;
        synchronized (this) {
            drop = new ArrayList<>(paramCaps);
            paramCaps.clear();
        }
        closeAll(drop);
    }

    void releaseResults() {
        List<Capability> drop;
        synchronized (this) {
            drop = new ArrayList<>(resultCaps);
            resultCaps.clear();
        }
        closeAll(drop);
    }

    private static void closeAll(List<Capability> caps) {
        for (Capability c : caps) {
            if (c != null) {
                c.close();
            }
        }
    }

    synchronized List<Capability> resultCapsView() {
        return new ArrayList<>(resultCaps);
    }

    /**
     * A served call, typed.
     *
     * @param <P> the generated {@code …Params.Reader}
     * @param <R> the generated {@code …Results.Builder}
     */
    public static final class Typed<P, R> {
        private final CallContext context;
        private final StructFactory<?, ?> paramsFactory;
        private final StructFactory<?, ?> resultsFactory;
        private R results;

        Typed(CallContext context, StructFactory<?, ?> paramsFactory, StructFactory<?, ?> resultsFactory) {
            this.context = context;
            this.paramsFactory = paramsFactory;
            this.resultsFactory = resultsFactory;
        }

        /** @return the params struct */
        @SuppressWarnings("unchecked")
        public P params() {
            return (P) context.params.getAs((StructFactory<?, StructReader>) paramsFactory);
        }

        /** @return the results struct, allocated on first use */
        @SuppressWarnings("unchecked")
        public synchronized R results() {
            if (results == null) {
                results = (R) context.payload.initContent().initAs(resultsFactory);
            }
            return results;
        }

        /** A new reference to a capability the params carry (index from a {@code get…CapIndex()}), or null. */
        public Capability paramCap(int index) {
            return context.paramCap(index);
        }

        /** Adds a capability to the results' cap table, taking over the caller's reference; returns its index. */
        public int addResultCap(Capability cap) {
            return context.addResultCap(cap);
        }
    }
}
