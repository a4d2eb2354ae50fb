package org.bitcoinfx.ipc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.bitcoinfx.ipc.rpc.Blob;
import org.bitcoinfx.ipc.rpc.Capability;
import org.bitcoinfx.ipc.primitives.PercentEncoding;
import org.bitcoinfx.ipc.rpc.IpcFuture;
import org.bitcoinfx.ipc.rpc.Request;
import org.bitcoinfx.ipc.rpc.Response;
import org.bitcoinfx.ipc.rpc.transport.Frames;
import org.bitcoinfx.ipc.schema.RpcCapnp;
import org.capnproto.Text;

/**
 * {@link RpcClient} over {@code Init.makeRpc @4} and {@code Rpc.executeRpc @0} (BC
 * {@code src/ipc/capnp/rpc.capnp}, {@code src/node/interfaces.cpp} {@code executeRpc}). Requests
 * are JSON-RPC 2.0 objects ({@link JsonRequest}); {@code user} is sent empty. Each instance runs its
 * calls on one node-side Thread ({@link ServerThread}); all share the connection's {@code Rpc}.
 */
final class IpcRpc implements RpcClient {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IpcRpc.class);
    /**
     * The longest JSON string a reply may hold, chars: the largest message the node sends (its
     * capnp {@code traversalLimitInWords}, {@link Frames#TRAVERSAL_LIMIT_WORDS}), since a reply
     * cannot hold a longer one. Jackson's default (20,000,000) would refuse a legitimate reply
     * such as a PSBT of more than 15 MB in base64 (docs/IPC.md §6).
     */
    static final int MAX_JSON_STRING_CHARS = (int) (Frames.TRAVERSAL_LIMIT_WORDS * 8);
    /**
     * Reads replies with decimals as {@link java.math.BigDecimal}: an amount keeps the digits the node
     * sent ({@code 1.50000000} BTC stays that, as bitcoin-cli prints it; no binary rounding of sat).
     */
    static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
                    .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                            .maxStringLength(MAX_JSON_STRING_CHARS).build())
                    .build())
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));
    /** Replies up to this many bytes (a few tens of µs of Jackson) are parsed on the reader thread. */
    static final int INLINE_PARSE_BYTES = 16 * 1024;
    private final IpcNodeClient client;
    private final LazyCap cap;
    private final ServerThread thread;
    private CompletableFuture<Void> sendOrder = CompletableFuture.completedFuture(null); // guarded by this

    /**
     * @param client the connection's client (for its server Threads)
     * @param cap    the connection's {@code Rpc} capability, shared by the clients of every Thread
     * @param thread the server Thread this client's calls run on
     */
    IpcRpc(IpcNodeClient client, LazyCap cap, ServerThread thread) {
        this.client = client;
        this.cap = cap;
        this.thread = thread;
    }

    private CompletableFuture<Capability> cap() {
        return cap.get();
    }

    @Override
    public CompletableFuture<JsonNode> call(String method, Object... params) {
        return holdsSecret(params) ? secret("/", method, params) : callUri("/", method, params);
    }

    @Override
    public CompletableFuture<JsonNode> callWallet(String wallet, String method, Object... params) {
        String uri = walletUri(wallet);
        return holdsSecret(params) ? secret(uri, method, params) : callUri(uri, method, params);
    }

    @Override
    public CompletableFuture<JsonNode> callSecret(String wallet, String method, Object... params) {
        return secret(wallet == null ? "/" : walletUri(wallet), method, params);
    }

    private static boolean holdsSecret(Object[] params) {
        for (Object p : params) {
            if (p instanceof char[]) {
                return true;
            }
        }
        return false;
    }

    /** What a call ended with, to pass on after the ipc logging is restored. */
    private record Outcome(JsonNode result, Throwable error) {
    }

    /**
     * The call with the node's {@code ipc} logging off around it (see {@link RpcClient#callSecret}):
     * {@code logging}; if ipc is on, {@code logging [] ["ipc"]}; the call; {@code logging ["ipc"] []}.
     * All on this client's Thread, one secret call of the connection at a time.
     */
    private CompletableFuture<JsonNode> secret(String uri, String method, Object[] params) {
        return client.oneSecretAtATime(() -> {
            CompletableFuture<Boolean> switchedOff = callUri("/", "logging").thenCompose(before -> {
                if (!before.path("ipc").asBoolean(false)) {
                    return CompletableFuture.completedFuture(false);
                }
                return callUri("/", "logging", List.of(), List.of("ipc")).thenApply(after -> {
                    if (after.path("ipc").asBoolean(false)) {
                        throw new IllegalStateException("the node kept ipc logging on");
                    }
                    return true;
                });
            });
            return switchedOff.handle((off, e) -> {
                if (e != null && unwrap(e) instanceof DisconnectedException d) {
                    // the connection went: nothing was sent, and it is a lost connection, not a logging refusal
                    throw new CompletionException(new DisconnectedException(method + " was not sent: " + d.getMessage(), d));
                }
                if (e != null) {
                    throw new CompletionException(new IllegalStateException(method + " was not sent: the node's ipc logging, which can "
                            + "write a call's params to debug.log, could not be switched off around it: " + message(e), unwrap(e)));
                }
                return off;
            }).thenCompose(off -> callUri(uri, method, params).handle(Outcome::new).thenCompose(o -> !off
                    ? CompletableFuture.completedFuture(o)
                    : callUri("/", "logging", List.of("ipc"), List.of()).handle((v, e) -> {
                        if (e != null) {
                            LOG.warn("switching the node's ipc logging on again after {} failed (it stays off): {}", method, message(e));
                        }
                        return o;
                    }))).thenCompose(o -> o.error() == null ? CompletableFuture.completedFuture(o.result())
                    : CompletableFuture.failedFuture(unwrap(o.error())));
        });
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    private static String message(Throwable e) {
        Throwable c = unwrap(e);
        return c.getMessage() == null ? c.toString() : c.getMessage();
    }

    /** {@code /wallet/<name>} with the name percent-encoded (RFC 3986 unreserved characters kept). */
    static String walletUri(String wallet) {
        return "/wallet/" + PercentEncoding.encode(wallet);
    }

    @Override
    public CompletableFuture<RawResult> callRaw(String wallet, String method, Object... params) {
        if (holdsSecret(params)) {
            return call(wallet, method, params).thenApply(RawResult::of);
        }
        return parse(send(wallet == null ? "/" : walletUri(wallet), method, params), IpcRpc::rawResult);
    }

    private CompletableFuture<JsonNode> call(String wallet, String method, Object[] params) {
        return wallet == null ? call(method, params) : callWallet(wallet, method, params);
    }

    private CompletableFuture<JsonNode> callUri(String uri, String method, Object... params) {
        return parse(send(uri, method, params), IpcRpc::result);
    }

    /** Encodes and sends one call; the reply's bytes, unread. */
    private CompletableFuture<Blob> send(String uri, String method, Object... params) {
        JsonRequest body;
        try {
            body = JsonRequest.encode(JSON, client.nextRpcId(), method, params);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("cannot encode params of " + method + ": " + e.getMessage(), e));
        }
        CompletableFuture<Blob> raw = inOrder(req -> execute(req.rpcMethod(method), body, uri));
        raw.whenComplete((v, e) -> body.close()); // if the call never got as far as execute
        return raw;
    }

    /**
     * Sends {@code Rpc.executeRpc} with {@code body} as its request text (copied byte for byte into
     * the message, no String in between; {@code body} zeroed at once) and {@code uri}. When the call
     * ends, however it ends, the request text in the call's message is overwritten with zeros too.
     * (The frame the connection encoded from it is the runtime's and is not reached from here.)
     *
     * @return the reply text's bytes where the Return message holds them (no copy: Jackson reads them in place)
     */
    static CompletableFuture<Blob> execute(Request<RpcCapnp.Rpc.ExecuteRpcParams.Builder, RpcCapnp.Rpc.ExecuteRpcResults.Reader> req,
                                             JsonRequest body, String uri) {
        Text.Builder text = req.params().initRequest(body.size());
        byte[] b = body.buffer();
        for (int i = 0; i < body.size(); i++) {
            text.buffer.put(text.offset + i, b[i]);
        }
        body.close();
        req.params().setUri(uri);
        req.params().setUser("");
        Runnable wipe = () -> {
            for (int i = 0; i < text.size; i++) {
                text.buffer.put(text.offset + i, (byte) 0);
            }
        };
        IpcFuture<Response<RpcCapnp.Rpc.ExecuteRpcResults.Reader>> response = req.sendForResponse();
        response.whenComplete((v, e) -> wipe.run()); // also when it fails
        return response.thenApplyInline(r -> {
            wipe.run(); // before the caller wakes
            try (r) {
                return r.read(res -> Blob.of(res.getResult()));
            }
        });
    }

    /**
     * Parses the reply where it arrives when it is short (on the connection's reader thread:
     * no further hand-off before the caller wakes), on a callback thread when it is long.
     * Failures come wrapped in CompletionException, as from {@code thenApply}.
     */
    static CompletableFuture<JsonNode> parse(CompletableFuture<Blob> raw) {
        return parse(raw, IpcRpc::result);
    }

    /** As {@link #parse(CompletableFuture)}, reading the reply with {@code read}. */
    static <T> CompletableFuture<T> parse(CompletableFuture<Blob> raw, java.util.function.Function<Blob, T> read) {
        IpcFuture<T> out = new IpcFuture<>();
        raw.whenCompleteAsync((reply, err) -> {
            if (err != null) {
                out.completeExceptionally(err instanceof CompletionException ? err : new CompletionException(err));
            } else if (reply.length() <= INLINE_PARSE_BYTES) {
                try {
                    out.complete(read.apply(reply));
                } catch (RuntimeException e) {
                    out.completeExceptionally(new CompletionException(e));
                }
            } else {
                out.completeAsync(() -> read.apply(reply));
            }
        }, Runnable::run);
        return out;
    }

    /**
     * The {@code result} of a JSON-RPC reply, or a {@link JsonRpcException} for its {@code error}.
     * Jackson reads UTF-8 bytes (its byte parser; {@link #result(Blob)} reads them in place, with no
     * String of the whole reply).
     */
    static JsonNode result(String reply) {
        byte[] b = reply.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return result(new Blob(b, 0, b.length));
    }

    /** As {@link #result(String)}, reading the reply's bytes in place. */
    static JsonNode result(Blob reply) {
        JsonNode r;
        try {
            r = JSON.readTree(reply.array(), reply.offset(), reply.length());
        } catch (JsonProcessingException e) {
            throw new IpcException(IpcException.Type.FAILED, "the node's reply is not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) { // an array cannot fail to be read; Jackson's signature says it may
            throw new java.io.UncheckedIOException(e);
        }
        if (r == null || r.isNull()) {
            throw new IpcException(IpcException.Type.FAILED, "the node gave no reply (a refused or notification request)");
        }
        JsonNode err = r.get("error");
        if (err != null && !err.isNull()) {
            throw new JsonRpcException(err.path("code").asInt(), err.path("message").asText());
        }
        return r.path("result");
    }

    /**
     * The {@code result} of a JSON-RPC reply as its bytes ({@link RawResult}), or a {@link JsonRpcException}
     * for its {@code error}. Reads the reply through once with Jackson's streaming parser (every token
     * checked, no tree, no String of a value: about the cost of tokenizing S bytes), so a truncated or
     * malformed reply fails here, before anything of it is shown, and so does one with something after its end
     * (a reply cut short and closed early) or with neither {@code result} nor {@code error}.
     *
     * @throws IpcException FAILED "the node's reply is not JSON: …" (Jackson's words), "the node gave no reply",
     *     "the node's reply has neither a result nor an error"
     */
    static RawResult rawResult(Blob reply) {
        int resultAt = -1;
        int resultEnd = reply.length();
        JsonRpcException error = null;
        try (com.fasterxml.jackson.core.JsonParser p = JSON.createParser(reply.array(), reply.offset(), reply.length())) {
            com.fasterxml.jackson.core.JsonToken t = p.nextToken();
            if (t == null || t == com.fasterxml.jackson.core.JsonToken.VALUE_NULL) {
                throw new IpcException(IpcException.Type.FAILED, "the node gave no reply (a refused or notification request)");
            }
            if (t != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                throw new IpcException(IpcException.Type.FAILED, "the node's reply is not a JSON-RPC object: it starts with " + t);
            }
            while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String name = p.currentName();
                com.fasterxml.jackson.core.JsonToken v = p.nextToken();
                if (name.equals("result")) {
                    resultAt = (int) p.currentTokenLocation().getByteOffset(); // from the parser's start: the array's offset
                    if (v.isScalarValue() && v != com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
                        // a number, true, false, null: a reader of it alone must see where it ends (a string or
                        // a container ends itself, and is not read through here to find out)
                        resultEnd = (int) p.currentLocation().getByteOffset();
                    }
                    p.skipChildren();
                } else if (name.equals("error") && v != com.fasterxml.jackson.core.JsonToken.VALUE_NULL) {
                    JsonNode err = JSON.readTree(p);
                    error = new JsonRpcException(err.path("code").asInt(), err.path("message").asText());
                } else {
                    p.skipChildren();
                }
            }
            if (p.currentToken() != com.fasterxml.jackson.core.JsonToken.END_OBJECT) {
                throw new IpcException(IpcException.Type.FAILED, "the node's reply is not JSON: unexpected " + p.currentToken());
            }
            if (p.nextToken() != null) { // a reply closed early reads as a whole object: what follows shows it is not
                throw new IpcException(IpcException.Type.FAILED, "the node's reply is not JSON: more after its end, at byte "
                        + p.currentTokenLocation().getByteOffset());
            }
        } catch (JsonProcessingException e) {
            throw new IpcException(IpcException.Type.FAILED, "the node's reply is not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) { // an array cannot fail to be read
            throw new java.io.UncheckedIOException(e);
        }
        if (error != null) {
            throw error;
        }
        if (resultAt < 0) {
            throw new IpcException(IpcException.Type.FAILED, "the node's reply has neither a result nor an error");
        }
        return new RawResult(reply.array(), reply.offset() + resultAt, reply.offset() + resultEnd, reply.length());
    }

    @Override
    public CompletableFuture<String> executeRaw(String request, String uri) {
        return inOrder(req -> {
            req.rpcMethod(JsonRequest.methodOf(request));
            req.params().setRequest(request);
            req.params().setUri(uri);
            req.params().setUser("");
            return req.sendForResponse().thenApplyInline(r -> {
                try (r) {
                    return r.read(res -> Blob.of(res.getResult()).utf8()); // one copy: the String's own
                }
            });
        });
    }

    /**
     * Sends an executeRpc call built by {@code send} once the {@code Rpc} capability and this
     * client's server Thread exist, in the order of the calls to this method: the node runs a
     * Thread's calls in the order they arrive, and calls made while the capability or the Thread
     * was still being made must not overtake one another (dependents of one future run in no
     * promised order). At once, on the caller's thread, when both exist.
     *
     * @return what {@code send} made of the reply (its text or its bytes); completed inline where the
     *     reply arrives, dependents off the reader thread
     */
    private <T> CompletableFuture<T> inOrder(java.util.function.Function<Request<RpcCapnp.Rpc.ExecuteRpcParams.Builder,
            RpcCapnp.Rpc.ExecuteRpcResults.Reader>, CompletableFuture<T>> send) {
        IpcFuture<T> reply = new IpcFuture<>();
        synchronized (this) {
            sendOrder = sendOrder.handle((v, e) -> (Void) null)
                    .thenCompose(x -> cap().thenCombine(client.thread(thread), (c, t) -> {
                        Request<RpcCapnp.Rpc.ExecuteRpcParams.Builder, RpcCapnp.Rpc.ExecuteRpcResults.Reader> req =
                                new RpcCapnp.Rpc.Client(c).executeRpcRequest();
                        IpcNodeClient.context(req, req.params().initContext(), t);
                        req.threadLabel(thread.threadName());
                        return req;
                    }))
                    .handle((req, e) -> {
                        if (e != null) {
                            reply.completeExceptionally(unwrap(e));
                            return null;
                        }
                        CompletableFuture<T> sent;
                        try {
                            sent = send.apply(req);
                        } catch (RuntimeException ex) {
                            sent = CompletableFuture.failedFuture(ex);
                        }
                        sent.whenCompleteAsync((v, err) -> {
                            if (err != null) {
                                reply.completeExceptionally(unwrap(err));
                            } else {
                                reply.complete(v);
                            }
                        }, Runnable::run);
                        return null;
                    });
        }
        return reply;
    }
}
