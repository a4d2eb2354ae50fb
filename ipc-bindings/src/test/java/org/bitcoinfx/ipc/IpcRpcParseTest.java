package org.bitcoinfx.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.rpc.Blob;
import org.junit.jupiter.api.Test;

/** {@link IpcRpc#parse}: short replies parsed where they arrive, long ones on a callback thread, same results and errors. */
class IpcRpcParseTest {
    private static JsonNode get(CompletableFuture<JsonNode> f) throws Exception {
        return f.get(5, TimeUnit.SECONDS);
    }

    /** A reply as {@link IpcRpc#execute} hands it on: its UTF-8 bytes, here in the middle of a larger array as in a segment. */
    static CompletableFuture<Blob> reply(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        byte[] segment = new byte[b.length + 16];
        System.arraycopy(b, 0, segment, 8, b.length);
        return CompletableFuture.completedFuture(new Blob(segment, 8, b.length));
    }

    /** A string longer than Jackson's default limit (20,000,000 chars) but within the node's largest message passes. */
    @Test
    void aStringLongerThanJacksonsDefaultLimitParses() throws Exception {
        String big = "0123456789abcdef".repeat(21_000_000 / 16);
        JsonNode r = get(IpcRpc.parse(reply("{\"result\":\"" + big + "\",\"error\":null,\"id\":1}")));
        assertEquals(big.length(), r.asText().length());
        assertTrue(IpcRpc.MAX_JSON_STRING_CHARS >= 64 << 20, "the node's largest message: " + IpcRpc.MAX_JSON_STRING_CHARS);
    }

    @Test
    void nonAsciiTextIsReadAsUtf8() throws Exception {
        assertEquals("w\u00e4llet \u20bf", get(IpcRpc.parse(reply("{\"result\":\"w\u00e4llet \u20bf\",\"error\":null,\"id\":1}"))).asText());
    }

    @Test
    void shortAndLongRepliesGiveTheResult() throws Exception {
        assertEquals(101, get(IpcRpc.parse(reply("{\"result\":101,\"error\":null,\"id\":1}"))).asInt());
        String big = "x".repeat(IpcRpc.INLINE_PARSE_BYTES + 1);
        JsonNode r = get(IpcRpc.parse(reply("{\"result\":\"" + big + "\",\"error\":null,\"id\":1}")));
        assertEquals(big, r.asText());
    }

    @Test
    void amountsKeepTheDigitsTheNodeSent() throws Exception {
        JsonNode r = get(IpcRpc.parse(reply(
                "{\"result\":{\"trusted\":1.50000000,\"dust\":0.00000001,\"max\":20999999.97690000},\"error\":null,\"id\":1}")));
        assertEquals("1.50000000", r.get("trusted").decimalValue().toPlainString(), "scale kept, as bitcoin-cli prints it");
        assertEquals("0.00000001", r.get("dust").decimalValue().toPlainString(), "1 sat, no binary rounding");
        assertEquals("20999999.97690000", r.get("max").decimalValue().toPlainString());
        assertEquals(101, get(IpcRpc.parse(reply("{\"result\":101,\"error\":null,\"id\":1}"))).asLong());
    }

    @Test
    void errorsAreTheSameEitherWay() throws Exception {
        String pad = " ".repeat(IpcRpc.INLINE_PARSE_BYTES);
        for (String reply : new String[] {"{\"result\":null,\"error\":{\"code\":-32601,\"message\":\"Method not found\"},\"id\":1}",
                "{\"result\":null,\"error\":{\"code\":-32601,\"message\":\"Method not found\"},\"id\":1}" + pad}) {
            CompletableFuture<JsonNode> f = IpcRpc.parse(reply(reply));
            JsonRpcException e = assertInstanceOf(JsonRpcException.class, assertThrows(ExecutionException.class, () -> get(f)).getCause());
            assertEquals(-32601, e.code());
            CompletionException wrapped = assertThrows(CompletionException.class, f::join);
            assertInstanceOf(JsonRpcException.class, wrapped.getCause(), "wrapped as thenApply would");
        }
        RemoteException cause = new RemoteException(IpcException.Type.FAILED, "gone");
        CompletableFuture<JsonNode> failed = IpcRpc.parse(CompletableFuture.failedFuture(cause));
        assertTrue(assertThrows(ExecutionException.class, () -> get(failed)).getCause() == cause, "the call's own exception");
    }
}
