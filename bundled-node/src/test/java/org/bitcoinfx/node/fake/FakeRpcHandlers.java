package org.bitcoinfx.node.fake;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fake node's RPC method registry and JSON-RPC request handling, as Bitcoin Core's
 * {@code executeRpc} over IPC answers ({@code src/node/interfaces.cpp}, {@code src/httprpc.cpp},
 * {@code src/rpc/request.cpp}): JSON-RPC 2.0 and legacy 1.0 replies, batches, notifications
 * (reply {@code null}), {@code -32700 "Top-level object parse error"} for bad JSON,
 * {@code -32601 "Method not found"}, type errors ({@code -3 "Wrong type passed: …"}), the help
 * text as a {@code -1} error for a wrong argument count, named params.
 *
 * <p>Methods are registered by name ({@link #register}); a {@link FakeRpcPlugin} (for example the
 * wallet) adds its own without touching the dispatch. Thread-safe.
 */
public final class FakeRpcHandlers {
    /**
     * The mapper replies are written with, in UniValue's number style: amounts as plain decimals
     * ({@code 0.00000100}, not {@code 1E-6}), integral doubles without a fraction ({@code 1}),
     * exponents in lower case ({@code 4.656542373906925e-10}).
     */
    public static final ObjectMapper JSON = new ObjectMapper(new UniValueJsonFactory()).enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    /** Writes doubles as {@link #univalue(double)} does, also inside JSON trees. */
    private static final class UniValueJsonFactory extends com.fasterxml.jackson.core.JsonFactory {
        @Override
        protected JsonGenerator _createGenerator(java.io.Writer out, com.fasterxml.jackson.core.io.IOContext ctxt) throws java.io.IOException {
            return new com.fasterxml.jackson.core.util.JsonGeneratorDelegate(super._createGenerator(out, ctxt), true) {
                @Override
                public void writeNumber(double v) throws java.io.IOException {
                    delegate.writeNumber(univalue(v));
                }
            };
        }
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Map<String, FakeRpcMethod> methods = new ConcurrentHashMap<>();
    private final FakeNodeState node;

    /** @param node the state handed to every handler */
    public FakeRpcHandlers(FakeNodeState node) {
        this.node = node;
    }

    /**
     * Registers a method, replacing one of the same name.
     *
     * @return the method replaced, if any
     */
    public Optional<FakeRpcMethod> register(FakeRpcMethod m) {
        return Optional.ofNullable(methods.put(m.name(), Objects.requireNonNull(m)));
    }

    /** @return the method of that name, if registered */
    public Optional<FakeRpcMethod> method(String name) {
        return Optional.ofNullable(methods.get(name));
    }

    /** @return all registered methods, sorted by category and name as {@code help} lists them */
    public List<FakeRpcMethod> methods() {
        List<FakeRpcMethod> all = new ArrayList<>(methods.values());
        all.sort(Comparator.comparing((FakeRpcMethod m) -> m.category() + m.name()));
        return all;
    }

    /** @return a double as UniValue writes it: integral values without fraction, lower-case exponent */
    static String univalue(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v).replace("E", "e");
    }

    /** @return an amount in sat as the JSON number RPC prints ({@code ValueFromAmount}: BTC with 8 decimals) */
    public static JsonNode amount(long sat) {
        return NODES.numberNode(BigDecimal.valueOf(sat, 8));
    }

    /** @return the text of {@code help} (no argument): the non-hidden methods by category ({@code CRPCTable::help}) */
    public String helpList() {
        StringBuilder b = new StringBuilder();
        String category = "";
        for (FakeRpcMethod m : methods()) {
            if (m.category().equals("hidden")) {
                continue;
            }
            if (!m.category().equals(category)) {
                if (!category.isEmpty()) {
                    b.append('\n');
                }
                category = m.category();
                b.append("== ").append(Character.toUpperCase(category.charAt(0))).append(category.substring(1)).append(" ==\n");
            }
            b.append(m.signature()).append('\n');
        }
        return b.length() == 0 ? "" : b.substring(0, b.length() - 1);
    }

    /** @return the text of {@code help <command>} */
    public String helpFor(String command) {
        FakeRpcMethod m = methods.get(command);
        if (m == null) {
            return "help: unknown command: " + command;
        }
        String t = m.helpText();
        return t.endsWith("\n") ? t.substring(0, t.length() - 1) + "\n" : t;
    }

    /**
     * Answers one {@code Rpc.executeRpc} call.
     *
     * @param request JSON-RPC text: an object or a batch array
     * @param uri     {@code /} or {@code /wallet/<url-encoded name>}
     * @return the reply text; {@code null} (the JSON literal) for a notification
     */
    public String execute(String request, String uri) {
        String wallet = walletFromUri(uri);
        JsonNode req;
        try {
            req = JSON.readTree(request);
        } catch (JsonProcessingException e) {
            req = null;
        }
        try {
            if (req != null && req.isArray()) {
                ArrayNode out = NODES.arrayNode();
                for (JsonNode r : req) {
                    ObjectNode reply = one(r, wallet);
                    if (reply != null) {
                        out.add(reply);
                    }
                }
                return JSON.writeValueAsString(out);
            }
            if (req == null || !req.isObject()) {
                return JSON.writeValueAsString(legacyError(FakeRpcException.PARSE_ERROR, "Top-level object parse error", NullNode.getInstance()));
            }
            ObjectNode reply = one(req, wallet);
            return reply == null ? "null" : JSON.writeValueAsString(reply);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON reply: " + e.getOriginalMessage(), e);
        }
    }

    /** @return the decoded wallet name of a {@code /wallet/…} URI, else null */
    static String walletFromUri(String uri) {
        String prefix = "/wallet/";
        if (uri == null || !uri.startsWith(prefix)) {
            return null;
        }
        return URLDecoder.decode(uri.substring(prefix.length()).replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static ObjectNode legacyError(int code, String message, JsonNode id) {
        ObjectNode o = NODES.objectNode();
        o.putNull("result");
        o.set("error", error(code, message));
        o.set("id", id);
        return o;
    }

    private static ObjectNode error(int code, String message) {
        ObjectNode e = NODES.objectNode();
        e.put("code", code);
        e.put("message", message);
        return e;
    }

    private ObjectNode one(JsonNode req, String wallet) {
        if (!req.isObject()) {
            return legacyError(FakeRpcException.INVALID_REQUEST, "Invalid Request object", NullNode.getInstance());
        }
        boolean v2 = "2.0".equals(req.path("jsonrpc").asText(null));
        JsonNode id = req.get("id");
        if (v2 && id == null) {
            // a notification: executed, no reply
            try {
                call(req, wallet);
            } catch (FakeRpcException e) {
                node.log().info("notification " + req.path("method").asText() + " failed: " + e.getMessage());
            }
            return null;
        }
        JsonNode idOut = id == null ? NullNode.getInstance() : id;
        ObjectNode reply = NODES.objectNode();
        try {
            JsonNode result = call(req, wallet);
            if (v2) {
                reply.put("jsonrpc", "2.0");
                reply.set("result", result);
            } else {
                reply.set("result", result);
                reply.putNull("error");
            }
        } catch (FakeRpcException e) {
            if (v2) {
                reply.put("jsonrpc", "2.0");
            } else {
                reply.putNull("result");
            }
            reply.set("error", error(e.code(), e.getMessage()));
        }
        reply.set("id", idOut);
        return reply;
    }

    private JsonNode call(JsonNode req, String wallet) throws FakeRpcException {
        JsonNode methodNode = req.get("method");
        if (methodNode == null) {
            throw new FakeRpcException(FakeRpcException.INVALID_REQUEST, "Missing method");
        }
        if (!methodNode.isTextual()) {
            throw new FakeRpcException(FakeRpcException.INVALID_REQUEST, "Method must be a string");
        }
        String name = methodNode.asText();
        JsonNode params = req.get("params");
        if (params != null && !params.isNull() && !params.isArray() && !params.isObject()) {
            throw new FakeRpcException(FakeRpcException.INVALID_REQUEST, "Params must be an array or object");
        }
        String warmup = node.warmupMessage();
        if (warmup != null) {
            throw new FakeRpcException(FakeRpcException.IN_WARMUP, warmup);
        }
        FakeRpcMethod m = methods.get(name);
        if (m == null) {
            throw new FakeRpcException(FakeRpcException.METHOD_NOT_FOUND, "Method not found");
        }
        ArrayNode positional = positional(m, params);
        checkArgs(m, positional);
        try {
            JsonNode r = m.handler().handle(new FakeRpcCall(name, positional, wallet, node));
            return r == null ? NullNode.getInstance() : r;
        } catch (FakeRpcException e) {
            throw e;
        } catch (RuntimeException e) {
            node.log().info("RPC " + name + " failed: " + e);
            throw new FakeRpcException(FakeRpcException.MISC_ERROR, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private static ArrayNode positional(FakeRpcMethod m, JsonNode params) throws FakeRpcException {
        ArrayNode out = NODES.arrayNode();
        if (params == null || params.isNull()) {
            return out;
        }
        if (params.isArray()) {
            params.forEach(out::add);
            return out;
        }
        JsonNode[] slots = new JsonNode[m.args().size()];
        int last = -1;
        for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            int i = -1;
            for (int k = 0; k < m.args().size(); k++) {
                if (m.args().get(k).name().equals(f.getKey())) {
                    i = k;
                }
            }
            if (i < 0) {
                throw new FakeRpcException(FakeRpcException.INVALID_PARAMETER, "Unknown named parameter " + f.getKey());
            }
            slots[i] = f.getValue();
            last = Math.max(last, i);
        }
        for (int i = 0; i <= last; i++) {
            out.add(slots[i] == null ? NullNode.getInstance() : slots[i]);
        }
        return out;
    }

    private static void checkArgs(FakeRpcMethod m, ArrayNode params) throws FakeRpcException {
        int required = 0;
        for (int i = 0; i < m.args().size(); i++) {
            if (!m.args().get(i).optional()) {
                required = i + 1;
            }
        }
        if (params.size() > m.args().size() || params.size() < required) {
            throw new FakeRpcException(FakeRpcException.MISC_ERROR, m.helpText());
        }
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            FakeRpcArg a = m.args().get(i);
            JsonNode v = params.get(i);
            if ((v == null || v.isNull()) && a.optional()) {
                continue;
            }
            if (v == null || v.isNull() || !a.type().matches(v)) {
                errors.add("    \"Position " + (i + 1) + " (" + a.name() + ")\": \"JSON value of type " + FakeRpcArg.jsonTypeName(v)
                        + " is not of expected type " + a.type().typeName + "\"");
            }
        }
        if (!errors.isEmpty()) {
            throw new FakeRpcException(FakeRpcException.TYPE_ERROR, "Wrong type passed:\n{\n" + String.join(",\n", errors) + "\n}");
        }
    }

    /** @return a JSON string node */
    static JsonNode text(String s) {
        return TextNode.valueOf(s);
    }
}
