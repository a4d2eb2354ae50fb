package org.bitcoinfx.node.fake;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.rpc.CallContext;
import org.bitcoinfx.ipc.rpc.Capability;
import org.bitcoinfx.ipc.schema.CommonCapnp;
import org.bitcoinfx.ipc.schema.MiningCapnp;
import org.capnproto.DataList;

/**
 * {@code Mining} as bitcoin-node serves it (BC {@code src/ipc/capnp/mining.capnp},
 * {@code src/node/interfaces.cpp} {@code MinerImpl}, {@code src/node/miner.cpp}), one per
 * {@code makeMining} call. {@code waitTipChanged} returns the new tip when one is connected, the
 * current tip after the timeout (ms), or null after {@code interrupt()}; the interrupt flag stays
 * set until a wait consumes it. {@code createNewBlock} consumes it too, and with {@code cooldown}
 * waits while the chain is in IBD, then while headers without blocks extend the tip
 * ({@code CooldownIfHeadersAhead}: 3 to 20 s per missing block, renewed each time the tip
 * advances); options {@code CheckMiningOptions} refuses fail as a {@code std::exception}. Methods the node's {@link FakeSchema} lacks ({@code -fakeschema})
 * answer UNIMPLEMENTED, as a node built from that schema does.
 */
final class FakeMiningServer extends MiningCapnp.Mining.Server {
    private final FakeNodeState node;
    private final FakeInitServer.FakeThreadMap map;
    private final Waits waits;

    FakeMiningServer(FakeNodeState node, FakeInitServer.FakeThreadMap map) {
        this.node = node;
        this.map = map;
        this.waits = new Waits(node);
    }

    private FakeChain chain() {
        return node.chain();
    }

    private static CompletableFuture<Void> done() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    protected void released() {
        waits.close();
    }

    @Override
    protected CompletableFuture<Void> isTestChain(CallContext.Typed<MiningCapnp.Mining.IsTestChainParams.Reader, MiningCapnp.Mining.IsTestChainResults.Builder> c) {
        return FakeInitServer.onThread(c, c.params().getContext(), map, () -> {
            c.results().setResult(!node.chainName().equals("main"));
            return done();
        });
    }

    @Override
    protected CompletableFuture<Void> isInitialBlockDownload(CallContext.Typed<MiningCapnp.Mining.IsInitialBlockDownloadParams.Reader, MiningCapnp.Mining.IsInitialBlockDownloadResults.Builder> c) {
        return FakeInitServer.onThread(c, c.params().getContext(), map, () -> {
            c.results().setResult(chain().isInitialBlockDownload());
            return done();
        });
    }

    static void setRef(CommonCapnp.BlockRef.Builder b, FakeChain.Entry e) {
        b.setHash(e.hash());
        b.setHeight(e.height());
    }

    @Override
    protected CompletableFuture<Void> getTip(CallContext.Typed<MiningCapnp.Mining.GetTipParams.Reader, MiningCapnp.Mining.GetTipResults.Builder> c) {
        return FakeInitServer.onThread(c, c.params().getContext(), map, () -> {
            setRef(c.results().initResult(), chain().tip());
            c.results().setHasResult(true);
            return done();
        });
    }

    @Override
    protected CompletableFuture<Void> waitTipChanged(CallContext.Typed<MiningCapnp.Mining.WaitTipChangedParams.Reader, MiningCapnp.Mining.WaitTipChangedResults.Builder> c) {
        return FakeInitServer.onThread(c, c.params().getContext(), map, () -> {
            byte[] known = c.params().getCurrentTip().toArray();
            double timeout = c.params().getTimeout();
            return waits.tipChanged(known, timeout).thenAccept(r -> r.ifPresent(e -> setRef(c.results().initResult(), e)));
        });
    }

