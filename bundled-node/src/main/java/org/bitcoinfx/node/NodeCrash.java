package org.bitcoinfx.node;

import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A bitcoin-node that exited (or an attached connection that ended) without being asked to.
 *
 * @param pid          the child's pid; empty when attached
 * @param exitCode     its exit code (128 + signal number if killed by a signal); empty when attached
 * @param lastLogLines up to the last {@value NodeProcess#REPORTED_LOG_LINES} log lines (stdout, stderr, debug.log), oldest first
 * @param detectedAt   when the supervisor saw the exit ({@link Process#onExit()}), for latency measurements
 * @param description  one sentence for people, e.g. {@code "bitcoin-node (pid 42) exited unexpectedly with code 137 (killed by signal 9)"}
 */
public record NodeCrash(OptionalLong pid, OptionalInt exitCode, List<String> lastLogLines, Instant detectedAt, String description) {
    /** Copies the lines. */
    public NodeCrash {
        lastLogLines = List.copyOf(lastLogLines);
    }
}
