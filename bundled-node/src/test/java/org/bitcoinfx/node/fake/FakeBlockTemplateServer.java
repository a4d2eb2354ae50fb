package org.bitcoinfx.node.fake;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.bitcoinfx.ipc.primitives.Merkle;
import org.bitcoinfx.ipc.rpc.CallContext;
import org.bitcoinfx.ipc.rpc.Capability;
import org.bitcoinfx.ipc.schema.MiningCapnp;
import org.capnproto.DataList;
import org.capnproto.PrimitiveList;

/**
 * {@code BlockTemplate} as bitcoin-node serves it (BC {@code src/ipc/capnp/mining.capnp},
 * {@code src/node/interfaces.cpp} {@code BlockTemplateImpl}): the header and block serialised as
 * real Bitcoin blocks, fees (sat) and sigop costs of the non-coinbase transactions, the coinbase
 * fields a miner builds its own coinbase from, the coinbase's merkle path; {@code submitSolution}
 * puts the given coinbase, version, time and nonce into the block and submits it (regtest target:
 * about half of all nonces pass), and the block stays changed even when refused, as
 * {@code AddMerkleRootAndCoinbase} leaves it; {@code createNewBlock}'s options are kept for
 * {@code waitNext}'s templates; {@code waitNext} returns a new template when the tip changes or
 * fees rise by {@code feeThreshold} sat, null after the timeout (ms) or {@code interruptWait}.
 */
final class FakeBlockTemplateServer extends MiningCapnp.BlockTemplate.Server {
    /** {@code MAX_MONEY} in sat: a fee threshold this high means "only on a new tip". */
    static final long MAX_MONEY = 21_000_000L * 100_000_000L;

    private final FakeNodeState node;
    private final FakeInitServer.FakeThreadMap map;
    private final FakeChain.Template template;
    private final boolean useMempool;
    private final long reservedWeight;
    private final long coinbaseSigops;
    private final FakeMiningServer.Waits waits;
    /** The template's block; submitSolution puts its coinbase, version, time and nonce in, valid or not ({@code AddMerkleRootAndCoinbase}). */
    private volatile FakeBlock block;
    private volatile boolean destroyed;

    FakeBlockTemplateServer(FakeNodeState node, FakeInitServer.FakeThreadMap map, FakeChain.Template template, boolean useMempool,
                            long reservedWeight, long coinbaseSigops) {
        this.node = node;
        this.map = map;
        this.template = template;
        this.useMempool = useMempool;
        this.reservedWeight = reservedWeight;
        this.coinbaseSigops = coinbaseSigops;
        this.block = template.block();
        this.waits = new FakeMiningServer.Waits(node);
    }

    private static CompletableFuture<Void> done() {
        return CompletableFuture.completedFuture(null);
    }

    private CompletableFuture<Void> serve(CallContext.Typed<?, ?> c, org.bitcoinfx.ipc.schema.ProxyCapnp.Context.Reader ctx,
                                          java.util.function.Supplier<CompletableFuture<Void>> work) {
        return FakeInitServer.onThread(c, ctx, map, () -> {
            if (destroyed) {
                return CompletableFuture.failedFuture(FakeInitServer.stdException("BlockTemplate already destroyed"));
            }
            return work.get();
        });
    }

    @Override
    protected void released() {
        waits.release();
    }

    @Override
    protected CompletableFuture<Void> destroy(CallContext.Typed<MiningCapnp.BlockTemplate.DestroyParams.Reader, MiningCapnp.BlockTemplate.DestroyResults.Builder> c) {
        return serve(c, c.params().getContext(), () -> {
            destroyed = true;
            waits.close();
            return done();
        });
    }

    @Override
    protected CompletableFuture<Void> getBlockHeader(CallContext.Typed<MiningCapnp.BlockTemplate.GetBlockHeaderParams.Reader, MiningCapnp.BlockTemplate.GetBlockHeaderResults.Builder> c) {
        return serve(c, c.params().getContext(), () -> {
            c.results().setResult(block.header());
            return done();
        });
    }

