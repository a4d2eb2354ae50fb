package org.bitcoinfx.gui.node;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.bitcoinfx.gui.util.Fx;
import org.bitcoinfx.ipc.BlockRef;
import org.bitcoinfx.ipc.NodeClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the node's tip by push: {@code Mining.getTip} once, then a loop of
 * {@code Mining.waitTipChanged} (each new tip returns the call). No polling. The tip property is
 * updated on the JavaFX Application Thread.
 */
public final class TipWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(TipWatcher.class);
    /** How long one waitTipChanged waits before it is sent again. */
    static final Duration WAIT = Duration.ofSeconds(20);
    /**
     * The shortest time between two waitTipChanged questions, so during a sync the shown tip moves about ten
     * times a second. Only back-to-back tips (a sync) are paced: a tip that comes while the question waits
     * returns it at once, so a synced node's new block is learnt as soon as it is connected. During a sync each
     * answer is a frame of every page that follows the tip (Blocks' live row, drawn within 20 ms of the answer),
     * and on a 2-core machine the CPU of those frames is CPU the syncing node does not get: the sync bench
     * (gui-app/README.md), Blocks shown, measured the sync 1.06–1.08× as long as a bare node's with 20 or 50 ms
     * and 1.03× with 100 ms; without a pace the node answered one question per block (800–3,600 a sync).
     */
    static final Duration PACE = Duration.ofMillis(100);

    private final ReadOnlyObjectWrapper<BlockRef> tip = new ReadOnlyObjectWrapper<>(this, "tip");
    private final SettledTip settled;
    private final ScheduledExecutorService scheduler;
    private final Executor loopExecutor;
    private volatile int generation;
    private volatile java.util.function.Consumer<Throwable> onFatal = e -> { };

    /** @param scheduler for retries after errors; its threads also run the loop's continuations */
    public TipWatcher(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
        this.loopExecutor = scheduler;
        this.settled = new SettledTip(System::nanoTime,
                (r, ms) -> scheduler.schedule(() -> Fx.run(r), ms, TimeUnit.MILLISECONDS));
    }

    /** @return the latest tip (null before the first one); changes on the JavaFX Application Thread */
    public ReadOnlyObjectProperty<BlockRef> tipProperty() {
        return tip.getReadOnlyProperty();
    }

    /**
     * The tip for work a new block calls for but a sync does not need at every block (the refreshes of Status,
     * Wallet, Mempool and the payment watcher, each several calls that take the node's {@code cs_main}): see
     * {@link SettledTip}. A synced node's new block moves it at once.
     *
     * @return the settled tip (null before the first one); changes on the JavaFX Application Thread
     */
    public ReadOnlyObjectProperty<BlockRef> settledTipProperty() {
        return settled.property();
    }

    /**
     * Sets what to do when following the tip cannot go on (e.g. {@link org.bitcoinfx.ipc.OldNodeException});
     * called on any thread.
     */
    public void setOnFatal(java.util.function.Consumer<Throwable> handler) {
        onFatal = handler;
    }

    /** Starts following {@code client}'s tip, stopping any earlier loop. */
    public void start(NodeClient client) {
        int gen = ++generation;
        client.mining().getTip().whenCompleteAsync((t, e) -> {
            if (e != null) {
                retry(client, gen, null, e);
                return;
            }
            t.ifPresent(ref -> publish(ref, gen));
            loop(client, gen, t.map(BlockRef::hash).orElse(new byte[32]));
        }, loopExecutor);
    }

    /**
     * Stops following and forgets the tip; a pending waitTipChanged is left to time out or fail
     * with the connection.
     */
    public void stop() {
        generation++;
        Fx.run(() -> {
            tip.set(null);
            settled.clear();
        });
    }

    private void loop(NodeClient client, int gen, byte[] known) {
        if (gen != generation || !client.isOpen()) {
            return;
        }
        long sentAt = System.nanoTime();
        client.mining().waitTipChanged(known, WAIT).whenComplete((r, e) -> {
            // publish straight from the IPC thread (one thread hop less to the screen); the loop goes on below
            if (e == null && gen == generation && r.isPresent() && !java.util.Arrays.equals(r.get().hash(), known)) {
                publish(r.get(), gen);
            }
        }).whenCompleteAsync((r, e) -> {
            if (gen != generation) {
                return;
            }
            if (e != null) {
                retry(client, gen, known, e);
                return;
            }
            Optional<BlockRef> got = r;
            if (got.isEmpty()) {
                LOG.info("waitTipChanged was interrupted; tip watcher stops");
                return;
            }
            // during a sync a tip comes every few ms: ask again no sooner than PACE after the last question, so
            // that the node answers a few dozen a second rather than one per block (each answer costs it a wake-up
            // and a reply while it validates); a tip that came meanwhile is answered at once
            long wait = PACE.toNanos() - (System.nanoTime() - sentAt);
            if (wait > 0) {
                scheduler.schedule(() -> loop(client, gen, got.get().hash()), wait, TimeUnit.NANOSECONDS);
            } else {
                loop(client, gen, got.get().hash());
            }
        }, loopExecutor);
    }

    private void retry(NodeClient client, int gen, byte[] known, Throwable e) {
        if (!client.isOpen()) {
            LOG.info("tip watcher stops: connection closed ({})", Fx.message(e));
            return;
        }
        Throwable cause = Fx.unwrap(e);
        if (cause instanceof org.bitcoinfx.ipc.OldNodeException
                || (cause instanceof org.bitcoinfx.ipc.IpcException ie && ie.type() == org.bitcoinfx.ipc.IpcException.Type.UNIMPLEMENTED)) {
            LOG.error("tip watcher stops: {}", Fx.message(cause), cause);
            onFatal.accept(cause);
            return;
        }
        LOG.warn("tip watcher: {}; retrying in 2 s", Fx.message(e), Fx.unwrap(e));
        scheduler.schedule(() -> {
            if (known == null) {
                if (gen == generation) {
                    generation--; // start() increments again to the same generation
                    start(client);
                }
            } else {
                loop(client, gen, known);
            }
        }, 2, TimeUnit.SECONDS);
    }

    /** Shows {@code t}, unless the loop of generation {@code gen} was stopped (or restarted) before it reached the JavaFX thread. */
    private void publish(BlockRef t, int gen) {
        Fx.run(() -> {
            if (gen != generation) {
                return; // stop() has forgotten the tip since: the old connection's must not come back
            }
            tip.set(t);
            settled.onTip(t);
        });
    }
}
