package org.bitcoinfx.gui.wallet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * BIP 329 wallet labels: one JSON object a line, {@code {"type": …, "ref": …, "label": …}}. Bitcoin FX exports
 * {@code addr} labels (the node's address book) and {@code tx} and {@code output} labels (its own
 * {@link TxLabelStore}); on import it takes those three types and skips the others ({@code input},
 * {@code pubkey}, {@code xpub}), which it has no use for. A file is read whole before anything is changed: one
 * bad line refuses the file.
 */
public final class Bip329 {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TXID = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern OUTPOINT = Pattern.compile("[0-9a-fA-F]{64}:[0-9]{1,9}");
    /** The types BIP 329 defines. */
    public static final Set<String> TYPES = Set.of("tx", "addr", "pubkey", "input", "output", "xpub");
    /** The longest line read, characters. */
    public static final int MAX_LINE = 64 * 1024;

    private Bip329() {
    }

    /**
     * One label record.
     *
     * @param type  {@code tx}, {@code addr}, {@code output}, … (BIP 329)
     * @param ref   a txid, an address, {@code txid:vout}, …
     * @param label the label ("" when the line has none)
     */
    public record Label(String type, String ref, String label) {
    }

    /** @return {@code labels} as BIP 329 JSON lines, each ending in a newline, in the order given */
    public static String write(List<Label> labels) {
        StringBuilder sb = new StringBuilder();
        for (Label l : labels) {
            ObjectNode o = JSON.createObjectNode();
            o.put("type", l.type()).put("ref", l.ref()).put("label", l.label());
            sb.append(o).append('\n');
        }
        return sb.toString();
    }

    /**
     * Reads a BIP 329 file. Blank lines are skipped.
     *
     * @return every record, in file order (all six types)
     * @throws IllegalArgumentException "line N: …" for the first line that is not a JSON object, lacks
     *         {@code type} or {@code ref}, has an unknown type, a {@code tx} ref that is not a txid, an {@code output} ref
     *         that is not {@code txid:vout}, a label that is not text, or the label {@code *} on an address (the
     *         node refuses it: {@code LabelFromValue})
     */
    public static List<Label> read(String text) {
        List<Label> out = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            int n = i + 1;
            if (line.length() > MAX_LINE) {
                throw new IllegalArgumentException("line " + n + ": longer than " + MAX_LINE + " characters");
            }
            JsonNode o;
            try {
                o = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("line " + n + ": not JSON (" + e.getOriginalMessage() + ")");
            }
            if (o == null || !o.isObject()) {
                throw new IllegalArgumentException("line " + n + ": not a JSON object");
            }
            String type = o.path("type").asText("");
            String ref = o.path("ref").asText("");
            if (!o.path("type").isTextual() || !TYPES.contains(type)) {
                throw new IllegalArgumentException("line " + n + ": \"type\" must be one of tx, addr, pubkey, input, output, xpub");
            }
            if (!o.path("ref").isTextual() || ref.isEmpty()) {
                throw new IllegalArgumentException("line " + n + ": no \"ref\"");
            }
            JsonNode label = o.get("label");
            if (label != null && !label.isNull() && !label.isTextual()) {
                throw new IllegalArgumentException("line " + n + ": \"label\" must be text");
            }
            String l = label == null || label.isNull() ? "" : label.asText();
            switch (type) {
                case "tx" -> {
                    if (!TXID.matcher(ref).matches()) {
                        throw new IllegalArgumentException("line " + n + ": a tx ref is a txid (64 hex digits), not \"" + ref + "\"");
                    }
                }
                case "output", "input" -> {
                    if (!OUTPOINT.matcher(ref).matches()) {
                        throw new IllegalArgumentException("line " + n + ": an " + type + " ref is txid:vout, not \"" + ref + "\"");
                    }
                }
                case "addr" -> {
                    if (l.equals("*")) {
                        throw new IllegalArgumentException("line " + n + ": \"*\" cannot be an address's label (Bitcoin Core refuses it)");
                    }
                }
                default -> {
                }
            }
            out.add(new Label(type, type.equals("tx") || type.equals("output") || type.equals("input") ? ref.toLowerCase(java.util.Locale.ROOT) : ref, l));
        }
        return out;
    }

    /** @return the {@code addr} records of the address book's entries, then the store's {@code tx} and {@code output} records */
    public static List<Label> of(List<AddressBookEntry> book, Map<String, String> txLabels, Map<String, String> outputLabels) {
        List<Label> out = new ArrayList<>();
        book.forEach(e -> out.add(new Label("addr", e.address(), e.label())));
        txLabels.forEach((ref, l) -> out.add(new Label("tx", ref, l)));
        outputLabels.forEach((ref, l) -> out.add(new Label("output", ref, l)));
        return out;
    }
}
