package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import org.bitcoinfx.gui.blocks.BlockRow;
import org.bitcoinfx.gui.mining.MineResult;
import org.bitcoinfx.gui.mining.MiningPage;
import org.bitcoinfx.gui.mining.TemplateChange;
import org.bitcoinfx.gui.mining.TemplateTx;
import org.bitcoinfx.gui.util.Units;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Mining page against the fake node: the template inspector (transactions with fee, sigops,
 * weight; coinbase fields; header), live replacement by waitNext when fees rise by the threshold,
 * checkBlock, a bad payout address (no submit), mining a block (the tip advances and Blocks shows
 * it) and a rejected solution with the node's reason.
 */
class MiningPageTest extends AppTestBase {
    private MiningPage page() {
        return (MiningPage) app.mainWindow().pages().stream().filter(p -> p instanceof MiningPage).findFirst().orElseThrow();
    }

    /** @return a label's text, "" for none (a label cleared to null is empty, not a failed wait) */
    private String label(String id) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> java.util.Objects.toString(lookup(id).queryAs(Label.class).getText(), "")).get();
    }

    private void setText(String id, String text) {
        interact(() -> lookup(id).queryAs(TextField.class).setText(text));
    }

    @Test
    void inspectFollowMineAndReject() throws Exception {
        waitReady();
        backend.node().seedMempool(4);
        showPage("Mining");
        @SuppressWarnings("unchecked")
        TableView<TemplateTx> txs = lookup("#mining-txs").queryAs(TableView.class);
        waitUntil(() -> txs.getItems().size() == 4);
        assertEquals(java.util.Set.copyOf(backend.node().mempoolTxids()), java.util.Set.copyOf(rows(txs).stream().map(TemplateTx::txid).toList()));
        java.util.List<String> gbt = new java.util.ArrayList<>();
        backend.node().rpc(null, "getblocktemplate", java.util.Map.of("rules", java.util.List.of("segwit"))).path("transactions")
                .forEach(t -> gbt.add(t.path("txid").asText()));
        assertEquals(gbt, WaitForAsyncUtils.asyncFx(() -> txs.getItems().stream()
                .sorted(java.util.Comparator.comparingInt(t -> page().viewModel().positionOf(t.txid()))).map(TemplateTx::txid).toList()).get(),
                "the # column is the position in getblocktemplate's order");
        MiningTableChecks.assertSortedByFeeRate(MiningTableChecks.rows(txs));
        assertTrue(rows(txs).stream().allMatch(t -> t.feeSat() > 0 && t.sigops() == 1 && t.weight() > 0));
        waitText("#mining-height", "21");
        long fees = rows(txs).stream().mapToLong(TemplateTx::feeSat).sum();
        assertEquals(Units.sat(fees), label("#mining-fees"));
        assertEquals("2", label("#cb-version"));
        assertEquals("0xfffffffe (4,294,967,294)", label("#cb-sequence"));
        assertTrue(label("#cb-prefix").startsWith("0115"), "BIP34 push of 21: " + label("#cb-prefix"));
        assertTrue(label("#cb-witness").startsWith("0".repeat(64)));
        assertTrue(label("#cb-reward").startsWith(Units.btc(50 * Units.COIN + fees)));
        assertTrue(label("#cb-required-0").contains("witness commitment"));
        assertEquals("20", label("#cb-locktime"));
        assertEquals("0x207fffff", label("#hdr-bits"));
        assertEquals(backend.node().state().chain().tip().hashHex(), label("#hdr-prev"));

        // live: fees rising by the threshold bring a new template, logged with the reason
        setText("#mining-threshold", "1");
        interact(() -> lookup("#mining-threshold").queryAs(TextField.class).getOnAction().handle(null));
        backend.node().seedMempool(1);
        waitUntil(() -> txs.getItems().size() == 5);
        List<TemplateChange> changes = WaitForAsyncUtils.asyncFx(() -> List.copyOf(page().viewModel().changes())).get();
        assertTrue(changes.get(0).reason().startsWith("Fees +"), changes.get(0).reason());
        assertEquals("waitNext", changes.get(0).source());
        assertEquals(5, changes.get(0).txCount());
        // the log shows the newest entry first and whole, and entries apart (padding and a rule between them)
        waitUntil(() -> {
            var list = lookup("#mining-changes").query();
            var lb = list.localToScene(list.getBoundsInLocal());
            return lookup("#mining-changes .template-change").queryAll().stream()
                    .map(n -> (javafx.scene.control.ListCell<?>) n)
                    .filter(c -> c.getIndex() == 0 && !c.isEmpty() && c.isVisible())
                    .anyMatch(c -> {
                        var cb = c.localToScene(c.getBoundsInLocal());
                        return cb.getMinY() >= lb.getMinY() - 0.5 && cb.getMaxY() <= lb.getMaxY() + 0.5
                                && c.getPadding().getTop() >= 6 && c.getPadding().getBottom() >= 6
                                && c.getBorder() != null && c.getBorder().getStrokes().get(0).getWidths().getBottom() >= 1
                                && ((javafx.scene.control.Label) c.lookup(".text-bold")).getText().startsWith("Fees +");
                    });
        });

        // sorted by # (the block's order), the table follows the positions of the next template too
        interact(() -> {
            var pos = txs.getColumns().get(0);
            pos.setSortType(javafx.scene.control.TableColumn.SortType.ASCENDING);
            txs.getSortOrder().setAll(List.of(pos));
        });
        backend.node().seedMempool(1);
        waitUntil(() -> txs.getItems().size() == 6);
        java.util.List<String> order = new java.util.ArrayList<>();
        backend.node().rpc(null, "getblocktemplate", java.util.Map.of("rules", java.util.List.of("segwit"))).path("transactions")
                .forEach(t -> order.add(t.path("txid").asText()));
        waitUntil(() -> order.equals(txs.getItems().stream().map(TemplateTx::txid).toList()));

        // a bad payout address: the node says why (validateaddress) and nothing is submitted
        setText("#mining-payout", "not-an-address");
        clickOn("#mining-mine");
        waitUntil(() -> label("#mining-error").startsWith("not a valid address"));
        assertTrue(backend.node().submittedBlocks().isEmpty());

        // a payout address from the wallet, checkBlock, then mine
        clickOn("#mining-payout-new");
        waitUntil(() -> lookup("#mining-payout").queryAs(TextField.class).getText().startsWith("bcrt1q"));
        clickOn("#mining-check");
        waitUntil(() -> label("#mining-result").startsWith("checkBlock: the template with our coinbase is valid"));
        clickOn("#mining-mine");
        waitUntil(() -> page().viewModel().lastMineProperty().get() != null);
        MineResult r = page().viewModel().lastMineProperty().get();
        assertTrue(r.result().valid(), r.result().reason());
        assertEquals(21, r.height());
        assertEquals(List.of(r.blockHash()), backend.node().submittedBlocks());
        assertEquals(r.blockHash(), backend.node().state().chain().tip().hashHex());
        assertTrue(label("#mining-result").startsWith("Block 21 accepted: " + r.blockHash()));
        assertTrue(backend.node().mempoolTxids().isEmpty(), "the block took the mempool");
        // the live template moves to the new tip
        waitText("#mining-height", "22");
        waitUntil(() -> page().viewModel().changes().get(0).reason().equals("New tip 21")
                && page().viewModel().changes().get(0).source().equals("waitNext"));
        assertEquals(0, txs.getItems().size());

        // Blocks shows it
        showPage("Blocks");
        @SuppressWarnings("unchecked")
        TableView<BlockRow> blocks = lookup("#blocks-table").queryAs(TableView.class);
        // the row is there at once as a placeholder (height and hash), its details when the page's batch is back
        waitUntil(() -> !blocks.getItems().isEmpty() && blocks.getItems().get(0).height() == 21 && !blocks.getItems().get(0).pending());
        BlockRow top = org.testfx.util.WaitForAsyncUtils.asyncFx(() -> blocks.getItems().get(0)).get();
        assertEquals(r.blockHash(), top.hash());
        assertEquals(7, top.txCount(), "coinbase and the six mempool transactions");

        // live off, the tip moves elsewhere: the stale template's solution is rejected with the node's reason
        showPage("Mining");
        clickOn("#mining-live");
        waitUntil(() -> !page().viewModel().liveProperty().get());
        backend.generate(1);
        clickOn("#mining-mine");
        waitUntil(() -> label("#mining-result").equals(
                "The node kept the block but did not make it the tip: another block on the same parent came first (inconclusive)."));
        assertFalse(page().viewModel().lastMineProperty().get().result().valid());
        assertEquals(1, backend.node().submittedBlocks().size());
    }
}