    @Override
    protected CompletableFuture<Void> createNewBlock(CallContext.Typed<MiningCapnp.Mining.CreateNewBlockParams.Reader, MiningCapnp.Mining.CreateNewBlockResults.Builder> c) {
        return FakeInitServer.onThread(c, c.params().getContext(), map, () -> {
            MiningCapnp.BlockCreateOptions.Reader o = c.params().getOptions();
            boolean useMempool = o.getUseMempool();
            long reserved = o.getBlockReservedWeight();
            long sigops = o.getCoinbaseOutputMaxAdditionalSigops();
            boolean cooldown = c.params().getCooldown();
            return waits.tipChanged(new byte[32], Double.MAX_VALUE).thenCompose(tip -> {
                if (tip.isEmpty() || !cooldown) {
                    return CompletableFuture.completedFuture(tip);
                }
                return waits.untilSynced(tip.get()).thenCompose(synced -> synced.isEmpty()
                        ? CompletableFuture.completedFuture(synced)
                        : waits.cooldownIfHeadersAhead(synced.get()).thenApply(ok -> ok ? synced : Optional.<FakeChain.Entry>empty()));
            }).thenCompose(tip -> {
                if (tip.isPresent()) {
                    FakeChain.Template t;
                    try {
                        t = chain().createTemplate(useMempool, reserved, sigops);
                    } catch (IllegalArgumentException e) {
                        return CompletableFuture.failedFuture(FakeInitServer.stdException(e.getMessage()));
                    }
                    c.results().setResultCapIndex(c.addResultCap(Capability.local(
                            new FakeBlockTemplateServer(node, map, t, useMempool, reserved, sigops))));
                }
                return done();
            });
        });
    }

    private static FakeBlock parseBlock(byte[] data) {
        try {
            return FakeBlock.parse(data);
        } catch (IllegalArgumentException e) {
            throw FakeInitServer.stdException("SpanReader::read(): end of data: " + e.getMessage());
        }
    }

    @Override
    protected CompletableFuture<Void> checkBlock(CallContext.Typed<MiningCapnp.Mining.CheckBlockParams.Reader, MiningCapnp.Mining.CheckBlockResults.Builder> c) {
        return FakeInitServer.onThread(c, c.params().getContext(), map, () -> {
            FakeBlock b = parseBlock(c.params().getBlock().toArray());
            MiningCapnp.BlockCheckOptions.Reader o = c.params().getOptions();
            FakeChain.BlockResult r = chain().check(b, o.getCheckMerkleRoot(), o.getCheckPow());
            c.results().setResult(r.valid());
            c.results().setReason(r.reason());
            c.results().setDebug(r.debug());
            return done();
        });
    }

    @Override
    protected CompletableFuture<Void> interrupt(CallContext.Typed<MiningCapnp.Mining.InterruptParams.Reader, MiningCapnp.Mining.InterruptResults.Builder> c) {
        waits.interrupt();
        return done();
    }

    @Override
    protected CompletableFuture<Void> submitBlock(CallContext.Typed<MiningCapnp.Mining.SubmitBlockParams.Reader, MiningCapnp.Mining.SubmitBlockResults.Builder> c) {
        if (!node.options().schema().servesSubmitBlock7()) {
            return unimplemented(MiningCapnp.Mining.METHOD_SUBMIT_BLOCK);
        }
        return FakeInitServer.onThread(c, c.params().getContext(), map, () -> {
            FakeBlock b = parseBlock(c.params().getBlock().toArray());
            FakeChain.BlockResult r = chain().submit(b);
            if (r.valid()) {
                node.log().info("UpdateTip: new best=" + b.hashHex() + " height=" + chain().height() + " (submitBlock)");
            }
            c.results().setResult(r.valid());
            c.results().setReason(r.reason());
            c.results().setDebug(r.debug());
            return done();
        });
    }

    private void lookup(DataList.Reader ids, DataList.Builder out, boolean witness) {
        for (int i = 0; i < ids.size(); i++) {
            byte[] id = ids.get(i).toArray();
            Optional<FakeTx> t = id.length == 32 ? chain().mempoolTx(id, witness) : Optional.empty();
            out.set(i, new org.capnproto.Data.Reader(t.map(FakeTx::serialize).orElse(new byte[0])));
        }
    }

