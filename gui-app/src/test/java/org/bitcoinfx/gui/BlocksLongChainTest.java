package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import org.bitcoinfx.gui.blocks.BlockRow;
import org.bitcoinfx.gui.blocks.BlocksModel;
import org.bitcoinfx.gui.blocks.BlocksPage;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Blocks page on a chain of 10,000+ blocks (FakeNode, {@code generate(10_000)}): a row per height, the
 * rows' details fetched only as they come into view (a placeholder until then), a jump to a height or a hash
 * scrolls the table to its row, and scrolling through thousands of rows keeps the rows with details bounded
 * ({@link BlocksModel#MAX_DETAILED}).
 */
class BlocksLongChainTest extends AppTestBase {
    static final int BLOCKS = 10_000;

    @SuppressWarnings("unchecked")
    private TableView<BlockRow> table() {
        return lookup("#blocks-table").queryAs(TableView.class);
    }

    private BlocksModel model() {
        return ((BlocksPage) app.mainWindow().currentPage()).model();
    }

    /** The table row shown at {@code index}, if one is in view (on the FX thread). */
    @SuppressWarnings("unchecked")
    private Optional<BlockRow> shownAt(int index) {
        return table().lookupAll(".table-row-cell").stream().map(n -> (TableRow<BlockRow>) n)
                .filter(r -> r.isVisible() && r.getIndex() == index && r.getItem() != null).map(TableRow::getItem).findFirst();
    }

    @SuppressWarnings("unchecked")
    private String shown() {
        return table().lookupAll(".table-row-cell").stream().map(n -> (TableRow<BlockRow>) n).filter(TableRow::isVisible)
                .map(r -> r.getIndex() + (r.getItem() == null ? "null" : r.getItem().pending() ? "p" : "")).toList().toString();
    }

    private long calls(String method) {
        return backend.client().rpcCalls().stream().filter(method::equals).count();
    }

    private String nodeHash(int height) {
        return backend.node().rpc(null, "getblockhash", height).asText();
    }

    @Test
    void scrollsLazilyJumpsAndKeepsDetailsBounded() throws Exception {
        waitReady();
        int tip = backend.node().generate(BLOCKS).height();
        showPage("Blocks");
        waitUntil(60, () -> table().getItems().size() == tip + 1 && !table().getItems().get(0).pending()
                && app.context().session().tipWatcher().tipProperty().get().height() == tip);
        // lazy: the rows far below are placeholders, and nothing was asked for them
        BlockRow far = WaitForAsyncUtils.asyncFx(() -> table().getItems().get(tip - 5_000)).get();
        assertEquals(5_000, far.height());
        assertTrue(far.pending(), "a placeholder until it comes into view");
        waitUntil(60, () -> shownAt(0).map(r -> !r.pending()).orElse(false));
        long getblocks = calls("getblock");
        assertTrue(getblocks < 3 * BlocksModel.BATCH, "only the rows in view and below the tip: " + getblocks + " getblock calls for " + (tip + 1) + " rows");

        // scroll through thousands of rows: each screen fills in, the rows with details stay bounded
        int maxDetailed = 0;
        for (int index = 250; index <= 9_250; index += 300) {
            int i = index;
            interact(() -> table().scrollTo(i));
            waitUntil(60, () -> shownAt(i).map(r -> !r.pending()).orElse(false) && shownAt(i + 5).map(r -> !r.pending()).orElse(false));
            BlockRow r = WaitForAsyncUtils.asyncFx(() -> shownAt(i).orElseThrow()).get();
            assertEquals(tip - i, r.height());
            assertEquals(nodeHash(tip - i), r.hash(), "the row is the node's block at its height");
            int held = WaitForAsyncUtils.asyncFx(() -> model().detailedCount()).get();
            maxDetailed = Math.max(maxDetailed, held);
            assertTrue(held <= BlocksModel.MAX_DETAILED, "rows with details held: " + held);
        }
        System.out.printf("scrolled %,d rows of %,d: at most %d rows with details held (bound %d); %,d getblock calls%n",
                9_000, tip + 1, maxDetailed, BlocksModel.MAX_DETAILED, calls("getblock"));
        assertTrue(calls("getblock") < tip, "not every block was fetched: " + calls("getblock"));

        // jump by height: the table scrolls to its row, which shows the block found
        findBlock("1234");
        waitText("#block-found-title", "Block 1,234");
        int at = tip - 1234;
        try {
            waitUntil(60, () -> model().jumpToProperty().get() == at && shownAt(at).map(r -> !r.pending()).orElse(false));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("jumpTo " + WaitForAsyncUtils.asyncFx(() -> model().jumpToProperty().get()).get() + " (want " + at + "), rows in view "
                    + WaitForAsyncUtils.asyncFx(() -> shown()).get(), e);
        }
        BlockRow jumped = WaitForAsyncUtils.asyncFx(() -> shownAt(at).orElseThrow()).get();
        assertEquals(1234, jumped.height());
        assertEquals(nodeHash(1234), jumped.hash());
        assertEquals(1234, WaitForAsyncUtils.asyncFx(() -> table().getSelectionModel().getSelectedItem().height()).get(), "selected");

        String shots = System.getProperty("bitcoinfx.test.blocksShots");
        if (shots != null) { // -Dbitcoinfx.test.blocksShots=DIR: the table after a jump
            var img = WaitForAsyncUtils.asyncFx(() -> app.root().snapshot(null, null)).get();
            java.nio.file.Path png = java.nio.file.Files.createDirectories(java.nio.file.Path.of(shots)).resolve("blocks-jump.png");
            javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(img, null), "png", png.toFile());
        }

        // jump by hash, near the tip again
        String hash77 = nodeHash(tip - 77);
        findBlock(hash77);
        waitUntil(60, () -> model().jumpToProperty().get() == 77 && shownAt(77).map(r -> hash77.equals(r.hash())).orElse(false));
        assertFalse(WaitForAsyncUtils.asyncFx(() -> model().detailedCount() > BlocksModel.MAX_DETAILED).get());

        // a new block: a row on top, the rows below keep their heights
        int newTip = backend.generate(1).height();
        waitUntil(60, () -> table().getItems().size() == newTip + 1 && table().getItems().get(0).height() == newTip);
        assertEquals(0, WaitForAsyncUtils.asyncFx(() -> table().getItems().get(newTip).height()).get(), "genesis at the bottom");
    }
}
