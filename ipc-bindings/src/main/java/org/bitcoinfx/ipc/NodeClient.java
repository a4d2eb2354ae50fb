package org.bitcoinfx.ipc;

import java.util.concurrent.CompletableFuture;

/**
 * A connection to a bitcoin-node's IPC socket, following the libmultiprocess conventions: the
 * bootstrap {@code Init}, a ThreadMap from {@code construct}, a server Thread for calls. Mirrors
 * {@code interface Init} in Bitcoin Core {@code src/ipc/capnp/init.capnp}.
 *
 * <p>Safe to use from many threads. Closing releases every capability and closes the socket;
 * pending calls then fail with {@link DisconnectedException}.
 */
public interface NodeClient extends AutoCloseable {
    /** {@code Init.makeEcho @1} then {@code Echo.echo @1}, with the Echo kept for later calls. */
    CompletableFuture<String> echo(String text);

    /**
     * As {@link #echo(String)}, run on the node-side Thread {@code on} (so that it waits behind
     * no call of another Thread). Implementations without node-side Threads (test doubles) may
     * ignore {@code on}; the default does.
     */
    default CompletableFuture<String> echo(ServerThread on, String text) {
        return echo(text);
    }

    /** The Mining interface ({@code Init.makeMining @3}), made on first use. */
    Mining mining();

    /** The Rpc interface ({@code Init.makeRpc @4}), made on first use; its calls run on {@link ServerThread#MAIN}. */
    RpcClient rpc();

    /**
     * The Rpc interface with its calls run on the node-side Thread {@code on}: calls on one Thread
     * run one at a time in the order sent, calls on different Threads concurrently (see
     * {@link ServerThread}). Implementations without node-side Threads (test doubles) may return
     * {@link #rpc()}; the default does.
     */
    default RpcClient rpc(ServerThread on) {
        return rpc();
    }

    /** Subscribes to one event per IPC call made on this connection. */
    void addListener(IpcListener listener);

    /** Unsubscribes. */
    void removeListener(IpcListener listener);

    /** A future completed (exceptionally, with the cause) when the connection ends. */
    CompletableFuture<Void> closed();

    /** True until the connection ends. */
    boolean isOpen();

    /**
     * Releases all capabilities and closes the socket. Never throws. Calls made from then on (and those
     * waiting for a capability or a server Thread) fail with {@link DisconnectedException}.
     */
    @Override
    void close();
}