    @Override
    protected CompletableFuture<Void> getTransactionsByTxID(CallContext.Typed<MiningCapnp.Mining.GetTransactionsByTxIDParams.Reader, MiningCapnp.Mining.GetTransactionsByTxIDResults.Builder> c) {
        if (!node.options().schema().servesGetTransactions8()) {
            return unimplemented(MiningCapnp.Mining.METHOD_GET_TRANSACTIONS_BY_TX_ID);
        }
        return FakeInitServer.onThread(c, c.params().getContext(), map, () -> {
            DataList.Reader ids = c.params().getTxids();
            lookup(ids, c.results().initResult(ids.size()), false);
            return done();
        });
    }

    @Override
    protected CompletableFuture<Void> getTransactionsByWitnessID(CallContext.Typed<MiningCapnp.Mining.GetTransactionsByWitnessIDParams.Reader, MiningCapnp.Mining.GetTransactionsByWitnessIDResults.Builder> c) {
        if (!node.options().schema().servesGetTransactions8()) {
            return unimplemented(MiningCapnp.Mining.METHOD_GET_TRANSACTIONS_BY_WITNESS_ID);
        }
        return FakeInitServer.onThread(c, c.params().getContext(), map, () -> {
            DataList.Reader ids = c.params().getWtxids();
            lookup(ids, c.results().initResult(ids.size()), true);
            return done();
        });
    }

    /**
     * The waits of one Mining (or BlockTemplate) object and its interrupt flag, as
     * {@code WaitTipChanged}/{@code InterruptWait} in BC {@code src/node/miner.cpp} keep them: an
     * interrupt wakes one pending wait with null, or, with none pending, makes the next wait return
     * null at once.
     */
    static final class Waits implements FakeChain.Listener {
        private final FakeNodeState node;
        private final List<Waiter> waiters = new ArrayList<>();
        private boolean interrupted;
        /** Set by {@link #release()}: the client's reference went; pending and late waits still run to their end. */
        private boolean released;
        private boolean listening = true;

        private final class Waiter {
            final java.util.function.Predicate<FakeChain.Entry> done;
            final CompletableFuture<Optional<FakeChain.Entry>> future = new CompletableFuture<>();
            ScheduledFuture<?> timer;

            Waiter(java.util.function.Predicate<FakeChain.Entry> done) {
                this.done = done;
            }
        }

        Waits(FakeNodeState node) {
            this.node = node;
            node.chain().addListener(this);
        }

        void close() {
            synchronized (this) {
                listening = false;
            }
            node.chain().removeListener(this);
            List<Waiter> left;
            synchronized (this) {
                left = new ArrayList<>(waiters);
                waiters.clear();
                node.countWaits(-left.size());
            }
            left.forEach(w -> w.future.complete(Optional.empty()));
        }

        /**
         * The object's last reference went: waits already pending run on to their end (the node keeps
         * a server object until the calls on it return, MP {@code ProxyServer}), then the waits close.
         */
        void release() {
            synchronized (this) {
                released = true;
            }
            stopListeningIfIdle();
        }

        /** After {@link #release()}: stops listening for blocks once no wait is pending (a wait that comes later listens again). */
        private void stopListeningIfIdle() {
            synchronized (this) {
                if (!released || !waiters.isEmpty() || !listening) {
                    return;
                }
                listening = false;
            }
            node.chain().removeListener(this);
        }

        /** Listens for blocks again if {@link #stopListeningIfIdle} stopped it: a call that was executing may wait after the release. */
        private void listen() {
            synchronized (this) {
                if (listening) {
                    return;
                }
                listening = true;
            }
            node.chain().addListener(this);
        }

        /** Sets the interrupt flag, or wakes the oldest pending wait with null. */
        void interrupt() {
            Waiter w;
            synchronized (this) {
                if (waiters.isEmpty()) {
                    interrupted = true;
                    return;
                }
                w = waiters.remove(0);
                node.countWaits(-1);
            }
            cancelTimer(w);
            w.future.complete(Optional.empty());
            stopListeningIfIdle();
        }

        private static void cancelTimer(Waiter w) {
            if (w.timer != null) {
                w.timer.cancel(false);
            }
        }

        /** @return true (and clears the flag) if an interrupt is pending */
        synchronized boolean consumeInterrupt() {
            boolean was = interrupted;
            interrupted = false;
            return was;
        }

