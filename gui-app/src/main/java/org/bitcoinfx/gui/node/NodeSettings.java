package org.bitcoinfx.gui.node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bitcoinfx.gui.settings.Settings;
import org.bitcoinfx.node.Chain;
import org.bitcoinfx.node.NodeConfig;

/**
 * What {@link NodeBackend#start} launches: the node's options as bundled-node's {@link NodeConfig} —
 * the one model of node options (chain, datadir, prune, extra arguments), checked when it is made —
 * and the binary the user chose. The backend sets the config's ready timeout and runtime directory.
 *
 * @param config     the node's options
 * @param nodeBinary the bitcoin-node to run, or null to let the backend find one
 */
public record NodeSettings(NodeConfig config, Path nodeBinary) {
    /** Checks the config is there. */
    public NodeSettings {
        Objects.requireNonNull(config, "config");
    }

    /**
     * @param chain      the chain ({@code -chain=})
     * @param dataDir    the data directory ({@code -datadir=}), or null for {@link Settings#defaultDataDir()}
     * @param pruneMiB   {@code -prune=} in MiB: 0 for a full node (no {@code -prune}), 1 for manual pruning, else a target
     *                   of at least {@value NodeConfig#MIN_PRUNE_TARGET_MIB} (Bitcoin Core's minimum; {@link NodeConfig#checkPrune})
     * @param nodeBinary the bitcoin-node to run, or null to let the backend find one
     * @param extraArgs  extra arguments passed as they are (e.g. {@code -debug=ipc})
     * @return the settings
     * @throws IllegalArgumentException for an extra argument Bitcoin FX sets itself or refuses
     *                                  ({@code -server}, {@code -rpcport}, {@code -datadir}, …: its message
     *                                  names it, secrets redacted), a {@code -prune} among them while {@code pruneMiB}
     *                                  is set, or a prune value Bitcoin Core refuses (negative, 2…549, over 2^31 MiB)
     */
    public static NodeSettings of(Chain chain, Path dataDir, long pruneMiB, Path nodeBinary, List<String> extraArgs) {
        NodeConfig.checkPrune(pruneMiB);
        NodeConfig c = NodeConfig.of(dataDir != null ? dataDir : Settings.defaultDataDir(), Objects.requireNonNull(chain, "chain"))
                .withExtraArgs(extraArgs == null ? List.of() : extraArgs);
        if (pruneMiB > 0) {
            c = c.withPrune((int) pruneMiB);
        }
        return new NodeSettings(c, nodeBinary);
    }

    /**
     * @param cmd the external signing tool ({@code -signer=}), or "" for none
     * @return these settings with it
     * @throws IllegalArgumentException if a {@code -signer} is also among the extra arguments, or the command is not one line
     */
    public NodeSettings withSigner(String cmd) {
        return new NodeSettings(config.withSigner(cmd), nodeBinary);
    }

    /** Converts a prune target in GB (10^9 bytes, as the onboarding shows) to MiB as {@code -prune=} wants. */
    public static long pruneGbToMiB(double gb) {
        return (long) Math.floor(gb * 1_000_000_000.0 / (1024 * 1024));
    }

    /** @return the chain */
    public Chain chain() {
        return config.chain();
    }

    /** @return the data directory (absolute) */
    public Path dataDir() {
        return config.datadir();
    }

    /** @return the extra arguments */
    public List<String> extraArgs() {
        return config.extraArgs();
    }

    /**
     * The bitcoin-node arguments these settings stand for (without the IPC ones the backend adds),
     * e.g. {@code [-chain=regtest, -datadir=/x, -prune=1907]}.
     */
    public List<String> toArgs() {
        List<String> args = new ArrayList<>();
        args.add("-chain=" + config.chain().cliName());
        args.add("-datadir=" + config.datadir());
        config.pruneMiB().ifPresent(p -> args.add("-prune=" + p));
        if (!config.signer().isEmpty()) {
            args.add("-signer=" + config.signer());
        }
        args.addAll(config.network().args());
        args.addAll(config.extraArgs());
        return List.copyOf(args);
    }

    /**
     * The launch record: {@link #config()} with the backend's ready timeout and runtime directory.
     * {@link NodeConfig#commandLine} then adds {@code -ipcbind=unix:<0700 dir>/node.sock},
     * {@code -server=0} and {@code -printtoconsole=0}.
     *
     * @param readyTimeout  how long a spawned node may take until Echo answers over IPC
     * @param runtimeParent where the private runtime directory is made; null for bundled-node's default
     */
    public NodeConfig toNodeConfig(Duration readyTimeout, Path runtimeParent) {
        NodeConfig c = config.withReadyTimeout(readyTimeout);
        return runtimeParent != null ? c.withRuntimeParent(runtimeParent) : c;
    }
}
