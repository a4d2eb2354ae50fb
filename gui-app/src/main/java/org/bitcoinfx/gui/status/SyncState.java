package org.bitcoinfx.gui.status;

/** What the Status page says about the node as a whole. */
public enum SyncState {
    /** The node process is starting (init message shown). */
    STARTING("Starting"),
    /** Process up, IPC not connected yet. */
    CONNECTING("Connecting"),
    /** In initial block download or behind the best header. */
    SYNCING("Syncing"),
    /**
     * In initial block download, but no header beyond the tip is known: waiting for peers to send
     * headers (a fresh regtest node stays here until a block is mined).
     */
    WAITING("Waiting for blocks"),
    /** At the best header and out of IBD. */
    SYNCED("Synced"),
    /** Network activity is off ({@code setnetworkactive false}). */
    PAUSED("Paused"),
    /** Not running: stopped, crashed or failed to start. */
    ERROR("Not running");

    private final String label;

    SyncState(String label) {
        this.label = label;
    }

    /** @return the text shown */
    public String label() {
        return label;
    }
}
