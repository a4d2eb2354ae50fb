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
    private final Path file;
    private final PrintStream console;
    private final Set<String> debugCategories = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.Map<String, String> levels = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile String globalLevel = "debug";
    private boolean closed;
    private volatile boolean timeMicros;

    /**
     * Opens {@code file} for appending.
     *
     * @param console         where {@code -printtoconsole} copies lines, or null
     * @param debugCategories categories from {@code -debug=…} ({@code "1"} or {@code "all"}: every one)
     * @throws IOException if the file cannot be opened
     */
    public FakeDebugLog(Path file, PrintStream console, Set<String> debugCategories) throws IOException {
        Files.createDirectories(file.getParent());
        this.file = file.toAbsolutePath();
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        this.console = console;
        this.debugCategories.addAll(debugCategories);
    }

    /**
     * Applies {@code -loglevel} values as Bitcoin Core does ({@code src/init/common.cpp}): {@code LEVEL}
     * sets the global level, {@code CATEGORY:LEVEL} one category's (levels: trace, debug, info, …).
     */
    public void setLevels(java.util.List<String> loglevels) {
        for (String l : loglevels) {
            int colon = l.indexOf(':');
            if (colon < 0) {
                globalLevel = l;
            } else {
                levels.put(l.substring(0, colon), l.substring(colon + 1));
            }
        }
    }

    /**
     * Enables or disables debug logging of {@code category}, as the {@code logging} RPC's include and
     * exclude lists do ({@code "all"}/{@code "1"}: every category).
     */
    public void setEnabled(String category, boolean on) {
        if (on) {
            debugCategories.add(category);
        } else {
            debugCategories.remove(category);
            if (debugCategories.contains("1") || debugCategories.contains("all")) {
                debugCategories.removeAll(Set.of("1", "all"));
                debugCategories.addAll(FakeChainRpc.LOG_CATEGORIES);
                debugCategories.remove(category);
            }
        }
    }

    /**
     * @return true if {@code category} is debug-logged at trace level now
     *         ({@code util::log::ShouldTraceLog}, BC {@code src/logging.cpp} {@code WillLogCategoryLevel})
     */
    public boolean traceEnabled(String category) {
        return enabled(category) && "trace".equals(levels.getOrDefault(category, globalLevel));
    }

    /** @return the file's absolute path ({@code getrpcinfo}'s {@code logpath}) */
    public Path path() {
        return file;
    }

    /** {@code -logtimemicros}: times as {@code 2026-12-06T14:26:20.840644Z} (BC {@code LogTimestampStr}: always six digits). */
    public void setTimeMicros(boolean on) {
        timeMicros = on;
    }

    private static String micros(Instant t) {
        Instant s = t.truncatedTo(ChronoUnit.SECONDS);
        return s.toString().replace("Z", String.format(".%06dZ", t.getNano() / 1000));
    }

    /** Writes one line with the current time; nothing after {@link #close()}. */
    public synchronized void info(String message) {
        if (closed) {
            return;
        }
        String line = (timeMicros ? micros(Instant.now()) : Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()) + " " + message;
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
