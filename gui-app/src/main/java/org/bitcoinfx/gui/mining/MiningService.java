package org.bitcoinfx.gui.mining;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.bitcoinfx.ipc.BlockCheckOptions;
import org.bitcoinfx.ipc.BlockCheckResult;
import org.bitcoinfx.ipc.BlockCreateOptions;
import org.bitcoinfx.ipc.BlockTemplate;
import org.bitcoinfx.ipc.CoinbaseTx;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.ipc.primitives.BlockHeader;
import org.bitcoinfx.ipc.primitives.Hashes;
import org.bitcoinfx.ipc.primitives.Merkle;
import org.bitcoinfx.ipc.primitives.RawBlock;
import org.bitcoinfx.ipc.primitives.RawTx;

/**
 * The Mining page's calls to the node, off the JavaFX thread: {@code Mining.createNewBlock},
 * the six BlockTemplate getters, {@code waitNext}, {@code checkBlock} and {@code submitSolution}
 * with a coinbase from {@link BlockAssembler}. Every method returns at once; futures fail with
 * the node's {@link org.bitcoinfx.ipc.IpcException} or with IllegalArgumentException for bad data.
 */
public final class MiningService {
    private final NodeClient client;
    private final AtomicLong extraNonce = new AtomicLong(System.nanoTime() & 0xffffffL);

    /** @param client the connected node */
    public MiningService(NodeClient client) {
        this.client = client;
    }

    /** @return the node this service talks to */
    public NodeClient client() {
        return client;
    }

    /**
     * {@code createNewBlock} (default options, no cooldown) and a snapshot of the new template.
     *
     * @return the template; fails with IllegalStateException if the node answered null (interrupted)
     */
    public CompletableFuture<LiveTemplate> create() {
        return client.mining().createNewBlock(BlockCreateOptions.DEFAULT, false).thenCompose(t -> {
            if (t.isEmpty()) {
                throw new IllegalStateException("createNewBlock returned no template (the Mining interface was interrupted)");
            }
            return withSnapshot(t.get());
        });
    }

