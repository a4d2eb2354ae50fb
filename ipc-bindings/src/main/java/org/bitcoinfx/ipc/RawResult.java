package org.bitcoinfx.ipc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * The {@code result} of a JSON-RPC reply, kept as the reply's UTF-8 bytes rather than a tree: a reader
 * streams it ({@link #parser()}) or makes a tree of it when it needs one ({@link #tree()}). For a multi-MB
 * answer (a {@code getblock <hash> 2} of a full block) the bytes are the message's own (the Return's
 * segment array, no copy; docs/IPC.md §6) and cost about S, where a Jackson tree costs about 6 S.
 *
 * <p>The reply was read through once before a {@code RawResult} is made ({@link RpcClient#callRaw}): it is
 * whole, well-formed JSON with no {@code error}; {@link #parser()} reads the result's one value and a
 * reader stops after it (what may follow a string or a container in the bytes is the rest of the reply:
 * {@code ,"id":…}}).
 */
public final class RawResult {
    private final byte[] array;
    private final int start;
    private final int end;
    private final int replyBytes;

    /**
     * @param array      the reply's bytes (never written to)
     * @param start      where the result's value starts in {@code array}
     * @param end        where the value ends in {@code array} (a number, true, false, null), or the reply does (a
     *                   string or a container, which ends itself)
     * @param replyBytes bytes of the whole reply
     */
    RawResult(byte[] array, int start, int end, int replyBytes) {
        Objects.checkFromToIndex(start, end, array.length);
        this.array = array;
        this.start = start;
        this.end = end;
        this.replyBytes = replyBytes;
    }

    /** A result already read as a tree (test doubles, calls that go through {@link RpcClient#call}): its JSON text. */
    public static RawResult of(JsonNode result) {
        byte[] b;
        try {
            b = IpcRpc.JSON.writeValueAsBytes(result == null ? IpcRpc.JSON.nullNode() : result);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the result as JSON", e);
        }
        return new RawResult(b, 0, b.length, b.length);
    }

    /**
     * Reads a JSON-RPC reply's text as {@link RpcClient#callRaw} reads a reply (a reply {@link RpcClient#executeRaw}
     * gave, a saved one).
     *
     * @param reply the reply's UTF-8 bytes (kept, never written to)
     * @throws JsonRpcException for the reply's {@code error}
     * @throws IpcException FAILED "the node's reply is not JSON: …" for a truncated or malformed reply
     */
    public static RawResult ofReply(byte[] reply) {
        return IpcRpc.rawResult(new org.bitcoinfx.ipc.rpc.Blob(reply, 0, reply.length));
    }

    /** @return bytes of the reply the result came in (what holding this costs, about) */
    public int replyBytes() {
        return replyBytes;
    }

    /**
     * A parser over the result: its first {@code nextToken()} is the value's first token. Decimals read
     * exactly ({@link JsonParser#getDecimalValue()} keeps {@code 0.00001000} as sent); strings up to 64 MiB
     * ({@code IpcRpc.MAX_JSON_STRING_CHARS}). Thread-safe: each call makes a new parser.
     */
    public JsonParser parser() {
        try {
            return IpcRpc.JSON.createParser(array, start, end - start);
        } catch (IOException e) { // a parser over an array cannot fail to open; Jackson's signature says it may
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The result as a tree, read as {@link RpcClient#call} reads it (decimals exact).
     *
     * @throws IpcException FAILED if the bytes are not JSON (they were checked: cannot happen for a reply)
     */
    public JsonNode tree() {
        try (JsonParser p = parser()) {
            JsonNode n = IpcRpc.JSON.readTree(p);
            return n == null ? IpcRpc.JSON.nullNode() : n;
        } catch (JsonProcessingException e) {
            throw new IpcException(IpcException.Type.FAILED, "the node's reply is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
