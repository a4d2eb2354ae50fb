package org.bitcoinfx.gui.inspector;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bitcoinfx.gui.log.NodeLogLine;

/**
 * Assembles the node's {@code -debug=ipc} lines ({@link NodeIpcCall} shows their format) into calls, by process and
 * request number, in the order their recv lines came; keeps the last {@value #MAX_CALLS}. Not thread-safe: fed
 * and read on one thread (the JavaFX Application Thread, from the node log).
 */
public final class NodeIpcCalls {
    /** Calls kept. */
    public static final int MAX_CALLS = 10_000;

    private static final Pattern IPC = Pattern.compile(
            "^(?:ipc: )?\\{([^}/]*)/[^}]*} IPC server (recv request|post request|executing request|send response|error request|request) +#(\\d+)(.*)$",
            Pattern.DOTALL);
    private static final Pattern TYPE = Pattern.compile("^ ([A-Za-z0-9_]+)\\.([A-Za-z0-9_]+)\\$(?:Params|Results)(.*)$", Pattern.DOTALL);
    private static final Pattern FROM = Pattern.compile("\\(from ([^)]*)\\)}\\s*$");

    private final Map<String, NodeIpcCall> calls = new LinkedHashMap<>();
    private Instant lastLineTime;

    /**
     * Reads one node log line; lines that are not IPC server lines only move {@link #lastLineTime}.
     *
     * @param raw a node log line
     * @return true if it was an IPC server line
     */
    public boolean accept(String raw) {
        NodeLogLine line = NodeLogLine.parse(raw);
        if (line.time() == null || !line.source().isEmpty()) {
            return false;
        }
        if (lastLineTime == null || line.time().isAfter(lastLineTime)) {
            lastLineTime = line.time();
        }
        if (!line.message().contains("IPC server ")) {
            return false;
        }
        Matcher m = IPC.matcher(line.message());
        if (!m.matches()) {
            return false;
        }
        String process = m.group(1);
        long n = Long.parseLong(m.group(3));
        String rest = m.group(4);
        String key = process + "#" + n;
        NodeIpcCall c = calls.get(key);
        switch (m.group(2)) {
            case "recv request" -> {
                Matcher t = TYPE.matcher(rest);
                if (!t.matches()) {
                    return false;
                }
                calls.put(key, new NodeIpcCall(process, n, t.group(1), t.group(2), "-", line.time(), null, line.micros(), "in flight"));
                trim();
            }
            case "post request" -> {
                Matcher f = FROM.matcher(rest);
                if (c != null && f.find()) {
                    calls.put(key, with(c, f.group(1), null, c.outcome()));
                }
            }
            case "send response" -> {
                if (c != null) {
                    calls.put(key, with(c, c.thread(), line.time(), "ok"));
                }
            }
            case "error request" -> {
                if (c != null) {
                    Matcher t = TYPE.matcher(rest);
                    String why = t.matches() ? t.group(3).trim() : rest.replaceFirst("^,\\s*", "").trim();
                    calls.put(key, with(c, c.thread(), line.time(), "error: " + why));
                }
            }
            case "request" -> { // canceled while executing / before it could be executed, interrupted, uncaught exception
                if (c != null && c.ended() == null) {
                    String why = rest.trim().replaceFirst("\\.$", "");
                    boolean canceled = why.startsWith("canceled") || why.startsWith("interrupted");
                    calls.put(key, with(c, c.thread(), line.time(), (canceled ? "canceled: " : "error: ") + why));
                }
            }
            default -> { // executing: nothing new
            }
        }
        return true;
    }

    private static NodeIpcCall with(NodeIpcCall c, String thread, Instant ended, String outcome) {
        return new NodeIpcCall(c.process(), c.request(), c.interfaceName(), c.method(), thread, c.received(), ended, c.micros(), outcome);
    }

    private void trim() {
        var it = calls.keySet().iterator();
        while (calls.size() > MAX_CALLS && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    /** @return the calls, in the order the node received them */
    public List<NodeIpcCall> calls() {
        return new ArrayList<>(calls.values());
    }

    /** @return the time of the latest timestamped node line read (any line, not only IPC), or null */
    public Instant lastLineTime() {
        return lastLineTime;
    }

    /** Forgets everything (a new log). */
    public void clear() {
        calls.clear();
        lastLineTime = null;
    }
}
