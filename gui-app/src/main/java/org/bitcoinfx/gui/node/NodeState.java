package org.bitcoinfx.gui.node;

/** The life cycle of the bitcoin-node child as {@link NodeBackend} reports it. */
public enum NodeState {
    /** Not started yet, or stopped cleanly. */
    STOPPED,
    /** Process launched; the node is initialising (message: the init message, e.g. "Loading block index…"). */
    STARTING,
    /** Process up; connecting to its IPC socket. */
    CONNECTING,
    /** Connected over IPC; the client is usable. */
    READY,
    /** Clean shutdown under way. */
    STOPPING,
    /** The process exited unexpectedly (details: its last log lines). */
    CRASHED,
    /** The node could not be started or reached (message says why, e.g. "no bitcoin-node found"). */
    ERROR;

    /** @return true for CRASHED and ERROR, the states that show the problem banner */
    public boolean isProblem() {
        return this == CRASHED || this == ERROR;
    }
}
