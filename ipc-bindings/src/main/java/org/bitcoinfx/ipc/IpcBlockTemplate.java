package org.bitcoinfx.ipc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bitcoinfx.ipc.rpc.Capability;
import org.bitcoinfx.ipc.rpc.Response;
import org.bitcoinfx.ipc.schema.MiningCapnp;
import org.capnproto.PrimitiveList;
import org.slf4j.LoggerFactory;

/** {@link BlockTemplate} over the node's {@code BlockTemplate} capability (BC {@code src/ipc/capnp/mining.capnp}). */
public final class IpcBlockTemplate implements BlockTemplate {
    private final IpcNodeClient client;
    private final IpcMining mining;
    private final Capability cap;
    private final MiningCapnp.BlockTemplate.Client template;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** @param mining the connection's Mining, which remembers whether the node serves {@code submitSolution @10} */
    IpcBlockTemplate(IpcNodeClient client, IpcMining mining, Capability cap) {
        this.client = client;
        this.mining = mining;
        this.cap = cap;
        this.template = new MiningCapnp.BlockTemplate.Client(cap);
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("block template already destroyed");
        }
    }

    @Override
    public CompletableFuture<byte[]> getBlockHeader() {
        checkOpen();
        return client.onMain(template.getBlockHeaderRequest(), p -> p.initContext(), r -> r.getResult().toArray());
    }

    @Override
    public CompletableFuture<byte[]> getBlock() {
        checkOpen();
        return client.onMain(template.getBlockRequest(), p -> p.initContext(), r -> r.getResult().toArray());
    }

    static List<Long> longs(PrimitiveList.Long.Reader l) {
        List<Long> out = new ArrayList<>(l.size());
        for (int i = 0; i < l.size(); i++) {
            out.add(l.get(i));
        }
        return out;
    }

    @Override
    public CompletableFuture<List<Long>> getTxFees() {
        checkOpen();
        return client.onMain(template.getTxFeesRequest(), p -> p.initContext(), r -> longs(r.getResult()));
    }

    @Override
    public CompletableFuture<List<Long>> getTxSigops() {
        checkOpen();
        return client.onMain(template.getTxSigopsRequest(), p -> p.initContext(), r -> longs(r.getResult()));
    }

    @Override
    public CompletableFuture<CoinbaseTx> getCoinbaseTx() {
        checkOpen();
        return client.onMain(template.getCoinbaseTxRequest(), p -> p.initContext(), r -> {
            MiningCapnp.CoinbaseTx.Reader c = r.getResult();
            return new CoinbaseTx(Integer.toUnsignedLong(c.getVersion()), Integer.toUnsignedLong(c.getSequence()),
                    c.getScriptSigPrefix().toArray(), c.hasWitness() ? c.getWitness().toArray() : null,
                    c.getBlockRewardRemaining(), IpcMining.dataList(c.getRequiredOutputs()),
                    Integer.toUnsignedLong(c.getLockTime()));
        });
    }

    @Override
    public CompletableFuture<List<byte[]>> getCoinbaseMerklePath() {
        checkOpen();
        return client.onMain(template.getCoinbaseMerklePathRequest(), p -> p.initContext(), r -> IpcMining.dataList(r.getResult()));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Calls {@code submitSolution @10}; if the node answers UNIMPLEMENTED (its schema predates
     * @10, added to Bitcoin Core master on 2026-06-16), submits through {@code submitSolutionOld7 @7},
     * which such a node serves as its {@code submitSolution} (result only, so reason and debug are
     * empty), and remembers that for the connection, as sv2-tp falls back. Only UNIMPLEMENTED leads
     * to @7: a current node refuses @7 (FAILED "Old submitSolution (@7) not supported…").
     */
    @Override
    public CompletableFuture<BlockCheckResult> submitSolution(int version, int timestamp, int nonce, byte[] coinbase) {
        checkOpen();
        if (mining.servesSubmitSolution10().equals(Optional.of(false))) {
            return submitSolution7(version, timestamp, nonce, coinbase);
        }
        return client.onMain(template.submitSolutionRequest(), p -> p.initContext(), p -> {
            p.setVersion(version);
            p.setTimestamp(timestamp);
            p.setNonce(nonce);
            p.setCoinbase(coinbase);
        }, r -> {
            mining.submitSolution10Served(true);
            return IpcMining.check(r.getResult(), r.getReason(), r.getDebug());
        }).exceptionallyCompose(e -> {
            if (IpcMining.unimplemented(e)) {
                mining.submitSolution10Served(false);
                return submitSolution7(version, timestamp, nonce, coinbase);
            }
            return CompletableFuture.failedFuture(e);
        });
    }

    /**
     * {@code submitSolution @7} of a schema from before 2026-06-16 (today's {@code submitSolutionOld7}):
     * same params, {@code (result :Bool)} only.
     */
    private CompletableFuture<BlockCheckResult> submitSolution7(int version, int timestamp, int nonce, byte[] coinbase) {
        return client.onMain(template.submitSolutionOld7Request(), p -> p.initContext(), p -> {
            p.setVersion(version);
            p.setTimestamp(timestamp);
            p.setNonce(nonce);
            p.setCoinbase(coinbase);
        }, r -> new BlockCheckResult(r.getResult(), "", ""));
    }

    @Override
    public CompletableFuture<Optional<BlockTemplate>> waitNext(long feeThresholdSat, Duration timeout) {
        checkOpen();
        return client.onWait(template::waitNextRequest, p -> p.initContext(), p -> {
            MiningCapnp.BlockWaitOptions.Builder o = p.initOptions();
            o.setTimeout(IpcMining.millis(timeout));
            o.setFeeThreshold(feeThresholdSat);
        }, r -> IpcMining.template(mining, r, r.results().getResultCapIndex()));
    }

    /**
     * {@code waitNext} on the server Thread {@code on} instead of a wait Thread of its own: calls on
     * one Thread queue there and run one at a time (MP {@code ProxyServer<Thread>::post}). For the
     * conformance check ({@code interface_ipc.py run_thread_busy_test}); the app never queues waits.
     *
     * @see #waitNext(long, Duration)
     */
    public CompletableFuture<Optional<BlockTemplate>> waitNextOn(ServerThread on, long feeThresholdSat, Duration timeout) {
        checkOpen();
        return client.thread(on).thenCompose(t -> ProxyCall.send(template.waitNextRequest(), p -> p.initContext(), t, on.threadName(), p -> {
            MiningCapnp.BlockWaitOptions.Builder o = p.initOptions();
            o.setTimeout(IpcMining.millis(timeout));
            o.setFeeThreshold(feeThresholdSat);
        }).thenApplyInline(r -> IpcMining.template(mining, r, r.results().getResultCapIndex())));
    }

    @Override
    public CompletableFuture<Void> interruptWait() {
        checkOpen();
        return template.interruptWaitRequest().sendForResponse().thenAccept(Response::close);
    }

    /** Calls {@code submitSolutionOld7 @7}, which current nodes refuse; for the conformance check. */
    CompletableFuture<Void> submitSolutionOld7() {
        var req = template.submitSolutionOld7Request();
        IpcNodeClient.context(req, req.params().initContext(), client.mainThread());
        return req.sendForResponse().thenAccept(Response::close);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (client.isOpen()) {
            try {
                client.onMain(template.destroyRequest(), p -> p.initContext(), r -> null).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LoggerFactory.getLogger(IpcBlockTemplate.class).warn("BlockTemplate.destroy failed: {}", e.toString());
            }
        }
        cap.close();
    }
}
