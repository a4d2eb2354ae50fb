package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.control.TableView;
import org.bitcoinfx.gui.blocks.BlockRow;
import org.bitcoinfx.ipc.BlockRef;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Blocks page is fed by waitTipChanged: a new block shows up at the top by push. Its find field looks a
 * block up by height or hash, and shows the node's refusal in its words (the pruned case: RealNodePruneTest).
 */
class BlocksPageTest extends AppTestBase {
    @SuppressWarnings("unchecked")
    private TableView<BlockRow> table() {
        return lookup("#blocks-table").queryAs(TableView.class);
    }

    @Test
    void generatedBlockAppearsWithinOneSecond() throws Exception {
        waitReady();
        showPage("Blocks");
        waitUntil(() -> table().getItems().size() == 21 && table().getItems().get(0).height() == 20);
        BlockRow genesis = WaitForAsyncUtils.asyncFx(() -> table().getItems().get(20)).get();
        assertEquals(0, genesis.height());

        BlockRef tip = backend.generate(1);
        waitUntil(() -> !table().getItems().isEmpty() && table().getItems().get(0).height() == 21);
        // getblock fills in the row shown from the tip (after the first tip, a second within a second counts as a
        // sync: its row is fetched once tips stop)
        waitUntil(() -> topFilled(1));
        BlockRow top = WaitForAsyncUtils.asyncFx(() -> table().getItems().get(0)).get();
        assertEquals(tip.hashHex(), top.hash());
        assertTrue(top.txCount() >= 1);
        assertTrue(top.weight() > 0);
        assertTrue(top.totalFee() >= 0, "fees from getblockstats");
        // fees in sat, as on the Mining page
        String feeText = WaitForAsyncUtils.asyncFx(() -> (String) table().getColumns().stream()
                .filter(c -> c.getText().equals("Fees")).findFirst().orElseThrow().getCellData(0)).get();
        assertEquals(org.bitcoinfx.gui.util.Units.sat(top.totalFee()), feeText);
        assertEquals(20, WaitForAsyncUtils.asyncFx(() -> table().getItems().get(1).height()).get());

        backend.generate(3); // several blocks at once: no gaps
        waitUntil(() -> table().getItems().size() == 25 && table().getItems().get(0).height() == 24
                && topFilled(25));
        for (int i = 0; i < 25; i++) {
            int row = i;
            assertEquals(24 - i, WaitForAsyncUtils.asyncFx(() -> table().getItems().get(row).height()).get());
        }
        // a burst of tips (IBD): the table ends at the new tip, contiguous, without a call per block
        long before = backend.client().rpcCalls().stream().filter(m -> m.equals("getblock")).count();
        for (int i = 0; i < 40; i++) {
            backend.generate(5);
        }
        // the tip's row comes first; the rows below catch up with the next fetch of the top (at most DETAILS_GAP_MS)
        waitUntil(() -> table().getItems().size() == 225 && table().getItems().get(0).height() == 224);
        int rows = WaitForAsyncUtils.asyncFx(() -> table().getItems().size()).get();
        for (int i = 0; i < rows; i++) {
            int row = i;
            assertEquals(224 - i, WaitForAsyncUtils.asyncFx(() -> table().getItems().get(row).height()).get());
        }
        // once tips stop, the rows in view are fetched
        waitUntil(() -> topFilled(25));
        long getblocks = backend.client().rpcCalls().stream().filter(m -> m.equals("getblock")).count() - before;
        assertTrue(getblocks < 200, "coalesced: " + getblocks + " getblock calls for 200 blocks");
        assertTrue(backend.client().rpcCalls().stream().noneMatch(m -> m.equals("getbestblockhash") || m.equals("getblockcount")),
                "the page does not poll for the tip");
    }

    /**
     * Pages fetch only while shown: a hidden Blocks page (never shown, then shown and left) makes no
     * block calls however many tips come (the sync bench measured a hidden page's fetches during a sync at
     * about a third more node CPU); shown again, it fetches the rows below the tip of that moment.
     */
    @Test
    void aHiddenBlocksPageFetchesNothingAndCatchesUpWhenShown() throws Exception {
        waitReady();
        showPage("Status");
        BlockRef first = backend.generate(3);
        waitUntil(() -> app.context().session().tipWatcher().tipProperty().get() != null
                && app.context().session().tipWatcher().tipProperty().get().height() == first.height());
        assertEquals(0, blockCalls(), "no block calls before the page was ever shown");

        showPage("Blocks");
        waitUntil(() -> !table().getItems().isEmpty() && table().getItems().get(0).height() == first.height()
                && topFilled(first.height() + 1));
        showPage("Status");
        long before = blockCalls();
        BlockRef later = null;
        for (int i = 0; i < 10; i++) {
            later = backend.generate(4);
        }
        BlockRef tip = later;
        waitUntil(() -> app.context().session().tipWatcher().tipProperty().get().height() == tip.height());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before, blockCalls(), "no block calls while hidden, for 40 blocks");

        showPage("Blocks");
        waitUntil(() -> !table().getItems().isEmpty() && table().getItems().get(0).height() == tip.height()
                && table().getItems().size() >= 25 && topFilled(25));
        int rows = WaitForAsyncUtils.asyncFx(() -> table().getItems().size()).get();
        assertEquals(tip.height() + 1, rows, "a row per height");
        for (int i = 0; i < 25; i++) {
            int row = i;
            assertEquals(tip.height() - i, WaitForAsyncUtils.asyncFx(() -> table().getItems().get(row).height()).get(), "contiguous below the tip");
        }
        assertEquals(tip.hashHex(), WaitForAsyncUtils.asyncFx(() -> table().getItems().get(0).hash()).get());
    }

    /** True if the first {@code n} rows hold their details (on the FX thread). */
    private boolean topFilled(int n) {
        var items = table().getItems();
        if (items.size() < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (items.get(i).pending()) {
                return false;
            }
        }
        return true;
    }

    private long blockCalls() {
        return backend.client().rpcCalls().stream().filter(m -> m.equals("getblock") || m.equals("getblockhash") || m.equals("getblockstats")).count();
    }

    @Test
    void findShowsABlockByHeightOrHashAndTheNodesRefusal() throws Exception {
        waitReady();
        showPage("Blocks");
        waitUntil(() -> table().getItems().size() == 21 && topFilled(21));
        assertTrue(!lookup("#block-found").query().isVisible(), "nothing found yet");
        BlockRow three = WaitForAsyncUtils.asyncFx(() -> table().getItems().get(17)).get();
        assertEquals(3, three.height());
        findBlock("3");
        waitText("#block-found-title", "Block 3");
        assertEquals(three.hash(), text("#block-found-hash"));
        assertEquals("Stored on this node", text("#block-found-state"));
        assertTrue(text("#block-found-fields").contains(org.bitcoinfx.gui.util.Units.number(three.txCount()) + " transactions"),
                text("#block-found-fields"));
        findBlock("  " + three.hash().toUpperCase(java.util.Locale.ROOT) + " ");
        waitUntil(() -> "Block 3".equals(text("#block-found-title")) && "Stored on this node".equals(text("#block-found-state")));
        findBlock("999");
        waitText("#block-found-title", "Block not found");
        assertEquals("Block height out of range", text("#block-found-state"), "the node's words");
        findBlock("tip");
        waitUntil(() -> text("#block-found-state").startsWith("Type a block height"));
        assertTrue(lookup("#block-found").query().isVisible());
    }
}
