package org.bitcoinfx.ipc.rpc;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bitcoinfx.ipc.DisconnectedException;
import org.bitcoinfx.ipc.IpcEvent;
import org.bitcoinfx.ipc.IpcException;
import org.bitcoinfx.ipc.IpcListener;
import org.bitcoinfx.ipc.RemoteException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection's {@link IpcListener}s and the one {@link IpcEvent} each of its questions ends in
 * (interface, method, thread label, timing, bytes each way, outcome; never parameters). Listeners
 * run on the thread that ends the question (the reader, or the one closing the connection); one
 * that throws is logged and skipped.
 */
final class CallEvents {
    private static final Logger LOG = LoggerFactory.getLogger(RpcConnection.class);
    private final List<IpcListener> listeners = new CopyOnWriteArrayList<>();

    void add(IpcListener l) {
        listeners.add(l);
    }

    void remove(IpcListener l) {
        listeners.remove(l);
    }

    /** Question {@code q} ended: {@code error} null for a Return with results. Without the lock. */
    void emit(Questions.Question q, String iface, String method, String thread, int responseBytes, IpcException error) {
        emit(q, iface, method, thread, "", responseBytes, error);
    }

    /** As above, for a call carrying the JSON-RPC method {@code rpcMethod} ("" for none). */
    void emit(Questions.Question q, String iface, String method, String thread, String rpcMethod, int responseBytes, IpcException error) {
        if (listeners.isEmpty()) {
            return;
        }
        long dur = System.nanoTime() - q.startNanos;
        String outcome = error == null ? "ok"
                : error instanceof DisconnectedException ? "disconnected"
                : error.type() + ": " + (error instanceof RemoteException re ? re.reason() : error.getMessage());
        IpcEvent ev = new IpcEvent(iface, method, thread, Instant.now().minusNanos(dur), dur, q.requestBytes, responseBytes, outcome, rpcMethod);
        for (IpcListener l : listeners) {
            try {
                l.onCall(ev);
            } catch (RuntimeException e) {
                LOG.warn("IPC listener failed", e);
            }
        }
    }

    /** The event of a Call's question ({@code q.request} not null). */
    void emit(Questions.Question q, int responseBytes, IpcException error) {
        Request<?, ?> r = q.request;
        emit(q, r.interfaceName, r.methodName, r.threadLabel(), r.rpcMethod(), responseBytes, error);
    }
}
