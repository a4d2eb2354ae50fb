package org.bitcoinfx.gui.util;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The app's shared Jackson mapper and pretty printing. */
public final class Json {
    /** Shared mapper (thread-safe once configured). */
    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    /** The pretty printer's template ({@link PrettyJson} makes its own instance of it, as an ObjectWriter does). */
    static final com.fasterxml.jackson.core.util.DefaultPrettyPrinter PRINTER =
            new com.fasterxml.jackson.core.util.DefaultPrettyPrinter(com.fasterxml.jackson.core.util.Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(com.fasterxml.jackson.core.util.Separators.Spacing.AFTER))
                    .withArrayIndenter(com.fasterxml.jackson.core.util.DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);

    private Json() {
    }

    /**
     * Doubles become plain decimals (0.00001000 rather than 1.0E-5), as bitcoin-cli prints them. Copies only
     * the containers on the way to a double: a tree without one (the node's replies, read with exact decimals)
     * is returned as it is, so a multi-MB answer is not copied.
     */
    private static JsonNode plainNumbers(JsonNode n) {
        if (n.isDouble() || n.isFloat()) {
            return MAPPER.getNodeFactory().numberNode(java.math.BigDecimal.valueOf(n.doubleValue()).stripTrailingZeros());
        }
        if (n.isObject()) {
            com.fasterxml.jackson.databind.node.ObjectNode o = null;
            var it = n.fields();
            while (it.hasNext()) {
                var e = it.next();
                JsonNode v = plainNumbers(e.getValue());
                if (v != e.getValue() && o == null) {
                    o = ((com.fasterxml.jackson.databind.node.ObjectNode) n).deepCopy();
                }
                if (o != null) {
                    o.set(e.getKey(), v);
                }
            }
            return o == null ? n : o;
        }
        if (n.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode a = null;
            for (int i = 0; i < n.size(); i++) {
                JsonNode v = plainNumbers(n.get(i));
                if (v != n.get(i) && a == null) {
                    a = ((com.fasterxml.jackson.databind.node.ArrayNode) n).deepCopy();
                }
                if (a != null) {
                    a.set(i, v);
                }
            }
            return a == null ? n : a;
        }
        return n;
    }

    /** @return the factory of the generator {@link #pretty} writes with (decimals plain) */
    static com.fasterxml.jackson.core.JsonFactory prettyFactory() {
        return PRETTY.getFactory();
    }

    /**
     * @return {@code n} indented as bitcoin-cli prints it; strings are printed without quotes. {@link PrettyJson}
     *     prints the same text from a parser, without a tree.
     */
    public static String pretty(JsonNode n) {
        if (n == null || n.isNull()) {
            return "null";
        }
        if (n.isTextual()) {
            return n.asText();
        }
        try {
            return PRETTY.writer(PRINTER).writeValueAsString(plainNumbers(n));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print JSON", e);
        }
    }
}