    /**
     * {@code waitNext}: a better template once fees rise by {@code feeThresholdSat} or the tip moves.
     *
     * @param feeThresholdSat fee rise that counts, sat (at least 1)
     * @param timeout         how long the node waits, or null for forever
     * @return the new template, or empty on timeout or {@code interruptWait}
     */
    public CompletableFuture<Optional<LiveTemplate>> waitNext(LiveTemplate current, long feeThresholdSat, Duration timeout) {
        if (feeThresholdSat < 1) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("the fee threshold must be at least 1 sat"));
        }
        return current.template().waitNext(feeThresholdSat, timeout).thenCompose(t -> t.isEmpty()
                ? CompletableFuture.completedFuture(Optional.<LiveTemplate>empty())
                : withSnapshot(t.get()).thenApply(Optional::of));
    }

    private CompletableFuture<LiveTemplate> withSnapshot(BlockTemplate t) {
        return snapshot(t).handle((s, e) -> {
            if (e != null) {
                t.close();
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
            return new LiveTemplate(t, s);
        });
    }

    /** Fetches header, block, fees, sigops, coinbase fields and merkle path of {@code t} in parallel. */
    public static CompletableFuture<TemplateSnapshot> snapshot(BlockTemplate t) {
        CompletableFuture<byte[]> header = t.getBlockHeader();
        CompletableFuture<byte[]> block = t.getBlock();
        CompletableFuture<List<Long>> fees = t.getTxFees();
        CompletableFuture<List<Long>> sigops = t.getTxSigops();
        CompletableFuture<CoinbaseTx> coinbase = t.getCoinbaseTx();
        CompletableFuture<List<byte[]>> path = t.getCoinbaseMerklePath();
        return CompletableFuture.allOf(header, block, fees, sigops, coinbase, path).thenApply(v ->
                snapshotOf(header.join(), block.join(), fees.join(), sigops.join(), coinbase.join(), path.join()));
    }

    /**
     * Builds a snapshot from the six answers.
     *
     * @throws IllegalArgumentException if the block cannot be parsed or the lists do not match its transactions
     */
    public static TemplateSnapshot snapshotOf(byte[] headerBytes, byte[] blockBytes, List<Long> fees, List<Long> sigops,
                                              CoinbaseTx coinbase, List<byte[]> path) {
        BlockHeader header = BlockHeader.parse(headerBytes);
        RawBlock block = RawBlock.parse(blockBytes);
        List<RawTx> others = block.txs().isEmpty() ? List.of() : block.txs().subList(1, block.txs().size());
        if (fees.size() != others.size() || sigops.size() != others.size()) {
            throw new IllegalArgumentException("template has " + others.size() + " transactions but " + fees.size()
                    + " fees and " + sigops.size() + " sigop counts");
        }
        List<TemplateTx> txs = new ArrayList<>();
        for (int i = 0; i < others.size(); i++) {
            RawTx tx = others.get(i);
            txs.add(new TemplateTx(i + 1, Hashes.displayHex(tx.txid()), Hashes.displayHex(tx.wtxid()), fees.get(i), sigops.get(i),
                    tx.weight(), tx.vsize()));
        }
        long height = BlockAssembler.heightFromScriptSigPrefix(coinbase.scriptSigPrefix());
        return new TemplateSnapshot(Instant.now(), header, height, txs, others, coinbase, path);
    }

    /**
     * The scriptPubKey of {@code address}, from {@code validateaddress}.
     *
     * @return raw script bytes; fails with IllegalArgumentException carrying the node's reason if the address is invalid
     */
    public CompletableFuture<byte[]> payoutScript(String address) {
        String a = address == null ? "" : address.trim();
        if (a.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("enter an address to pay the block reward to"));
        }
        return client.rpc().call("validateaddress", a).thenApply((JsonNode r) -> {
            if (!r.path("isvalid").asBoolean(false)) {
                throw new IllegalArgumentException("not a valid address: " + r.path("error").asText("invalid"));
            }
            return Hashes.parseHex(r.path("scriptPubKey").asText());
        });
    }

    /** @return a coinbase for {@code s} paying to {@code payoutScript}, with a fresh extra nonce */
    public RawTx coinbaseFor(TemplateSnapshot s, byte[] payoutScript) {
        return BlockAssembler.buildCoinbase(s.coinbase(), payoutScript, extraNonce.incrementAndGet() & 0xffffffffL);
    }

    /**
     * {@code Mining.checkBlock} of the template's block with our coinbase, merkle root checked,
     * proof of work not (the nonce is not ground).
     */
    public CompletableFuture<BlockCheckResult> check(LiveTemplate t, byte[] payoutScript) {
        RawTx cb;
        try {
            cb = coinbaseFor(t.snapshot(), payoutScript);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        RawBlock block = BlockAssembler.assemble(t.snapshot().header(), cb, t.snapshot().blockTxs());
        return client.mining().checkBlock(block.serialize(), new BlockCheckOptions(true, false));
    }

    /**
     * Mines one block on {@code t}: builds the coinbase (reward to {@code payoutScript}, the
     * template's required outputs and witness), computes the merkle root from the coinbase merkle
     * path, grinds the nonce on {@code grinder} against the header's {@code nBits} and submits with
     * {@code submitSolution}. If the nonce space runs out, the extra nonce changes and grinding goes on.
     *
     * @param cancelled polled while grinding; true gives up (the future fails with CancellationException)
     * @param progress  told the hash count now and then (on the grinder thread); may be null
     */
    public CompletableFuture<MineResult> mine(LiveTemplate t, byte[] payoutScript, BooleanSupplier cancelled,
                                              BlockAssembler.Progress progress, Executor grinder) {
        TemplateSnapshot s = t.snapshot();
        return CompletableFuture.supplyAsync(() -> {
            long t0 = System.nanoTime();
            long total = 0;
            while (true) {
                RawTx cb = coinbaseFor(s, payoutScript);
                byte[] root = Merkle.merkleRootFromPath(cb.txid(), s.merklePath());
                BlockHeader h = s.header().withMerkleRoot(root).withNonce(0);
                long before = total;
                Optional<BlockAssembler.Solution> sol = BlockAssembler.grind(h, cancelled,
                        progress == null ? null : n -> progress.hashes(before + n));
                if (cancelled.getAsBoolean()) {
                    throw new java.util.concurrent.CancellationException("mining cancelled");
                }
                if (sol.isPresent()) {
                    total += sol.get().hashes();
                    return new Ground(sol.get().header(), cb, total, (System.nanoTime() - t0) / 1_000_000);
                }
                total += 0x1_0000_0000L;
            }
        }, grinder).thenCompose(g -> t.template().submitSolution(g.header().version(), (int) g.header().time(),
                (int) g.header().nonce(), g.coinbase().serialize())
                .thenApply(r -> new MineResult(r, g.header().hashHex(), s.height(), g.header().nonce(), g.hashes(), g.millis(),
                        Hashes.displayHex(g.coinbase().txid()))));
    }

    private record Ground(BlockHeader header, RawTx coinbase, long hashes, long millis) {
    }
}
