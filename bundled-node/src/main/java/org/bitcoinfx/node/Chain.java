package org.bitcoinfx.node;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The chain a bitcoin-node runs on: its {@code -chain=} name, the network subdirectory of the
 * datadir where it keeps {@code debug.log}, {@code .lock} and the default {@code node.sock}
 * (Bitcoin Core {@code GetDataDirNet()}), the name shown to people and a rough disk estimate. The
 * one chain type of the project: the launcher, the app's settings and its pages all use it.
 */
public enum Chain {
    /** Mainnet: files directly in the datadir. */
    MAIN("main", "", "Mainnet", 800),
    /** testnet3 (attach and the CLI only: the app does not offer it). */
    TEST("test", "testnet3", "Testnet3", 200),
    /** testnet4 (BIP94). */
    TESTNET4("testnet4", "testnet4", "Testnet4", 30),
    /** The default signet. */
    SIGNET("signet", "signet", "Signet", 25),
    /** Local regression-test chain. */
    REGTEST("regtest", "regtest", "Regtest", 1);

    /** The chains the app offers in onboarding and Settings, in that order. */
    public static final List<Chain> APP_CHAINS = List.of(MAIN, TESTNET4, SIGNET, REGTEST);

    private final String cliName;
    private final String networkSubdir;
    private final String displayName;
    private final long fullNodeGb;

    Chain(String cliName, String networkSubdir, String displayName, long fullNodeGb) {
        this.cliName = cliName;
        this.networkSubdir = networkSubdir;
        this.displayName = displayName;
        this.fullNodeGb = fullNodeGb;
    }

    /** @return the name shown to people, e.g. {@code Testnet4} */
    public String displayName() {
        return displayName;
    }

    /** @return rough disk space a full (unpruned) node of this chain needs, in GB (10^9 bytes) */
    public long fullNodeGb() {
        return fullNodeGb;
    }

    /** @return true for the test chains (they get a coloured badge) */
    public boolean isTest() {
        return this != MAIN;
    }

    /**
     * Estimated disk use, GB: the full-node estimate, or for a pruned node the prune target plus
     * ~12 GB of chainstate on mainnet (1 GB on the small chains), never more than a full node.
     *
     * @param prune   whether the node prunes
     * @param pruneGb the prune target, GB
     */
    public double estimateGb(boolean prune, double pruneGb) {
        if (!prune) {
            return fullNodeGb;
        }
        double chainstate = this == MAIN ? 12 : 1;
        return Math.min(fullNodeGb, pruneGb + chainstate);
    }

    /** @return {@link #displayName()}, for lists and combo boxes */
    @Override
    public String toString() {
        return displayName;
    }

    /** @return the value of bitcoin-node's {@code -chain=} option, e.g. {@code "testnet4"} */
    public String cliName() {
        return cliName;
    }

    /** @return the network subdirectory of the datadir; empty for mainnet */
    public String networkSubdir() {
        return networkSubdir;
    }

    /** @return {@code <datadir>/<network subdir>}, i.e. the datadir itself on mainnet */
    public Path networkDir(Path datadir) {
        return networkSubdir.isEmpty() ? datadir : datadir.resolve(networkSubdir);
    }

    /**
     * Parses a {@code -chain=} name (case-insensitive).
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Chain fromCliName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (Chain c : values()) {
            if (c.cliName.equals(n)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown chain '" + name + "'; expected one of main, test, testnet4, signet, regtest");
    }
}
