package org.bitcoinfx.gui.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.bitcoinfx.gui.util.AtomicFile;
import org.bitcoinfx.node.Chain;
import org.bitcoinfx.node.NodeArgs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads and saves {@link Settings} as JSON, atomically and durably ({@link AtomicFile}: a
 * temporary file in the same directory, flushed, moved over the old file, the directory flushed).
 * A damaged file is never lost: it is kept as {@code settings.json.corrupt} and the user is told.
 */
public final class SettingsStore {
    private static final Logger LOG = LoggerFactory.getLogger(SettingsStore.class);
    private static final ObjectMapper JSON = mapper();

    private final Path file;

    /** @param file where the settings live (tests pass a temporary path) */
    public SettingsStore(Path file) {
        this.file = file;
    }

    /** {@code $XDG_CONFIG_HOME/bitcoinfx/settings.json}, by default {@code ~/.config/bitcoinfx/settings.json}. */
    public static Path defaultFile() {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("bitcoinfx").resolve("settings.json");
    }

    /** @return the settings file */
    public Path file() {
        return file;
    }

    /**
     * What {@link #loadChecked} read.
     *
     * @param settings the settings: what could be read, defaults for the rest
     * @param warning  empty if the file was fine (or absent); else a paragraph for the user: what was
     *                 wrong, where the damaged file was kept, what was recovered (the data directory
     *                 above all) and what to check
     */
    public record Loaded(Settings settings, String warning) {
        /** @return true if the user must be told something */
        public boolean hasWarning() {
            return !warning.isEmpty();
        }
    }

    /** Set when the file could not be read and no copy of it could be kept: saving would lose it. */
    private volatile String refuseOverwrite;

    /**
     * Reads the settings; missing file or missing fields give defaults. As {@link #loadChecked()}
     * without the warning (it is logged).
     */
    public Settings load() {
        return loadChecked().settings();
    }

