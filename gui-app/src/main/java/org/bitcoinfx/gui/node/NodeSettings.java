package org.bitcoinfx.gui.node;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.bitcoinfx.gui.settings.Settings;
import org.bitcoinfx.node.Chain;
import org.bitcoinfx.node.NodeConfig;

/**
 * What {@link NodeBackend#start} launches bitcoin-node with.
 *
 * @param chain      the chain ({@code -chain=})
 * @param dataDir    the data directory ({@code -datadir=}), or null for the node's default
 * @param pruneMiB   {@code -prune=} target in MiB, or 0 for a full node (Bitcoin Core's minimum is 550)
 * @param nodeBinary the bitcoin-node to run, or null to let the backend find one
 * @param extraArgs  extra arguments passed as they are (e.g. {@code -debug=ipc})
 */
public record NodeSettings(Chain chain, Path dataDir, long pruneMiB, Path nodeBinary, List<String> extraArgs) {
    /** Copies the list. */
    public NodeSettings {
        Objects.requireNonNull(chain, "chain");
        extraArgs = extraArgs == null ? List.of() : List.copyOf(extraArgs);
        if (pruneMiB < 0) {
            throw new IllegalArgumentException("pruneMiB must not be negative: " + pruneMiB);
        }
    }

    /** Converts a prune target in GB (10^9 bytes, as the onboarding shows) to MiB as {@code -prune=} wants. */
    public static long pruneGbToMiB(double gb) {
        return (long) Math.floor(gb * 1_000_000_000.0 / (1024 * 1024));
    }

    /**
     * The bitcoin-node arguments these settings stand for (without the IPC ones the backend adds),
     * e.g. {@code [-chain=regtest, -datadir=/x, -prune=1907]}.
     */
    public List<String> toArgs() {
        var args = new java.util.ArrayList<String>();
        args.add("-chain=" + chain.cliName());
        if (dataDir != null) {
            args.add("-datadir=" + dataDir);
        }
        if (pruneMiB > 0) {
            args.add("-prune=" + pruneMiB);
        }
        args.addAll(extraArgs);
        return List.copyOf(args);
    }

    /**
     * The launch record for these settings: the datadir (or {@link Settings#defaultDataDir()}), chain,
     * {@code -prune=} (MiB, when above 0) and the extra arguments. {@link NodeConfig#commandLine} then
     * adds {@code -ipcbind=unix:<0700 dir>/node.sock}, {@code -server=0} and {@code -printtoconsole=0}.
     *
     * @param readyTimeout  how long a spawned node may take until Echo answers over IPC
     * @param runtimeParent where the private runtime directory is made; null for bundled-node's default
     * @throws IllegalArgumentException for an extra argument Bitcoin FX sets itself or refuses
     *                                  ({@code -server}, {@code -rpcport}, {@code -datadir}, …), or a prune target over 2^31 MiB
     */
    public NodeConfig toNodeConfig(java.time.Duration readyTimeout, Path runtimeParent) {
        NodeConfig c = NodeConfig.of(dataDir != null ? dataDir : Settings.defaultDataDir(), chain)
                .withExtraArgs(extraArgs)
                .withReadyTimeout(readyTimeout);
        if (pruneMiB > 0) {
            c = c.withPrune(Math.toIntExact(pruneMiB));
        }
        if (runtimeParent != null) {
            c = c.withRuntimeParent(runtimeParent);
        }
        return c;
    }
}
