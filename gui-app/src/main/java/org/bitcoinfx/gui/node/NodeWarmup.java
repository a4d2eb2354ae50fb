package org.bitcoinfx.gui.node;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.bitcoinfx.ipc.JsonRpcException;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.ipc.RpcClient;
import org.bitcoinfx.node.NodeStartException;

/**
 * Waits for bitcoin-node's RPC warm-up to end. IPC answers before the node has loaded its
 * chainstate; its RPCs then fail with -28 ({@code RPC_IN_WARMUP}, BC {@code src/rpc/server.cpp}
 * {@code SetRPCWarmupStatus}), the message being the current init step. This polls
 * {@code getblockcount} every {@link #POLL_MS} ms and reports each new step, until an RPC
 * succeeds. No overall time limit: loading and verifying a big chainstate can take many minutes;
 * a stop ends the wait.
 */
final class NodeWarmup {
    /** Poll interval while the node warms up, ms. */
    static final long POLL_MS = 100;
    /** Longest wait for one RPC while the node warms up, s. */
    static final long CALL_LIMIT_S = 60;

    private NodeWarmup() {
    }

    /**
     * @param c         the app's connection
     * @param cancelled true once a stop was requested; checked before every poll
     * @param step      hears each new warm-up step (the -28 message, e.g. "Loading block index…")
     * @throws NodeStartException if {@code cancelled} or interrupted
     * @throws IOException        if the RPC fails otherwise, or one call gets no answer within {@link #CALL_LIMIT_S} s
     */
    static void await(NodeClient c, BooleanSupplier cancelled, Consumer<String> step) throws NodeStartException, IOException {
        String last = null;
        while (true) {
            if (cancelled.getAsBoolean()) {
                throw new NodeStartException("Start cancelled: a stop was requested");
            }
            try {
                c.rpc().call("getblockcount").get(CALL_LIMIT_S, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (!(cause instanceof JsonRpcException j) || j.code() != RpcClient.RPC_IN_WARMUP) {
                    throw new IOException("getblockcount over IPC failed: " + (cause == null ? e : cause.getMessage()), cause);
                }
                if (!j.rpcMessage().equals(last)) {
                    last = j.rpcMessage();
                    step.accept(last);
                }
            } catch (TimeoutException e) {
                throw new IOException("getblockcount over IPC got no answer within " + CALL_LIMIT_S + " s", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NodeStartException("Interrupted while bitcoin-node warms up", e);
            }
            try {
                Thread.sleep(POLL_MS); // the node offers no event for the end of its warm-up: a poll at a fixed pace
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NodeStartException("Interrupted while bitcoin-node warms up", e);
            }
        }
    }
}
