package org.bitcoinfx.gui.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bitcoinfx.gui.util.AtomicFile;

/**
 * Labels of transactions and outputs, which the node's wallet does not keep (it labels addresses only): the app's
 * own store, {@code tx-labels.json} beside the settings, by wallet name: {@code {"<wallet>": {"tx": {txid: label},
 * "output": {"txid:vout": label}}}}. Written atomically ({@link AtomicFile}). A file that cannot be read is not
 * overwritten: {@link #load} fails and the caller says so. Not thread-safe: use from one thread at a time.
 */
public final class TxLabelStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;

    /** @param file the store's file */
    public TxLabelStore(Path file) {
        this.file = file;
    }

    /** One wallet's labels. @param tx txid → label @param output txid:vout → label */
    public record Labels(Map<String, String> tx, Map<String, String> output) {
    }

    /**
     * @return the labels of {@code wallet} (empty maps when it has none or the file does not exist)
     * @throws IOException if the file exists but cannot be read or is not the store's JSON
     */
    public Labels load(String wallet) throws IOException {
        JsonNode root = root();
        JsonNode w = root.path(wallet);
        return new Labels(map(w.path("tx")), map(w.path("output")));
    }

    /**
     * Adds (or replaces) labels of {@code wallet}; an empty label removes one.
     *
     * @throws IOException if the file cannot be read (then nothing is written) or written (the old file stays)
     */
    public void put(String wallet, Map<String, String> tx, Map<String, String> output) throws IOException {
        ObjectNode root = root();
        ObjectNode w = root.has(wallet) && root.get(wallet).isObject() ? (ObjectNode) root.get(wallet) : root.putObject(wallet);
        merge(w, "tx", tx);
        merge(w, "output", output);
        AtomicFile.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }

    private static void merge(ObjectNode w, String kind, Map<String, String> labels) {
        ObjectNode m = w.has(kind) && w.get(kind).isObject() ? (ObjectNode) w.get(kind) : w.putObject(kind);
        labels.forEach((ref, l) -> {
            if (l.isEmpty()) {
                m.remove(ref);
            } else {
                m.put(ref, l);
            }
        });
    }

    private ObjectNode root() throws IOException {
        byte[] b;
        try {
            b = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return JSON.createObjectNode();
        }
        JsonNode n;
        try {
            n = JSON.readTree(new String(b, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IOException(file + " is not readable JSON (" + e.getMessage() + "); it was left as it is", e);
        }
        if (n == null || !n.isObject()) {
            throw new IOException(file + " does not hold the labels' JSON object; it was left as it is");
        }
        return (ObjectNode) n;
    }

    private static Map<String, String> map(JsonNode n) {
        Map<String, String> m = new LinkedHashMap<>();
        n.fields().forEachRemaining(f -> m.put(f.getKey(), f.getValue().asText()));
        return m;
    }
}
