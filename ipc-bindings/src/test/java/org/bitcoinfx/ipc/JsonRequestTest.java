package org.bitcoinfx.ipc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.bitcoinfx.ipc.rpc.CallContext;
import org.bitcoinfx.ipc.rpc.Capability;
import org.bitcoinfx.ipc.schema.RpcCapnp;
import org.capnproto.Text;
import org.junit.jupiter.api.Test;

/**
 * The executeRpc request text: a {@code char[]} param (a wallet passphrase) is written char by
 * char, correctly escaped, and every buffer that held it is zeroed; other params come out exactly
 * as Jackson wrote them before.
 */
class JsonRequestTest {
    /** The characters JSON must escape, a control character, 2-, 3- and 4-byte UTF-8. */
    static final char[] TRICKY = "pa\"ss\\wörd\n\u0001€😀 end".toCharArray();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(JsonRequest r) {
        return Arrays.copyOf(r.buffer(), r.size());
    }

    @Test
    void aCharArrayParamIsEscapedCharByCharAndReadsBackAsThePassphrase() throws Exception {
        try (JsonRequest r = JsonRequest.encode(IpcRpc.JSON, 7, "walletpassphrase", TRICKY.clone(), 60)) {
            ByteArrayOutputStream want = new ByteArrayOutputStream();
            want.writeBytes(utf8("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"walletpassphrase\",\"params\":[\"pa\\\"ss\\\\w"));
            want.writeBytes(new byte[] {(byte) 0xc3, (byte) 0xb6}); // ö
            want.writeBytes(utf8("rd\\u000a\\u0001"));
            want.writeBytes(new byte[] {(byte) 0xe2, (byte) 0x82, (byte) 0xac}); // €
            want.writeBytes(new byte[] {(byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80}); // 😀
            want.writeBytes(utf8(" end\",60]}"));
            assertArrayEquals(want.toByteArray(), bytes(r));
            JsonNode back = IpcRpc.JSON.readTree(bytes(r));
            assertEquals(new String(TRICKY), back.path("params").path(0).asText());
            assertEquals(60, back.path("params").path(1).asInt());
        }
    }

    @Test
    void otherParamsAreWrittenAsJacksonWroteThemBefore() throws Exception {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("fee_rate", new BigDecimal("12.50"));
        options.put("replaceable", true);
        Object[] params = {"tb1qxyz", 0.001, 3L, List.of(1, "two"), options, IpcRpc.JSON.readTree("{\"a\":[null]}"), null,
                "ünïcödé \"q\""};
        // the encoding IpcRpc used until the passphrase path: a tree, written as a String
        ObjectNode o = IpcRpc.JSON.createObjectNode();
        o.put("jsonrpc", "2.0");
        o.put("id", 12);
        o.put("method", "walletcreatefundedpsbt");
        ArrayNode a = o.putArray("params");
        for (Object p : params) {
            a.add(IpcRpc.JSON.valueToTree(p));
        }
        try (JsonRequest r = JsonRequest.encode(IpcRpc.JSON, 12, "walletcreatefundedpsbt", params)) {
            assertEquals(IpcRpc.JSON.writeValueAsString(o), new String(bytes(r), StandardCharsets.UTF_8));
        }
    }

    @Test
    void anUnpairedSurrogateIsRefusedWithoutShowingThePassphrase() {
        char[] bad = {'s', 'e', 'c', '\ud83d', 'x'};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JsonRequest.encode(IpcRpc.JSON, 1, "walletpassphrase", bad, 60));
        assertEquals("param 1 holds an unpaired UTF-16 surrogate at index 3", e.getMessage());
    }

    @Test
    void closeZeroesTheBufferAlsoAfterItGrew() {
        char[] longPassphrase = new char[1000];
        Arrays.fill(longPassphrase, 'k');
        JsonRequest r = JsonRequest.encode(IpcRpc.JSON, 1, "walletpassphrase", longPassphrase, 60);
        byte[] buf = r.buffer();
        assertTrue(buf.length > 256, "the buffer grew");
        r.close();
        assertEquals(0, r.size());
        for (byte b : buf) {
            assertEquals(0, b);
        }
    }

    /** An Rpc server in this process that keeps the request text it was sent (as the node parses it). */
    static final class RecordingRpcDouble extends RpcCapnp.Rpc.Server {
        final AtomicReference<String> request = new AtomicReference<>();

        @Override
        protected CompletableFuture<Void> executeRpc(CallContext.Typed<RpcCapnp.Rpc.ExecuteRpcParams.Reader, RpcCapnp.Rpc.ExecuteRpcResults.Builder> c) {
            request.set(c.params().getRequest().toString());
            c.results().setResult("{\"result\":null,\"error\":null,\"id\":3}");
            return CompletableFuture.completedFuture(null);
        }
    }

    @Test
    void executeCopiesTheBytesIntoTheMessageAndZeroesThemWhenTheCallEnds() throws Exception {
        RecordingRpcDouble server = new RecordingRpcDouble();
        try (Capability cap = Capability.local(server)) {
            var req = new RpcCapnp.Rpc.Client(cap).executeRpcRequest();
            JsonRequest body = JsonRequest.encode(IpcRpc.JSON, 3, "walletpassphrase", TRICKY.clone(), 60);
            byte[] buf = body.buffer();
            String reply = IpcRpc.execute(req, body, "/wallet/w").get(30, TimeUnit.SECONDS).utf8();
            assertEquals("{\"result\":null,\"error\":null,\"id\":3}", reply);
            assertEquals(new String(TRICKY), IpcRpc.JSON.readTree(server.request.get()).path("params").path(0).asText(),
                    "the node got the passphrase");
            for (byte b : buf) {
                assertEquals(0, b, "the encoding buffer is zeroed");
            }
            Text.Builder text = req.params().getRequest();
            assertFalse(text.size == 0);
            for (int i = 0; i < text.size; i++) {
                assertEquals(0, text.buffer.get(text.offset + i), "the request text in the call's message is zeroed");
            }
        }
    }
}
