package org.bitcoinfx.gui.blocks;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ObservableList;
import javafx.collections.ObservableListBase;
import org.bitcoinfx.gui.util.Fx;
import org.bitcoinfx.gui.util.TaskScope;
import org.bitcoinfx.gui.util.Tasks;
import org.bitcoinfx.ipc.BlockRef;
import org.bitcoinfx.ipc.JsonRpcException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every block of the active chain, newest first, as a virtual list over heights tip…0 ({@link #rows()}:
 * index {@code i} is height {@code tip - i}; while tips come fast, see below, {@link #LIVE} and then the list as
 * it was at the last catch-up). A row's details ({@code getblockhash}, {@code getblock <hash> 1},
 * {@code getblockstats} through {@link BlocksService#row}) are fetched only when the row is wanted
 * ({@link #want}: the Blocks table's rows call it as they come into view), a batch of
 * {@value #BATCH} heights at a time (the aligned batch holding the height), at most {@value #IN_FLIGHT}
 * batches out and the most recently wanted first (batches scrolled past before their turn are dropped). Until
 * then a row is a placeholder ({@link BlockRow#pending()}). At most {@value #MAX_DETAILED} rows keep their
 * details ({@link #detailedCount()}); beyond that the rows farthest from the last wanted height are evicted
 * (they become placeholders again), so memory does not grow with the chain.
 *
 * <p>Fed by tips pushed from {@code Mining.waitTipChanged}: a new tip shows at once ({@link #showTip}: a
 * pending row with its hash), and the details of the {@value #INITIAL} rows below it are fetched as one batch
 * ({@link #fetchTop}), added to the table in one change; {@link #onTip} does both. During IBD a tip comes
 * every few milliseconds, and the app must not take CPU from the node's sync (the sync bench, {@code SyncBench}).
 * So the tip's row shows at once, but alone: a tip less than {@value #DETAILS_GAP_MS} ms after the last
 * catch-up goes to {@link #liveTipProperty()}, shown by row 0, which is then {@link #LIVE} (the list does not change:
 * a TableView builds every row again for any change of its items, and at every frame that took most of a
 * core), and the list catches up with the tip (the new heights added at the top, one change) when the top's
 * details are fetched, at most every {@value #DETAILS_GAP_MS} ms, one batch at a time; rows in view near the
 * top wait for that fetch rather than asking for their own batches. While tips come that fast (a sync) the top's
 * rows are not fetched at all: each call takes the node's {@code cs_main}, which its validation holds while it
 * connects blocks (the sync bench: header-only rows still made the sync 5–10 % slower); they show height only
 * until {@link #settle}, once tips have stopped, fetches the rows in view.
 * A reorg seen as a lower tip, or another block at the tip's height, forgets every row's details and fetches again.
 * A block the node pruned is a {@link BlockRow#pruned()} row. {@link #find} looks one block up by height or
 * hash into {@link #foundProperty()} and sets {@link #jumpToProperty()} to its index in {@link #rows()},
 * for the table to scroll there. Use on the JavaFX Application Thread.
 */
public final class BlocksModel {
    private static final Logger LOG = LoggerFactory.getLogger(BlocksModel.class);
    /**
     * Row 0 while the list has not caught up with the tip: it stands for the tip, whose row is
     * {@link #liveTipProperty()} (a table shows that row's values; this one's own are a placeholder's, height -1).
     */
    public static final BlockRow LIVE = BlockRow.pending(-1, "");
    /** Rows fetched below each new tip, at least. */
    public static final int INITIAL = 25;
    /** Heights fetched together (aligned: {@code [k * BATCH, (k + 1) * BATCH)}). */
    public static final int BATCH = 50;
    /** Rows fetched below each new tip, at most (when that many were in view while tips came). */
    public static final int MAX_TOP = 2 * BATCH;
    /** Batches out at once. */
    public static final int IN_FLIGHT = 2;
    /** Wanted batches waiting their turn, at most (older ones are dropped: scrolled past). */
    public static final int QUEUED = 4;
    /** Rows with details kept, at most. */
    public static final int MAX_DETAILED = 8 * BATCH;
    /** While tips come, the top's details are fetched at most this often, ms (the page's pace; {@link #want} follows it). */
    public static final long DETAILS_GAP_MS = 1000;
    /**
     * During a sync ({@value #SYNC_TIPS} fast tips in a row or more), the list under the live row catches up at
     * most this often, ms: each catch-up gives every row in view a new block (and, with an odd shift, a new
     * stripe), hence a new layout and CSS for all of them, where a new tip changes the live row's text only.
     */
    public static final long SYNC_CATCH_UP_MS = 5000;
    /** Fast tips in a row (each less than {@value #DETAILS_GAP_MS} ms after the one before) that make a sync. */
    static final int SYNC_TIPS = 10;

    private final Rows rows = new Rows();
    /** Fetched rows by height. */
    private final TreeMap<Integer, BlockRow> detailed = new TreeMap<>();
    /** Heights asked of the node and not answered yet. */
    private final Set<Integer> inFlight = new HashSet<>();
    /** Batch starts wanted and not yet asked, most recent first. */
    private final Deque<Integer> queue = new ArrayDeque<>();
    private int batchesOut;
    private final ReadOnlyObjectWrapper<BlockRow> found = new ReadOnlyObjectWrapper<>(this, "found");
    private final ReadOnlyObjectWrapper<BlockRow> liveTip = new ReadOnlyObjectWrapper<>(this, "liveTip");
    private final ReadOnlyStringWrapper findError = new ReadOnlyStringWrapper(this, "findError", "");
    private final ReadOnlyBooleanWrapper finding = new ReadOnlyBooleanWrapper(this, "finding", false);
    private final ReadOnlyIntegerWrapper jumpTo = new ReadOnlyIntegerWrapper(this, "jumpTo", -1);
    /** Which {@link #find} is the latest: an older answer is dropped. */
    private long findSeq;
    /** Bumped on a reorg or {@link #clear()}: answers asked before are dropped. */
    private long epoch;
    /** The tip's height, -1 before one. */
    private int tip = -1;
    /**
     * The tip at the last catch-up, -1 before one: the rows below row 0 are {@code listed…0}. Below {@link #tip}
     * while tips come faster than catch-ups: row 0 is then the tip, row {@code i ≥ 1} is height {@code listed - i + 1}.
     */
    private int listed = -1;
    /** {@link #clock} at the last catch-up. */
    private long lastCatchUpNanos = Long.MIN_VALUE / 2;
    private String tipHash = "";
    /** The height last wanted: eviction keeps the rows nearest it. */
    private int focus;
    private BlocksService service;
    private TaskScope scope;
    /** A {@link #fetchTop} batch is out; {@link #topAgain}: another was asked for meanwhile (sent when it is back). */
    private boolean topOut;
    private boolean topAgain;
    /** {@link #clock} when the last tip came. */
    private long lastTipNanos = Long.MIN_VALUE / 2;
    /** The last two tips came less than {@value #DETAILS_GAP_MS} ms apart (a sync): the top's rows are not fetched. */
    private boolean fast;
    /** Fast tips in a row, up to the last one. */
    private int fastRun;
    /** A tip came since the last {@link #fetchTop}: one follows, and rows wanted near the top wait for it. */
    private boolean topDue;
    /** Rows from the top the next {@link #fetchTop} fetches: {@value #INITIAL}, or as many as were wanted meanwhile. */
    private int topRows = INITIAL;
    private final java.util.function.LongSupplier clock;

    /** A model on the system's monotonic clock. */
    public BlocksModel() {
        this(System::nanoTime);
    }

    /** @param clock monotonic time, ns (for tests) */
    BlocksModel(java.util.function.LongSupplier clock) {
        this.clock = clock;
    }

    /** @return the rows, newest (highest) first: one per height, tip…0; read-only */
    public ObservableList<BlockRow> rows() {
        return rows;
    }

    /** @return the tip's height, -1 before a tip */
    public int tipHeight() {
        return tip;
    }

    /** @return how many rows hold their details now (bounded by {@value #MAX_DETAILED}) */
    public int detailedCount() {
        return detailed.size();
    }

    /**
     * The tip's row (its details once fetched, until then a placeholder with its hash); null before a tip. Changes
     * with every tip {@link #showTip} is given, also while the list has not caught up and row 0 is {@link #LIVE}.
     */
    public ReadOnlyObjectProperty<BlockRow> liveTipProperty() {
        return liveTip.getReadOnlyProperty();
    }

    /** @return {@code row}, or the tip's row if {@code row} is {@link #LIVE} */
    public BlockRow resolve(BlockRow row) {
        return row == LIVE ? liveTip.get() : row;
    }

    /** The block {@link #find} found (pruned or not); null before one, or after a failed find. */
    public ReadOnlyObjectProperty<BlockRow> foundProperty() {
        return found.getReadOnlyProperty();
    }

    /** Why the last {@link #find} failed: the query's problem, or the node's words; empty otherwise. */
    public ReadOnlyStringProperty findErrorProperty() {
        return findError.getReadOnlyProperty();
    }

    /** True while a {@link #find} is out. */
    public ReadOnlyBooleanProperty findingProperty() {
        return finding.getReadOnlyProperty();
    }

    /**
     * The index in {@link #rows()} of the block the last {@link #find} found, for the table to scroll to; -1
     * before one, after a failed find, or when the block is not in the rows (above the tip the page knows).
     * Set again on each find (a listener hears a second find of the same height through -1 first).
     */
    public ReadOnlyIntegerProperty jumpToProperty() {
        return jumpTo.getReadOnlyProperty();
    }

    /** Forgets every row and its details; answers still out are dropped when they come (a new epoch). */
    private void forgetRows() {
        epoch++;
        detailed.clear();
        inFlight.clear();
        queue.clear();
        batchesOut = 0;
        topOut = false;
        topAgain = false;
        topDue = false;
        fast = false;
        fastRun = 0;
        topRows = INITIAL;
        tip = -1;
        listed = -1;
        rows.reset();
        liveTip.set(null);
    }

    /** Forgets all rows and the block found (new connection). */
    public void clear() {
        forgetRows();
        tipHash = "";
        findSeq++;
        found.set(null);
        findError.set("");
        finding.set(false);
        jumpTo.set(-1);
    }

    /**
     * Looks a block up by height or hash ({@link BlocksService#find}); the answer goes to
     * {@link #foundProperty()} or {@link #findErrorProperty()} (a refusal by the node in its words:
     * {@link JsonRpcException#rpcMessage()}), and, if the block is in the rows, {@link #jumpToProperty()}
     * (its row then holds the details found). A newer find, or {@link #clear()}, drops an older one's answer.
     */
    public void find(BlocksService service, TaskScope scope, String query) {
        if (service == null || scope == null) {
            return;
        }
        long seq = ++findSeq;
        finding.set(true);
        findError.set("");
        jumpTo.set(-1);
        Tasks.on(scope, service.find(query), "find block " + query)
                .onSuccess(r -> {
                    if (seq == findSeq) {
                        found.set(r);
                        if (indexOf(r.height()) >= 0) {
                            focus = r.height();
                            putAll(List.of(r)); // the row shows what was found
                            evict();
                            jumpTo.set(indexOf(r.height()));
                        }
                    }
                })
                .onError(e -> {
                    if (seq == findSeq) {
                        found.set(null);
                        Throwable t = Fx.unwrap(e);
                        findError.set(t instanceof JsonRpcException j ? j.rpcMessage() : Fx.message(t));
                    }
                })
                .andFinally(() -> {
                    if (seq == findSeq) {
                        finding.set(false);
                    }
                })
                .run();
    }

    /**
     * A tip to show whole at once (the page shown again, a new connection): {@link #showTip}, then {@link #settle}
     * (its rows are fetched even if the last tip came moments ago).
     */
    public void onTip(BlocksService service, TaskScope scope, BlockRef tip) {
        showTip(service, scope, tip);
        settle();
    }

    /**
     * Shows a new tip (a tip not above the last one is a reorg: every row's details are forgotten). The rows
     * become tip…0 at once if the last catch-up was {@value #DETAILS_GAP_MS} ms ago or more; else only row 0
     * becomes the tip, and the rows below it wait for the next {@link #fetchTop}. New rows are placeholders,
     * the tip's with its hash, until {@link #fetchTop} brings their details. Asks the node nothing. {@code service} and {@code scope} serve the fetches that follow; answers that arrive
     * after {@code scope} closed are dropped.
     */
    public void showTip(BlocksService service, TaskScope scope, BlockRef tip) {
        if (service == null || tip == null) {
            return;
        }
        this.service = service;
        this.scope = scope;
        long now = clock.getAsLong();
        fast = now - lastTipNanos < DETAILS_GAP_MS * 1_000_000;
        fastRun = fast ? fastRun + 1 : 0;
        lastTipNanos = now;
        topDue = true;
        int h = tip.height();
        if (this.tip >= 0 && (h < this.tip || h == this.tip && !tip.hashHex().equals(tipHash))) {
            // reorg or the same height again: every row's details may be stale
            forgetRows();
        }
        tipHash = tip.hashHex();
        focus = h;
        if (listed < 0 || lastTipNanos - lastCatchUpNanos >= (syncing() ? SYNC_CATCH_UP_MS : DETAILS_GAP_MS) * 1_000_000) {
            this.tip = h;
            catchUp();
        } else if (h == this.tip) {
            rows.changed(List.of(0)); // the same tip again
        } else {
            rows.tipMoved(h);
        }
        liveTip.set(rowAt(h));
    }

    /** Tips have come fast {@value #SYNC_TIPS} times in a row or more: a sync, whose list catches up less often. */
    private boolean syncing() {
        return fast && fastRun >= SYNC_TIPS;
    }

    /** The held details at {@code height}, else a placeholder (the tip's with its hash). */
    private BlockRow rowAt(int height) {
        BlockRow r = detailed.get(height);
        return r != null ? r : BlockRow.pending(height, height == tip ? tipHash : "");
    }

    /** The list catches up with the tip: {@code tip…0}, the new heights added at the top in one change. */
    private void catchUp() {
        lastCatchUpNanos = clock.getAsLong();
        if (listed != tip) {
            rows.catchUp();
        } else if (tip >= 0) {
            rows.changed(List.of(0)); // the same tip again: its row (its hash)
        }
    }

    /**
     * The index in {@link #rows()} of the row for {@code height}, -1 if no row shows it now (above the tip, or
     * between the list and the tip while the list has not caught up).
     */
    int indexOf(int height) {
        if (height < 0 || height > tip) {
            return -1;
        }
        if (height == tip) {
            return 0;
        }
        if (height > listed) {
            return -1;
        }
        return listed - height + (tip > listed ? 1 : 0);
    }

    /**
     * Catches the list up with the tip (see {@link #showTip}) and fetches the details of the {@value #INITIAL}
     * rows below the tip that lack them, as one batch (the tip's
     * row by its known hash, the others by height). One such batch is out at a time: asked for while one is
     * out, it is sent again for the tip of the moment when the first is back.
     */
    public void fetchTop() {
        if (service == null || tip < 0) {
            return;
        }
        if (!syncing() || clock.getAsLong() - lastCatchUpNanos >= SYNC_CATCH_UP_MS * 1_000_000) {
            catchUp();
        }
        if (topOut) {
            topAgain = true;
            return;
        }
        if (fast) {
            return; // a sync: the rows in view wait for settle (topDue stays set, so they do not ask for themselves)
        }
        topDue = false;
        List<Integer> top = new ArrayList<>();
        for (int height = tip; height >= Math.max(0, tip - topRows + 1); height--) {
            if (!detailed.containsKey(height) && !inFlight.contains(height)) {
                top.add(height);
            }
        }
        if (top.isEmpty()) {
            return;
        }
        topOut = true;
        fetch(top, false, () -> {
            topOut = false;
            if (topAgain) {
                topAgain = false;
                fetchTop();
            }
        });
    }

    /**
     * Tips have stopped (the page calls this {@value #DETAILS_GAP_MS} ms after the last): the top's rows are
     * fetched ({@link #fetchTop}), and rows in view ask for their details again.
     */
    public void settle() {
        fast = false;
        fastRun = 0;
        fetchTop();
    }

    /**
     * A row at {@code height} is in view: if its details are neither held nor asked for, its batch is queued
     * (most recent first; at most {@value #QUEUED} wait, older ones are dropped).
     */
    public void want(int height) {
        if (height < 0 || height > tip || service == null) {
            return;
        }
        focus = height;
        if (detailed.containsKey(height) || inFlight.contains(height)) {
            return;
        }
        int index = indexOf(height);
        if (topDue && index >= 0 && index < MAX_TOP) {
            // a tip came and the page's fetchTop follows (within DETAILS_GAP_MS): it brings the rows in view
            // at the top; asking here too would fetch them again at every catch-up, as the rows move down
            topRows = Math.max(topRows, index + 1);
            return;
        }
        if (tip - height < INITIAL || listed - height < INITIAL) {
            // the top's rows (of the tip, or of the list under the tip's row) come with fetchTop: at once,
            // or when the batch out now is back
            if (topOut) {
                topAgain = true;
            } else {
                fetchTop();
            }
            return;
        }
        int start = height / BATCH * BATCH;
        queue.remove(start);
        queue.addFirst(start);
        while (queue.size() > QUEUED) {
            queue.removeLast();
        }
        pump();
    }

    private void pump() {
        while (batchesOut < IN_FLIGHT && !queue.isEmpty()) {
            int start = queue.removeFirst();
            List<Integer> heights = new ArrayList<>();
            for (int height = Math.min(tip, start + BATCH - 1); height >= start; height--) {
                if (!detailed.containsKey(height) && !inFlight.contains(height)) {
                    heights.add(height);
                }
            }
            fetch(heights, true, () -> { });
        }
    }

    /**
     * Fetches {@code heights} (highest first) as one batch; {@code counted}: it takes one of the {@value #IN_FLIGHT}
     * places; {@code done} runs when it is back (answered or failed) in the same epoch.
     */
    private void fetch(List<Integer> heights, boolean counted, Runnable done) {
        if (heights.isEmpty()) {
            return;
        }
        BlocksService s = service;
        long e = epoch;
        inFlight.addAll(heights);
        if (counted) {
            batchesOut++;
        }
        List<CompletableFuture<BlockRow>> batch = new ArrayList<>();
        for (int height : heights) {
            int hh = height;
            CompletableFuture<String> hash = hh == tip ? CompletableFuture.completedFuture(tipHash) : s.blockHash(hh);
            batch.add(hash.thenCompose(x -> s.row(hh, x)).exceptionally(err -> {
                LOG.debug("block {} not fetched: {}", hh, Fx.message(err)); // e.g. gone in a reorg
                return null;
            }));
        }
        CompletableFuture<List<BlockRow>> all = CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new))
                .thenApply(v -> batch.stream().map(CompletableFuture::join).filter(Objects::nonNull).toList());
        String name = "blocks " + heights.get(heights.size() - 1) + "…" + heights.get(0);
        Tasks.on(scope, all, name)
                .onSuccess(got -> {
                    if (e != epoch) {
                        return; // asked before a reorg or a new connection
                    }
                    putAll(got);
                    evict();
                })
                .andFinally(() -> {
                    if (e == epoch) {
                        heights.forEach(inFlight::remove);
                        if (counted) {
                            batchesOut--;
                        }
                        done.run();
                        pump();
                    }
                })
                .run();
    }

    /** Holds fetched rows still in the rows (one change of the list; a placeholder never replaces details). */
    void putAll(List<BlockRow> got) {
        List<Integer> changed = new ArrayList<>();
        for (BlockRow row : got) {
            if (row.height() <= tip && row.height() >= 0 && !row.pending()) {
                detailed.put(row.height(), row);
                changed.add(indexOf(row.height()));
                if (row.height() == tip) {
                    liveTip.set(row);
                }
            }
        }
        rows.changed(changed);
    }

    /** Keeps at most {@value #MAX_DETAILED} rows with details: the farthest from {@link #focus} go first. */
    private void evict() {
        List<Integer> changed = new ArrayList<>();
        while (detailed.size() > MAX_DETAILED) {
            int lo = detailed.firstKey();
            int hi = detailed.lastKey();
            int gone = Math.abs(focus - lo) >= Math.abs(hi - focus) ? lo : hi;
            detailed.remove(gone);
            changed.add(indexOf(gone));
        }
        rows.changed(changed);
    }

    /**
     * The virtual list: {@code listed + 1} rows ({@code listed…0}), with the tip's row on top of them while the list
     * has not caught up with the tip; each the held details or a placeholder.
     */
    private final class Rows extends ObservableListBase<BlockRow> {
        private int size;

        @Override
        public BlockRow get(int index) {
            Objects.checkIndex(index, size);
            if (tip > listed && index == 0) {
                return LIVE;
            }
            return rowAt(tip > listed ? listed - index + 1 : listed - index);
        }

        @Override
        public int size() {
            return size;
        }

        /** Empty (a reorg, a new connection): every row removed in one change. */
        void reset() {
            if (size == 0) {
                return;
            }
            List<BlockRow> removed = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                removed.add(BlockRow.pending(size - 1 - i, ""));
            }
            beginChange();
            nextRemove(0, removed);
            size = 0;
            endChange();
        }

        /**
         * A new tip above the list, before a catch-up: {@link #LIVE} is added on top if it is not there yet;
         * else the list does not change (the tip's row is {@link #liveTipProperty()}).
         */
        void tipMoved(int newTip) {
            boolean had = tip > listed;
            tip = newTip;
            if (!had) {
                beginChange();
                nextAdd(0, 1);
                size++;
                endChange();
            }
        }

        /** {@code listed} becomes the tip: {@link #LIVE} goes, the heights between come in at the top (one change). */
        void catchUp() {
            boolean live = size == listed + 2; // row 0 is LIVE, above the list
            int count = tip - listed;
            listed = tip;
            if (count <= 0) {
                return;
            }
            beginChange();
            if (live) {
                nextRemove(0, LIVE);
            }
            nextAdd(0, count);
            size += count - (live ? 1 : 0);
            endChange();
        }

        /**
         * The rows at {@code indices} changed (details came or went): one change; -1 (no row) is skipped, and so is
         * {@link #LIVE} (its values are {@link #liveTipProperty()}'s).
         */
        void changed(List<Integer> indices) {
            List<Integer> set = indices.stream().filter(i -> i >= 0 && i < size && !(i == 0 && tip > listed)).sorted().toList();
            if (set.isEmpty()) {
                return;
            }
            beginChange();
            for (int i : set) {
                nextSet(i, null);
            }
            endChange();
        }
    }
}
