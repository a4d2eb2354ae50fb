package org.bitcoinfx.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link RpcClient#awaitWarmup}: polls through -28 (RPC_IN_WARMUP), stops at success, other errors or the timeout. */
class RpcClientWarmupTest {

    /** Answers getblockcount from a script of replies; the last one repeats. */
    private static final class ScriptedRpc implements RpcClient {
        final Deque<Object> replies = new ArrayDeque<>();
        final AtomicInteger calls = new AtomicInteger();

        ScriptedRpc(Object... script) {
            replies.addAll(java.util.List.of(script));
        }

        @Override
        public synchronized CompletableFuture<JsonNode> call(String method, Object... params) {
            assertEquals("getblockcount", method);
            calls.incrementAndGet();
            Object r = replies.size() > 1 ? replies.removeFirst() : replies.getFirst();
            return r instanceof Throwable t ? CompletableFuture.failedFuture(t)
                    : CompletableFuture.completedFuture((JsonNode) r);
        }

        @Override
        public CompletableFuture<JsonNode> callWallet(String wallet, String method, Object... params) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<String> executeRaw(String request, String uri) {
            throw new UnsupportedOperationException();
        }
    }

    private static JsonRpcException warmup() {
        return new JsonRpcException(-28, "Loading block index…");
    }

    @Test
    void pollsThroughWarmupUntilAnRpcSucceeds() throws Exception {
        ScriptedRpc rpc = new ScriptedRpc(warmup(), warmup(), warmup(), IntNode.valueOf(0));
        rpc.awaitWarmup(Duration.ofSeconds(30)).get(30, TimeUnit.SECONDS);
        assertEquals(4, rpc.calls.get());
    }

    @Test
    void givesUpWithTheLastWarmupErrorAfterTheTimeout() {
        ScriptedRpc rpc = new ScriptedRpc(warmup());
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> rpc.awaitWarmup(Duration.ofMillis(250)).get(30, TimeUnit.SECONDS));
        JsonRpcException j = assertInstanceOf(JsonRpcException.class, e.getCause());
        assertEquals(-28, j.code());
    }

    @Test
    void anyOtherErrorEndsTheWaitAtOnce() {
        ScriptedRpc rpc = new ScriptedRpc(warmup(), new DisconnectedException("socket closed"));
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> rpc.awaitWarmup(Duration.ofSeconds(30)).get(30, TimeUnit.SECONDS));
        assertInstanceOf(DisconnectedException.class, e.getCause());
        assertEquals(2, rpc.calls.get());
    }
}
