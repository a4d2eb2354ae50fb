package org.bitcoinfx.gui.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.bitcoinfx.ipc.BlockRef;
import org.bitcoinfx.ipc.IpcListener;
import org.bitcoinfx.ipc.Mining;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.ipc.RpcClient;
import org.junit.jupiter.api.Test;

/** A new tip's row shows at once as pending and is replaced, not duplicated, when getblock answers. */
class BlocksModelTest {
    /** A node whose RPC calls are recorded and never answered (so nothing reaches the FX thread). */
    static final class FakeNodeNeverAnswering implements NodeClient, RpcClient {
        final List<String> calls = new ArrayList<>();

        @Override
        public CompletableFuture<JsonNode> call(String method, Object... params) {
            calls.add(method);
            return new CompletableFuture<>();
        }

        @Override
        public CompletableFuture<JsonNode> callWallet(String wallet, String method, Object... params) {
            return call(method, params);
        }

        @Override
        public CompletableFuture<String> executeRaw(String request, String uri) {
            return new CompletableFuture<>();
        }

        @Override
        public CompletableFuture<String> echo(String text) {
            return new CompletableFuture<>();
        }

        @Override
        public Mining mining() {
            throw new UnsupportedOperationException("not used by BlocksModel");
        }

        @Override
        public RpcClient rpc() {
            return this;
        }

        @Override
        public void addListener(IpcListener listener) {
        }

        @Override
        public void removeListener(IpcListener listener) {
        }

