package org.bitcoinfx.gui.blocks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.bitcoinfx.gui.util.Fx;
import org.bitcoinfx.gui.util.TaskScope;
import org.bitcoinfx.gui.util.Tasks;
import org.bitcoinfx.ipc.BlockRef;
import org.bitcoinfx.ipc.JsonRpcException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest blocks, newest first. Fed by tips pushed from {@code Mining.waitTipChanged}: each
 * new tip shows at once (a pending row, filled in by {@code getblock}) and fetches the blocks between
 * the last row and it through {@link BlocksService} ({@code getblockhash}, {@code getblock <hash> 1},
 * {@code getblockstats}) as one batch, added to the table in one change when all have answered (during
 * IBD a tip comes every few milliseconds: the page takes the latest one at most every 250 ms, and at most
 * {@value #INITIAL} rows of it). A reorg drops the rows above the fork. A block the node pruned is a
 * {@link BlockRow#pruned()} row. {@link #find} looks one block up by height or hash (any height: the table
 * holds the latest {@value #MAX_ROWS} only) into {@link #foundProperty()}.
 * Use on the JavaFX Application Thread.
 */
public final class BlocksModel {
    private static final Logger LOG = LoggerFactory.getLogger(BlocksModel.class);
    /** Rows loaded when the page first sees a tip. */
    public static final int INITIAL = 25;
    /** Rows kept. */
    public static final int MAX_ROWS = 200;

    private final ObservableList<BlockRow> rows = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<BlockRow> found = new ReadOnlyObjectWrapper<>(this, "found");
    private final ReadOnlyStringWrapper findError = new ReadOnlyStringWrapper(this, "findError", "");
    private final ReadOnlyBooleanWrapper finding = new ReadOnlyBooleanWrapper(this, "finding", false);
    /** Which {@link #find} is the latest: an older answer is dropped. */
    private long findSeq;
    private int highestRequested = -1;
    /** Rows below this height are late answers from before a jump; they are dropped. */
    private int floor;

    /** @return the rows, newest (highest) first */
    public ObservableList<BlockRow> rows() {
        return rows;
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

    /** Forgets all rows and the block found (new connection). */
    public void clear() {
        rows.clear();
        highestRequested = -1;
        floor = 0;
        findSeq++;
        found.set(null);
        findError.set("");
        finding.set(false);
    }

    /**
     * Looks a block up by height or hash ({@link BlocksService#find}); the answer goes to
     * {@link #foundProperty()} or {@link #findErrorProperty()} (a refusal by the node in its words:
     * {@link JsonRpcException#rpcMessage()}). A newer find, or {@link #clear()}, drops an older one's answer.
     */
    public void find(BlocksService service, TaskScope scope, String query) {
        if (service == null || scope == null) {
            return;
        }
        long seq = ++findSeq;
        finding.set(true);
        findError.set("");
        Tasks.on(scope, service.find(query), "find block " + query)
                .onSuccess(r -> {
                    if (seq == findSeq) {
                        found.set(r);
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
     * Handles a new tip: fetches the rows missing below it through {@code service}; answers that
     * arrive after {@code scope} closed are dropped.
     */
    public void onTip(BlocksService service, TaskScope scope, BlockRef tip) {
        if (service == null || tip == null) {
            return;
        }
        int h = tip.height();
        if (h <= highestRequested) {
            // reorg or the same height again: drop rows at and above the new tip
            rows.removeIf(r -> r.height() >= h);
            highestRequested = h - 1;
        }
        int from = highestRequested < 0 ? Math.max(0, h - INITIAL + 1) : Math.max(highestRequested + 1, h - INITIAL + 1);
        if (highestRequested < 0 || from > highestRequested + 1) {
            rows.clear(); // first tip, or jumped by more than a screenful: no gap in the table
            floor = from;
        }
        highestRequested = h;
        insert(BlockRow.pending(h, tip.hashHex())); // the tip shows at once; getblock fills it in
        Tasks.on(scope, service.row(h, tip.hashHex()), "getblock " + tip.hashHex()).onSuccess(this::insert).run();
        if (from < h) {
            List<CompletableFuture<BlockRow>> batch = new ArrayList<>();
            for (int height = h - 1; height >= from; height--) {
                int hh = height;
                batch.add(service.blockHash(hh).thenCompose(hash -> service.row(hh, hash)).exceptionally(e -> {
                    LOG.debug("block {} not fetched: {}", hh, Fx.message(e)); // e.g. gone in a reorg
                    return null;
                }));
            }
            CompletableFuture<List<BlockRow>> all = CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new))
                    .thenApply(v -> batch.stream().map(CompletableFuture::join).filter(Objects::nonNull).toList());
            Tasks.on(scope, all, "blocks " + from + "…" + (h - 1)).onSuccess(this::insertAll).run();
        }
    }

    /** Inserts {@code row} in height order, replacing a row of the same height. */
    void insert(BlockRow row) {
        insertAll(List.of(row));
    }

    /**
     * Inserts {@code batch} in height order, replacing rows of the same heights, with one list change
     * per run of adjacent new rows (a batch below a new tip is one run). Rows above the last tip asked
     * for or below the floor (late answers from before a reorg or a jump) are dropped.
     */
    void insertAll(List<BlockRow> batch) {
        List<BlockRow> sorted = batch.stream().filter(r -> r.height() <= highestRequested && r.height() >= floor)
                .sorted(Comparator.comparingInt(BlockRow::height).reversed()).toList();
        List<BlockRow> run = new ArrayList<>();
        int runAt = -1;
        int i = 0;
        for (BlockRow row : sorted) {
            while (i < rows.size() && rows.get(i).height() > row.height()) {
                i++;
            }
            if (!run.isEmpty() && (i != runAt || (i < rows.size() && rows.get(i).height() == row.height()))) {
                rows.addAll(runAt, run);
                i += run.size();
                run.clear();
            }
            if (i < rows.size() && rows.get(i).height() == row.height()) {
                BlockRow old = rows.get(i);
                if (!(row.pending() && !old.pending() && old.hash().equals(row.hash()))) { // a pending row never hides a full one
                    rows.set(i, row);
                }
            } else {
                if (run.isEmpty()) {
                    runAt = i;
                }
                run.add(row);
            }
        }
        if (!run.isEmpty()) {
            rows.addAll(runAt, run);
        }
        if (rows.size() > MAX_ROWS) {
            rows.remove(MAX_ROWS, rows.size());
        }
    }
}
