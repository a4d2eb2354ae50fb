package org.bitcoinfx.node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * How to launch a bitcoin-node, in wither style: {@code NodeConfig.of(datadir, Chain.SIGNET).withPrune(2000)}.
 * The launcher always adds {@code -datadir}, {@code -chain}, {@code -ipcbind=unix:<private dir>/node.sock},
 * {@code -server=0} and {@code -printtoconsole=0}; on regtest {@code -listenonion=0} (see {@link #TOR_OPTIONS}).
 *
 * @param datadir        the datadir ({@code -datadir=})
 * @param chain          the chain ({@code -chain=})
 * @param pruneMiB       {@code -prune=N} in MiB, or empty to leave it unset: 0 disables pruning, 1 allows manual pruning
 *                       ({@code pruneblockchain}), {@value #MIN_PRUNE_TARGET_MIB} or more is the automatic target; Bitcoin Core
 *                       refuses 2…549 at start-up ({@code src/node/blockmanager_args.cpp}), and so does this record. While it
 *                       is set, {@code -prune} is refused in {@code extraArgs}; while it is not, a {@code -prune=N} there is
 *                       checked the same way. {@code -fastprune} (regtest's small block files) does not lower the minimum.
 * @param debugIpc       adds {@code -debug=ipc} and {@code -logtimemicros} (the node's IPC lines with microsecond times, which
 *                       the IPC inspector pairs with our calls; the node fixes its IPC log level when its IPC loop starts,
 *                       so a {@code logging ["ipc"]} at run time does not bring them: BC {@code src/ipc/capnp/protocol.cpp})
 * @param extraArgs      further arguments from settings, each starting with {@code -}; options this
 *                       package controls or that would open the RPC port are refused (see {@link #FORBIDDEN_OPTIONS}), and so is
 *                       an option {@code network} sets (one value in one place)
 * @param network        the network and memory options ({@link NetworkOptions}; {@link NetworkOptions#DEFAULTS} for none)
 * @param readyTimeout   how long startup may take until the socket answers (default 60 s)
 * @param stopTimeout    after an answered {@code stop} RPC, how long to wait for the node to exit before also sending
 *                       SIGTERM (default 120 s); SIGTERM is Bitcoin Core's same clean shutdown
 * @param termTimeout    after SIGTERM, how often a node still shutting down is reported ({@link NodeEvents#stillStopping});
 *                       the wait goes on: a stop never sends SIGKILL (default 10 s; see {@link NodeProcess#stop})
 * @param runtimeParent  where the private runtime directory is created; null for {@link RuntimeDir#defaultParent}
 * @param signer         {@code -signer=<cmd>}: the external signing tool (e.g. HWI) the node runs for
 *                       {@code enumeratesigners} and external-signer wallets ({@code doc/external-signer.md}), or "" for none;
 *                       while it is set, {@code -signer} is refused in {@code extraArgs}
 */
public record NodeConfig(Path datadir, Chain chain, OptionalInt pruneMiB, boolean debugIpc, List<String> extraArgs, NetworkOptions network,
                         Duration readyTimeout, Duration stopTimeout, Duration termTimeout, Path runtimeParent, String signer) {
    /** Default {@link #readyTimeout}: 60 s. */
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(60);
    /** Default {@link #stopTimeout}: 120 s. */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(120);
    /** Default {@link #termTimeout}: 10 s between reports of a slow shutdown. */
    public static final Duration DEFAULT_TERM_TIMEOUT = Duration.ofSeconds(10);

    /** Why an option the launcher sets itself is refused in {@link #extraArgs}. */
    private static final String SET_BY_LAUNCHER = "Bitcoin FX sets it itself";
    /** Why an option that would open the TCP RPC port is refused: Bitcoin FX drives the node over IPC only. */
    private static final String OPENS_RPC = "it would open or configure the TCP RPC port, which Bitcoin FX never uses (IPC only)";

    /**
     * Options refused in {@link #extraArgs} (and their {@code -no} forms), each with the reason the error gives: set by
     * the launcher itself; opening the TCP RPC port, which Bitcoin FX never uses; or moving or turning off the node's
     * debug.log ({@code -debuglogfile=PATH}, {@code -nodebuglogfile}, BC {@code src/init/common.cpp}), which Bitcoin FX
     * reads for the start-up progress, the node's last lines in an error, and its "Shutdown done" line (after which our
     * connections are closed so that the node can exit, {@link NodeProcess}).
     */
    public static final Map<String, String> FORBIDDEN_OPTIONS = Map.ofEntries(
            Map.entry("datadir", SET_BY_LAUNCHER), Map.entry("chain", SET_BY_LAUNCHER), Map.entry("regtest", SET_BY_LAUNCHER),
            Map.entry("testnet", SET_BY_LAUNCHER), Map.entry("testnet4", SET_BY_LAUNCHER), Map.entry("signet", SET_BY_LAUNCHER),
            Map.entry("ipcbind", SET_BY_LAUNCHER), Map.entry("printtoconsole", SET_BY_LAUNCHER), Map.entry("conf", SET_BY_LAUNCHER),
            Map.entry("includeconf", SET_BY_LAUNCHER), Map.entry("daemon", "the app supervises the node as its child process"),
            Map.entry("daemonwait", "the app supervises the node as its child process"),
            Map.entry("server", OPENS_RPC), Map.entry("rpcport", OPENS_RPC), Map.entry("rpcbind", OPENS_RPC),
            Map.entry("rpcallowip", OPENS_RPC), Map.entry("rpcuser", OPENS_RPC), Map.entry("rpcpassword", OPENS_RPC),
            Map.entry("rpcauth", OPENS_RPC),
            Map.entry("debuglogfile", "Bitcoin FX reads the node's debug.log in its data directory (start-up progress, errors, shutdown)"));

    /**
     * Options that decide whether the node talks to Tor's control port. On regtest, unless the extra arguments name one,
     * {@link #commandLine} adds {@code -listenonion=0}: with {@code -listen} on (regtest's default) Bitcoin Core
     * otherwise starts its torcontrol thread, which tries {@code 127.0.0.1:9051} again and again and logs
     * {@code [warning] tor: Error connecting to address 127.0.0.1:9051} (BC {@code src/init.cpp} {@code listenonion},
     * {@code src/torcontrol.cpp}).
     */
    public static final Set<String> TOR_OPTIONS = Set.of("listenonion", "nolistenonion", "torcontrol", "listen", "nolisten");

    /** {@code -prune=1}: manual pruning only, through the {@code pruneblockchain} RPC. */
    public static final int PRUNE_MANUAL = 1;
    /** Bitcoin Core's smallest automatic prune target, MiB ({@code MIN_DISK_SPACE_FOR_BLOCK_FILES}, {@code src/validation.h}). */
    public static final int MIN_PRUNE_TARGET_MIB = 550;

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException for a bad value (a prune target Bitcoin Core refuses, a timeout not
     *                                  above zero), a forbidden extra argument, or a {@code -prune} in the
     *                                  extra arguments that clashes with {@code pruneMiB} or is not a value
     *                                  Bitcoin Core takes; the message names the argument
     */
    public NodeConfig {
        Objects.requireNonNull(datadir, "datadir");
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(pruneMiB, "pruneMiB");
        datadir = datadir.toAbsolutePath().normalize();
        extraArgs = List.copyOf(extraArgs);
        network = network == null ? NetworkOptions.DEFAULTS : network;
        java.util.Set<String> networkSet = network.setNames();
        if (pruneMiB.isPresent()) {
            checkPrune(pruneMiB.getAsInt());
        }
        for (String a : extraArgs) {
            if (!a.startsWith("-")) {
                throw new IllegalArgumentException("extra argument '" + NodeArgs.redact(a) + "' does not start with '-'");
            }
            String name = optionName(a);
            String refused = FORBIDDEN_OPTIONS.get(name);
            if (refused != null) {
                throw new IllegalArgumentException("extra argument '" + NodeArgs.redact(a) + "' is not allowed: " + refused);
            }
            String bare = name.startsWith("no") && NetworkOptions.NAMES.contains(name.substring(2)) ? name.substring(2) : name;
            if (networkSet.contains(bare)) {
                throw new IllegalArgumentException("extra argument '" + NodeArgs.redact(a) + "' clashes with the network setting (" + String.join(" ",
                        network.args().stream().filter(x -> optionName(x).equals(bare)).toList()) + "): set it in one place");
            }
            if (name.equals("prune") || name.equals("noprune")) {
                if (pruneMiB.isPresent()) {
                    throw new IllegalArgumentException("extra argument '" + a + "' clashes with the prune setting (-prune="
                            + pruneMiB.getAsInt() + "): set the prune target in one place");
                }
                checkPrune(extraPruneValue(a));
            }
        }
        signer = signer == null ? "" : signer.strip();
        if (signer.chars().anyMatch(ch -> ch == '\n' || ch == '\r' || ch == 0)) {
            throw new IllegalArgumentException("the signer command must be one line");
        }
        if (!signer.isEmpty()) {
            for (String a : extraArgs) {
                String name = optionName(a);
                if (name.equals("signer") || name.equals("nosigner")) {
                    throw new IllegalArgumentException("extra argument '" + a + "' clashes with the external signer setting (-signer="
                            + signer + "): set the signer in one place");
                }
            }
        }
        requirePositive(readyTimeout, "readyTimeout");
        requirePositive(stopTimeout, "stopTimeout");
        requirePositive(termTimeout, "termTimeout");
    }

    /**
     * Checks a {@code -prune} value as Bitcoin Core does at start-up ({@code src/node/blockmanager_args.cpp}
     * {@code ApplyArgsManOptions}): not negative, and 0, {@value #PRUNE_MANUAL} or at least {@value #MIN_PRUNE_TARGET_MIB} MiB.
     *
     * @param mib the value, MiB
     * @throws IllegalArgumentException naming the value and what is allowed
     */
    public static void checkPrune(long mib) {
        if (mib < 0) {
            throw new IllegalArgumentException("-prune=" + mib + " is negative: use 0 (no pruning), 1 (manual pruning) or a target of "
                    + MIN_PRUNE_TARGET_MIB + " MiB or more");
        }
        if (mib > PRUNE_MANUAL && mib < MIN_PRUNE_TARGET_MIB) {
            throw new IllegalArgumentException("-prune=" + mib + " is below Bitcoin Core's minimum prune target of " + MIN_PRUNE_TARGET_MIB
                    + " MiB (0 turns pruning off, 1 allows manual pruning with pruneblockchain)");
        }
        if (mib > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("-prune=" + mib + " is too large: at most " + Integer.MAX_VALUE + " MiB");
        }
    }

    /**
     * The value of a {@code -prune} extra argument as Bitcoin Core reads it: {@code -prune} alone is 1,
     * {@code -noprune} 0, {@code -prune=N} N.
     *
     * @throws IllegalArgumentException if N is not a whole number
     */
    private static long extraPruneValue(String arg) {
        String n = arg.replaceFirst("^-+", "");
        int eq = n.indexOf('=');
        String key = (eq >= 0 ? n.substring(0, eq) : n).toLowerCase(Locale.ROOT);
        boolean negated = key.substring(key.indexOf('.') + 1).startsWith("no");
        String value = eq >= 0 ? n.substring(eq + 1).trim() : "";
        long v;
        if (value.isEmpty()) {
            v = 1;
        } else {
            try {
                v = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("extra argument '" + arg + "': -prune takes a whole number of MiB (0, 1, or "
                        + MIN_PRUNE_TARGET_MIB + " or more)", e);
            }
        }
        return negated ? (v == 0 ? 1 : 0) : v;
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    /** {@code -noserver}, {@code --server=1}, {@code -server} all name "server". */
    static String optionName(String arg) {
        String n = arg.replaceFirst("^-+", "");
        int eq = n.indexOf('=');
        if (eq >= 0) {
            n = n.substring(0, eq);
        }
        n = n.toLowerCase(Locale.ROOT);
        int dot = n.indexOf('.'); // section-qualified, e.g. -regtest.rpcport
        if (dot >= 0) {
            n = n.substring(dot + 1);
        }
        return n.startsWith("no") && FORBIDDEN_OPTIONS.containsKey(n.substring(2)) ? n.substring(2) : n;
    }

    /** @return a config with defaults: no prune setting, no {@code -debug=ipc}, no extra arguments, default timeouts */
    public static NodeConfig of(Path datadir, Chain chain) {
        return new NodeConfig(datadir, chain, OptionalInt.empty(), false, List.of(), NetworkOptions.DEFAULTS, DEFAULT_READY_TIMEOUT,
                DEFAULT_STOP_TIMEOUT, DEFAULT_TERM_TIMEOUT, null, "");
    }

    /**
     * @return a copy with {@code -prune=mib} (MiB)
     * @throws IllegalArgumentException for a value Bitcoin Core refuses ({@link #checkPrune}) or a {@code -prune} already in the extra arguments
     */
    public NodeConfig withPrune(int mib) {
        return new NodeConfig(datadir, chain, OptionalInt.of(mib), debugIpc, extraArgs, network, readyTimeout, stopTimeout, termTimeout, runtimeParent, signer);
    }

    /** @return a copy with or without {@code -debug=ipc} */
    public NodeConfig withDebugIpc(boolean on) {
        return new NodeConfig(datadir, chain, pruneMiB, on, extraArgs, network, readyTimeout, stopTimeout, termTimeout, runtimeParent, signer);
    }

    /** @return a copy with these network and memory options (replacing earlier ones) */
    public NodeConfig withNetwork(NetworkOptions n) {
        return new NodeConfig(datadir, chain, pruneMiB, debugIpc, extraArgs, n, readyTimeout, stopTimeout, termTimeout, runtimeParent, signer);
    }

    /** @return a copy with these extra arguments (replacing earlier ones) */
    public NodeConfig withExtraArgs(List<String> args) {
        return new NodeConfig(datadir, chain, pruneMiB, debugIpc, args, network, readyTimeout, stopTimeout, termTimeout, runtimeParent, signer);
    }

    /** @return a copy with this startup timeout */
    public NodeConfig withReadyTimeout(Duration d) {
        return new NodeConfig(datadir, chain, pruneMiB, debugIpc, extraArgs, network, d, stopTimeout, termTimeout, runtimeParent, signer);
    }

    /** @return a copy with these stop timeouts: after the stop RPC until SIGTERM, and between reports of a slow shutdown after SIGTERM */
    public NodeConfig withStopTimeouts(Duration afterStopRpc, Duration afterSigterm) {
        return new NodeConfig(datadir, chain, pruneMiB, debugIpc, extraArgs, network, readyTimeout, afterStopRpc, afterSigterm, runtimeParent, signer);
    }

    /** @return a copy creating runtime directories under {@code parent} */
    public NodeConfig withRuntimeParent(Path parent) {
        return new NodeConfig(datadir, chain, pruneMiB, debugIpc, extraArgs, network, readyTimeout, stopTimeout, termTimeout, parent, signer);
    }

    /** @return a copy with {@code -signer=cmd} ("" for none) */
    public NodeConfig withSigner(String cmd) {
        return new NodeConfig(datadir, chain, pruneMiB, debugIpc, extraArgs, network, readyTimeout, stopTimeout, termTimeout, runtimeParent, cmd);
    }

    /**
     * @return true if the node will log its IPC lines: {@link #debugIpc}, or a {@code -debug=ipc}, {@code -debug=1},
     *     {@code -debug=all} or bare {@code -debug} among the extra arguments (a later {@code -nodebug} or {@code -debugexclude=ipc}
     *     is not looked at)
     */
    public boolean ipcLines() {
        return debugIpc || extraArgs.stream().anyMatch(a -> {
            String n = a.replaceFirst("^-+", "");
            return n.equals("debug") || n.equals("debug=ipc") || n.equals("debug=1") || n.equals("debug=all");
        });
    }

    /** @return {@code <datadir>/<network subdir>} */
    public Path networkDir() {
        return chain.networkDir(datadir);
    }

    /** @return {@code <datadir>/<network subdir>/debug.log} */
    public Path debugLog() {
        return networkDir().resolve("debug.log");
    }

    /** @return {@code <datadir>/<network subdir>/.lock}, which a running node holds locked */
    public Path lockFile() {
        return networkDir().resolve(".lock");
    }

    /**
     * The full command line.
     *
     * @param executable the bitcoin-node
     * @param socket     the socket path for {@code -ipcbind=unix:}
     * @return executable followed by the arguments
     */
    public List<String> commandLine(Path executable, Path socket) {
        List<String> cmd = new ArrayList<>();
        cmd.add(executable.toString());
        cmd.add("-datadir=" + datadir);
        cmd.add("-chain=" + chain.cliName());
        cmd.add("-ipcbind=unix:" + socket);
        cmd.add("-server=0");
        cmd.add("-printtoconsole=0");
        pruneMiB.ifPresent(p -> cmd.add("-prune=" + p));
        if (debugIpc) {
            cmd.add("-debug=ipc");
        }
        if (!signer.isEmpty()) {
            cmd.add("-signer=" + signer);
        }
        if (ipcLines() && extraArgs.stream().map(NodeConfig::optionName).noneMatch(n -> n.equals("logtimemicros") || n.equals("nologtimemicros"))) {
            cmd.add("-logtimemicros"); // the node-side time of a call is the gap between two of its lines
        }
        cmd.addAll(network.args());
        if (chain == Chain.REGTEST && network.listen() == null && network.listenOnion() == null
                && extraArgs.stream().map(NodeConfig::optionName).noneMatch(TOR_OPTIONS::contains)) {
            cmd.add("-listenonion=0");
        }
        cmd.addAll(extraArgs);
        return cmd;
    }
}
