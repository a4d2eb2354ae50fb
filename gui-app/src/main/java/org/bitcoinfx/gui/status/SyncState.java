package org.bitcoinfx.gui.status;

/**
 * What the Status page says about the node as a whole. While the node runs and its network is on,
 * a sync goes {@link #PEERS} → {@link #HEADERS} → {@link #SYNCING} (blocks) → {@link #SYNCED}, as
 * {@code getblockchaininfo} ({@code headers}, {@code blocks}, {@code initialblockdownload}) and
 * {@code getpeerinfo} ({@code startingheight}, {@code synced_headers}, {@code presynced_headers}) tell.
 */
public enum SyncState {
    /** The node process is starting (init message shown). */
    STARTING("Starting"),
    /** Process up, IPC not connected yet. */
    CONNECTING("Connecting"),
    /** Not synced and no peer connected: nothing can be downloaded until one is (at the start, or mid-download when every peer went away). */
    PEERS("Connecting to peers"),
    /**
     * Downloading headers with no block to download yet: a peer has shown a chain higher than our best
     * header and every header we have has its block, or a headers pre-synchronization (the low-work check)
     * is under way. Once there are blocks to download the state is {@link #SYNCING}, whose line still
     * counts the headers while they come (a sync never goes back from blocks to headers).
     */
    HEADERS("Syncing headers"),
    /**
     * In initial block download with peers, but no header beyond the tip is known and no peer shows a
     * higher chain: waiting for a new block (a fresh regtest node with a peer stays here until one is mined).
     */
    WAITING("Waiting for blocks"),
    /** Downloading and validating blocks: in IBD, or behind the best header. */
    SYNCING("Syncing blocks"),
    /** At the best header and out of IBD. */
    SYNCED("Synced"),
    /** Network activity is off ({@code setnetworkactive false}): nothing is downloaded. */
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

    /** @return true for the states of a running, connected node whose chain figures are shown */
    public boolean live() {
        return this == PEERS || this == HEADERS || this == WAITING || this == SYNCING || this == SYNCED || this == PAUSED;
    }
}
