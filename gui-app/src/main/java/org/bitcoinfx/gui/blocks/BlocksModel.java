package org.bitcoinfx.gui.blocks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.bitcoinfx.gui.util.Fx;
import org.bitcoinfx.ipc.BlockRef;
import org.bitcoinfx.ipc.JsonRpcException;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.ipc.ServerThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest blocks, newest first. Fed by tips pushed from {@code Mining.waitTipChanged}: each
 * new tip fetches the blocks between the last row and it ({@code getblockhash},
 * {@code getblock <hash> 1}, {@code getblockstats}); a reorg drops the rows above the fork.
 * Use on the JavaFX Application Thread.
 */
public final class BlocksModel {
    private static final Logger LOG = LoggerFactory.getLogger(BlocksModel.class);
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

    /** Handles a new tip from {@code client}. */
    public void onTip(NodeClient client, BlockRef tip) {
        if (client == null || tip == null) {
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
        fetch(client, h, tip.hashHex());
        for (int height = h - 1; height >= from; height--) {
            int hh = height;
            Fx.deliver(client.rpc(ServerThread.POLL).call("getblockhash", hh), hash -> fetch(client, hh, hash.asText()),
                    e -> LOG.warn("getblockhash {} failed: {}", hh, Fx.message(e)));
        }
    }

    private void fetch(NodeClient client, int height, String hash) {
        CompletableFuture<JsonNode> block = client.rpc(ServerThread.POLL).call("getblock", hash, 1);
        CompletableFuture<Long> fee = client.rpc(ServerThread.POLL).call("getblockstats", hash, List.of("totalfee"))
                .thenApply(s -> s.path("totalfee").asLong(-1))
                .exceptionally(e -> {
                    if (Fx.unwrap(e) instanceof JsonRpcException) {
                        LOG.debug("getblockstats {}: {}", height, Fx.message(e));
                    } else {
                        LOG.warn("getblockstats {} failed: {}", height, Fx.message(e));
                    }
                    return -1L; // pruned or no undo data: fees unknown
                });
        Fx.deliver(block.thenCombine(fee, BlockRow::fromGetBlock), this::insert,
                e -> LOG.warn("getblock {} failed: {}", hash, Fx.message(e)));
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