    @Override
    protected CompletableFuture<Void> getBlock(CallContext.Typed<MiningCapnp.BlockTemplate.GetBlockParams.Reader, MiningCapnp.BlockTemplate.GetBlockResults.Builder> c) {
        return serve(c, c.params().getContext(), () -> {
            c.results().setResult(block.serialize());
            return done();
        });
    }

    private static void longs(PrimitiveList.Long.Builder b, List<Long> v) {
        for (int i = 0; i < v.size(); i++) {
            b.set(i, v.get(i));
        }
    }

    @Override
    protected CompletableFuture<Void> getTxFees(CallContext.Typed<MiningCapnp.BlockTemplate.GetTxFeesParams.Reader, MiningCapnp.BlockTemplate.GetTxFeesResults.Builder> c) {
        return serve(c, c.params().getContext(), () -> {
            longs(c.results().initResult(template.txFees().size()), template.txFees());
            return done();
        });
    }

    @Override
    protected CompletableFuture<Void> getTxSigops(CallContext.Typed<MiningCapnp.BlockTemplate.GetTxSigopsParams.Reader, MiningCapnp.BlockTemplate.GetTxSigopsResults.Builder> c) {
        return serve(c, c.params().getContext(), () -> {
            longs(c.results().initResult(template.txSigops().size()), template.txSigops());
            return done();
        });
    }

    @Override
    protected CompletableFuture<Void> getCoinbaseTx(CallContext.Typed<MiningCapnp.BlockTemplate.GetCoinbaseTxParams.Reader, MiningCapnp.BlockTemplate.GetCoinbaseTxResults.Builder> c) {
        return serve(c, c.params().getContext(), () -> {
            MiningCapnp.CoinbaseTx.Builder b = c.results().initResult();
            FakeTx cb = template.block().txs().get(0);
            b.setVersion(cb.version());
            b.setSequence((int) cb.inputs().get(0).sequence());
            b.setScriptSigPrefix(template.scriptSigPrefix());
            b.setWitness(template.witness());
            b.setBlockRewardRemaining(template.reward());
            DataList.Builder outs = b.initRequiredOutputs(template.requiredOutputs().size());
            for (int i = 0; i < template.requiredOutputs().size(); i++) {
                outs.set(i, new org.capnproto.Data.Reader(template.requiredOutputs().get(i)));
            }
            b.setLockTime((int) template.lockTime());
            return done();
        });
    }

    @Override
    protected CompletableFuture<Void> getCoinbaseMerklePath(CallContext.Typed<MiningCapnp.BlockTemplate.GetCoinbaseMerklePathParams.Reader, MiningCapnp.BlockTemplate.GetCoinbaseMerklePathResults.Builder> c) {
        return serve(c, c.params().getContext(), () -> {
            List<byte[]> ids = new ArrayList<>();
            block.txs().forEach(t -> ids.add(t.txid()));
            List<byte[]> path = Merkle.coinbaseMerklePath(ids);
            DataList.Builder out = c.results().initResult(path.size());
            for (int i = 0; i < path.size(); i++) {
                out.set(i, new org.capnproto.Data.Reader(path.get(i)));
            }
            return done();
        });
    }

    /**
     * {@code submitSolutionOld7 @7}: refused on the current schema, as BC does; on a schema from
     * before 2026-06-16 ({@link FakeSchema#servesSubmitSolution10()} false) it is that schema's
     * {@code submitSolution @7}, answering only {@code result}.
     */
    @Override
    protected CompletableFuture<Void> submitSolutionOld7(CallContext.Typed<MiningCapnp.BlockTemplate.SubmitSolutionOld7Params.Reader, MiningCapnp.BlockTemplate.SubmitSolutionOld7Results.Builder> c) {
        MiningCapnp.BlockTemplate.SubmitSolutionOld7Params.Reader p = c.params();
        return serve(c, p.getContext(), () -> {
            if (node.options().schema().servesSubmitSolution10()) {
                // BC interfaces/mining.h: the method runs (on its Thread) and throws
                return CompletableFuture.failedFuture(FakeInitServer.stdException("Old submitSolution (@7) not supported. Please update your client!"));
            }
            FakeChain.BlockResult r = submit(p.getVersion(), p.getTimestamp(), p.getNonce(), p.hasCoinbase() ? p.getCoinbase().toArray() : new byte[0]);
            c.results().setResult(r.valid());
            return done();
        });
    }

