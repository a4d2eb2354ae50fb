package org.bitcoinfx.ipc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;

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

    /** Sends raw request text to {@code uri} and returns the node's raw reply text. */
    CompletableFuture<String> executeRaw(String request, String uri);
}
