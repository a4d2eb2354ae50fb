package org.bitcoinfx.node.fake;

import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bitcoinfx.ipc.rpc.RpcConnection;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * A stand-in for {@code bitcoin-node} in tests: a Java main taking bitcoin-node's arguments
 * ({@link FakeNodeOptions}) that serves {@code Init}/{@code Echo}/{@code Mining}/{@code BlockTemplate}/{@code Rpc}
 * over Cap'n Proto on the Unix socket {@code -ipcbind} names, through this project's RPC runtime
 * ({@link RpcConnection}, server side), from an in-memory regtest chain ({@link FakeChain}). Like
 * bitcoin-node it prints its version for {@code -version}, holds {@code <network dir>/.lock}, writes
 * {@code debug.log} with the init lines ({@code init message: Loading block index…}, …,
 * {@code init message: Done loading}), answers RPC with error -28 while warming up, and stops on
 * the {@code stop} RPC or SIGTERM with exit code 0, closing its connections.
 *
 * <p>Test code only: never on the app's runtime classpath. Start it as a process with
 * {@link FakeNodeLauncherScript} (an executable {@code bitcoin-node} script), or in-process with
 * {@link #start(FakeNodeOptions)}.
 */
public final class FakeNode implements AutoCloseable {
    /** The first line of {@code -version}, parseable by {@code NodeVersion}. */
    public static final String VERSION_LINE = "Bitcoin Core daemon version v31.99.0-fake bitcoin-node";
    /** Where pre-mined and periodic blocks pay to: BIP173's regtest P2WPKH test vector. */
    public static final String DEFAULT_PAYOUT = "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080";
    /** Longest Unix socket path in bytes, exclusive. */
    static final int MAX_SOCKET_PATH = 108;

    private final FakeNodeOptions options;
    private final FakeNodeState state;
    private final FakeDebugLog log;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final List<AFUNIXServerSocket> servers = new ArrayList<>();
    private final List<RpcConnection> connections = new CopyOnWriteArrayList<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final java.util.concurrent.CompletableFuture<Integer> exited = new java.util.concurrent.CompletableFuture<>();

    private FakeNode(FakeNodeOptions options, FakeDebugLog log, FileChannel lockChannel, FileLock lock) {
        this.options = options;
        this.log = log;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.state = new FakeNodeState(options, new FakeChain(), log, this::requestStop);
    }

    /** Runs the fake node; see {@link FakeNodeOptions} for the arguments. Exits 0 after a stop, 1 on a startup error. */
    public static void main(String[] args) {
        FakeNodeOptions o;
        try {
            o = FakeNodeOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("Error: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (o.version()) {
            System.out.println(VERSION_LINE);
            System.out.println("Copyright (C) 2009-2026 The Bitcoin Core developers");
            System.out.println();
            System.out.println("This is a test double of bitcoin-node (Bitcoin FX test scope); it is not Bitcoin Core.");
            System.exit(0);
            return;
        }
        // SIGTERM/SIGINT before the node is up: remember it, stop once started (bitcoin-node also finishes init first)
        java.util.concurrent.atomic.AtomicReference<FakeNode> started = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<String> early = new java.util.concurrent.atomic.AtomicReference<>();
        installSignalHandlers(sig -> {
            FakeNode n = started.get();
            if (n != null) {
                n.requestStop(sig);
            } else {
                early.compareAndSet(null, sig);
            }
        });
        FakeNode node;
        try {
            node = start(o);
        } catch (IOException | RuntimeException e) {
            System.err.println("Error: " + e.getMessage());
            System.exit(1);
            return;
        }
        started.set(node);
        if (early.get() != null) {
            node.requestStop(early.get());
        }
        try {
            node.exited.get();
        } catch (Exception e) {
            System.err.println("Error: " + e);
        }
        System.exit(0);
    }

    @SuppressWarnings("restriction")
    private static void installSignalHandlers(java.util.function.Consumer<String> onSignal) {
        for (String sig : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(sig), s -> onSignal.accept("SIG" + sig));
            } catch (IllegalArgumentException e) {
                System.err.println("cannot handle SIG" + sig + ": " + e.getMessage());
            }
        }
    }

    /**
     * Starts a fake node in this JVM: locks the datadir, writes debug.log, binds the sockets and
     * serves them on daemon threads. {@link #close()} stops it (as the {@code stop} RPC does, but
     * without exiting the JVM).
     *
     * @throws IOException if the datadir is locked by another node, or a socket cannot be bound
     */
    public static FakeNode start(FakeNodeOptions o) throws IOException {
        Path net = o.networkDir();
        Files.createDirectories(net);
        try {
            Files.setPosixFilePermissions(net, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException | IOException e) {
            // a datadir we do not own: leave its mode alone
        }
        FileChannel ch = FileChannel.open(net.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            throw new IOException("Cannot obtain a lock on directory " + net + ". Bitcoin Core is probably already running.");
        }
        PrintStream console = o.printToConsole() ? System.out : null;
        FakeDebugLog log = new FakeDebugLog(net.resolve("debug.log"), console, o.debug());
        log.setLevels(o.logLevels());
        log.setTimeMicros(o.args().stream().anyMatch(a -> a.equals("-logtimemicros") || a.equals("-logtimemicros=1")));
        ownerOnly(net.resolve(".lock"));
        ownerOnly(net.resolve("debug.log"));
        FakeNode node = new FakeNode(o, log, ch, lock);
        try {
            node.init();
        } catch (IOException | RuntimeException e) {
            node.log.info("Error: " + e.getMessage());
            node.shutdown();
            throw e;
        }
        return node;
    }

    private void init() throws IOException {
        Path net = options.networkDir();
        log.info("Bitcoin Core version v31.99.0-fake (release build)");
        log.info("This is the Bitcoin FX fake node (a test double, not Bitcoin Core)");
        log.info("Using data directory " + net);
        for (String a : options.args()) {
            log.info("Command-line arg: " + a.replaceFirst("^--?", ""));
        }
        for (String a : options.ignored()) {
            log.info("Ignoring unknown argument " + a + " (the fake node does not know it)");
        }
        Files.writeString(net.resolve("bitcoind.pid"), ProcessHandle.current().pid() + "\n");
        ownerOnly(net.resolve("bitcoind.pid"));
        state.setWarmup("Loading block index…");
        if (options.bindDelayMs() > 0) {
            // a slow load before the socket exists: nothing answers IPC yet
            log.info("init message: Loading block index…");
            sleep(options.bindDelayMs());
        }
        for (Path p : options.socketPaths()) {
            bind(p);
        }
        FakeChainRpc.install(state);
        FakeMiningRpc.install(state);
        for (FakeRpcPlugin plugin : ServiceLoader.load(FakeRpcPlugin.class)) {
            log.info("Fake node plugin " + plugin.getClass().getName());
            plugin.install(state);
        }
        if (options.bindDelayMs() == 0) {
            log.info("init message: Loading block index…");
        }
        if (options.startDelayMs() > 0) {
            sleep(options.startDelayMs() / 2);
        }
        log.info("init message: Verifying blocks…");
        log.info("Block index and chainstate loaded");
        premine();
        if (options.startDelayMs() > 0) {
            sleep(options.startDelayMs() - options.startDelayMs() / 2);
        }
        log.info("init message: Starting network threads…");
        log.info("SetNetworkActive: true");
        state.setWarmup(null);
        log.info("init message: Done loading");
        schedule();
    }

    /** Mode 0600, as bitcoin-node's umask 0077 makes its files. */
    private static void ownerOnly(Path p) {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // not ours to change: leave it
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void premine() {
        FakeChain chain = state.chain();
        byte[] payout = FakeAddress.toScriptPubKey(DEFAULT_PAYOUT);
        long now = chain.now();
        int headers = options.ibdHeaders();
        if (headers > 0) {
            chain.generateWithTimes(Math.min(options.blocks(), headers), payout, h -> now - 600L * (headers - h) - 3600);
            chain.startInitialBlockDownload(headers);
        } else if (options.blocks() > 0) {
            chain.generateWithTimes(options.blocks(), payout, h -> now - 600L * (options.blocks() - h));
        }
        FakeChain.Entry tip = chain.tip();
        log.info("UpdateTip: new best=" + tip.hashHex() + " height=" + tip.height() + " version=0x" + String.format("%08x", tip.block().version())
                + " tx=" + tip.block().txs().size() + " date='" + java.time.Instant.ofEpochSecond(tip.block().time()) + "' progress="
                + String.format(java.util.Locale.ROOT, "%.6f", chain.verificationProgress()));
    }

    private void schedule() {
        FakeChain chain = state.chain();
        byte[] payout = FakeAddress.toScriptPubKey(DEFAULT_PAYOUT);
        chain.addListener(new FakeChain.Listener() {
            @Override
            public void blockConnected(FakeChain.Entry tip) {
                log.debug("validation", "UpdateTip: new best=" + tip.hashHex() + " height=" + tip.height());
            }
        });
        if (options.ibdHeaders() > 0) {
            int headers = options.ibdHeaders();
            state.scheduler().scheduleAtFixedRate(() -> {
                if (chain.isInitialBlockDownload()) {
                    long now = chain.now();
                    chain.generateWithTimes(1, payout, h -> now - 600L * (headers - h));
                    FakeChain.Entry tip = chain.tip();
                    log.info("UpdateTip: new best=" + tip.hashHex() + " height=" + tip.height() + " progress="
                            + String.format(java.util.Locale.ROOT, "%.6f", chain.verificationProgress()));
                }
            }, options.ibdBlockMs(), options.ibdBlockMs(), TimeUnit.MILLISECONDS);
        }
        if (options.blockEverySeconds() > 0) {
            long ms = Math.max(1, (long) (options.blockEverySeconds() * 1000));
            state.scheduler().scheduleAtFixedRate(() -> {
                if (!chain.isInitialBlockDownload()) {
                    chain.generate(1, payout);
                    log.info("UpdateTip: new best=" + chain.tip().hashHex() + " height=" + chain.height() + " (-fakeblockevery)");
                }
            }, ms, ms, TimeUnit.MILLISECONDS);
        }
        if (options.crashAfterSeconds() > 0) {
            state.scheduler().schedule(() -> {
                log.info("-fakecrashafter: exiting with code 1 now");
                Runtime.getRuntime().halt(1);
            }, (long) (options.crashAfterSeconds() * 1000), TimeUnit.MILLISECONDS);
        }
    }

    private void bind(Path p) throws IOException {
        Path abs = p.toAbsolutePath();
        if (abs.toString().getBytes(StandardCharsets.UTF_8).length >= MAX_SOCKET_PATH) {
            throw new IOException("Unix socket path " + abs + " is " + abs.toString().length() + " bytes; the limit is " + (MAX_SOCKET_PATH - 1));
        }
        Files.createDirectories(abs.getParent());
        Files.deleteIfExists(abs); // a stale socket from an earlier run
        AFUNIXServerSocket server = AFUNIXServerSocket.newInstance();
        server.bind(AFUNIXSocketAddress.of(abs.toFile()), 5);
        Files.setPosixFilePermissions(abs, PosixFilePermissions.fromString("rwx------"));
        servers.add(server);
        log.info("Listening for IPC requests on address unix:" + abs);
        Thread t = new Thread(() -> acceptLoop(server), "fake-node-accept");
        t.setDaemon(true);
        t.start();
    }

    private void acceptLoop(AFUNIXServerSocket server) {
        long pid = ProcessHandle.current().pid();
        while (!server.isClosed()) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (!server.isClosed() && !stopping.get()) {
                    log.info("IPC accept failed: " + e.getMessage());
                }
                return;
            }
            try {
                RpcConnection c = new RpcConnection(s, new FakeInitServer(state));
                connections.add(c);
                log.info("ipc: {bitcoin-node-" + pid + "/b-capnp-loop-" + pid + "} IPC server: socket connected.");
                c.closed().whenComplete((v, e) -> {
                    connections.remove(c);
                    if (!stopping.get()) {
                        log.info("ipc: {bitcoin-node-" + pid + "/b-capnp-loop-" + pid + "} IPC server: socket disconnected.");
                    }
                });
            } catch (IOException e) {
                log.info("IPC connection failed: " + e.getMessage());
            }
        }
    }

    /** @return the node's state (chain, network, RPC registry), for in-process use by tests */
    public FakeNodeState state() {
        return state;
    }

    // ---- in-process test helpers (GUI tests drive the chain here, the app talks to the node over IPC) ----

    /** Mines {@code n} blocks paying to {@link #DEFAULT_PAYOUT}, the first one taking the mempool. @return the new tip */
    public FakeChain.Entry generate(int n) {
        state.chain().generate(n, FakeAddress.toScriptPubKey(DEFAULT_PAYOUT));
        return state.chain().tip();
    }

    /** Mines {@code n} blocks paying to a new address of the loaded wallet {@code wallet}. @return the new tip */
    public FakeChain.Entry generateToWallet(String wallet, int n) {
        String address = rpc(wallet, "getnewaddress").asText();
        state.chain().generate(n, FakeAddress.toScriptPubKey(address));
        return state.chain().tip();
    }

    /**
     * Calls an RPC method in-process, as {@code Rpc.executeRpc} would.
     *
     * @param wallet the wallet endpoint, or null for the node's
     * @return the result
     * @throws IllegalStateException with the node's error
     */
    public com.fasterxml.jackson.databind.JsonNode rpc(String wallet, String method, Object... params) {
        try {
            com.fasterxml.jackson.databind.node.ObjectNode req = FakeRpcHandlers.JSON.createObjectNode();
            req.put("jsonrpc", "2.0").put("id", 1).put("method", method);
            req.set("params", FakeRpcHandlers.JSON.valueToTree(List.of(params)));
            String uri = wallet == null ? "/" : "/wallet/" + java.net.URLEncoder.encode(wallet, StandardCharsets.UTF_8);
            com.fasterxml.jackson.databind.JsonNode reply = FakeRpcHandlers.JSON.readTree(state.rpc().execute(FakeRpcHandlers.JSON.writeValueAsString(req), uri));
            if (reply.hasNonNull("error")) {
                throw new IllegalStateException(method + ": " + reply.get("error"));
            }
            return reply.get("result");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Makes {@code n} transactions that each pay the loaded wallet {@code wallet} once (one {@code listtransactions}
     * row each), mined {@code perBlock} a block (0: left in the mempool): one unchecked input, an output to one of 50 new addresses of the wallet
     * (every fourth labelled {@code payer <i>}) of 10,000…4,009,999 sat and one to a stranger. The same {@code seed}
     * gives the same amounts and order (txids vary with the wallet's addresses).
     *
     * @return the new tip
     */
    public FakeChain.Entry payWallet(String wallet, int n, int perBlock, long seed) {
        java.util.Random r = new java.util.Random(seed);
        List<byte[]> scripts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            scripts.add(FakeAddress.toScriptPubKey(rpc(wallet, "getnewaddress", i % 4 == 0 ? "payer " + i : "").asText()));
        }
        for (int i = 0; i < n; i++) {
            byte[] prev = new byte[32];
            r.nextBytes(prev);
            byte[] stranger = new byte[22];
            r.nextBytes(stranger);
            stranger[0] = 0;
            stranger[1] = 20;
            FakeTx tx = new FakeTx(2, List.of(new FakeTx.Input(prev, 0, new byte[0], 0xfffffffdL, List.of(new byte[71], new byte[33]))),
                    List.of(new FakeTx.Output(10_000 + r.nextInt(4_000_000), scripts.get(i % scripts.size())),
                            new FakeTx.Output(1_000_000, stranger)), 0);
            state.chain().addToMempool(tx, (long) tx.vsize() * (1 + r.nextInt(30)));
            if (perBlock > 0 && ((i + 1) % perBlock == 0 || i == n - 1)) {
                generate(1);
            }
        }
        return state.chain().tip();
    }

    /**
     * Adds {@code n} unrelated transactions to the mempool (random inputs the fake does not check,
     * one to three P2WPKH outputs, fee rates 1…30 sat/vB), for templates and the Mining page.
     */
    public void seedMempool(int n) {
        seedMempool(n, 0);
    }

    /**
     * As {@link #seedMempool(int)}, each input's witness carrying a further item of
     * {@code witnessBytes} bytes (as a script-path spend with a large envelope does): big blocks
     * within the weight limit, a witness byte weighing 1 WU (about 4 MB of block at 4 M WU).
     */
    public void seedMempool(int n, int witnessBytes) {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < n; i++) {
            byte[] prev = new byte[32];
            r.nextBytes(prev);
            byte[] script = new byte[22];
            r.nextBytes(script);
            script[0] = 0;
            script[1] = 20;
            List<FakeTx.Output> outs = new ArrayList<>();
            for (int k = 1 + r.nextInt(3); k > 0; k--) {
                outs.add(new FakeTx.Output(10_000 + r.nextInt(5_000_000), script));
            }
            List<byte[]> witness = witnessBytes == 0 ? List.of(new byte[71], new byte[33])
                    : List.of(new byte[71], new byte[witnessBytes], new byte[33]);
            FakeTx tx = new FakeTx(2, List.of(new FakeTx.Input(prev, r.nextInt(3), new byte[0], 0xfffffffdL, witness)), outs, 0);
            state.chain().addToMempool(tx, (long) tx.vsize() * (1 + r.nextInt(30)));
        }
    }

    /**
     * Adds a chain of {@code n} transactions to the mempool, each spending the previous one's first output (the first
     * a random outpoint), at fee rates 2, 4, 6… sat/vB: a family for {@code getmempoolancestors/descendants}.
     *
     * @return their txids (RPC hex), parent first
     */
    public List<String> seedMempoolChain(int n) {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        byte[] prev = new byte[32];
        r.nextBytes(prev);
        byte[] script = new byte[22];
        r.nextBytes(script);
        script[0] = 0;
        script[1] = 20;
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            FakeTx tx = new FakeTx(2, List.of(new FakeTx.Input(prev, 0, new byte[0], 0xfffffffdL, List.of(new byte[71], new byte[33]))),
                    List.of(new FakeTx.Output(5_000_000 - 10_000L * i, script)), 0);
            state.chain().addToMempool(tx, (long) tx.vsize() * 2 * (i + 1));
            out.add(tx.txidHex());
            prev = tx.txid();
        }
        return out;
    }

    /** @return the txids in the mempool (RPC hex), in arrival order */
    public List<String> mempoolTxids() {
        return state.chain().mempool().stream().map(e -> e.tx().txidHex()).toList();
    }

    /** @return the hashes of the blocks accepted through submitSolution/submitBlock/submitblock, in order */
    public List<String> submittedBlocks() {
        return state.chain().submittedBlocks();
    }

    /** @return the sockets it listens on */
    public List<Path> sockets() {
        return options.socketPaths().stream().map(Path::toAbsolutePath).toList();
    }

    /** @return how many IPC connections are open */
    public int connectionCount() {
        return connections.size();
    }

    /** @return completes with the exit code once the node has shut down */
    public java.util.concurrent.CompletableFuture<Integer> exited() {
        return exited;
    }

    /** Asks the node to shut down in 100 ms (time for the reply to the stop RPC to go out). */
    void requestStop(String reason) {
        if (stopping.compareAndSet(false, true)) {
            log.info("Shutdown requested by " + reason);
            Thread t = new Thread(() -> {
                sleep(100);
                shutdown();
            }, "fake-node-shutdown");
            t.setDaemon(false);
            t.start();
        }
    }

    private synchronized void shutdown() {
        stopping.set(true);
        if (exited.isDone()) {
            return;
        }
        log.info("Shutdown in progress...");
        for (AFUNIXServerSocket s : servers) {
            try {
                s.close();
            } catch (IOException e) {
                log.info("closing an IPC listener failed: " + e.getMessage());
            }
        }
        for (RpcConnection c : connections) {
            c.abort("RpcSystem was destroyed.");
        }
        state.scheduler().shutdownNow();
        log.info("Shutdown done");
        log.close();
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            System.err.println("releasing the datadir lock failed: " + e);
        }
        exited.complete(0);
    }

    /** Stops the node (in-process use): closes sockets and connections, releases the datadir. Idempotent. */
    @Override
    public void close() {
        stopping.set(true);
        shutdown();
    }
}