        /**
         * Waits until {@code done} holds for the tip (checked at once, then on every new block),
         * for at most {@code timeoutMs}.
         *
         * @param onTimeout what to complete with after the timeout
         * @return the tip that satisfied it; {@code onTimeout} after the timeout; empty on interrupt
         */
        CompletableFuture<Optional<FakeChain.Entry>> until(java.util.function.Predicate<FakeChain.Entry> done, double timeoutMs,
                                                          java.util.function.Supplier<Optional<FakeChain.Entry>> onTimeout) {
            Waiter w = new Waiter(done);
            synchronized (this) {
                if (interrupted) {
                    interrupted = false;
                    return CompletableFuture.completedFuture(Optional.empty());
                }
                FakeChain.Entry tip = node.chain().tip();
                if (done.test(tip)) {
                    return CompletableFuture.completedFuture(Optional.of(tip));
                }
                if (!(timeoutMs > 0)) {
                    return CompletableFuture.completedFuture(onTimeout.get());
                }
                waiters.add(w);
                node.countWaits(1);
                if (timeoutMs < TimeUnit.DAYS.toMillis(365L * 100)) {
                    w.timer = node.scheduler().schedule(() -> {
                        synchronized (this) {
                            if (!waiters.remove(w)) {
                                return;
                            }
                            node.countWaits(-1);
                        }
                        w.future.complete(onTimeout.get());
                        stopListeningIfIdle();
                    }, (long) Math.ceil(timeoutMs * 1000), TimeUnit.MICROSECONDS);
                }
            }
            listen();
            // a block connected between the check above and listen() would be missed: check the tip again
            wake(node.chain().tip());
            return w.future;
        }

        /** {@code waitTipChanged}: the tip once it differs from {@code known}; the current tip after the timeout. */
        CompletableFuture<Optional<FakeChain.Entry>> tipChanged(byte[] known, double timeoutMs) {
            return until(t -> !Arrays.equals(t.hash(), known), timeoutMs, () -> Optional.of(node.chain().tip()));
        }

        /**
         * {@code CooldownIfHeadersAhead}: while headers without blocks extend the tip, waits up to
         * 3 to 20 s (one per missing block) for the tip to move on from {@code lastTip}, again after
         * each move; gives up waiting when a window passes without a new block.
         *
         * @return false if interrupted
         */
        CompletableFuture<Boolean> cooldownIfHeadersAhead(FakeChain.Entry lastTip) {
            Optional<Integer> ahead = node.chain().blocksAheadOfTip();
            if (ahead.isEmpty()) {
                return CompletableFuture.completedFuture(true);
            }
            long seconds = Math.max(3, Math.min(20, ahead.get()));
            byte[] last = lastTip.hash();
            return until(t -> !Arrays.equals(t.hash(), last), seconds * 1000.0, () -> Optional.of(node.chain().tip())).thenCompose(r -> {
                if (r.isEmpty()) {
                    return CompletableFuture.completedFuture(false);
                }
                return Arrays.equals(r.get().hash(), last) ? CompletableFuture.completedFuture(true) : cooldownIfHeadersAhead(r.get());
            });
        }

        /** While in IBD, waits for blocks (createNewBlock with cooldown); empty on interrupt. */
        CompletableFuture<Optional<FakeChain.Entry>> untilSynced(FakeChain.Entry tip) {
            return until(t -> !node.chain().isInitialBlockDownload(), Double.MAX_VALUE, Optional::empty);
        }

        @Override
        public void blockConnected(FakeChain.Entry tip) {
            wake(tip);
        }

        @Override
        public void mempoolChanged() {
            wake(node.chain().tip());
        }

        private void wake(FakeChain.Entry tip) {
            List<Waiter> ready = new ArrayList<>();
            synchronized (this) {
                for (Waiter w : List.copyOf(waiters)) {
                    if (w.done.test(tip)) {
                        waiters.remove(w);
                        node.countWaits(-1);
                        ready.add(w);
                    }
                }
            }
            for (Waiter w : ready) {
                cancelTimer(w);
                w.future.complete(Optional.of(tip));
            }
            if (!ready.isEmpty()) {
                stopListeningIfIdle();
            }
        }
    }
}
