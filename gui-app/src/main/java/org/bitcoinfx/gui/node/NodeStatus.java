package org.bitcoinfx.gui.node;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.bitcoinfx.node.NodeState;

/**
 * One state report of {@link NodeBackend}.
 *
 * @param state        the state
 * @param message      STARTING: the node's init message; ERROR: what went wrong; else a short note or empty
 * @param lastLogLines CRASHED/ERROR: the node's last log lines, oldest first; else empty
 * @param exitCode     CRASHED: the process exit code; else null
 * @param at           when the state was entered
 */
public record NodeStatus(NodeState state, String message, List<String> lastLogLines, Integer exitCode, Instant at) {
    /** Copies the list; nulls become empty. */
    public NodeStatus {
        Objects.requireNonNull(state, "state");
        message = message == null ? "" : message;
        lastLogLines = lastLogLines == null ? List.of() : List.copyOf(lastLogLines);
        at = at == null ? Instant.now() : at;
    }

    /** A status with a message and no log lines. */
    public static NodeStatus of(NodeState state, String message) {
        return new NodeStatus(state, message, List.of(), null, Instant.now());
    }

    /** CRASHED with the exit code and last log lines. */
    public static NodeStatus crashed(int exitCode, List<String> lastLogLines) {
        return new NodeStatus(NodeState.CRASHED, "bitcoin-node exited unexpectedly (exit code " + exitCode + ")",
                lastLogLines, exitCode, Instant.now());
    }

    /** ERROR with a message and the last log lines. */
    public static NodeStatus error(String message, List<String> lastLogLines) {
        return new NodeStatus(NodeState.ERROR, message, lastLogLines, null, Instant.now());
    }
}
