package org.bitcoinfx.gui;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectProperty;
import org.bitcoinfx.gui.status.StatusViewModel;
import org.bitcoinfx.gui.status.SyncState;
import org.bitcoinfx.ipc.BlockRef;

/**
 * Watches the Status view-model during a sync, on the JavaFX thread, as its properties change: the
 * states in order (with their details and times), every value of the blocks and the verification
 * progress shown (to find one that went backwards) and the lowest block count shown, when the sync was
 * synced (counted from {@link #started()}); and pauses the network
 * once the node's tip (pushed by {@code Mining.waitTipChanged}, block by block, sooner than Status's
 * refresh) reaches a height. Use on the JavaFX Application Thread only, except the futures.
 */
final class SyncRecorder {
    /** What was seen, for the test's assertions and its printout. */
    record Report(long syncedMillis, long pausedMillis, List<String> states, List<SyncState> stateNames,
                  List<String> blocksBackwards, List<String> progressBackwards, int blockValues, int lowestBlocks) {
    }

    private final StatusViewModel vm;
    private final int pauseAt;
    /** Completes with the tip's height when the pause was asked for. */
    final CompletableFuture<Integer> pauseRequested = new CompletableFuture<>();
    private final List<String> states = new ArrayList<>();
    private final List<SyncState> stateNames = new ArrayList<>();
    private final List<String> blocksBackwards = new ArrayList<>();
    private final List<String> progressBackwards = new ArrayList<>();
    private final long created = System.nanoTime();
    private long startedAt;
    private long syncedAt;
    private long pausedAt;
    private long resumedAt;
    private int lastBlocks = -1;
    private double lastProgress = -1;
    private int blockValues;
    /** The lowest block count shown (known values only, not the -1 before the first answer); -1 before one. */
    private int lowestBlocks = -1;
    private Runnable midSync;
    /** The current state's entry: when it began, its first detail, its latest. */
    private String stateLine = "";
    private String stateDetail = "";
    private String lastDetail = "";

    /**
     * @param vm      the Status view-model
     * @param pauseAt the tip height at which {@link #attach}'s pause runs (once)
     */
    SyncRecorder(StatusViewModel vm, int pauseAt) {
        this.vm = vm;
        this.pauseAt = pauseAt;
    }

    /** Starts watching, with no pause (the view-model's present values count as seen). */
    void attach() {
        attach(null, null);
    }

    /**
     * Starts watching; {@code pause} runs (later on the FX thread) when {@code tip} first reaches the pause
     * height after {@link #started()}. Both may be null: no pause.
     */
    void attach(ReadOnlyObjectProperty<BlockRef> tip, Runnable pause) {
        if (tip != null) {
            tip.addListener((o, a, t) -> {
                if (t != null && t.height() >= pauseAt && startedAt != 0 && pausedAt == 0) {
                    pausedAt = System.nanoTime();
                    Platform.runLater(pause);
                    pauseRequested.complete(t.height());
                }
            });
        }
        if (vm.blocksProperty().get() >= 0) {
            blocks(vm.blocksProperty().get());
        }
        state(vm.stateProperty().get());
        vm.stateProperty().addListener((o, a, s) -> state(s));
        vm.detailProperty().addListener((o, a, d) -> {
            if (!stateDetail.isEmpty() && !d.equals(stateDetail)) {
                lastDetail = d;
                states.set(states.size() - 1, stateLine + " (" + stateDetail + " … " + lastDetail + ")");
            } else {
                stateDetail = d;
                states.set(states.size() - 1, stateLine + " (" + d + ")");
            }
        });
        vm.blocksProperty().addListener((o, a, b) -> blocks(b.intValue()));
        vm.verificationProgressProperty().addListener((o, a, p) -> {
            double v = p.doubleValue();
            if (lastProgress >= 0 && v < lastProgress) {
                progressBackwards.add(lastProgress + " → " + v + " at " + ms() + " ms");
            }
            lastProgress = v;
        });
        vm.timeLeftProperty().addListener(o -> checkMidSync());
    }

    private void blocks(int v) {
        if (lastBlocks >= 0 && v < lastBlocks) {
            blocksBackwards.add(lastBlocks + " → " + v + " at " + ms() + " ms");
        }
        if (v >= 0 && (lowestBlocks < 0 || v < lowestBlocks)) {
            lowestBlocks = v;
        }
        lastBlocks = v;
        blockValues++;
        checkMidSync();
    }

    /** Notes that the network was turned on for the first time: the sync begins. */
    void started() {
        startedAt = System.nanoTime();
    }

    /** Notes that the network was turned back on after the pause. */
    void resumed() {
        resumedAt = System.nanoTime();
    }

    /** @param r runs once, after the resume, while blocks are being downloaded with a rate and a time left shown */
    void onMidSync(Runnable r) {
        midSync = r;
    }

    private void checkMidSync() {
        int left = vm.headersProperty().get() - vm.blocksProperty().get();
        if (midSync != null && resumedAt != 0 && vm.stateProperty().get() == SyncState.SYNCING && vm.timeLeftProperty().get() != null
                && vm.blocksPerSecondProperty().get() > 0 && left > vm.headersProperty().get() / 5) {
            Runnable r = midSync;
            midSync = null;
            r.run();
        }
    }

    private void state(SyncState s) {
        if (s == SyncState.SYNCED && syncedAt == 0) {
            syncedAt = System.nanoTime();
        }
        stateNames.add(s);
        stateLine = ms() + " ms " + s.label();
        stateDetail = ""; // the detail follows the state (recompute sets both)
        states.add(stateLine);
    }

    private long ms() {
        return (System.nanoTime() - created) / 1_000_000;
    }

    /** @return what was seen so far */
    Report report() {
        long synced = syncedAt == 0 || startedAt == 0 ? -1 : (syncedAt - startedAt) / 1_000_000;
        long paused = pausedAt == 0 || resumedAt == 0 ? 0 : (resumedAt - pausedAt) / 1_000_000;
        return new Report(synced, paused, List.copyOf(states), List.copyOf(stateNames), List.copyOf(blocksBackwards),
                List.copyOf(progressBackwards), blockValues, lowestBlocks);
    }
}
