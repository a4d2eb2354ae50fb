package org.bitcoinfx.node;

/**
 * The states of the one bitcoin-node life cycle, shared by {@link NodeSupervisor} (the process and
 * its IPC socket) and the app's backend (which adds the RPC warm-up). Which moves between them are
 * legal is {@link NodeLifecycle#TRANSITIONS}.
 */
public enum NodeState {
    /** Not started yet, or stopped cleanly (also after the user killed it: the message says "killed"). */
    STOPPED,
    /** Looking for the binary, process launched, or the node initialising (message: its init step, e.g. "Loading block index…"). */
    STARTING,
    /** Process up and past "Done loading", or a running node found: connecting over IPC and waiting for its RPC warm-up to end. */
    CONNECTING,
    /** Connected over IPC; the client is usable. */
    READY,
    /** Clean shutdown under way ({@code stop} RPC or SIGTERM; never SIGKILL without the user's consent). */
    STOPPING,
    /** The process exited unasked (details: exit code or signal, its last log lines). */
    CRASHED,
    /** The node could not be started or reached, or an attached node went away (message says why). */
    ERROR;

    /** @return true for CRASHED and ERROR, the states that show the problem banner */
    public boolean isProblem() {
        return this == CRASHED || this == ERROR;
    }

    /** @return true for STARTING, CONNECTING, READY and STOPPING: a start may not begin */
    public boolean isActive() {
        return this == STARTING || this == CONNECTING || this == READY || this == STOPPING;
    }
}