    /**
     * Reads the settings. A missing file gives defaults, silently. A file that cannot be read, is
     * empty, is not a JSON object or is cut short (half-written) is kept as
     * {@code settings.json.corrupt} (or {@code .corrupt.1}, … : an older copy is never replaced), the
     * fields that can still be read from it are kept (the data directory, chain, binary…), defaults
     * fill the rest, and the warning says so. A field with a bad value (an unknown chain) is left at
     * its default with a warning. If no copy can be kept, later saves are refused
     * ({@link #save}), so that the file is not lost.
     *
     * @return the settings and a warning for the user (empty when all was fine)
     */
    public Loaded loadChecked() {
        Settings s = new Settings();
        if (!Files.exists(file)) {
            return new Loaded(s, "");
        }
        List<String> problems = new ArrayList<>();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            LOG.warn("cannot read settings {}", file, e);
            return new Loaded(s, damaged("could not be read (" + e.getMessage() + ")", s, problems, false));
        }
        JsonNode n;
        try {
            n = JSON.readTree(bytes);
        } catch (IOException e) {
            LOG.warn("settings {} are not valid JSON: {}", file, e.getMessage());
            n = null;
        }
        if (n != null && n.isObject()) {
            fromJson(n, s, problems);
            if (problems.isEmpty()) {
                return new Loaded(s, "");
            }
            String w = "Some settings in " + file + " were not understood and are back at their defaults: " + String.join("; ", problems)
                    + ". Check them on the Settings page.";
            LOG.warn(w);
            return new Loaded(s, w);
        }
        String what = bytes.length == 0 || new String(bytes, StandardCharsets.UTF_8).isBlank() ? "is empty"
                : n == null ? "is damaged (not complete JSON: half-written or edited by hand)" : "is not a settings object";
        ObjectNode salvaged = salvage(bytes);
        fromJson(salvaged, s, problems);
        boolean dirRecovered = salvaged.hasNonNull("dataDir") && !salvaged.get("dataDir").asText().isBlank() && problems.stream().noneMatch(x -> x.startsWith("data directory"));
        return new Loaded(s, damaged(what, s, problems, dirRecovered));
    }

    /** Keeps a copy of the damaged file and words the warning. */
    private String damaged(String what, Settings s, List<String> problems, boolean dirRecovered) {
        StringBuilder w = new StringBuilder("The settings file " + file + " " + what + ".");
        try {
            Path kept = keepCorruptCopy(file);
            w.append(" It was kept as ").append(kept).append(".");
        } catch (IOException copyFailed) {
            LOG.warn("cannot keep a copy of the damaged settings {}", file, copyFailed);
            refuseOverwrite = "The settings file " + file + " " + what + " and no copy of it could be kept (" + copyFailed.getMessage()
                    + "); it is not overwritten. Move it away, then save again.";
            w.append(" No copy of it could be kept (").append(copyFailed.getMessage()).append("), so it will not be overwritten: move it away first.");
        }
        if (dirRecovered) {
            w.append(" Recovered from it: network ").append(s.chainProperty().get().displayName())
                    .append(", data directory ").append(s.dataDirProperty().get()).append(".");
        } else {
            w.append(" The data directory setting could not be recovered: if you used your own, choose it again (the default is ")
                    .append(Settings.defaultDataDir()).append(").");
        }
        if (!problems.isEmpty()) {
            w.append(" Not understood: ").append(String.join("; ", problems)).append(".");
        }
        LOG.warn(w.toString());
        return w.toString();
    }

    /**
     * Keeps a copy of a damaged file beside it: {@code NAME.corrupt}, or {@code NAME.corrupt.1},
     * {@code .2}, … if older copies exist (never replaced).
     *
     * @return the copy
     * @throws IOException if no copy could be made
     */
    public static Path keepCorruptCopy(Path damaged) throws IOException {
        for (int i = 0; i < 1000; i++) {
            Path kept = damaged.resolveSibling(damaged.getFileName() + ".corrupt" + (i == 0 ? "" : "." + i));
            try {
                Files.copy(damaged, kept, StandardCopyOption.COPY_ATTRIBUTES);
                return kept;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // an older copy: keep it, try the next name
            }
        }
        throw new IOException("too many copies of " + damaged + ".corrupt");
    }

    /**
     * The complete top-level fields of a JSON object that was cut short: reads tokens until the
     * input ends or breaks, keeping each field whose value was read whole.
     */
    static ObjectNode salvage(byte[] bytes) {
        ObjectNode out = JSON.createObjectNode();
        try (com.fasterxml.jackson.core.JsonParser p = JSON.getFactory().createParser(bytes)) {
            if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                return out;
            }
            while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                JsonNode v = JSON.readTree(p);
                if (v == null) {
                    break;
                }
                out.set(name, v);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("salvaged {} settings field(s), then: {}", out.size(), e.getMessage());
        }
        return out;
    }

    /** One writer thread, so that saves land in order and never on the JavaFX thread. */
    private static final java.util.concurrent.ExecutorService WRITER = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "bitcoinfx-settings-writer");
        t.setDaemon(true);
        return t;
    });

    /**
     * Takes a snapshot of the settings now (call on the JavaFX Application Thread) and writes it
     * atomically on a background thread.
     *
     * @return completes when the file is written; fails with the I/O error (the old file intact)
     */
    public java.util.concurrent.CompletableFuture<Void> saveAsync(Settings s) {
        ObjectNode json = toJson(s);
        return java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                write(json);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, WRITER);
    }

    /**
     * Writes the settings atomically and durably ({@link AtomicFile}), on the calling thread.
     *
     * @throws IOException if the file cannot be written (a full disk: "No space left on device"), or
     *                     if it was damaged and could not be kept ({@link #loadChecked}); the old
     *                     file is then as it was
     */
    public void save(Settings s) throws IOException {
        write(toJson(s));
    }

    private void write(ObjectNode json) throws IOException {
        String refused = refuseOverwrite;
        if (refused != null && Files.exists(file)) {
            throw new IOException(refused);
        }
        AtomicFile.write(file, JSON.writeValueAsBytes(json));
        refuseOverwrite = null;
    }

    /** Deletes the settings file, so that the next start shows onboarding. */
    public void reset() throws IOException {
        Files.deleteIfExists(file);
    }

    /** @return the settings as a JSON object, as the file holds them ({@link SettingsFile} bound by Jackson) */
    public static ObjectNode toJson(Settings s) {
        return JSON.valueToTree(s.snapshot());
    }

    static void fromJson(JsonNode n, Settings s) {
        fromJson(n, s, new ArrayList<>());
    }

    /**
     * Reads {@code n} into {@code s} by data binding of {@link SettingsFile}, one field at a time, so
     * that a field with a bad value (of the wrong type, or refused by {@link SettingsFile#validate()})
     * stays at its default and is named in {@code problems} while the others are read. Unknown
     * fields and nulls are ignored. Extra arguments with an unbalanced quote are kept as typed (the
     * user fixes them on the Settings page) and named too.
     */
    static void fromJson(JsonNode n, Settings s, List<String> problems) {
        ObjectNode good = JSON.valueToTree(SettingsFile.DEFAULTS);
        for (java.util.Iterator<java.util.Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            java.util.Map.Entry<String, JsonNode> e = it.next();
            if (!good.has(e.getKey()) || e.getValue().isNull()) {
                continue;
            }
            ObjectNode candidate = good.deepCopy();
            candidate.set(e.getKey(), e.getValue());
            try {
                JSON.treeToValue(candidate, SettingsFile.class).validate();
                good.set(e.getKey(), e.getValue());
            } catch (IOException | IllegalArgumentException bad) {
                problems.add(SettingsFile.LABELS.getOrDefault(e.getKey(), e.getKey()) + " \"" + e.getValue().asText() + "\" (" + reason(bad) + ")");
            }
        }
        SettingsFile f;
        try {
            f = JSON.treeToValue(good, SettingsFile.class);
        } catch (IOException e) {
            throw new IllegalStateException("settings that were each read alone do not read together", e);
        }
        s.apply(f);
        try {
            NodeArgs.split(f.extraArgs());
        } catch (IllegalArgumentException e) {
            problems.add("extra node arguments (" + e.getMessage() + ")");
        }
    }

    /** The reason of a refused value: the message of the {@link IllegalArgumentException} behind it, else "not understood". */
    private static String reason(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException && t.getMessage() != null) {
                return t.getMessage();
            }
        }
        return "not understood";
    }

    /** The settings file's mapper: a chain is written as its {@code -chain=} name and read through {@link #appChain}. */
    private static ObjectMapper mapper() {
        com.fasterxml.jackson.databind.module.SimpleModule chains = new com.fasterxml.jackson.databind.module.SimpleModule("chains");
        chains.addSerializer(Chain.class, new com.fasterxml.jackson.databind.JsonSerializer<Chain>() {
            @Override
            public void serialize(Chain c, com.fasterxml.jackson.core.JsonGenerator g, com.fasterxml.jackson.databind.SerializerProvider p)
                    throws IOException {
                g.writeString(c.cliName());
            }
        });
        chains.addDeserializer(Chain.class, new com.fasterxml.jackson.databind.JsonDeserializer<Chain>() {
            @Override
            public Chain deserialize(com.fasterxml.jackson.core.JsonParser p, com.fasterxml.jackson.databind.DeserializationContext c)
                    throws IOException {
                try {
                    return appChain(p.getValueAsString(""));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("unknown; " + SettingsFile.DEFAULTS.chain().displayName() + " is used", e);
                }
            }
        });
        return new ObjectMapper().registerModule(chains).enable(SerializationFeature.INDENT_OUTPUT)
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    /**
     * The chain a settings file names: one of {@link Chain#APP_CHAINS} by its {@code -chain=} name;
     * {@code test}, which earlier versions wrote for testnet4, is read as testnet4.
     *
     * @throws IllegalArgumentException for any other name
     */
    static Chain appChain(String name) {
        Chain c = "test".equals(name) ? Chain.TESTNET4 : Chain.fromCliName(name);
        if (!Chain.APP_CHAINS.contains(c)) {
            throw new IllegalArgumentException("not a chain the app offers: " + name);
        }
        return c;
    }
}