        @Override
        public CompletableFuture<Void> closed() {
            return new CompletableFuture<>();
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    private static BlockRef ref(int height, int tag) {
        byte[] hash = new byte[32];
        hash[0] = (byte) tag; // display hex is reversed: the tag is the last byte shown
        return new BlockRef(hash, height);
    }

    @Test
    void aNewTipShowsAtOnceAndIsFilledInPlace() {
        BlocksModel m = new BlocksModel();
        FakeNodeNeverAnswering node = new FakeNodeNeverAnswering();
        BlockRef five = ref(5, 5);
        m.onTip(new BlocksService(node), org.bitcoinfx.gui.util.TaskScope.ALWAYS, five);
        assertEquals(6, m.rows().size(), "a row per height, 5…0, before any answer");
        assertTrue(m.rows().get(0).pending());
        assertEquals(five.hashHex(), m.rows().get(0).hash());
        assertEquals(List.of(5, 4, 3, 2, 1, 0), m.rows().stream().map(BlockRow::height).toList());
        assertTrue(node.calls.contains("getblock"), "the tip's row is asked for at once (its hash is known)");
        assertEquals(5, node.calls.stream().filter("getblockhash"::equals).count(), "and the rows below it by height");

        m.putAll(List.of(new BlockRow(5, five.hashHex(), 1700000000, 3, 900, 3000, 1500, false)));
        assertEquals(6, m.rows().size(), "replaced, not added");
        assertFalse(m.rows().get(0).pending());
        assertEquals(3, m.rows().get(0).txCount());
        assertEquals(1, m.detailedCount());

        BlockRef six = ref(6, 6);
        m.onTip(new BlocksService(node), org.bitcoinfx.gui.util.TaskScope.ALWAYS, six);
        assertEquals(List.of(6, 5, 4, 3, 2, 1, 0), m.rows().stream().map(BlockRow::height).toList());
        assertTrue(m.rows().get(0).pending());
        assertEquals(six.hashHex(), m.rows().get(0).hash());
        // a late pending row for a block already known in full changes nothing
        m.putAll(List.of(BlockRow.pending(5, five.hashHex())));
        assertFalse(m.rows().get(1).pending());

        // another block at the tip's height (a reorg): every row's details are forgotten
        m.onTip(new BlocksService(node), org.bitcoinfx.gui.util.TaskScope.ALWAYS, ref(6, 7));
        assertEquals(0, m.detailedCount());
        assertEquals(7, m.rows().size());
    }

    /** Rows far below the tip are placeholders until wanted; a wanted row asks for its batch only. */
    @Test
    void rowsAreFetchedWhenWantedInBatches() {
        BlocksModel m = new BlocksModel();
        FakeNodeNeverAnswering node = new FakeNodeNeverAnswering();
        m.onTip(new BlocksService(node), org.bitcoinfx.gui.util.TaskScope.ALWAYS, ref(10_000, 1));
        assertEquals(10_001, m.rows().size());
        assertTrue(m.rows().get(5_000).pending());
        assertEquals(5_000, m.rows().get(5_000).height());
        assertEquals("", m.rows().get(5_000).hash(), "a placeholder knows its height only");
        long asked = node.calls.stream().filter("getblockhash"::equals).count();
        assertEquals(BlocksModel.INITIAL - 1, asked, "the rows below the tip, nothing more");
        m.want(5_000);
        asked = node.calls.stream().filter("getblockhash"::equals).count() - asked;
        assertEquals(BlocksModel.BATCH, asked, "one batch for the row wanted");
        m.want(5_001); // same batch, asked already
        assertEquals(BlocksModel.INITIAL - 1 + BlocksModel.BATCH, node.calls.stream().filter("getblockhash"::equals).count());
    }

    /**
     * During a sync the tip's row shows without a call; the top's details come in one batch at a time, and
     * rows in view near the top do not ask for their own while tips are coming.
     */
    @Test
    void aTipAsksNothingAndTheTopsDetailsComeOneBatchAtATime() {
        long[] now = {0};
        BlocksModel m = new BlocksModel(() -> now[0]);
        FakeNodeNeverAnswering node = new FakeNodeNeverAnswering();
        BlocksService service = new BlocksService(node);
        m.showTip(service, org.bitcoinfx.gui.util.TaskScope.ALWAYS, ref(1_000, 1));
        assertEquals(1_001, m.rows().size());
        assertEquals(ref(1_000, 1).hashHex(), m.rows().get(0).hash(), "the tip's row, with its hash, at once");
        assertEquals(List.of(), node.calls, "showing a tip asks the node nothing");

        m.want(998); // in view, near the top, a tip just came: the page's fetchTop brings it
        assertEquals(List.of(), node.calls);
        m.want(900); // farther down: its own batch
        assertEquals(BlocksModel.BATCH, node.calls.stream().filter("getblockhash"::equals).count());
        node.calls.clear();

        m.fetchTop();
        assertEquals(1, node.calls.stream().filter("getblock"::equals).count(), "the tip by its hash");
        assertEquals(BlocksModel.INITIAL - 1, node.calls.stream().filter("getblockhash"::equals).count(), "the rows below it by height");
        node.calls.clear();
        m.showTip(service, org.bitcoinfx.gui.util.TaskScope.ALWAYS, ref(1_050, 2));
        m.fetchTop();
        assertEquals(List.of(), node.calls, "one top batch out at a time: the next waits for it");

        m.want(1_049);
        assertEquals(List.of(), node.calls, "a top row in view while tips come waits for the page's next fetchTop");
        now[0] += BlocksModel.DETAILS_GAP_MS * 1_000_000;
        m.want(1_049);
        assertEquals(List.of(), node.calls, "tips have stopped, but a top batch is still out: it waits for it");
    }

    /**
     * Rows in view below the first {@value BlocksModel#INITIAL} while a tip's fetchTop is due come with it (as many as
     * were in view); once it has run, a row wanted farther down asks for its own batch.
     */
    @Test
    void theTopFetchCoversTheRowsInViewAndLaterWantsAskForThemselves() {
        BlocksModel m = new BlocksModel(() -> 0);
        FakeNodeNeverAnswering node = new FakeNodeNeverAnswering();
        m.showTip(new BlocksService(node), org.bitcoinfx.gui.util.TaskScope.ALWAYS, ref(300, 1));
        m.want(270); // row 30 in view
        assertEquals(List.of(), node.calls);
        m.fetchTop();
        assertEquals(1, node.calls.stream().filter("getblock"::equals).count());
        assertEquals(30, node.calls.stream().filter("getblockhash"::equals).count(), "299…270: every row in view");
        node.calls.clear();
        m.want(240); // no tip since: its own batch (200…249; 240 is not in flight)
        assertEquals(BlocksModel.BATCH, node.calls.stream().filter("getblockhash"::equals).count());
    }

    /**
     * Tips faster than catch-ups replace row 0 only (the table draws one row again); the next fetchTop adds the
     * heights between under it in one change; after a quiet gap a tip moves the whole list at once.
     */
    @Test
    void fastTipsReplaceTheTopRowAndTheListCatchesUpInOneChange() {
        long[] now = {0};
        BlocksModel m = new BlocksModel(() -> now[0]);
        FakeNodeNeverAnswering node = new FakeNodeNeverAnswering();
        BlocksService service = new BlocksService(node);
        List<String> changes = new ArrayList<>();
        m.rows().addListener((javafx.collections.ListChangeListener<BlockRow>) c -> {
            while (c.next()) {
                changes.add(c.wasReplaced() ? "set " + c.getFrom() + ".." + c.getTo()
                        : c.wasAdded() ? "add " + c.getFrom() + ".." + c.getTo()
                        : c.wasRemoved() ? "remove " + c.getFrom() + " x" + c.getRemovedSize() : "update " + c.getFrom());
            }
        });
        m.showTip(service, org.bitcoinfx.gui.util.TaskScope.ALWAYS, ref(100, 1));
        assertEquals(List.of("add 0..101"), changes);
        changes.clear();

        now[0] += 20_000_000; // 20 ms later
        m.showTip(service, org.bitcoinfx.gui.util.TaskScope.ALWAYS, ref(110, 2));
        assertEquals(List.of("add 0..1"), changes, "the live row on top, nothing below moves");
        assertTrue(m.rows().get(0) == BlocksModel.LIVE);
        assertEquals(110, m.liveTipProperty().get().height());
        assertEquals(ref(110, 2).hashHex(), m.resolve(m.rows().get(0)).hash());
        assertEquals(List.of(100, 99), m.rows().subList(1, 3).stream().map(BlockRow::height).toList());
        assertEquals(102, m.rows().size());
        assertEquals(0, m.indexOf(110));
        assertEquals(1, m.indexOf(100));
        assertEquals(-1, m.indexOf(105), "between the list and the tip: no row yet");
        changes.clear();

        now[0] += 20_000_000;
        m.showTip(service, org.bitcoinfx.gui.util.TaskScope.ALWAYS, ref(125, 3));
        assertEquals(List.of(), changes, "a faster tip changes the live row's values only: the list does not change");
        assertEquals(125, m.liveTipProperty().get().height());
        assertEquals(ref(125, 3).hashHex(), m.liveTipProperty().get().hash());

        m.fetchTop();
        assertEquals(1, changes.size(), "the catch-up is one change: " + changes);
        assertEquals(List.of(), node.calls, "tips come fast (a sync): the top's rows wait for settle, no call takes the node's cs_main");
        assertEquals(126, m.rows().size());
        for (int i = 0; i < m.rows().size(); i++) {
            assertEquals(125 - i, m.rows().get(i).height());
        }
        m.settle();
        assertEquals(1, node.calls.stream().filter("getblock"::equals).count(), "settled: the tip's row by its hash");
        assertEquals(BlocksModel.INITIAL - 1, node.calls.stream().filter("getblockhash"::equals).count(), "and the rows below it");
        changes.clear();

        now[0] += BlocksModel.DETAILS_GAP_MS * 1_000_000;
        m.showTip(service, org.bitcoinfx.gui.util.TaskScope.ALWAYS, ref(127, 4));
        assertEquals(List.of("add 0..2"), changes, "after a quiet gap the list moves with the tip at once");
        assertEquals(List.of(127, 126, 125), m.rows().subList(0, 3).stream().map(BlockRow::height).toList());
    }

    /**
     * A sync ({@link BlocksModel#SYNC_TIPS} fast tips in a row): the list catches up at most every
     * {@link BlocksModel#SYNC_CATCH_UP_MS}, however often fetchTop is called; a pair of blocks is not a sync.
     */
    @Test
    void duringASyncTheListCatchesUpEveryFewSeconds() {
        long[] now = {0};
        BlocksModel m = new BlocksModel(() -> now[0]);
        BlocksService service = new BlocksService(new FakeNodeNeverAnswering());
        List<Integer> tops = new ArrayList<>();
        m.rows().addListener((javafx.collections.ListChangeListener<BlockRow>) c -> {
            if (m.rows().get(0) != BlocksModel.LIVE) {
                tops.add(m.rows().get(0).height());
            }
        });
        m.showTip(service, org.bitcoinfx.gui.util.TaskScope.ALWAYS, ref(100, 1));
        int h = 100;
        // 100 ms apart (the tip watcher's pace in a sync), fetchTop once a second (the page's coalescer)
        for (int i = 1; i <= 120; i++) {
            now[0] += 100_000_000L;
            h += 50;
            m.showTip(service, org.bitcoinfx.gui.util.TaskScope.ALWAYS, ref(h, i + 1));
            if (i % 10 == 0) {
                m.fetchTop();
            }
        }
        // 12 s of tips: the first second catches up like any pair of blocks, then at most every 5 s
        assertTrue(tops.size() <= 5, "catch-ups in 12 s of sync: " + tops);
        assertTrue(tops.size() >= 2, "the list still catches up during the sync: " + tops);
        for (int i = 1; i < tops.size(); i++) {
            assertTrue(tops.get(i) > tops.get(i - 1));
        }
        // tips stop: settle catches the list up to the tip
        now[0] += BlocksModel.DETAILS_GAP_MS * 1_000_000;
        m.settle();
        assertEquals(h, m.rows().get(0).height());
    }
}