    /** {@code submitSolution @10}; UNIMPLEMENTED on a schema from before 2026-06-16. */
    @Override
    protected CompletableFuture<Void> submitSolution(CallContext.Typed<MiningCapnp.BlockTemplate.SubmitSolutionParams.Reader, MiningCapnp.BlockTemplate.SubmitSolutionResults.Builder> c) {
        if (!node.options().schema().servesSubmitSolution10()) {
            return unimplemented(MiningCapnp.BlockTemplate.METHOD_SUBMIT_SOLUTION);
        }
        MiningCapnp.BlockTemplate.SubmitSolutionParams.Reader p = c.params();
        return serve(c, p.getContext(), () -> {
            byte[] coinbase = p.hasCoinbase() ? p.getCoinbase().toArray() : new byte[0];
            FakeChain.BlockResult r = submit(p.getVersion(), p.getTimestamp(), p.getNonce(), coinbase);
            c.results().setResult(r.valid());
            if (coinbase.length > 0) {
                c.results().setReason(r.reason());
                c.results().setDebug(r.debug());
            }
            return done();
        });
    }

    /**
     * Puts {@code coinbase}, version, time and nonce into the template's block and submits it. An
     * empty coinbase counts as null: not valid, no reason (BC submitSolution).
     *
     * @throws org.bitcoinfx.ipc.RemoteException FAILED "SpanReader::read(): end of data…" for a coinbase that does not parse
     */
    private FakeChain.BlockResult submit(int version, int timestamp, int nonce, byte[] coinbase) {
        if (coinbase.length == 0) {
            return new FakeChain.BlockResult(false, "", "");
        }
        FakeTx cb;
        try {
            cb = FakeTx.parse(coinbase);
        } catch (IllegalArgumentException e) {
            throw FakeInitServer.stdException("SpanReader::read(): end of data: " + e.getMessage());
        }
        FakeBlock t = block;
        List<FakeTx> txs = new ArrayList<>(t.txs());
        txs.set(0, cb);
        FakeBlock b = new FakeBlock(version, t.prevHash(), new byte[32], Integer.toUnsignedLong(timestamp), t.bits(),
                Integer.toUnsignedLong(nonce), txs);
        b = new FakeBlock(b.version(), b.prevHash(), b.computeMerkleRoot(), b.time(), b.bits(), b.nonce(), txs);
        block = b;
        FakeChain.BlockResult r = node.chain().submit(b);
        if (r.valid()) {
            node.log().info("UpdateTip: new best=" + b.hashHex() + " height=" + template.height() + " (submitSolution)");
        }
        return r;
    }

    @Override
    protected CompletableFuture<Void> waitNext(CallContext.Typed<MiningCapnp.BlockTemplate.WaitNextParams.Reader, MiningCapnp.BlockTemplate.WaitNextResults.Builder> c) {
        return serve(c, c.params().getContext(), () -> {
            MiningCapnp.BlockWaitOptions.Reader o = c.params().getOptions();
            double timeout = o.getTimeout();
            long threshold = o.getFeeThreshold();
            long current = template.totalFee();
            byte[] prev = template.block().prevHash();
            return waits.until(tip -> !Arrays.equals(tip.hash(), prev)
                            || threshold < MAX_MONEY && node.chain().createTemplate(useMempool, reservedWeight, coinbaseSigops).totalFee() >= current + threshold,
                    timeout, Optional::empty).thenAccept(r -> {
                        if (r.isPresent()) {
                            FakeChain.Template next = node.chain().createTemplate(useMempool, reservedWeight, coinbaseSigops);
                            c.results().setResultCapIndex(c.addResultCap(Capability.local(
                                    new FakeBlockTemplateServer(node, map, next, useMempool, reservedWeight, coinbaseSigops))));
                        }
                    });
        });
    }

    @Override
    protected CompletableFuture<Void> interruptWait(CallContext.Typed<MiningCapnp.BlockTemplate.InterruptWaitParams.Reader, MiningCapnp.BlockTemplate.InterruptWaitResults.Builder> c) {
        waits.interrupt();
        return done();
    }
}
