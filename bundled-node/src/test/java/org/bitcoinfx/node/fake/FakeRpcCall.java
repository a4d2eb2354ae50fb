package org.bitcoinfx.node.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * One RPC call as a handler sees it: the positional params (named ones already placed by
 * position; missing and null ones read as absent) and the wallet the URI named.
 *
 * @param method the method name
 * @param params the params by position
 * @param wallet the wallet from a {@code /wallet/<name>} URI (decoded), or null for {@code /}
 * @param node   the fake node's state (chain, network, registry)
 */
public record FakeRpcCall(String method, ArrayNode params, String wallet, FakeNodeState node) {
    /** @return param {@code i}, or null if absent or JSON null */
    public JsonNode param(int i) {
        JsonNode v = i < params.size() ? params.get(i) : null;
        return v == null || v instanceof NullNode ? null : v;
    }

    /** @return true if param {@code i} is present and not null */
    public boolean has(int i) {
        return param(i) != null;
    }

    /** @return param {@code i} as a string, or {@code dflt} if absent */
    public String str(int i, String dflt) {
        JsonNode v = param(i);
        return v == null ? dflt : v.asText();
    }

    /** @return param {@code i} as a long, or {@code dflt} if absent */
    public long num(int i, long dflt) {
        JsonNode v = param(i);
        return v == null ? dflt : v.asLong();
    }

    /** @return param {@code i} as a boolean (numbers: non-zero), or {@code dflt} if absent */
    public boolean bool(int i, boolean dflt) {
        JsonNode v = param(i);
        if (v == null) {
            return dflt;
        }
        return v.isNumber() ? v.asLong() != 0 : v.asBoolean();
    }
}
