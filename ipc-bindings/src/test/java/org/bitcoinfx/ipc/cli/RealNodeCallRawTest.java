package org.bitcoinfx.ipc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.ipc.JsonRpcException;
import org.bitcoinfx.ipc.RawResult;
import org.bitcoinfx.ipc.RpcClient;
import org.bitcoinfx.ipc.ServerThread;
import org.bitcoinfx.ipc.primitives.BigBlocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RpcClient#callRaw} against a real node (skipped without {@code BITCOIN_NODE}): for the node's own replies
 * ({@code {"jsonrpc":"2.0","result":…,"id":…}}, {@code src/rpc/request.cpp} JSONRPCReplyObj) the result kept as
 * bytes reads as the tree {@link RpcClient#call} gives, for an object ({@code getblockchaininfo}, its difficulty
 * in exponent form; {@code getblock … 2}), a top-level string ({@code getblock … 0}), a top-level number
 * ({@code getblockcount}, whose end the reader must be told) and a list; the node's refusal fails in its words.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class RealNodeCallRawTest {
    @TempDir
    Path tmp;

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(120, TimeUnit.SECONDS);
    }

    @Test
    void rawResultsReadAsTheNodesTrees() throws Exception {
        try (RealRegtestNode node = RealRegtestNode.startOrSkip(tmp);
             IpcNodeClient c = node.connect()) {
            RpcClient rpc = c.rpc(ServerThread.CONSOLE);
            get(rpc.awaitWarmup(Duration.ofSeconds(60)));
            JsonNode mined = get(rpc.call("generatetodescriptor", 2, BigBlocks.descriptor()));
            String hash = mined.get(1).asText();
            Object[][] calls = {{"getblockchaininfo"}, {"getblockcount"}, {"getblock", hash, 0}, {"getblock", hash, 1},
                    {"getblock", hash, 2}, {"getblockhash", 1}, {"getchaintips"}, {"getnetworkinfo"}};
            for (Object[] call : calls) {
                String method = (String) call[0];
                Object[] params = java.util.Arrays.copyOfRange(call, 1, call.length);
                JsonNode tree = get(rpc.call(method, params));
                RawResult raw = get(rpc.callRaw(null, method, params));
                assertEquals(tree, raw.tree(), method);
                assertTrue(raw.replyBytes() > 0);
            }
            assertEquals(2, get(rpc.callRaw(null, "getblockcount")).tree().asInt(), "a top-level number, read alone");
            assertTrue(get(rpc.callRaw(null, "getblockchaininfo")).tree().path("difficulty").isBigDecimal(), "decimals exact");

            ExecutionException e = assertThrows(ExecutionException.class, () -> get(rpc.callRaw(null, "getblock", "00".repeat(32), 2)));
            JsonRpcException j = assertInstanceOf(JsonRpcException.class, e.getCause());
            JsonRpcException viaCall = assertInstanceOf(JsonRpcException.class,
                    assertThrows(ExecutionException.class, () -> get(rpc.call("getblock", "00".repeat(32), 2))).getCause());
            assertEquals(viaCall.code(), j.code());
            assertEquals(viaCall.rpcMessage(), j.rpcMessage(), "the node's words");
            assertEquals("Block not found", j.rpcMessage());
        }
    }
}
