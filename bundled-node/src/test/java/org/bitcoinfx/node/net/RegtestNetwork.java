package org.bitcoinfx.node.net;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.bitcoinfx.ipc.BlockRef;
import org.bitcoinfx.node.NodeBinary;
import org.bitcoinfx.node.NodeException;
import org.bitcoinfx.node.NodeLocator;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * N real regtest bitcoin-nodes (from {@code BITCOIN_NODE}) for tests and benches, connected as a
 * {@link Topology} says, starting from a cached {@link ChainSpec} chain, driven over IPC with our own
 * client only (no HTTP RPC). Each node has its own datadir ({@code <workDir>/node<i>}), its IPC socket in
 * a private 0700 runtime directory, P2P on 127.0.0.1 only ({@link RegtestNode}).
 *
 * <pre>{@code
 * try (RegtestNetwork net = RegtestNetwork.builder().nodes(3).topology(Topology.line())
 *         .chain(ChainSpec.economy(200, 5, 20)).start()) {
 *     String hash = net.node(0).generate(1).get(0);
 *     net.syncBlocks();
 *     net.node(2).call("getbestblockhash");   // hash
 *     net.node(0).callWallet("alice", "getbalance");
 * }
 * }</pre>
 *
 * <p>Every process it starts ends with it: {@link #close()} stops each node (the {@code stop} RPC over IPC,
 * SIGTERM, SIGKILL after generous time-outs; {@link RegtestNode#stop}); a JVM shutdown hook closes a network
 * left open; a JVM killed without its hooks leaves the launcher's watchdog to SIGTERM each node and remove
 * its runtime directory. Nodes run at a fixed mocktime ({@link ChainSpec#networkMocktime()} unless set):
 * the chain's tip is then fresh (no initial block download), its saved mempool loads, and mined blocks are the
 * same on every run. Mirrors Bitcoin Core's {@code test/functional/test_framework/test_framework.py}
 * ({@code setup_nodes}, {@code connect_nodes}, {@code sync_blocks}).
 */
public final class RegtestNetwork implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RegtestNetwork.class);

    /** Default deadline for waits (connections, sync): 120 s. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(120);
    /** Bytes of {@code pong} a peer must have sent once the version handshake is done (test framework {@code connect_nodes}). */
    static final int PONG_BYTES = 29;

    private final List<RegtestNode> nodes;
    private final Path workDir;
    private final boolean ownsWorkDir;
    private final ChainCache.Cached chain;
    private final Thread shutdownHook;
    private boolean closed;

    private RegtestNetwork(List<RegtestNode> nodes, Path workDir, boolean ownsWorkDir, ChainCache.Cached chain) {
        this.nodes = List.copyOf(nodes);
        this.workDir = workDir;
        this.ownsWorkDir = ownsWorkDir;
        this.chain = chain;
        this.shutdownHook = new Thread(this::close, "regtest-network-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** @return a builder: 2 nodes in a line, genesis only */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The node under test, from {@code BITCOIN_NODE}; skips the calling test (JUnit assumption), saying why,
     * when that variable is unset.
     *
     * @throws NodeException if it is set but not a usable bitcoin-node
     */
    public static NodeBinary nodeBinaryOrSkip() throws NodeException {
        String env = System.getenv(NodeLocator.ENV_VAR);
        Assumptions.assumeTrue(env != null && !env.isBlank(),
                NodeLocator.ENV_VAR + " is not set: set it to a bitcoin-node v31.99+ built with IPC to run the regtest network tests");
        return NodeLocator.inspect(Path.of(env), NodeLocator.DEFAULT_VERSION_TIMEOUT);
    }

    /** How to start a network. */
    public static final class Builder {
        private int nodes = 2;
        private Topology topology = Topology.line();
        private ChainSpec spec = ChainSpec.empty();
        private int walletsOn = 0;
        private Path workDir;
        private ChainCache cache;
        private Long mocktime;
        private List<String> extraArgs = List.of();
        private final java.util.Map<Integer, List<String>> nodeArgs = new java.util.HashMap<>();
        private NodeBinary binary;

        private Builder() {
        }

        /** @param n how many nodes (1 or more; default 2) */
        public Builder nodes(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("at least one node: " + n);
            }
            this.nodes = n;
            return this;
        }

        /** @param t who connects to whom (default {@link Topology#line()}) */
        public Builder topology(Topology t) {
            this.topology = Objects.requireNonNull(t);
            return this;
        }

        /** @param s the chain every node starts from (default {@link ChainSpec#empty()}) */
        public Builder chain(ChainSpec s) {
            this.spec = Objects.requireNonNull(s);
            return this;
        }

        /** @param index the node that gets the chain's wallets (default 0) */
        public Builder walletsOn(int index) {
            this.walletsOn = index;
            return this;
        }

        /** @param dir where the datadirs go; default a temporary directory, deleted at {@link #close()} */
        public Builder workDir(Path dir) {
            this.workDir = dir;
            return this;
        }

        /** @param c the chain cache (default {@link ChainCache#defaultCache()}) */
        public Builder cache(ChainCache c) {
            this.cache = c;
            return this;
        }

        /** @param seconds the nodes' {@code -mocktime}, seconds since the epoch; 0 for real time (default {@link ChainSpec#networkMocktime()}) */
        public Builder mocktime(long seconds) {
            this.mocktime = seconds;
            return this;
        }

        /** @param args further options for every node */
        public Builder extraArgs(List<String> args) {
            this.extraArgs = List.copyOf(args);
            return this;
        }

        /**
         * @param index the node
         * @param args  further options for that node only, after {@link #extraArgs}'s (e.g. {@code -prune=1}: a peer
         *              that serves only recent blocks, {@code NODE_NETWORK_LIMITED})
         */
        public Builder nodeArgs(int index, List<String> args) {
            this.nodeArgs.put(index, List.copyOf(args));
            return this;
        }

        /** @param b the node binary (default {@link #nodeBinaryOrSkip()}) */
        public Builder binary(NodeBinary b) {
            this.binary = b;
            return this;
        }

        /**
         * Obtains the chain (built once into the cache), copies it into each datadir, starts the nodes
         * in parallel and connects them.
         *
         * @throws NodeException if a node cannot start (the others are stopped); IOException for a file problem
         */
        public RegtestNetwork start() throws NodeException, IOException {
            NodeBinary bin = binary != null ? binary : nodeBinaryOrSkip();
            List<Topology.Link> links = topology.links(nodes);
            for (int i : nodeArgs.keySet()) {
                if (i < 0 || i >= nodes) {
                    throw new IllegalArgumentException("options for node " + i + " of a network of " + nodes);
                }
            }
            boolean owns = workDir == null;
            Path work = owns ? Files.createTempDirectory("bitcoinfx-regtest-") : Files.createDirectories(workDir);
            ChainCache.Cached cached;
            List<List<String>> wallets = new ArrayList<>();
            try {
                cached = spec.isEmpty() ? null : (cache != null ? cache : ChainCache.defaultCache()).obtain(spec, bin);
                for (int i = 0; i < nodes; i++) {
                    wallets.add(cached == null ? List.of() : cached.copyInto(work.resolve("node" + i), i == walletsOn));
                }
            } catch (NodeException | IOException | RuntimeException e) {
                if (owns) {
                    ChainCache.deleteTree(work);
                }
                throw e;
            }
            long time = mocktime != null ? mocktime : spec.networkMocktime();
            List<CompletableFuture<RegtestNode>> starting = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                Path datadir = work.resolve("node" + i);
                List<String> nodeWallets = wallets.get(i);
                int index = i;
                CompletableFuture<RegtestNode> f = new CompletableFuture<>();
                Thread t = new Thread(() -> {
                    try {
                        List<String> args = new ArrayList<>(extraArgs);
                        args.addAll(nodeArgs.getOrDefault(index, List.of()));
                        f.complete(RegtestNode.start(bin, index, datadir, true, time, nodeWallets, args));
                    } catch (Throwable e) {
                        f.completeExceptionally(e);
                    }
                }, "regtest-start-" + i);
                t.setDaemon(true);
                t.start();
                starting.add(f);
            }
            List<RegtestNode> started = new ArrayList<>();
            Throwable failure = null;
            for (CompletableFuture<RegtestNode> f : starting) {
                try {
                    started.add(f.get());
                } catch (ExecutionException e) {
                    failure = failure == null ? e.getCause() : failure;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure = failure == null ? e : failure;
                }
            }
            RegtestNetwork net = new RegtestNetwork(started, work, owns, cached);
            if (failure != null) {
                net.close();
                if (failure instanceof NodeException ne) {
                    throw ne;
                }
                throw new IllegalStateException("a regtest node did not start", failure);
            }
            try {
                for (Topology.Link l : links) {
                    net.connect(l.from(), l.to());
                }
            } catch (RuntimeException e) {
                net.close();
                throw e;
            }
            log.info("regtest network up: {} nodes, {}, chain {}", nodes, topology, spec.cacheKey());
            return net;
        }
    }

    /** @return the nodes, by index */
    public List<RegtestNode> nodes() {
        return nodes;
    }

    /** @return node {@code i} */
    public RegtestNode node(int i) {
        return nodes.get(i);
    }

    /** @return the number of nodes */
    public int size() {
        return nodes.size();
    }

    /** @return the cached chain the nodes started from, or empty for {@link ChainSpec#empty()} */
    public Optional<ChainCache.Cached> chain() {
        return Optional.ofNullable(chain);
    }

    /** @return where the datadirs are */
    public Path workDir() {
        return workDir;
    }

    /**
     * Connects node {@code from} to node {@code to} ({@code addnode <to> onetry}) and waits until both
     * show the other in {@code getpeerinfo}, matched by user agent, with a {@code pong} received (the
     * version handshake is complete), as {@code connect_nodes} does.
     *
     * @throws IllegalStateException if that is not so within {@link #DEFAULT_WAIT}
     */
    public void connect(int from, int to) {
        RegtestNode a = node(from);
        RegtestNode b = node(to);
        a.call("addnode", b.p2pAddress(), "onetry");
        waitUntil("node " + from + " connected to node " + to, DEFAULT_WAIT,
                () -> handshaken(a, to, false) && handshaken(b, from, true));
    }

    private static boolean handshaken(RegtestNode node, int peerIndex, boolean inbound) {
        for (JsonNode p : node.call("getpeerinfo")) {
            if (p.path("subver").asText().contains("(testnode" + peerIndex + ")") && p.path("inbound").asBoolean() == inbound
                    && p.path("bytesrecv_per_msg").path("pong").asLong() >= PONG_BYTES) {
                return true;
            }
        }
        return false;
    }

    /** As {@link #syncBlocks(Duration)} within {@link #DEFAULT_WAIT}. */
    public BlockRef syncBlocks() {
        return syncBlocks(DEFAULT_WAIT);
    }

    /**
     * Waits until every node has the same tip, the highest one any node has: reads each node's tip
     * ({@code Mining.getTip}) and, while one lags, waits on that node's {@code Mining.waitTipChanged}
     * (no polling), then looks again. As {@code sync_blocks}, it assumes some node already has the final tip.
     *
     * @return the common tip
     * @throws IllegalStateException naming every node's tip, if they differ after {@code timeout}
     */
    public BlockRef syncBlocks(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<BlockRef> tips = nodes.stream().map(RegtestNode::tip).toList();
            BlockRef best = tips.stream().max((x, y) -> Integer.compare(x.height(), y.height())).orElseThrow();
            int lagging = -1;
            for (int i = 0; i < tips.size() && lagging < 0; i++) {
                if (!Arrays.equals(tips.get(i).hash(), best.hash())) {
                    lagging = i;
                }
            }
            if (lagging < 0) {
                return best;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("blocks not in sync after " + timeout.toSeconds() + " s: " + tips);
            }
            try {
                node(lagging).mining().waitTipChanged(tips.get(lagging).hash(), Duration.ofNanos(left))
                        .get(left + TimeUnit.SECONDS.toNanos(30), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("waitTipChanged on node " + lagging + " failed: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while syncing blocks", e);
            }
        }
    }

    /** Sets every node's mocktime ({@code setmocktime}), seconds since the epoch; 0 returns them to real time. */
    public void setMocktime(long seconds) {
        for (RegtestNode n : nodes) {
            n.call("setmocktime", seconds);
        }
    }

    /**
     * Polls {@code condition} every 50 ms until it holds (polling a node's own state, as the test framework's
     * {@code wait_until}; not a fixed sleep).
     *
     * @param what    what is waited for, for the error message
     * @throws IllegalStateException if it does not hold within {@code timeout}
     */
    public static void waitUntil(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for: " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for: " + what, e);
            }
        }
    }

    /**
     * Waits until a node's start-up thread ({@code initload}, init.cpp) is done: {@code getmempoolinfo.loaded}, which
     * that thread sets last ({@link RegtestNode#awaitStartupThread()} says why it matters). Fails only when neither the
     * mempool size nor the block count has moved for {@code stall}.
     *
     * @param who  the node, for the error message
     * @param call asks the node an RPC without parameters and returns the answer
     * @throws IllegalStateException if the thread makes no progress for {@code stall}
     */
    public static void awaitStartupThread(String who, Duration stall, Function<String, JsonNode> call) {
        waitWhileProgressing(who + "'s start-up thread (block import, mempool.dat load)", stall,
                () -> call.apply("getmempoolinfo").path("loaded").asBoolean(),
                () -> call.apply("getmempoolinfo").path("size").asLong() + "/" + call.apply("getblockcount").asLong());
    }

    /**
     * As {@link #waitUntil}, for long work that reports its progress: polls {@code condition} every 50 ms until it
     * holds, and gives up only when {@code progress} has not changed for {@code stall} (a bound on silence, not on
     * the work: a loaded machine loading a big mempool takes longer, but keeps moving).
     *
     * @param progress a value that changes while the work goes on (e.g. the mempool size), compared with equals
     * @throws IllegalStateException if {@code progress} stays the same for {@code stall} before {@code condition} holds
     */
    public static void waitWhileProgressing(String what, Duration stall, BooleanSupplier condition, Supplier<Object> progress) {
        Object last = progress.get();
        long lastMove = System.nanoTime();
        while (!condition.getAsBoolean()) {
            Object now = progress.get();
            if (!now.equals(last)) {
                last = now;
                lastMove = System.nanoTime();
            } else if (System.nanoTime() - lastMove > stall.toNanos()) {
                throw new IllegalStateException("timed out waiting for: " + what + " (no progress for "
                        + (stall.toMillis() % 1000 == 0 ? stall.toSeconds() + " s" : stall.toMillis() + " ms") + ", at " + now + ")");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for: " + what, e);
            }
        }
    }

    /**
     * Stops every node (in parallel; {@link RegtestNode#stop}: stop RPC, SIGTERM, SIGKILL) and waits for each
     * to exit, then deletes the work directory if it made it. Idempotent; never throws.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs close() too, which returns at once
            }
        }
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (RegtestNode n : nodes) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                log.info("{} stopped: exit {}", n, n.stop());
                f.complete(null);
            }, "regtest-close-" + n.index());
            t.setDaemon(true);
            t.start();
            stops.add(f);
        }
        stops.forEach(CompletableFuture::join);
        if (ownsWorkDir) {
            try {
                ChainCache.deleteTree(workDir);
            } catch (IOException e) {
                log.warn("cannot delete {}: {}", workDir, e.toString());
            }
        }
    }
}
