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
 * index {@code i} is height {@code tip - i}). A row's details ({@code getblockhash}, {@code getblock <hash> 1},
 * {@code getblockstats} through {@link BlocksService#row}) are fetched only when the row is wanted
 * ({@link #want}: the Blocks table's rows call it as they come into view), a batch of
 * {@value #BATCH} heights at a time (the aligned batch holding the height), at most {@value #IN_FLIGHT}
 * batches out and the most recently wanted first (batches scrolled past before their turn are dropped). Until
 * then a row is a placeholder ({@link BlockRow#pending()}). At most {@value #MAX_DETAILED} rows keep their
 * details ({@link #detailedCount()}); beyond that the rows farthest from the last wanted height are evicted
 * (they become placeholders again), so memory does not grow with the chain.
 *
 * <p>Fed by tips pushed from {@code Mining.waitTipChanged} ({@link #onTip}): a new tip shows at once (a
 * pending row with its hash) and the {@value #INITIAL} rows below it are fetched as one batch, added to the
 * table in one change (during IBD a tip comes every few milliseconds: the page takes the latest one at most
 * every 250 ms). A reorg seen as a lower tip, or another block at the tip's height, forgets every row's details and fetches again.
 * A block the node pruned is a {@link BlockRow#pruned()} row. {@link #find} looks one block up by height or
 * hash into {@link #foundProperty()} and sets {@link #jumpToProperty()} to its index in {@link #rows()},
 * for the table to scroll there. Use on the JavaFX Application Thread.
 */
public final class BlocksModel {
    private static final Logger LOG = LoggerFactory.getLogger(BlocksModel.class);
    /** Rows fetched below each new tip. */
    public static final int INITIAL = 25;
    /** Heights fetched together (aligned: {@code [k * BATCH, (k + 1) * BATCH)}). */
    public static final int BATCH = 50;
    /** Batches out at once. */
    public static final int IN_FLIGHT = 2;
    /** Wanted batches waiting their turn, at most (older ones are dropped: scrolled past). */
    public static final int QUEUED = 4;
    /** Rows with details kept, at most. */
    public static final int MAX_DETAILED = 8 * BATCH;

    private final Rows rows = new Rows();
    /** Fetched rows by height. */
    private final TreeMap<Integer, BlockRow> detailed = new TreeMap<>();
    /** Heights asked of the node and not answered yet. */
    private final Set<Integer> inFlight = new HashSet<>();
    /** Batch starts wanted and not yet asked, most recent first. */
    private final Deque<Integer> queue = new ArrayDeque<>();
    private int batchesOut;
    private final ReadOnlyObjectWrapper<BlockRow> found = new ReadOnlyObjectWrapper<>(this, "found");
    private final ReadOnlyStringWrapper findError = new ReadOnlyStringWrapper(this, "findError", "");
    private final ReadOnlyBooleanWrapper finding = new ReadOnlyBooleanWrapper(this, "finding", false);
    private final ReadOnlyIntegerWrapper jumpTo = new ReadOnlyIntegerWrapper(this, "jumpTo", -1);
    /** Which {@link #find} is the latest: an older answer is dropped. */
    private long findSeq;
    /** Bumped on a reorg or {@link #clear()}: answers asked before are dropped. */
    private long epoch;
    /** The tip's height, -1 before one. */
    private int tip = -1;
    private String tipHash = "";
    /** The height last wanted: eviction keeps the rows nearest it. */
    private int focus;
    private BlocksService service;
    private TaskScope scope;

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
        rows.resize(-1);
        tip = -1;
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
                        if (r.height() <= tip) {
                            focus = r.height();
                            putAll(List.of(r)); // the row shows what was found
                            evict();
                            jumpTo.set(tip - r.height());
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
     * Handles a new tip: the rows become tip…0 (a tip not above the last one is a reorg: every row's details
     * are forgotten), and the {@value #INITIAL} rows below it that are missing are fetched as one batch through
     * {@code service}; answers that arrive after {@code scope} closed are dropped.
     */
    public void onTip(BlocksService service, TaskScope scope, BlockRef tip) {
        if (service == null || tip == null) {
            return;
        }
        this.service = service;
        this.scope = scope;
        int h = tip.height();
        if (this.tip >= 0 && (h < this.tip || h == this.tip && !tip.hashHex().equals(tipHash))) {
            // reorg or the same height again: every row's details may be stale
            forgetRows();
        }
        tipHash = tip.hashHex();
        this.tip = h;
        focus = h;
        rows.resize(h);
        List<Integer> top = new ArrayList<>();
        for (int height = h; height >= Math.max(0, h - INITIAL + 1); height--) {
            if (!detailed.containsKey(height) && !inFlight.contains(height)) {
                top.add(height);
            }
        }
        fetch(top, false);
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
            fetch(heights, true);
        }
    }

    /** Fetches {@code heights} (highest first) as one batch; {@code counted}: it takes one of the {@value #IN_FLIGHT} places. */
    private void fetch(List<Integer> heights, boolean counted) {
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
                changed.add(tip - row.height());
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
            changed.add(tip - gone);
        }
        rows.changed(changed);
    }

    /** The virtual list: {@code tip + 1} rows, each the held details or a placeholder. */
    private final class Rows extends ObservableListBase<BlockRow> {
        private int size;

        @Override
        public BlockRow get(int index) {
            Objects.checkIndex(index, size);
            int height = tip - index;
            BlockRow r = detailed.get(height);
            return r != null ? r : BlockRow.pending(height, height == tip ? tipHash : "");
        }

        @Override
        public int size() {
            return size;
        }

        /** Becomes {@code newTip + 1} rows: new heights are added at the top, lost ones removed from it. */
        void resize(int newTip) {
            int n = newTip + 1;
            if (n == size) {
                if (n > 0) {
                    changed(List.of(0)); // the tip row (its hash)
                }
                return;
            }
            beginChange();
            if (n > size) {
                nextAdd(0, n - size);
            } else {
                List<BlockRow> removed = new ArrayList<>();
                for (int i = 0; i < size - n; i++) {
                    removed.add(BlockRow.pending(size - 1 - i, ""));
                }
                nextRemove(0, removed);
            }
            size = n;
            endChange();
        }

        /** The rows at {@code indices} changed (details came or went): one change. */
        void changed(List<Integer> indices) {
            if (indices.isEmpty()) {
                return;
            }
            beginChange();
            for (int i : indices.stream().sorted().toList()) {
                if (i >= 0 && i < size) {
                    nextSet(i, null);
                }
            }
            endChange();
        }
    }
}
