package org.bitcoinfx.ipc.rpc;

import java.util.concurrent.CompletableFuture;
import org.bitcoinfx.ipc.IpcException;
import org.bitcoinfx.ipc.RemoteException;

/**
 * A capability hosted by this process. Generated {@code …Server} skeletons extend it and route
 * each method ordinal to an overridable method. Methods must not block: return a future and do
 * slow work elsewhere (calls are dispatched on the connection's reader thread).
 */
public abstract class Server {
    private final long interfaceId;
    private final String displayName;

    /** @param interfaceId the interface's type ID; @param displayName as bitcoin-node names it, e.g. {@code capnp/mining.capnp:Mining} */
    protected Server(long interfaceId, String displayName) {
        this.interfaceId = interfaceId;
        this.displayName = displayName;
    }

    /** Routes a call of method {@code methodId} of this interface. */
    protected abstract CompletableFuture<Void> dispatch(short methodId, CallContext context);

    /** Called when the last reference to this capability is released (by the peer or locally). */
    protected void released() {
    }

    /** The schema display name. */
    public final String displayName() {
        return displayName;
    }

    /** The reply of a C++ server to an unknown method ordinal (CP {@code capability.c++}). */
    protected final CompletableFuture<Void> unimplemented(short methodId) {
        return CompletableFuture.failedFuture(new RemoteException(IpcException.Type.UNIMPLEMENTED,
                "Method not implemented.; interfaceName = " + displayName + "; typeId = " + Long.toUnsignedString(interfaceId)
                        + "; methodId = " + Short.toUnsignedInt(methodId)));
    }

    CompletableFuture<Void> call(long requestedInterface, short methodId, CallContext context) {
        if (requestedInterface != interfaceId) {
            return CompletableFuture.failedFuture(new RemoteException(IpcException.Type.UNIMPLEMENTED,
                    "Requested interface not implemented.; actualInterfaceName = " + displayName
                            + "; requestedTypeId = " + Long.toUnsignedString(requestedInterface)));
        }
        try {
            CompletableFuture<Void> f = dispatch(methodId, context);
            return f != null ? f : CompletableFuture.failedFuture(new IllegalStateException("server method returned null"));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
