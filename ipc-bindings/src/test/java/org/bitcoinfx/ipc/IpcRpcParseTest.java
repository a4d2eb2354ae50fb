package org.bitcoinfx.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link IpcRpc#parse}: short replies parsed where they arrive, long ones on a callback thread, same results and errors. */
class IpcRpcParseTest {
    private static JsonNode get(CompletableFuture<JsonNode> f) throws Exception {
        return f.get(5, TimeUnit.SECONDS);
    }

    @Test
    void shortAndLongRepliesGiveTheResult() throws Exception {
        assertEquals(101, get(IpcRpc.parse(CompletableFuture.completedFuture("{\"result\":101,\"error\":null,\"id\":1}"))).asInt());
        String big = "x".repeat(IpcRpc.INLINE_PARSE_CHARS + 1);
        JsonNode r = get(IpcRpc.parse(CompletableFuture.completedFuture("{\"result\":\"" + big + "\",\"error\":null,\"id\":1}")));
        assertEquals(big, r.asText());
    }

    @Test
    void amountsKeepTheDigitsTheNodeSent() throws Exception {
        JsonNode r = get(IpcRpc.parse(CompletableFuture.completedFuture(
                "{\"result\":{\"trusted\":1.50000000,\"dust\":0.00000001,\"max\":20999999.97690000},\"error\":null,\"id\":1}")));
        assertEquals("1.50000000", r.get("trusted").decimalValue().toPlainString(), "scale kept, as bitcoin-cli prints it");
        assertEquals("0.00000001", r.get("dust").decimalValue().toPlainString(), "1 sat, no binary rounding");
        assertEquals("20999999.97690000", r.get("max").decimalValue().toPlainString());
        assertEquals(101, get(IpcRpc.parse(CompletableFuture.completedFuture("{\"result\":101,\"error\":null,\"id\":1}"))).asLong());
    }

    @Test
    void errorsAreTheSameEitherWay() throws Exception {
        String pad = " ".repeat(IpcRpc.INLINE_PARSE_CHARS);
        for (String reply : new String[] {"{\"result\":null,\"error\":{\"code\":-32601,\"message\":\"Method not found\"},\"id\":1}",
                "{\"result\":null,\"error\":{\"code\":-32601,\"message\":\"Method not found\"},\"id\":1}" + pad}) {
            CompletableFuture<JsonNode> f = IpcRpc.parse(CompletableFuture.completedFuture(reply));
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
