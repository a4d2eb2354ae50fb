package org.bitcoinfx.gui.settings;

/** The chains Bitcoin FX can run, with their {@code -chain=} names and rough storage needs. */
public enum Chain {
    /** Mainnet. */
    MAIN("main", "Mainnet", 800, null),
    /** testnet4 (BIP94). */
    TESTNET4("testnet4", "Testnet4", 30, "testnet4"),
    /** The default signet. */
    SIGNET("signet", "Signet", 25, "signet"),
    /** Local regression test chain. */
    REGTEST("regtest", "Regtest", 1, "regtest");

    private final String coreName;
    private final String displayName;
    private final long fullNodeGb;
    private final String dataSubdir;

    Chain(String coreName, String displayName, long fullNodeGb, String dataSubdir) {
        this.coreName = coreName;
        this.displayName = displayName;
        this.fullNodeGb = fullNodeGb;
        this.dataSubdir = dataSubdir;
    }

    /** @return the name {@code -chain=} and {@code getblockchaininfo.chain} use ({@code main}, {@code testnet4}, …) */
    public String coreName() {
        return coreName;
    }

    /** @return the name shown to people */
    public String displayName() {
        return displayName;
    }

    /** @return rough disk space a full (unpruned) node of this chain needs, in GB (10^9 bytes) */
    public long fullNodeGb() {
        return fullNodeGb;
    }

    /** @return the data directory's subdirectory for this chain, or null for mainnet */
    public String dataSubdir() {
        return dataSubdir;
    }

    /** @return true for the test chains (they get a coloured badge) */
    public boolean isTest() {
        return this != MAIN;
    }

    /**
     * Estimated disk use, GB: the full-node estimate, or for a pruned node the prune target plus
     * ~10 GB of chainstate on mainnet (less on the small chains), never more than a full node.
     */
    public double estimateGb(boolean prune, double pruneGb) {
        if (!prune) {
            return fullNodeGb;
        }
        double chainstate = this == MAIN ? 12 : 1;
        return Math.min(fullNodeGb, pruneGb + chainstate);
    }

    /** @return the chain whose {@link #coreName()} is {@code name} ({@code test} counts as testnet4) */
    public static Chain fromCoreName(String name) {
        for (Chain c : values()) {
            if (c.coreName.equals(name)) {
                return c;
            }
        }
        if ("test".equals(name)) {
            return TESTNET4;
        }
        throw new IllegalArgumentException("unknown chain: " + name);
    }

    @Override
    public String toString() {
        return displayName;
    }
}
