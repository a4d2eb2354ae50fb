package org.bitcoinfx.node.fake;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One argument of a fake RPC method, for argument checks, named parameters and help texts
 * (Bitcoin Core {@code RPCArg}, {@code src/rpc/util.h}).
 *
 * @param name        the parameter name
 * @param type        the JSON type it must have
 * @param optional    true if it may be omitted (or null)
 * @param description one line for {@code help <method>}
 */
public record FakeRpcArg(String name, Type type, boolean optional, String description) {
    /** JSON types, named as in Bitcoin Core's help and type errors. */
    public enum Type {
        /** A number. */
        NUM("numeric", "number"),
        /** A string. */
        STR("string", "string"),
        /** A hex string. */
        STR_HEX("string", "string"),
        /** A boolean. */
        BOOL("boolean", "bool"),
        /** An array. */
        ARR("json array", "array"),
        /** An object. */
        OBJ("json object", "object"),
        /** An amount in BTC: number or string. */
        AMOUNT("numeric or string", "number or string"),
        /** A number or a boolean (e.g. getblock's verbosity). */
        NUM_OR_BOOL("numeric or boolean", "number or bool"),
        /** A number or a string (e.g. getblockstats' hash_or_height). */
        NUM_OR_STR("numeric or string", "number or string"),
        /** Any JSON value (echo's arguments). */
        ANY("any", "any");

        final String helpName;
        final String typeName;

        Type(String helpName, String typeName) {
            this.helpName = helpName;
            this.typeName = typeName;
        }

        boolean matches(JsonNode v) {
            return switch (this) {
                case NUM -> v.isNumber();
                case STR, STR_HEX -> v.isTextual();
                case BOOL -> v.isBoolean();
                case ARR -> v.isArray();
                case OBJ -> v.isObject();
                case AMOUNT, NUM_OR_STR -> v.isNumber() || v.isTextual();
                case NUM_OR_BOOL -> v.isNumber() || v.isBoolean();
                case ANY -> true;
            };
        }
    }

    /** A required argument. */
    public static FakeRpcArg required(String name, Type type, String description) {
        return new FakeRpcArg(name, type, false, description);
    }

    /** An optional argument. */
    public static FakeRpcArg optional(String name, Type type, String description) {
        return new FakeRpcArg(name, type, true, description);
    }

    /** @return how the argument appears in the one-line signature: {@code "name"} for strings, {@code name} else */
    String signature() {
        return switch (type) {
            case STR, STR_HEX -> "\"" + name + "\"";
            default -> name;
        };
    }

    /** @return UniValue's name of a JSON value's type ({@code uvTypeName}) */
    static String jsonTypeName(JsonNode v) {
        if (v == null || v.isNull()) {
            return "null";
        } else if (v.isBoolean()) {
            return "bool";
        } else if (v.isObject()) {
            return "object";
        } else if (v.isArray()) {
            return "array";
        } else if (v.isTextual()) {
            return "string";
        }
        return "number";
    }
}
