package org.bitcoinfx.node.net;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bitcoinfx.ipc.BlockRef;
import org.bitcoinfx.ipc.JsonRpcException;
import org.bitcoinfx.ipc.Mining;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.ipc.RpcClient;
import org.bitcoinfx.node.Chain;
import org.bitcoinfx.node.NodeBinary;
import org.bitcoinfx.node.NodeConfig;
import org.bitcoinfx.node.NodeConnector;
import org.bitcoinfx.node.NodeLauncher;
import org.bitcoinfx.node.NodeProcess;
import org.bitcoinfx.node.NodeStartException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real regtest bitcoin-node of a {@link RegtestNetwork} (or of a {@link ChainCache} build),
 * started through {@link NodeLauncher} (private 0700 runtime directory for its IPC socket, the
 * {@code NodeWatchdog} that SIGTERMs it if the JVM dies) and driven over IPC with our own client only:
 * {@code -server=0}, no HTTP RPC. Its options are those Bitcoin Core's test framework writes to
 * {@code bitcoin.conf} ({@code test/functional/test_framework/util.py} {@code write_config}), P2P on
 * {@code 127.0.0.1} only, and {@code -uacomment=testnode<index>} so that peers can tell nodes apart
 * ({@code test_node.py}).
 */
public final class RegtestNode {
    private static final Logger log = LoggerFactory.getLogger(RegtestNode.class);

    /** P2WSH of {@code OP_TRUE} on regtest ({@code ADDRESS_BCRT1_P2WSH_OP_TRUE}, {@code test_framework/address.py}): where {@link #generate} mines to. */
    public static final String OP_TRUE_ADDRESS = "bcrt1qft5p2uhsdcdc3l2ua4ap5qqfg4pjaqlp250x7us7a8qqhrxrxfsqseac85";
    /** How long one RPC may take before {@link #call} gives up: 120 s. */
    public static final Duration RPC_TIMEOUT = Duration.ofSeconds(120);
    /** How long start-up (socket, then RPC warm-up) may take: 120 s. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** After the {@code stop} RPC, how long until SIGTERM: 60 s. */
    public static final Duration STOP_RPC_WAIT = Duration.ofSeconds(60);
    /** From the start of a stop until SIGKILL: 150 s. */
    public static final Duration KILL_AFTER = Duration.ofSeconds(150);
    /** Launch attempts when the chosen P2P port turns out to be taken. */
    static final int PORT_ATTEMPTS = 5;

    private final int index;
    private final NodeProcess process;
    private final int p2pPort;
    private final List<String> wallets;

    private RegtestNode(int index, NodeProcess process, int p2pPort, List<String> wallets) {
        this.index = index;
        this.process = process;
        this.p2pPort = p2pPort;
        this.wallets = List.copyOf(wallets);
    }

    /**
     * The options of a test node besides those the launcher sets ({@code -datadir}, {@code -chain},
     * {@code -ipcbind}, {@code -server=0}, {@code -printtoconsole=0}).
     *
     * @param index    the node's index ({@code -uacomment=testnode<index>})
     * @param p2pPort  {@code -bind=127.0.0.1:<port> -listen=1}, or 0 for {@code -listen=0}
     * @param mocktime {@code -mocktime=<seconds>}, or 0 for real time
     * @param wallets  wallets to load ({@code -wallet=<name>} each)
     */
    static List<String> args(int index, int p2pPort, long mocktime, List<String> wallets) {
        List<String> a = new ArrayList<>();
        if (p2pPort > 0) {
            a.add("-listen=1");
            a.add("-bind=127.0.0.1:" + p2pPort);
        } else {
            a.add("-listen=0");
        }
        a.addAll(List.of("-discover=0", "-dnsseed=0", "-fixedseeds=0", "-listenonion=0", "-natpmp=0", "-connect=0",
                "-peertimeout=999999999", "-keypool=1", "-fallbackfee=0.0002", "-shrinkdebugfile=0", "-unsafesqlitesync=1",
                "-maxconnections=94", "-par=" + Math.min(2, Runtime.getRuntime().availableProcessors()), "-prevoutfetchthreads=1",
                "-uacomment=testnode" + index));
        if (mocktime > 0) {
            a.add("-mocktime=" + mocktime);
        }
        for (String w : wallets) {
            a.add("-wallet=" + w);
        }
        return a;
    }

    /**
     * Starts a node and waits until it answers RPCs (socket ready, RPC warm-up over) and its start-up thread is done
     * ({@link #awaitStartupThread()}). A listening node
     * binds a free port of 127.0.0.1 chosen just before; if the node then cannot bind it (another process
     * took it), it is started again on another port, up to {@value #PORT_ATTEMPTS} times.
     *
     * @param listen   whether it takes P2P connections ({@code -listen=1}) or not ({@code -listen=0}, for a chain build)
     * @param mocktime seconds since the epoch, or 0 for real time
     * @param extra    further options, appended
     * @throws NodeStartException if it cannot start (with its last log lines)
     */
    static RegtestNode start(NodeBinary binary, int index, Path datadir, boolean listen, long mocktime, List<String> wallets,
                             List<String> extra) throws NodeStartException {
        return start(binary, index, datadir, listen ? RegtestNode::freePort : null, mocktime, wallets, extra);
    }

