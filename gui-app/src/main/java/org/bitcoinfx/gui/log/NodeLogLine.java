package org.bitcoinfx.gui.log;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of the node log as the Node log page and the IPC inspector read it: Bitcoin Core's
 * {@code debug.log} format (BC {@code src/logging.cpp}: {@code LogTimestampStr}, {@code GetLogPrefix}) with
 * {@code -logthreadnames} and {@code -logsourcelocations} off, as Bitcoin FX runs the node:
 * <pre>
 * 2026-12-06T14:22:47Z [ipc] {bitcoin-node-22861/b-capnp-loop-22874} IPC server recv request  #9 Rpc.executeRpc$Params
 * 2026-12-06T14:22:59.177619Z [warning] tor: Error connecting to address 127.0.0.1:9051
 * 2026-12-06T14:22:59.053362Z Using data directory /tmp/x/regtest
 * </pre>
 * The prefix is {@code [category]} for a category's debug line, {@code [category:level]} for its other levels,
 * {@code [level]} for an uncategorised warning or error (and debug/trace), and none for an uncategorised info
 * line. Lines Bitcoin FX adds ({@code [bitcoinfx] …}, the child's {@code [stdout] }/{@code [stderr] }) keep their tag
 * as {@link #source}.
 *
 * @param raw      the line as it came
 * @param source   "" for a debug.log line, else the tag Bitcoin FX put before it ({@code bitcoinfx}, {@code stdout}, {@code stderr})
 * @param time     the node's timestamp, or null when the line has none
 * @param micros   true when the timestamp has microseconds ({@code -logtimemicros}), false when it is whole seconds
 * @param category the log category ({@code ipc}, {@code net}, …), or "" for none
 * @param level    the level: {@code trace}, {@code debug}, {@code info}, {@code warning} or {@code error}
 * @param message  the text after the timestamp and the prefix
 */
public record NodeLogLine(String raw, String source, Instant time, boolean micros, String category, String level, String message) {
    /** Bitcoin Core's level names ({@code LogLevelToStr}). */
    public static final java.util.List<String> LEVELS = java.util.List.of("trace", "debug", "info", "warning", "error");

    private static final Pattern TAG = Pattern.compile("^\\[(bitcoinfx|stdout|stderr)] (.*)$", Pattern.DOTALL);
    private static final Pattern STAMP = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?Z) (.*)$", Pattern.DOTALL);
    private static final Pattern PREFIX = Pattern.compile("^\\[([a-z0-9_]+)(?::(trace|debug|info|warning|error))?] (.*)$", Pattern.DOTALL);

    /**
     * Reads a line; never throws: a line it cannot place is {@code info} with no category and no time.
     *
     * @param line a node log line (with or without a Bitcoin FX tag)
     * @return its parts
     */
    public static NodeLogLine parse(String line) {
        String rest = line == null ? "" : line;
        String source = "";
        Matcher t = TAG.matcher(rest);
        if (t.matches()) {
            source = t.group(1);
            rest = t.group(2);
        }
        Instant time = null;
        boolean micros = false;
        Matcher s = STAMP.matcher(rest);
        if (s.matches()) {
            try {
                time = Instant.parse(s.group(1));
                micros = s.group(2) != null;
                rest = s.group(3);
            } catch (DateTimeParseException e) {
                time = null;
            }
        }
        String category = "";
        String level = "info";
        Matcher p = PREFIX.matcher(rest);
        if (p.matches() && source.isEmpty()) {
            String first = p.group(1);
            if (p.group(2) != null) {
                category = first;
                level = p.group(2);
            } else if (LEVELS.contains(first)) {
                level = first; // [warning], [error] (no category)
            } else {
                category = first;
                level = "debug"; // a category's debug line shows no level
            }
            rest = p.group(3);
        }
        return new NodeLogLine(line, source, time, micros, category, level, rest);
    }

    /** @return the level's rank in {@link #LEVELS} (trace 0 … error 4) */
    public int levelRank() {
        return LEVELS.indexOf(level.toLowerCase(Locale.ROOT));
    }
}
