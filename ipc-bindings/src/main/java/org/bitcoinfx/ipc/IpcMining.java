package org.bitcoinfx.ipc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.bitcoinfx.ipc.rpc.Capability;
import org.bitcoinfx.ipc.rpc.Request;
import org.bitcoinfx.ipc.rpc.Response;
import org.bitcoinfx.ipc.schema.CommonCapnp;
import org.bitcoinfx.ipc.schema.InitCapnp;
import org.bitcoinfx.ipc.schema.MiningCapnp;
import org.capnproto.DataList;

/** {@link Mining} over {@code Init.makeMining @3} (BC {@code src/ipc/capnp/mining.capnp}). */
final class IpcMining implements Mining {
    private final IpcNodeClient client;
    private final InitCapnp.Init.Client init;
    private final LazyCap cap = new LazyCap(this::make);
    /**
     * What the node answered to {@code BlockTemplate.submitSolution @10} on this connection: null
     * before the first answer, TRUE once served, FALSE once it answered UNIMPLEMENTED (a schema from
     * before 2026-06-16), after which every template of this connection calls {@code @7} directly.
     */
    private volatile Boolean submitSolution10;

    IpcMining(IpcNodeClient client, InitCapnp.Init.Client init) {
        this.client = client;
        this.init = init;
    }

    private CompletableFuture<Capability> make() {
        if (client.isClosing()) {
            return CompletableFuture.failedFuture(IpcNodeClient.closedHere());
        }
        Request<InitCapnp.Init.MakeMiningParams.Builder, InitCapnp.Init.MakeMiningResults.Reader> req = init.makeMiningRequest();
        IpcNodeClient.context(req, req.params().initContext(), client.mainThread());
        req.threadLabel(IpcNodeClient.MAIN_THREAD);
        return req.sendForResponse().thenApplyInline(r -> {
            try (r) {
                return IpcNodeClient.requireCap(r, r.results().getResultCapIndex(), "Init.makeMining");
            }
        });
    }

    private CompletableFuture<Capability> cap() {
        return cap.get();
    }

    /**
     * Records the node's answer to {@code submitSolution @10}: {@code served} false after an
     * UNIMPLEMENTED. The first answer of the connection wins; a node does not change its schema.
     */
    void submitSolution10Served(boolean served) {
        if (submitSolution10 == null) {
            submitSolution10 = served;
        }
    }

    /** {@inheritDoc} Remembered for this connection (one {@code IpcMining} per {@link IpcNodeClient}). */
    @Override
    public Optional<Boolean> servesSubmitSolution10() {
        return Optional.ofNullable(submitSolution10);
    }

    void releaseCapability() {
        cap.release();
    }

    private CompletableFuture<MiningCapnp.Mining.Client> mining() {
        return cap().thenApply(MiningCapnp.Mining.Client::new);
    }

    static Optional<BlockRef> blockRef(boolean present, CommonCapnp.BlockRef.Reader r) {
        if (!present) {
            return Optional.empty();
        }
        return Optional.of(new BlockRef(r.getHash().toArray(), r.getHeight()));
    }

    static BlockCheckResult check(boolean result, org.capnproto.Text.Reader reason, org.capnproto.Text.Reader debug) {
        return new BlockCheckResult(result, reason.toString(), debug.toString());
    }

    /**
     * @return true if {@code e} (or the cause it wraps) is the node's UNIMPLEMENTED answer: the reply
     *         of a Cap'n Proto server to a method ordinal its schema lacks (docs/IPC.md §2)
     */
    static boolean unimplemented(Throwable e) {
        Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        return t instanceof RemoteException r && r.type() == IpcException.Type.UNIMPLEMENTED;
    }

    static double millis(Duration timeout) {
        return timeout == null ? MiningCapnp.maxDouble : (double) timeout.toMillis();
    }

    @Override
    public CompletableFuture<Boolean> isTestChain() {
        return mining().thenCompose(m -> client.onMain(m.isTestChainRequest(), p -> p.initContext(), r -> r.getResult()));
    }

