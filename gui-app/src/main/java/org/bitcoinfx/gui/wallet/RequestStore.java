package org.bitcoinfx.gui.wallet;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The payment requests the app made, kept in a JSON file beside the settings
 * ({@code payment-requests.json}), newest first. Reads and writes happen off the JavaFX thread on
 * one writer thread, atomically (temp file, then move). Thread-safe.
 */
public final class RequestStore {
    /** Requests kept per file. */
    public static final int MAX = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "bitcoinfx-requests");
        t.setDaemon(true);
        return t;
    });
    private final List<PaymentRequest> all = new ArrayList<>();
    private boolean loaded;

    /** @param file the JSON file (created on first save) */
    public RequestStore(Path file) {
        this.file = file;
    }

    /** @return the file */
    public Path file() {
        return file;
    }

    /**
     * Loads (once) and returns the requests of {@code wallet}, newest first.
     *
     * @return fails with IOException (wrapped) if the file exists but cannot be read
     */
    public CompletableFuture<List<PaymentRequest>> forWallet(String wallet) {
        return CompletableFuture.supplyAsync(() -> {
            synchronized (all) {
                loadOnce();
                return all.stream().filter(r -> r.wallet().equals(wallet)).toList();
            }
        }, writer);
    }

    /** Adds a request and saves the file. @return completes when written */
    public CompletableFuture<Void> add(PaymentRequest r) {
        return CompletableFuture.runAsync(() -> {
            synchronized (all) {
                loadOnce();
                all.add(0, r);
                while (all.size() > MAX) {
                    all.remove(all.size() - 1);
                }
                save();
            }
        }, writer);
    }

    private void loadOnce() {
        if (loaded) {
            return;
        }
        loaded = true;
        if (!Files.exists(file)) {
            return;
        }
        try {
            all.addAll(JSON.readValue(file.toFile(), new TypeReference<List<PaymentRequest>>() { }));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private void save() {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), all);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
