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
    private static final com.fasterxml.jackson.core.util.DefaultPrettyPrinter PRINTER =
            new com.fasterxml.jackson.core.util.DefaultPrettyPrinter(com.fasterxml.jackson.core.util.Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(com.fasterxml.jackson.core.util.Separators.Spacing.AFTER))
                    .withArrayIndenter(com.fasterxml.jackson.core.util.DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);

    private Json() {
    }

    /** Doubles become plain decimals (0.00001000 rather than 1.0E-5), as bitcoin-cli prints them. */
    private static JsonNode plainNumbers(JsonNode n) {
        if (n.isDouble() || n.isFloat()) {
            return MAPPER.getNodeFactory().numberNode(java.math.BigDecimal.valueOf(n.doubleValue()).stripTrailingZeros());
        }
        if (n.isObject()) {
            com.fasterxml.jackson.databind.node.ObjectNode o = MAPPER.createObjectNode();
            n.fields().forEachRemaining(e -> o.set(e.getKey(), plainNumbers(e.getValue())));
            return o;
        }
        if (n.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode a = MAPPER.createArrayNode();
            n.forEach(e -> a.add(plainNumbers(e)));
            return a;
        }
        return n;
    }

    /** @return {@code n} indented as bitcoin-cli prints it; strings are printed without quotes */
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
