package org.bitcoinfx.ipc.rpc;

/**
 * An entry of the imports table seen from a handle: a capability the peer hosts, named by the
 * export ID the peer chose. {@code remoteRefs} counts how often that ID arrived as
 * {@code senderHosted}/{@code senderPromise}; the final {@code Release} carries that count.
 */
final class ImportHook extends CapHook {
    final RpcConnection connection;
    final int importId;
    final boolean promise;
    int remoteRefs = 1; // guarded by connection

    ImportHook(RpcConnection connection, int importId, boolean promise) {
        this.connection = connection;
        this.importId = importId;
        this.promise = promise;
    }

    @Override
    void send(Request<?, ?> call) {
        connection.caller.sendCall(call, this, null);
    }

    @Override
    void onLastRelease() {
        connection.caller.releaseImport(this);
    }

    @Override
    public String toString() {
        return "import " + importId + (promise ? " (promise)" : "");
    }
}
