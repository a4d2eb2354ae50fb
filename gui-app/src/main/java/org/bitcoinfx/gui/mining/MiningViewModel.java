package org.bitcoinfx.gui.mining;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import org.bitcoinfx.gui.util.Fx;
import org.bitcoinfx.gui.util.Units;
import org.bitcoinfx.ipc.BlockCheckResult;
import org.bitcoinfx.ipc.NodeClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Mining page's state and actions. Holds the current {@link LiveTemplate}; while live, keeps
 * one {@code BlockTemplate.waitNext} pending and replaces the template when the node returns a
 * new one (fees up by the threshold, or a new tip), logging when and why. Mines on a background
 * thread and checks the template with {@code checkBlock}. Use on the JavaFX Application Thread;
 * IPC and grinding run elsewhere.
 *
 * <p>The template's transactions ({@link #txs()}, thousands in a full block) change by diffs: each new template is
 * decoded and compared with the one shown ({@link TemplateTxDiff}) on a background thread, and the FX thread only
 * removes the transactions that left and adds those that came. {@link #shownTxs()} is that list through the
 * user's {@link TxFilter} ({@link #txFilterProperty()}); a filter that does not parse keeps the last good one and
 * says why ({@link #txFilterErrorProperty()}).
 */
public final class MiningViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(MiningViewModel.class);
    /** Changes kept in the log. */
    public static final int MAX_CHANGES = 200;
    /** How long one waitNext waits before it is simply asked again, seconds. */
    static final long WAIT_SECONDS = 30;

    private final ObjectProperty<TemplateSnapshot> snapshot = new SimpleObjectProperty<>(this, "snapshot");
    private final ObservableList<TemplateChange> changes = FXCollections.observableArrayList();
    private final LongProperty feeThresholdSat = new SimpleLongProperty(this, "feeThresholdSat", 1000);
    private final BooleanProperty live = new SimpleBooleanProperty(this, "live", true);
    private final StringProperty status = new SimpleStringProperty(this, "status", "Not connected");
    private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy", false);
    private final BooleanProperty mining = new SimpleBooleanProperty(this, "mining", false);
    private final LongProperty hashes = new SimpleLongProperty(this, "hashes", 0);
    private final ObjectProperty<MineResult> lastMine = new SimpleObjectProperty<>(this, "lastMine");
    private final ObjectProperty<BlockCheckResult> lastCheck = new SimpleObjectProperty<>(this, "lastCheck");
    private final StringProperty error = new SimpleStringProperty(this, "error", "");
    private final ObservableList<TemplateTx> txs = FXCollections.observableArrayList();
    private final ObservableList<TemplateTx> txsView = FXCollections.unmodifiableObservableList(txs);
    private final FilteredList<TemplateTx> shownTxs = new FilteredList<>(txsView);
    private final StringProperty txFilter = new SimpleStringProperty(this, "txFilter", "");
    private final StringProperty txFilterError = new SimpleStringProperty(this, "txFilterError", "");
    private final ObjectProperty<TemplateTxDiff> lastDiff = new SimpleObjectProperty<>(this, "lastDiff");
    /** The snapshot whose transactions {@link #txs} holds, or null. */
    private TemplateSnapshot inTable;

    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bitcoinfx-mining");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService retry;
    private MiningService service;
    private LiveTemplate current;
    private CompletableFuture<?> pendingWait = CompletableFuture.completedFuture(null);
    private int generation;
    private boolean active;
    private final AtomicBoolean cancelMining = new AtomicBoolean();
    private final AtomicLong hashCounter = new AtomicLong();
    private final Timeline hashTicker = new Timeline(new KeyFrame(javafx.util.Duration.millis(200), e -> hashes.set(hashCounter.get())));

    /** @param retry a scheduler for retries after errors (daemon threads) */
    public MiningViewModel(ScheduledExecutorService retry) {
        this.retry = retry;
        hashTicker.setCycleCount(Timeline.INDEFINITE);
        txFilter.addListener((o, a, text) -> {
            try {
                TxFilter f = TxFilter.parse(text);
                shownTxs.setPredicate(f == TxFilter.ALL ? null : f.predicate());
                txFilterError.set("");
            } catch (IllegalArgumentException e) {
                txFilterError.set(e.getMessage()); // the last good filter stays
            }
        });
        live.addListener((o, a, on) -> {
            if (active && current != null) {
                if (on) {
                    startWaiting();
                } else {
                    stopWaiting();
                    status.set("Live updates off: refresh to get a new template.");
                }
            }
        });
    }

    /** The current template's contents, or null. */
    public ObjectProperty<TemplateSnapshot> snapshotProperty() {
        return snapshot;
    }

    /** The current template's transactions (not the coinbase), in no set order; changed by diffs. Read-only. */
    public ObservableList<TemplateTx> txs() {
        return txsView;
    }

    /** {@link #txs()} through the filter ({@link #txFilterProperty()}); the Mining page sorts it. */
    public FilteredList<TemplateTx> shownTxs() {
        return shownTxs;
    }

    /** What the user typed to filter the transactions ({@link TxFilter}); empty for all. */
    public StringProperty txFilterProperty() {
        return txFilter;
    }

    /** Why the filter text is not understood, or empty. */
    public StringProperty txFilterErrorProperty() {
        return txFilterError;
    }

    /** The last diff applied to {@link #txs()} (its {@code positions} are the current block positions), or null. */
    public ObjectProperty<TemplateTxDiff> lastDiffProperty() {
        return lastDiff;
    }

    /** @return the position of {@code txid} in the current template's block (1 = first after the coinbase), or 0 */
    public int positionOf(String txid) {
        TemplateTxDiff d = lastDiff.get();
        return d == null ? 0 : d.positionOf(txid);
    }

    /** When and why the template changed, newest first. */
    public ObservableList<TemplateChange> changes() {
        return changes;
    }

    /** The fee rise (sat) that makes waitNext return a new template; at least 1. */
    public LongProperty feeThresholdSatProperty() {
        return feeThresholdSat;
    }

    /** Keep a waitNext pending and follow new templates. */
    public BooleanProperty liveProperty() {
        return live;
    }

    /** A line about what the page is doing. */
    public StringProperty statusProperty() {
        return status;
    }

    /** True while a template is being fetched or a block checked. */
    public BooleanProperty busyProperty() {
        return busy;
    }

    /** True while grinding. */
    public BooleanProperty miningProperty() {
        return mining;
    }

    /** Hashes tried by the current or last grind. */
    public LongProperty hashesProperty() {
        return hashes;
    }

    /** The last mining outcome, or null. */
    public ObjectProperty<MineResult> lastMineProperty() {
        return lastMine;
    }

    /** The last checkBlock outcome, or null. */
    public ObjectProperty<BlockCheckResult> lastCheckProperty() {
        return lastCheck;
    }

    /** The last error, or empty. */
    public StringProperty errorProperty() {
        return error;
    }

    /** @return the service of the connected node, or null */
    public MiningService service() {
        return service;
    }

    /** @return the current live template, or null */
    public LiveTemplate current() {
        return current;
    }

    /** A new connection (or null when it ends): forgets the old template. */
    public void setClient(NodeClient client) {
        generation++;
        cancelMining.set(true);
        retire(current, pendingWait);
        current = null;
        pendingWait = CompletableFuture.completedFuture(null);
        showTxs(null);
        snapshot.set(null);
        service = client == null ? null : new MiningService(client);
        status.set(client == null ? "Not connected" : "Connected");
        if (client != null && active) {
            refresh();
        }
    }

    /** The page is shown (true) or hidden: templates are fetched and followed only while shown. */
    public void setActive(boolean on) {
        if (on == active) {
            return;
        }
        active = on;
        if (on) {
            if (service != null) {
                refresh();
            }
        } else {
            generation++;
            stopWaiting();
        }
    }

    /** Sets the fee threshold (sat, at least 1) and, while live, waits again with it. */
    public void setFeeThreshold(long sat) {
        if (sat < 1) {
            throw new IllegalArgumentException("The fee threshold is a whole number of sat, at least 1.");
        }
        feeThresholdSat.set(sat);
        if (active && live.get() && current != null) {
            stopWaiting();
            startWaiting();
        }
    }

    /** Fetches a fresh template with {@code createNewBlock} and replaces the current one. */
    public void refresh() {
        if (service == null) {
            return;
        }
        stopWaiting();
        int gen = ++generation;
        busy.set(true);
        status.set("Mining.createNewBlock…");
        TemplateSnapshot base = inTable;
        Fx.deliver(service.create().thenApplyAsync(t -> new Arrival(t, TemplateTxDiff.between(base, t.snapshot())), background), a -> {
            LiveTemplate t = a.template();
            busy.set(false);
            if (gen != generation) {
                retire(t, CompletableFuture.completedFuture(null));
                return;
            }
            replace(a, "createNewBlock", current == null ? "First template" : describe(current.snapshot(), t.snapshot(), "No change"));
            if (live.get()) {
                startWaiting();
            } else {
                status.set("Live updates off: refresh to get a new template.");
            }
        }, e -> {
            busy.set(false);
            fail("createNewBlock failed", e);
        });
    }

    private void startWaiting() {
        if (service == null || current == null || !active) {
            return;
        }
        int gen = ++generation;
        LiveTemplate on = current;
        long threshold = Math.max(1, feeThresholdSat.get());
        status.set("Waiting for fees to rise by " + Units.sat(threshold) + " or a new tip (BlockTemplate.waitNext)…");
        TemplateSnapshot base = inTable;
        CompletableFuture<java.util.Optional<Arrival>> f = service.waitNext(on, threshold, Duration.ofSeconds(WAIT_SECONDS))
                .thenApplyAsync(n -> n.map(t -> new Arrival(t, TemplateTxDiff.between(base, t.snapshot()))), background);
        pendingWait = f;
        Fx.deliver(f, next -> {
            if (gen != generation || on != current) {
                next.ifPresent(a -> retire(a.template(), CompletableFuture.completedFuture(null)));
                return;
            }
            if (next.isPresent()) {
                replace(next.get(), "waitNext", describe(on.snapshot(), next.get().template().snapshot(), "Test-chain refresh (old tip)"));
            }
            startWaiting();
        }, e -> {
            if (gen != generation) {
                return;
            }
            fail("waitNext failed", e);
            if (service != null && service.client().isOpen()) {
                retry.schedule(() -> Fx.run(() -> {
                    if (gen == generation) {
                        startWaiting();
                    }
                }), 2, TimeUnit.SECONDS);
            }
        });
    }

    private void stopWaiting() {
        generation++;
        LiveTemplate c = current;
        if (c != null && !pendingWait.isDone()) {
            c.template().interruptWait().exceptionally(e -> {
                LOG.info("interruptWait: {}", Fx.message(e));
                return null;
            });
        }
    }

    /** Why {@code next} replaced {@code prev}, in a few words. */
    static String describe(TemplateSnapshot prev, TemplateSnapshot next, String otherwise) {
        if (!Arrays.equals(prev.header().prevBlock(), next.header().prevBlock())) {
            return "New tip " + Units.number(next.height() - 1);
        }
        long rise = next.totalFeesSat() - prev.totalFeesSat();
        if (rise > 0) {
            return "Fees +" + Units.sat(rise);
        }
        if (rise < 0) {
            return "Fees −" + Units.sat(-rise);
        }
        return otherwise;
    }

    /** A template and its diff from the one shown, both made off the FX thread. */
    private record Arrival(LiveTemplate template, TemplateTxDiff diff) {
    }

    /**
     * Makes {@link #txs()} hold {@code diff.next()}'s transactions: the diff alone when it starts from what the list
     * holds and removes at most half of it (one removal and one addition event), else the whole list at once (a new
     * tip); null empties it.
     */
    private void showTxs(TemplateTxDiff diff) {
        if (diff == null) {
            txs.clear();
            inTable = null;
            lastDiff.set(null);
            return;
        }
        // a diff from what the list holds, unless it takes most of it (a new tip): then one refill is cheaper for the
        // sorted view than thousands of single removals
        if (diff.base() != null && diff.base() == inTable && diff.removed().size() * 2 <= txs.size()) {
            if (!diff.removed().isEmpty()) {
                java.util.Set<TemplateTx> gone = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
                for (TemplateTx t : txs) {
                    if (diff.removed().contains(t.txid())) {
                        gone.add(t);
                    }
                }
                txs.removeAll(gone);
            }
            if (!diff.added().isEmpty()) {
                txs.addAll(diff.added());
            }
        } else {
            txs.setAll(diff.next().txs());
        }
        inTable = diff.next();
        lastDiff.set(diff);
    }

    private void replace(Arrival a, String source, String reason) {
        LiveTemplate t = a.template();
        LiveTemplate old = current;
        current = t;
        showTxs(a.diff());
        snapshot.set(t.snapshot());
        error.set("");
        TemplateSnapshot s = t.snapshot();
        TemplateChange last = changes.isEmpty() ? null : changes.get(0);
        if (last != null && last.source().equals(source) && last.reason().equals(reason) && last.height() == s.height()
                && last.feesSat() == s.totalFeesSat()) {
            changes.set(0, new TemplateChange(Instant.now(), source, reason, s.height(), s.txs().size(), s.totalFeesSat(), last.repeats() + 1));
        } else {
            changes.add(0, new TemplateChange(Instant.now(), source, reason, s.height(), s.txs().size(), s.totalFeesSat(), 1));
            if (changes.size() > MAX_CHANGES) {
                changes.remove(MAX_CHANGES, changes.size());
            }
        }
        retire(old, CompletableFuture.completedFuture(null));
    }

    /** Destroys a template off the JavaFX thread once its pending wait (if any) is over. */
    private void retire(LiveTemplate t, CompletableFuture<?> pending) {
        if (t == null) {
            return;
        }
        pending.handle((v, e) -> null).thenRunAsync(() -> t.template().close(), background);
    }

    /**
     * Checks the current template with our coinbase ({@code Mining.checkBlock}, merkle root
     * checked, proof of work not).
     *
     * @param payoutAddress where the reward would go
     */
    public void check(String payoutAddress) {
        LiveTemplate t = current;
        if (service == null || t == null) {
            error.set("No template yet.");
            return;
        }
        busy.set(true);
        lastCheck.set(null);
        Fx.deliver(service.payoutScript(payoutAddress).thenCompose(script -> service.check(t, script)), r -> {
            busy.set(false);
            lastCheck.set(r);
            error.set("");
        }, e -> {
            busy.set(false);
            fail("checkBlock failed", e);
        });
    }

    /**
     * Mines one block on the current template paying to {@code payoutAddress}: the address is
     * checked with validateaddress first (nothing else happens if it is invalid), then the nonce
     * is ground on a background thread and the block submitted with {@code submitSolution}.
     */
    public void mine(String payoutAddress) {
        LiveTemplate t = current;
        if (service == null || t == null) {
            error.set("No template yet.");
            return;
        }
        if (mining.get()) {
            return;
        }
        cancelMining.set(false);
        hashCounter.set(0);
        hashes.set(0);
        mining.set(true);
        lastMine.set(null);
        hashTicker.play();
        status.set("Grinding the nonce…");
        Fx.deliver(service.payoutScript(payoutAddress)
                .thenCompose(script -> service.mine(t, script, cancelMining::get, hashCounter::set, background)), r -> {
                    mining.set(false);
                    hashTicker.stop();
                    hashes.set(r.hashes());
                    lastMine.set(r);
                    error.set("");
                    if (r.result().valid()) {
                        status.set("Block " + Units.number(r.height()) + " accepted");
                        if (!live.get()) {
                            refresh(); // live: the pending waitNext brings the template on the new tip
                        }
                    } else {
                        status.set("The node rejected the block: " + r.result().reason());
                    }
                }, e -> {
                    mining.set(false);
                    hashTicker.stop();
                    if (e instanceof java.util.concurrent.CancellationException) {
                        status.set("Mining cancelled");
                    } else {
                        fail("mining failed", e);
                    }
                });
    }

    /** Stops a running grind. */
    public void cancelMining() {
        cancelMining.set(true);
    }

    private void fail(String what, Throwable e) {
        Throwable t = Fx.unwrap(e);
        if (t instanceof IllegalArgumentException) {
            error.set(t.getMessage());
        } else {
            LOG.warn("{}: {}", what, Fx.message(t), t);
            error.set(what + ": " + Fx.message(t));
        }
        status.set(what);
    }

    /** Stops waiting, destroys the template and the background threads, and stops the hash counter's timeline. */
    public void close() {
        setClient(null);
        hashTicker.stop();
        background.shutdown();
    }
}
