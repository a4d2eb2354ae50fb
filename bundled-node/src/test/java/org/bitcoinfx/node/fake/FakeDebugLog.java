package org.bitcoinfx.node.fake;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/**
 * The fake node's {@code debug.log} in the network datadir: lines as Bitcoin Core writes them
 * ({@code 2026-11-22T04:58:49Z message}, {@code [category]} for {@code -debug} categories), flushed
 * per line, also printed to stdout with {@code -printtoconsole}.
 */
public final class FakeDebugLog implements AutoCloseable {
    private final Writer out;
    private final PrintStream console;
    private final Set<String> debugCategories;
    private boolean closed;

    /**
     * Opens {@code file} for appending.
     *
     * @param console         where {@code -printtoconsole} copies lines, or null
     * @param debugCategories categories from {@code -debug=…} ({@code "1"} or {@code "all"}: every one)
     * @throws IOException if the file cannot be opened
     */
    public FakeDebugLog(Path file, PrintStream console, Set<String> debugCategories) throws IOException {
        Files.createDirectories(file.getParent());
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        this.console = console;
        this.debugCategories = Set.copyOf(debugCategories);
    }

    /** Writes one line with the current time; nothing after {@link #close()}. */
    public synchronized void info(String message) {
        if (closed) {
            return;
        }
        String line = Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + message;
        try {
            out.write(line);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write debug.log", e);
        }
        if (console != null) {
            console.println(line);
            console.flush();
        }
    }

    /** @return true if {@code -debug} enabled {@code category} */
    public boolean enabled(String category) {
        return debugCategories.contains(category) || debugCategories.contains("1") || debugCategories.contains("all");
    }

    /** Writes {@code [category] message} if that category is enabled. */
    public void debug(String category, String message) {
        if (enabled(category)) {
            info("[" + category + "] " + message);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            if (console != null) {
                console.println("closing debug.log failed: " + e);
            }
        }
    }
}
