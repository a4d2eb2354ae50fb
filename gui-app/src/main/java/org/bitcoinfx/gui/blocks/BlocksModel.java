package org.bitcoinfx.gui.blocks;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.bitcoinfx.gui.util.TaskScope;
import org.bitcoinfx.gui.util.Tasks;
import org.bitcoinfx.ipc.BlockRef;

/**
 * The latest blocks, newest first. Fed by tips pushed from {@code Mining.waitTipChanged}: each
 * new tip fetches the blocks between the last row and it through {@link BlocksService}
 * ({@code getblockhash}, {@code getblock <hash> 1}, {@code getblockstats}); a reorg drops the rows
 * above the fork.
 * Use on the JavaFX Application Thread.
 */
public final class BlocksModel {
    /** Rows loaded when the page first sees a tip. */
    public static final int INITIAL = 25;
    /** Rows kept. */
    public static final int MAX_ROWS = 200;

    private final ObservableList<BlockRow> rows = FXCollections.observableArrayList();
    private int highestRequested = -1;
    /** Rows below this height are late answers from before a jump; they are dropped. */
    private int floor;

    /** @return the rows, newest (highest) first */
    public ObservableList<BlockRow> rows() {
        return rows;
    }

    /** Forgets all rows (new connection). */
    public void clear() {
        rows.clear();
        highestRequested = -1;
        floor = 0;
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
        fetch(service, scope, h, tip.hashHex());
        for (int height = h - 1; height >= from; height--) {
            int hh = height;
            Tasks.on(scope, service.blockHash(hh), "getblockhash " + hh).onSuccess(hash -> fetch(service, scope, hh, hash)).run();
        }
    }

    private void fetch(BlocksService service, TaskScope scope, int height, String hash) {
        Tasks.on(scope, service.row(height, hash), "getblock " + hash).onSuccess(this::insert).run();
    }

    /** Inserts {@code row} in height order, replacing a row of the same height. */
    void insert(BlockRow row) {
        if (row.height() > highestRequested || row.height() < floor) {
            return; // stale answer from before a reorg or a jump
        }
        int i = 0;
        while (i < rows.size() && rows.get(i).height() > row.height()) {
            i++;
        }
        if (i < rows.size() && rows.get(i).height() == row.height()) {
            if (row.pending() && !rows.get(i).pending() && rows.get(i).hash().equals(row.hash())) {
                return; // already known in full
            }
            rows.set(i, row);
        } else {
            rows.add(i, row);
        }
        if (rows.size() > MAX_ROWS) {
            rows.remove(MAX_ROWS, rows.size());
        }
    }
}
