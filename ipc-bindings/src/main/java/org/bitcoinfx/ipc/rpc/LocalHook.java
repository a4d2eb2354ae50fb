package org.bitcoinfx.ipc.rpc;

/** A capability hosted in this process: calls are dispatched to {@link Server#dispatch} directly. */
final class LocalHook extends CapHook {
    final Server server;

    LocalHook(Server server) {
        this.server = server;
    }

    @Override
    void send(Request<?, ?> call) {
        call.dispatchLocally(server);
    }

    @Override
    void onLastRelease() {
        server.released();
    }

    @Override
    public String toString() {
        return "local " + server.displayName();
    }
}