    /** As above; {@code ports} gives the port of each attempt (null: {@code -listen=0}), so tests can make a clash. */
    static RegtestNode start(NodeBinary binary, int index, Path datadir, PortSource ports, long mocktime, List<String> wallets,
                             List<String> extra) throws NodeStartException {
        boolean listen = ports != null;
        NodeLauncher launcher = new NodeLauncher(binary, NodeConnector.ipc());
        for (int attempt = 1; ; attempt++) {
            int port = listen ? ports.next() : 0;
            List<String> args = new ArrayList<>(args(index, port, mocktime, wallets));
            args.addAll(extra);
            NodeConfig config = NodeConfig.of(datadir, Chain.REGTEST).withExtraArgs(args).withReadyTimeout(START_TIMEOUT)
                    .withStopTimeouts(STOP_RPC_WAIT, Duration.ofSeconds(10));
            NodeProcess np;
            try {
                np = launcher.launch(config, null);
            } catch (NodeStartException e) {
                if (listen && attempt < PORT_ATTEMPTS && portClash(e.lastLogLines())) {
                    log.info("node {}: port {} is taken, trying another", index, port);
                    continue;
                }
                throw e;
            }
            try {
                // P2P binds late in init; the warm-up ends after it
                // ... unless the node exits first (a P2P port taken after the socket was bound): then at once, not after START_TIMEOUT
                CompletableFuture<?> warm = np.client().orElseThrow().rpc().awaitWarmup(START_TIMEOUT);
                CompletableFuture.anyOf(warm, np.onExit()).get(START_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
                if (!warm.isDone()) {
                    throw new IllegalStateException("bitcoin-node exited during its start-up");
                }
                warm.get();
                RegtestNode node = new RegtestNode(index, np, port, wallets);
                node.awaitStartupThread();
                return node;
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                np.stop(Duration.ofSeconds(10), Duration.ofSeconds(10));
                List<String> lines = np.lastLogLines(50);
                if (listen && attempt < PORT_ATTEMPTS && portClash(lines)) {
                    log.info("node {}: port {} is taken, trying another", index, port);
                    continue;
                }
                throw new NodeStartException("regtest node " + index + " did not finish starting: " + e,
                        np.isAlive() ? OptionalInt.empty() : OptionalInt.of(np.onExit().join()), lines, e);
            } catch (InterruptedException e) {
                np.close();
                Thread.currentThread().interrupt();
                throw new NodeStartException("interrupted while node " + index + " started", e);
            }
        }
    }

    /**
     * Waits until the node's start-up thread ({@code initload}, init.cpp {@code AppInitMain}) is done: blocks imported
     * and activated, the IBD status updated, {@code mempool.dat} loaded ({@code getmempoolinfo.loaded}, which that thread
     * sets last, with or without {@code -persistmempool}), as the test framework's {@code wait_for_rpc_connection}
     * does. RPCs are answered before that: until the import is over the node ignores a peer's {@code getheaders}
     * without an answer ({@code "Ignoring getheaders from peer=%d while importing/reindexing"}, net_processing.cpp),
     * and that peer asks again only after {@code HEADERS_RESPONSE_TIME} (2 min), so a block mined meanwhile is not
     * fetched. Loading a big mempool is long work on a loaded machine: the wait fails only when neither the mempool
     * nor the block count has moved for {@link #START_TIMEOUT}.
     *
     * @throws IllegalStateException if the thread makes no progress for {@link #START_TIMEOUT} or the node exits
     */
    void awaitStartupThread() {
        RegtestNetwork.awaitStartupThread("node " + index, START_TIMEOUT, method -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("bitcoin-node " + index + " exited during its start-up");
            }
            return call(method);
        });
    }

    /** Where a listening node's P2P port comes from. */
    @FunctionalInterface
    interface PortSource {
        /** @return a port of 127.0.0.1 to bind, free if possible @throws NodeStartException if none can be found */
        int next() throws NodeStartException;
    }

    private static boolean portClash(List<String> lines) {
        return lines.stream().anyMatch(l -> l.contains("Unable to bind") || l.contains("Address already in use"));
    }

    /** @return a port of 127.0.0.1 that was free a moment ago (the OS's choice, so two calls rarely repeat one) */
    static int freePort() throws NodeStartException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new NodeStartException("no free port on 127.0.0.1: " + e, e);
        }
    }

    /** @return its index in the network, also in its user agent ({@code testnode<index>}) */
    public int index() {
        return index;
    }

    /** @return its P2P port on 127.0.0.1, or 0 if it does not listen */
    public int p2pPort() {
        return p2pPort;
    }

    /** @return {@code 127.0.0.1:<p2pPort>}, what {@code addnode} takes */
    public String p2pAddress() {
        return "127.0.0.1:" + p2pPort;
    }

    /** @return its datadir */
    public Path datadir() {
        return process.config().datadir();
    }

    /** @return the wallets it loaded at start-up */
    public List<String> wallets() {
        return wallets;
    }

    /** @return the process (pid, runtime directory, logs) */
    public NodeProcess process() {
        return process;
    }

    /** @return its pid */
    public long pid() {
        return process.pid();
    }

    /** @return the IPC connection */
    public NodeClient client() {
        return process.client().orElseThrow(() -> new IllegalStateException("node " + index + " has no IPC connection"));
    }

    /** @return JSON-RPC over IPC */
    public RpcClient rpc() {
        return client().rpc();
    }

    /** @return the Mining interface over IPC */
    public Mining mining() {
        return client().mining();
    }

    /**
     * Calls an RPC over IPC and waits for its result.
     *
     * @param params positional params (String, Number, Boolean, List, Map, JsonNode)
     * @return the {@code result}
     * @throws RegtestRpcException for an RPC error (with its code), a transport failure or no answer within {@link #RPC_TIMEOUT}
     */
    public JsonNode call(String method, Object... params) {
        return await(method, rpc().call(method, params));
    }

    /** As {@link #call}, for the wallet {@code wallet} ({@code /wallet/<name>}). */
    public JsonNode callWallet(String wallet, String method, Object... params) {
        return await(wallet + "/" + method, rpc().callWallet(wallet, method, params));
    }

    /**
     * Waits for an RPC started with {@link #rpc()} (to pipeline many calls, then wait for each).
     *
     * @param what names the call in the error
     * @throws RegtestRpcException as {@link #call}
     */
    JsonNode await(String what, CompletableFuture<JsonNode> f) {
        try {
            return f.get(RPC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            int code = c instanceof JsonRpcException j ? j.code() : 0;
            throw new RegtestRpcException("node " + index + " " + what + ": " + c.getMessage(), code, c);
        } catch (TimeoutException e) {
            throw new RegtestRpcException("node " + index + " " + what + ": no answer within " + RPC_TIMEOUT.toSeconds() + " s", 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegtestRpcException("node " + index + " " + what + ": interrupted", 0, e);
        }
    }

    /** @return its tip ({@code Mining.getTip}) */
    public BlockRef tip() {
        try {
            return mining().getTip().get(RPC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .orElseThrow(() -> new IllegalStateException("node " + index + " has no tip"));
        } catch (ExecutionException | TimeoutException e) {
            throw new RegtestRpcException("node " + index + " getTip: " + e, 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegtestRpcException("node " + index + " getTip: interrupted", 0, e);
        }
    }

    /**
     * Mines {@code n} blocks to {@link #OP_TRUE_ADDRESS} ({@code generatetoaddress}).
     *
     * @return their hashes, hex as RPC prints them
     */
    public List<String> generate(int n) {
        List<String> hashes = new ArrayList<>();
        call("generatetoaddress", n, OP_TRUE_ADDRESS).forEach(h -> hashes.add(h.asText()));
        return hashes;
    }

    /**
     * Stops the node: the {@code stop} RPC over IPC, SIGTERM after {@link #STOP_RPC_WAIT}, SIGKILL if it
     * still runs {@link #KILL_AFTER} after the start of the stop ({@link NodeProcess#stop},
     * {@link NodeProcess#forceKill}). Waits for the exit; the runtime directory is removed. Never throws.
     *
     * @return the exit code (0 for a clean shutdown, 137 after SIGKILL), or empty if interrupted
     */
    public OptionalInt stop() {
        CompletableFuture<OptionalInt> stop = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                stop.complete(process.stop(STOP_RPC_WAIT, Duration.ofSeconds(10)));
            } catch (Throwable e) {
                stop.completeExceptionally(e);
            }
        }, "regtest-stop-" + index);
        t.setDaemon(true);
        t.start();
        try {
            try {
                return stop.get(KILL_AFTER.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                log.warn("node {} (pid {}) still runs {} s after the stop began: SIGKILL", index, pid(), KILL_AFTER.toSeconds());
                process.forceKill();
                return stop.get(60, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            log.error("stopping node {} (pid {}) failed", index, pid(), e);
            process.forceKill();
            process.close();
            return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.onExit().join());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    @Override
    public String toString() {
        return "testnode" + index + " (pid " + pid() + ", p2p " + (p2pPort > 0 ? p2pAddress() : "off") + ")";
    }
}
