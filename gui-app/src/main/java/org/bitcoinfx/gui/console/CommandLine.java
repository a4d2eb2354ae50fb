package org.bitcoinfx.gui.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.bitcoinfx.gui.util.Json;

/**
 * Parses a console line like bitcoin-cli: the method, then arguments separated by white space.
 * Quotes ({@code "…"} or {@code '…'}) group words; brackets and braces group JSON arrays and
 * objects. Each argument becomes a JSON value when it parses as one ({@code 1}, {@code true},
 * {@code ["a"]}, {@code "quoted"}), else a string ({@code 000000…}, {@code bc1q…}).
 *
 * @param method the RPC method
 * @param params the positional parameters, as JSON values
 */
public record CommandLine(String method, List<JsonNode> params) {

    /**
     * @throws IllegalArgumentException for an empty line or unbalanced quotes/brackets
     */
    public static CommandLine parse(String line) {
        List<String> tokens = tokenize(line);
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        List<JsonNode> params = new ArrayList<>();
        for (String t : tokens.subList(1, tokens.size())) {
            params.add(toValue(t));
        }
        return new CommandLine(tokens.get(0), List.copyOf(params));
    }

    /** A token as a JSON value if it parses as one, else as a string (single quotes stripped). */
    static JsonNode toValue(String token) {
        if (token.length() >= 2 && token.startsWith("'") && token.endsWith("'")) {
            return Json.MAPPER.getNodeFactory().textNode(token.substring(1, token.length() - 1));
        }
        try {
            JsonNode n = Json.MAPPER.readTree(token);
            if (n != null && !n.isMissingNode()) {
                return n;
            }
        } catch (JsonProcessingException e) {
            // not JSON: bitcoin-cli passes it on as a string, and so do we
        }
        return Json.MAPPER.getNodeFactory().textNode(token);
    }

    /** Splits on white space outside quotes and brackets; keeps the quotes in the tokens. */
    static List<String> tokenize(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int depth = 0;
        char quote = 0;
        boolean escape = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quote != 0) {
                cur.append(ch);
                if (escape) {
                    escape = false;
                } else if (ch == '\\' && quote == '"') {
                    escape = true;
                } else if (ch == quote) {
                    quote = 0;
                }
                continue;
            }
            if (ch == '"' || ch == '\'') {
                quote = ch;
                cur.append(ch);
            } else if (ch == '[' || ch == '{') {
                depth++;
                cur.append(ch);
            } else if (ch == ']' || ch == '}') {
                depth--;
                if (depth < 0) {
                    throw new IllegalArgumentException("unbalanced '" + ch + "' at column " + (i + 1));
                }
                cur.append(ch);
            } else if (Character.isWhitespace(ch) && depth == 0) {
                if (cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
            } else {
                cur.append(ch);
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unterminated " + quote + " quote");
        }
        if (depth != 0) {
            throw new IllegalArgumentException("unbalanced brackets");
        }
        if (cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }
}
