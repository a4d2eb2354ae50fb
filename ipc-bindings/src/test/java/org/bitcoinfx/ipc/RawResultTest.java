package org.bitcoinfx.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.rpc.Blob;
import org.junit.jupiter.api.Test;

/**
 * {@link IpcRpc#rawResult} and {@link RawResult}: the result of a reply kept as its bytes reads as the tree
 * {@link IpcRpc#result(Blob)} makes, errors and broken replies fail as they do there, checked whole before any
 * of it is read.
 */
class RawResultTest {
    private static RawResult raw(String reply) throws Exception {
        return IpcRpc.parse(IpcRpcParseTest.reply(reply), IpcRpc::rawResult).get(5, TimeUnit.SECONDS);
    }

    private static Throwable failure(String reply) {
        return assertThrows(ExecutionException.class, () -> raw(reply)).getCause();
    }

    @Test
    void theResultReadsAsTheTreeDoes() throws Exception {
        String pad = "x".repeat(IpcRpc.INLINE_PARSE_BYTES); // long: read on a callback thread
        for (String result : new String[] {"101", "\"text \\\"q\\\" \u20bf\"", "null", "true", "[]", "{}",
                "{\"hash\":\"00ab\",\"amount\":0.00001000,\"tx\":[{\"vin\":[{\"coinbase\":\"03\"}],\"n\":-1}],\"pad\":\"" + pad + "\"}"}) {
            for (String reply : new String[] {"{\"result\":" + result + ",\"error\":null,\"id\":1}",
                    "{\"jsonrpc\":\"2.0\",\"result\":" + result + ",\"id\":1}", "{\"id\":1,\"error\":null,\"result\":" + result + "}"}) {
                RawResult r = raw(reply);
                JsonNode tree = IpcRpc.result(IpcRpcParseTest.reply(reply).get());
                assertEquals(tree, r.tree(), reply);
                assertEquals(reply.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, r.replyBytes());
                try (JsonParser p = r.parser()) { // the parser's first token is the value's
                    JsonToken first = p.nextToken();
                    assertEquals(tree.asToken(), first, reply);
                }
            }
        }
        assertEquals("0.00001000", raw("{\"result\":0.00001000,\"error\":null,\"id\":1}").tree().decimalValue().toPlainString(),
                "decimals exact");
        assertEquals(IpcRpc.JSON.readTree("{\"a\":[1,2.50]}"), RawResult.of(IpcRpc.JSON.readTree("{\"a\":[1,2.50]}")).tree());
    }

    @Test
    void theNodesErrorFailsInItsWords() {
        for (String reply : new String[] {"{\"result\":null,\"error\":{\"code\":-5,\"message\":\"Block not found\"},\"id\":1}",
                "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-5,\"message\":\"Block not found\"},\"id\":1}",
                "{\"result\":null,\"error\":{\"code\":-5,\"message\":\"Block not found\"},\"id\":1}" + " ".repeat(IpcRpc.INLINE_PARSE_BYTES)}) {
            JsonRpcException e = assertInstanceOf(JsonRpcException.class, failure(reply));
            assertEquals(-5, e.code());
            assertEquals("Block not found", e.rpcMessage());
        }
    }

    /** A truncated or malformed reply fails before any of it is read, with Jackson's reason: even past the result. */
    @Test
    void aTruncatedOrMalformedReplyFailsWhole() {
        String big = "{\"result\":{\"tx\":[" + "{\"txid\":\"ab\",\"value\":0.5},".repeat(2_000) + "{}]},\"error\":null,\"id\":1}";
        for (String reply : new String[] {big.substring(0, big.length() / 2), big.substring(0, big.length() - 1),
                big.replace("\"value\":0.5},{", "\"value\":0.5}{"), "{\"result\":[1,2,3],\"error\":null,\"id\":1",
                "{\"result\":\"unterminated", "not json", "[1,2]", "null", "{\"jsonrpc\":\"2.0\"}\"result\":1,\"id\":1}",
                "{\"result\":1,\"id\":1}}", "{\"error\":null,\"id\":1}"}) {
            IpcException e = assertInstanceOf(IpcException.class, failure(reply), reply.length() > 80 ? reply.substring(0, 80) : reply);
            assertEquals(IpcException.Type.FAILED, e.type());
            assertTrue(e.getMessage().startsWith("the node's reply is not") || e.getMessage().startsWith("the node gave no reply")
                    || e.getMessage().equals("the node's reply has neither a result nor an error"),
                    e.getMessage());
        }
        assertTrue(failure(big.substring(0, big.length() - 1)).getMessage().contains("end-of-input"),
                failure(big.substring(0, big.length() - 1)).getMessage());
    }

    @Test
    void theDefaultGoesThroughCall() throws Exception {
        RpcClient rpc = new RpcClient() {
            @Override
            public CompletableFuture<JsonNode> call(String method, Object... params) {
                return CompletableFuture.completedFuture(IpcRpc.JSON.getNodeFactory().textNode("/" + method));
            }

            @Override
            public CompletableFuture<JsonNode> callWallet(String wallet, String method, Object... params) {
                return CompletableFuture.completedFuture(IpcRpc.JSON.getNodeFactory().textNode(wallet + "/" + method));
            }

            @Override
            public CompletableFuture<String> executeRaw(String request, String uri) {
                throw new UnsupportedOperationException();
            }
        };
        assertEquals("/getblockcount", rpc.callRaw(null, "getblockcount").get().tree().asText());
        assertEquals("w/getbalance", rpc.callRaw("w", "getbalance").get().tree().asText());
    }
}
