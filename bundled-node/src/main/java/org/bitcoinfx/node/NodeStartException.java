package org.bitcoinfx.node;

import java.util.List;
import java.util.OptionalInt;

/**
 * bitcoin-node could not be started or did not become ready: it exited during startup, did not
 * answer on its IPC socket in time, or the launch could not even begin. Carries the exit code (if it
 * exited) and the last log lines (stderr, stdout and debug.log), which the message also shows.
 */
public class NodeStartException extends NodeException {
    private final OptionalInt exitCode;
    private final List<String> lastLogLines;

    /** A failure before or without a process: no exit code, no log lines. */
    public NodeStartException(String message) {
        this(message, OptionalInt.empty(), List.of(), null);
    }

    /** As {@link #NodeStartException(String)}, with a cause. */
    public NodeStartException(String message, Throwable cause) {
        this(message, OptionalInt.empty(), List.of(), cause);
    }

    /**
     * @param summary      what happened, e.g. "bitcoin-node exited with code 1 during startup"
     * @param exitCode     the exit code if the process exited
     * @param lastLogLines the last log lines, oldest first; appended to the message
     * @param cause        the underlying error, or null
     */
    public NodeStartException(String summary, OptionalInt exitCode, List<String> lastLogLines, Throwable cause) {
        super(message(summary, lastLogLines), cause);
        this.exitCode = exitCode;
        this.lastLogLines = List.copyOf(lastLogLines);
    }

    private static String message(String summary, List<String> lines) {
        if (lines.isEmpty()) {
            return summary;
        }
        StringBuilder sb = new StringBuilder(summary).append("\nLast log lines:");
        for (String l : lines) {
            sb.append("\n  ").append(l);
        }
        return sb.toString();
    }

    /** @return the node's exit code if it exited, else empty */
    public OptionalInt exitCode() {
        return exitCode;
    }

    /** @return the last log lines (stderr, stdout, debug.log, tagged), oldest first */
    public List<String> lastLogLines() {
        return lastLogLines;
    }
}