    @Override
    public CompletableFuture<Boolean> isInitialBlockDownload() {
        return mining().thenCompose(m -> client.onMain(m.isInitialBlockDownloadRequest(), p -> p.initContext(), r -> r.getResult()));
    }

    @Override
    public CompletableFuture<Optional<BlockRef>> getTip() {
        return mining().thenCompose(m -> client.onMain(m.getTipRequest(), p -> p.initContext(), r -> blockRef(r.getHasResult(), r.getResult())));
    }

    @Override
    public CompletableFuture<Optional<BlockRef>> waitTipChanged(byte[] currentTip, Duration timeout) {
        return mining().thenCompose(m -> client.onWait(m::waitTipChangedRequest, p -> p.initContext(), p -> {
            p.setCurrentTip(currentTip);
            p.setTimeout(millis(timeout));
        }, r -> {
            try (r) {
                return blockRef(r.results().hasResult(), r.results().getResult());
            }
        }));
    }

    @Override
    public CompletableFuture<Optional<BlockTemplate>> createNewBlock(BlockCreateOptions options, boolean cooldown) {
        return mining().thenCompose(m -> client.onWait(m::createNewBlockRequest, p -> p.initContext(), p -> {
            MiningCapnp.BlockCreateOptions.Builder o = p.initOptions();
            o.setUseMempool(options.useMempool());
            o.setBlockReservedWeight(options.blockReservedWeight());
            o.setCoinbaseOutputMaxAdditionalSigops(options.coinbaseOutputMaxAdditionalSigops());
            p.setCooldown(cooldown);
        }, r -> template(this, r, r.results().getResultCapIndex())));
    }

    static Optional<BlockTemplate> template(IpcMining mining, Response<?> r, int index) {
        try (r) {
            Capability c = r.cap(index);
            return c == null ? Optional.empty() : Optional.of(new IpcBlockTemplate(mining.client, mining, c));
        }
    }

    @Override
    public CompletableFuture<BlockCheckResult> checkBlock(byte[] block, BlockCheckOptions options) {
        return mining().thenCompose(m -> client.onMain(m.checkBlockRequest(), p -> p.initContext(), p -> {
                p.setBlock(block);
                MiningCapnp.BlockCheckOptions.Builder o = p.initOptions();
                o.setCheckMerkleRoot(options.checkMerkleRoot());
                o.setCheckPow(options.checkPow());
            }, r -> check(r.getResult(), r.getReason(), r.getDebug())));
    }

    @Override
    public CompletableFuture<Void> interrupt() {
        return mining().thenCompose(m -> m.interruptRequest().sendForResponse().thenAccept(Response::close));
    }

    @Override
    public CompletableFuture<BlockCheckResult> submitBlock(byte[] block) {
        return mining().thenCompose(m -> client.onMain(m.submitBlockRequest(), p -> p.initContext(), p -> {
                p.setBlock(block);
            }, r -> check(r.getResult(), r.getReason(), r.getDebug())));
    }

    @Override
    public CompletableFuture<List<byte[]>> getTransactionsByTxID(List<byte[]> txids) {
        return mining().thenCompose(m -> client.onMain(m.getTransactionsByTxIDRequest(), p -> p.initContext(), p -> {
                DataList.Builder l = p.initTxids(txids.size());
                for (int i = 0; i < txids.size(); i++) {
                    l.set(i, new org.capnproto.Data.Reader(txids.get(i)));
                }
            }, r -> dataList(r.getResult())));
    }

    @Override
    public CompletableFuture<List<byte[]>> getTransactionsByWitnessID(List<byte[]> wtxids) {
        return mining().thenCompose(m -> client.onMain(m.getTransactionsByWitnessIDRequest(), p -> p.initContext(), p -> {
                DataList.Builder l = p.initWtxids(wtxids.size());
                for (int i = 0; i < wtxids.size(); i++) {
                    l.set(i, new org.capnproto.Data.Reader(wtxids.get(i)));
                }
            }, r -> dataList(r.getResult())));
    }

    static List<byte[]> dataList(DataList.Reader l) {
        List<byte[]> out = new ArrayList<>(l.size());
        for (int i = 0; i < l.size(); i++) {
            out.add(l.get(i).toArray());
        }
        return out;
    }
}
