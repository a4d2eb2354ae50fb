package org.bitcoinfx.ipc;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * JSON-RPC carried over IPC: mirrors {@code Rpc.executeRpc @0} in Bitcoin Core
 * {@code src/ipc/capnp/rpc.capnp}. Requests are JSON-RPC 2.0 text; the node's HTTP RPC port is
 * never used.
 */
public interface RpcClient {
    /**
     * Calls {@code method} with positional params (uri {@code /}).
     *
     * @param params values Jackson can serialize (String, Number, Boolean, Map, List, JsonNode)
     * @return the {@code result} member of the reply
     * Futures fail with {@link JsonRpcException} for a JSON-RPC error, {@link IpcException} for transport errors.
     */
    CompletableFuture<JsonNode> call(String method, Object... params);

    /** As {@link #call}, for the wallet {@code wallet} (uri {@code /wallet/<url-encoded name>}). */
    CompletableFuture<JsonNode> callWallet(String wallet, String method, Object... params);

    /**
     * As {@link #call} ({@code wallet} null) or {@link #callWallet}, for a call whose params hold a
     * secret (a passphrase, a private key) in any form. A {@code char[]} param marks a call as
     * secret by itself and is never turned into a String on the way.
     *
     * <p>Over IPC the node's libmultiprocess logs every call's params, the request JSON included,
     * when {@code ipc} debug logging runs at trace level ({@code -debug=ipc -loglevel=ipc:trace};
     * MP {@code proxy-types.h} {@code serverInvoke} "request data"). A secret call therefore runs with
     * the {@code ipc} category switched off through the {@code logging} RPC if it is on (trace level
     * cannot be read over RPC), and switched on again afterwards; secret calls run one at a time.
     * If ipc logging cannot be switched off the call is not sent and the future fails with
     * {@link IllegalStateException} saying why. The default (test doubles) just calls.
     */
    default CompletableFuture<JsonNode> callSecret(String wallet, String method, Object... params) {
        return wallet == null ? call(method, params) : callWallet(wallet, method, params);
    }

    /**
     * As {@link #call} ({@code wallet} null) or {@link #callWallet}, with the result kept as the reply's bytes
     * ({@link RawResult}) rather than a tree: for a reader that streams a big answer (the console's
     * {@code getblock <hash> 2}, several MB) and needs no tree of it. The reply is read through once, off the
     * reader thread when long, before the future completes: it fails as {@link #call} does, with
     * {@link JsonRpcException} for the node's {@code error} and {@link IpcException} FAILED ("the node's reply is
     * not JSON: …") for a truncated or malformed reply. The default (test doubles) calls {@link #call} or
     * {@link #callWallet} and writes the tree out ({@link RawResult#of}).
     *
     * @param wallet the wallet for a wallet call ({@code /wallet/<name>}), or null for none
     */
    default CompletableFuture<RawResult> callRaw(String wallet, String method, Object... params) {
        return (wallet == null ? call(method, params) : callWallet(wallet, method, params)).thenApply(RawResult::of);
    }

    /** Sends raw request text to {@code uri} and returns the node's raw reply text. */
    CompletableFuture<String> executeRaw(String request, String uri);

    /** JSON-RPC error code of a node still in RPC warm-up (BC {@code src/rpc/protocol.h} {@code RPC_IN_WARMUP}). */
    int RPC_IN_WARMUP = -28;

    /**
     * Waits out the node's RPC warm-up. bitcoin-node's IPC socket answers before init has finished, and
     * until it has, every RPC fails with error {@value #RPC_IN_WARMUP} whose message is the current init
     * message (BC {@code src/rpc/server.cpp} {@code SetRPCWarmupStatus}). Polls {@code getblockcount}
     * every 100 ms, off the caller's thread.
     *
     * @param timeout how long to keep polling
     * @return completes when an RPC succeeds; fails with the last {@link JsonRpcException} -28 once
     *         {@code timeout} has passed, and at once with any other error
     */
    default CompletableFuture<Void> awaitWarmup(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        CompletableFuture<Void> done = new CompletableFuture<>();
        pollWarmup(this, deadline, done);
        return done;
    }

    private static void pollWarmup(RpcClient rpc, long deadline, CompletableFuture<Void> done) {
        rpc.call("getblockcount").whenComplete((r, e) -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause == null) {
                done.complete(null);
            } else if (cause instanceof JsonRpcException j && j.code() == RPC_IN_WARMUP
                    && System.nanoTime() < deadline) {
                CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS)
                        .execute(() -> pollWarmup(rpc, deadline, done));
            } else {
                done.completeExceptionally(cause);
            }
        });
    }
}
