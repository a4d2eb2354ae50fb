package org.bitcoinfx.node.net;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.bitcoinfx.node.NodeBinary;
import org.bitcoinfx.node.NodeException;
import org.bitcoinfx.node.NodeStartException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chains built from a {@link ChainSpec}, kept on disk by {@link ChainSpec#cacheKey()}: built once per
 * machine, then copied into each test's datadirs. The root is the system property
 * {@value #ROOT_PROPERTY} if set, else {@code ~/.cache/bitcoinfx-test/chains}. A cached chain is
 * {@code <root>/<key>/}{@value ChainManifest#FILE_NAME} and {@code <root>/<key>/regtest/} with
 * {@code blocks/}, {@code chainstate/}, {@code wallets/} and {@code mempool.dat} of a node stopped
 * cleanly; a snapshot chain ({@link ChainSpec#assumeUtxo}) also has its UTXO snapshot there,
 * {@code <root>/<key>/utxo-<height>.dat} ({@link ChainManifest#snapshot()}). A build runs in {@code <root>/.build-<key>-<id>/} and is renamed into place when complete,
 * under a file lock {@code <root>/<key>.lock}, so JVMs building the same chain at once build it once
 * and a half-built chain is never used. Mirrors the chain cache of Bitcoin Core's test framework
 * ({@code test_framework.py} {@code _initialize_chain}).
 */
public final class ChainCache {
    private static final Logger log = LoggerFactory.getLogger(ChainCache.class);

    /** System property naming the cache's root directory. */
    public static final String ROOT_PROPERTY = "bitcoinfx.test.chainCache";
    /** What a cached chain keeps of a datadir's {@code regtest/} directory. */
    static final List<String> KEPT = List.of("blocks", "chainstate", "wallets", "mempool.dat");
    private static final AtomicInteger BUILDS = new AtomicInteger();

    private final Path root;

    /** @param root the directory holding cached chains (created when needed) */
    public ChainCache(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** @return the cache at {@value #ROOT_PROPERTY}, or {@code ~/.cache/bitcoinfx-test/chains} */
    public static ChainCache defaultCache() {
        String p = System.getProperty(ROOT_PROPERTY);
        return new ChainCache(p != null && !p.isBlank() ? Path.of(p)
                : Path.of(System.getProperty("user.home"), ".cache", "bitcoinfx-test", "chains"));
    }

    /** @return how many chains this JVM has built (not copied), in any cache */
    public static int buildsInThisJvm() {
        return BUILDS.get();
    }

    /** @return the root directory */
    public Path root() {
        return root;
    }

    /** @return where the chain of {@code spec} is, or would be, kept */
    public Path dir(ChainSpec spec) {
        return root.resolve(spec.cacheKey());
    }

    /** A chain ready to be copied: its directory, its manifest, and whether this call built it. */
    public record Cached(Path dir, ChainManifest manifest, boolean built) {
        /**
         * Copies the chain into {@code <datadir>/regtest/}: {@code blocks}, {@code chainstate},
         * {@code mempool.dat}, and {@code wallets} if asked.
         *
         * @param withWallets whether this node gets the wallets
         * @return the wallets copied (to load with {@code -wallet=}), else an empty list
         * @throws IOException if a copy fails
         */
        public List<String> copyInto(Path datadir, boolean withWallets) throws IOException {
            Path to = Files.createDirectories(datadir.resolve("regtest"));
            for (String name : KEPT) {
                Path from = dir.resolve("regtest").resolve(name);
                if (Files.exists(from) && (withWallets || !name.equals("wallets"))) {
                    copyTree(from, to.resolve(name));
                }
            }
            return withWallets ? manifest.wallets() : List.of();
        }

        /** @return the UTXO snapshot of a snapshot chain ({@link ChainSpec#assumeUtxo}), read-only: copy it before changing it */
        public Optional<Path> snapshotFile() {
            return Optional.ofNullable(manifest.snapshot()).map(s -> dir.resolve(s.file()));
        }
    }

    /**
     * The chain of {@code spec}, built first if this cache does not have it.
     *
     * @param binary the node to build with
     * @throws NodeException if the build's node fails; IOException for a file problem
     */
    public Cached obtain(ChainSpec spec, NodeBinary binary) throws NodeException, IOException {
        Path dir = dir(spec);
        if (Files.exists(dir.resolve(ChainManifest.FILE_NAME))) {
            return new Cached(dir, ChainManifest.read(dir), false);
        }
        Files.createDirectories(root);
        try (FileChannel ch = FileChannel.open(root.resolve(spec.cacheKey() + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = ch.lock()) {
            if (Files.exists(dir.resolve(ChainManifest.FILE_NAME))) { // another JVM built it meanwhile
                return new Cached(dir, ChainManifest.read(dir), false);
            }
            return new Cached(dir, build(spec, binary, dir), true);
        }
    }

    private ChainManifest build(ChainSpec spec, NodeBinary binary, Path dir) throws NodeException, IOException {
        String buildId = UUID.randomUUID().toString();
        Path work = root.resolve(".build-" + spec.cacheKey() + "-" + buildId.substring(0, 8));
        Path datadir = work.resolve("datadir");
        long started = System.nanoTime();
        log.info("Building chain {} in {} (once per machine; kept in {})", spec.cacheKey(), work, dir);
        BUILDS.incrementAndGet();
        try {
            RegtestNode node = RegtestNode.start(binary, 0, datadir, false, ChainSpec.blockTime(1), List.of(), List.of());
            ChainManifest manifest;
            try {
                manifest = buildOn(node, spec, binary, buildId, started, work);
            } catch (RuntimeException e) {
                node.stop();
                throw e;
            }
            // every wallet has had every block: a wallet writes its best block at a block that touched it (CWallet::blockConnected)
            // and when unloaded at shutdown, which comes before the notifications still queued (the big wallet's last block of
            // payments took half a minute of them), so its locator stayed one block behind and each start rescanned that block
            node.call("syncwithvalidationinterfacequeue");
            OptionalInt code = node.stop(); // the stop RPC: chainstate flushed, mempool.dat written
            if (code.isEmpty() || code.getAsInt() != 0) {
                throw new NodeStartException("the node building " + spec.cacheKey() + " did not stop cleanly: exit " + code,
                        code, node.process().lastLogLines(50), null);
            }
            Path kept = Files.createDirectories(work.resolve("regtest"));
            for (String name : KEPT) {
                Path from = datadir.resolve("regtest").resolve(name);
                if (Files.exists(from)) {
                    Files.move(from, kept.resolve(name));
                }
            }
            deleteTree(datadir);
            manifest.write(work);
            try {
                Files.move(work, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                log.info("chain {} appeared meanwhile; using that one", spec.cacheKey());
                return ChainManifest.read(dir);
            }
            log.info("Built chain {} in {} ms: tip {} at height {}", spec.cacheKey(), manifest.buildMillis(), manifest.tipHash(), manifest.height());
            return manifest;
        } finally {
            deleteTree(work); // gone already after the move
        }
    }

    private static ChainManifest buildOn(RegtestNode node, ChainSpec spec, NodeBinary binary, String buildId, long started, Path work) {
        if (spec.snapshotHeight() > 0) {
            ChainManifest.Snapshot snapshot = new SnapshotChainBuilder(node, spec).build(work);
            String tip = node.call("getbestblockhash").asText();
            int height = node.call("getblockcount").asInt();
            long tipTime = node.call("getblockheader", tip).path("time").asLong();
            if (height != spec.blocks()) {
                throw new IllegalStateException("built " + height + " blocks for " + spec);
            }
            return new ChainManifest(spec, tip, height, tipTime, List.of(), 0, List.of(), List.of(), binary.versionLine(), buildId,
                    (System.nanoTime() - started) / 1_000_000, snapshot);
        }
        int transactions;
        List<ChainManifest.Replacement> replacements;
        if (spec.bigWalletTxs() > 0) {
            new BigWalletBuilder(node, spec).build();
            transactions = spec.bigWalletTxs();
            replacements = List.of();
        } else {
            EconomyBuilder economy = new EconomyBuilder(node, spec);
            economy.build();
            transactions = economy.transactions();
            replacements = economy.replacements();
        }
        String tip = node.call("getbestblockhash").asText();
        int height = node.call("getblockcount").asInt();
        List<String> mempool = new ArrayList<>();
        node.call("getrawmempool").forEach(t -> mempool.add(t.asText()));
        mempool.sort(null);
        if (height != spec.blocks() || mempool.size() != spec.mempoolTxs()) {
            throw new IllegalStateException("built " + height + " blocks and " + mempool.size() + " mempool transactions for " + spec);
        }
        return new ChainManifest(spec, tip, height, ChainSpec.blockTime(height), spec.walletNames(), transactions,
                replacements, mempool, binary.versionLine(), buildId, (System.nanoTime() - started) / 1_000_000, null);
    }

    /** Copies a file or a directory tree; existing files are replaced. @throws IOException if a copy fails */
    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Deletes a tree if it exists. @throws IOException if something cannot be deleted */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
