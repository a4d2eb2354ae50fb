package org.bitcoinfx.gui.wallet;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.bitcoinfx.gui.util.AtomicFile;

/**
 * The payment requests the app made, kept in a JSON file beside the settings
 * ({@code payment-requests.json}), newest first. Reads and writes happen off the JavaFX thread on
 * one writer thread, atomically and durably ({@link AtomicFile}). A file that cannot be read is
 * never written over: it is kept as {@code payment-requests.json.corrupt} first, and the call that
 * found it fails saying so. Thread-safe.
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

    /**
     * Reads the file once. Marked loaded only once the requests are in memory, or once a damaged
     * file is safe in a copy: a failed read never leaves an empty history that the next
     * {@link #add} would write over every saved request.
     *
     * @throws java.io.UncheckedIOException if the file cannot be read: the call that finds it fails
     *         with what happened and where the file was kept ({@code payment-requests.json.corrupt});
     *         later calls start a new history (the old one stays in the copy). If no copy can be
     *         kept, every call fails and the file is never overwritten.
     */
    private void loadOnce() {
        if (loaded) {
            return;
        }
        if (!Files.exists(file)) {
            loaded = true;
            return;
        }
        List<PaymentRequest> read;
        try {
            read = JSON.readValue(Files.readAllBytes(file), new TypeReference<List<PaymentRequest>>() { });
            if (read == null) {
                throw new IOException("the file is empty");
            }
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            Path kept;
            try {
                kept = org.bitcoinfx.gui.settings.SettingsStore.keepCorruptCopy(file);
            } catch (IOException copyFailed) {
                throw new java.io.UncheckedIOException("cannot read " + file + " (" + why + ") and cannot keep a copy of it ("
                        + copyFailed.getMessage() + "): it is left as it is and no request is saved until it is moved away", copyFailed);
            }
            loaded = true; // the old history is safe in the copy: new requests start a new one
            throw new java.io.UncheckedIOException("cannot read " + file + " (" + why + "); it was kept as " + kept
                    + " and new requests start a new history", e instanceof IOException io ? io : new IOException(e));
        }
        all.addAll(read);
        loaded = true;
    }

    private void save() {
        try {
            AtomicFile.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(all));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
