package org.bitcoinfx.gui.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads and saves {@link Settings} as JSON, atomically: a temporary file in the same directory,
 * then {@link StandardCopyOption#ATOMIC_MOVE} over the old file.
 */
public final class SettingsStore {
    private static final Logger LOG = LoggerFactory.getLogger(SettingsStore.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

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
     * Reads the settings; missing file or missing fields give defaults. A corrupt file is logged,
     * kept as {@code settings.json.corrupt} and replaced by defaults.
     */
    public Settings load() {
        Settings s = new Settings();
        if (!Files.exists(file)) {
            return s;
        }
        try {
            JsonNode n = JSON.readTree(file.toFile());
            fromJson(n, s);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read settings {}; starting from defaults", file, e);
            try {
                Files.copy(file, file.resolveSibling(file.getFileName() + ".corrupt"), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException copyFailed) {
                LOG.warn("cannot keep a copy of the corrupt settings", copyFailed);
            }
        }
        return s;
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
     * @return completes when the file is written; fails with the I/O error
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

    /** Writes the settings atomically, on the calling thread. @throws IOException if the file cannot be written */
    public void save(Settings s) throws IOException {
        write(toJson(s));
    }

    private void write(ObjectNode json) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), "settings", ".json.tmp");
        try {
            JSON.writeValue(tmp.toFile(), json);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                LOG.warn("atomic move not supported in {}; replacing the file", file.getParent());
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Deletes the settings file, so that the next start shows onboarding. */
    public void reset() throws IOException {
        Files.deleteIfExists(file);
    }

    /** @return the settings as a JSON object */
    public static ObjectNode toJson(Settings s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("version", 1);
        n.put("onboarded", s.onboardedProperty().get());
        n.put("chain", s.chainProperty().get().coreName());
        n.put("dataDir", s.dataDirProperty().get() == null ? null : s.dataDirProperty().get().toString());
        n.put("prune", s.pruneProperty().get());
        n.put("pruneGb", s.pruneGbProperty().get());
        n.put("nodeBinary", s.nodeBinaryProperty().get() == null ? null : s.nodeBinaryProperty().get().toString());
        n.put("extraArgs", s.extraArgsProperty().get());
        n.put("theme", s.themeProperty().get().name());
        return n;
    }

    static void fromJson(JsonNode n, Settings s) {
        s.onboardedProperty().set(n.path("onboarded").asBoolean(false));
        if (n.hasNonNull("chain")) {
            s.chainProperty().set(Chain.fromCoreName(n.get("chain").asText()));
        }
        if (n.hasNonNull("dataDir")) {
            s.dataDirProperty().set(Path.of(n.get("dataDir").asText()));
        }
        s.pruneProperty().set(n.path("prune").asBoolean(true));
        s.pruneGbProperty().set(n.path("pruneGb").asDouble(Settings.DEFAULT_PRUNE_GB));
        s.nodeBinaryProperty().set(n.hasNonNull("nodeBinary") ? Path.of(n.get("nodeBinary").asText()) : null);
        s.extraArgsProperty().set(n.path("extraArgs").asText(""));
        if (n.hasNonNull("theme")) {
            s.themeProperty().set(Theme.valueOf(n.get("theme").asText()));
        }
    }
}
