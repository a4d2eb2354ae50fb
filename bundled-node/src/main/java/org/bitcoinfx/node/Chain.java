package org.bitcoinfx.node;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The chain a bitcoin-node runs on: its {@code -chain=} name and the network subdirectory of the
 * datadir where it keeps {@code debug.log}, {@code .lock} and the default {@code node.sock}
 * (Bitcoin Core {@code GetDataDirNet()}).
 */
public enum Chain {
    /** Mainnet: files directly in the datadir. */
    MAIN("main", ""),
    /** testnet3. */
    TEST("test", "testnet3"),
    /** testnet4. */
    TESTNET4("testnet4", "testnet4"),
    /** The default signet. */
    SIGNET("signet", "signet"),
    /** Local regression-test chain. */
    REGTEST("regtest", "regtest");

    private final String cliName;
    private final String networkSubdir;

    Chain(String cliName, String networkSubdir) {
        this.cliName = cliName;
        this.networkSubdir = networkSubdir;
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
