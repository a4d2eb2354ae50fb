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
}
