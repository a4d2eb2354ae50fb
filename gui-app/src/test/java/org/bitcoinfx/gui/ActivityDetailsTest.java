package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import org.bitcoinfx.gui.blocks.BlocksPage;
import org.bitcoinfx.gui.wallet.WalletPage;
import org.bitcoinfx.gui.wallet.WalletTx;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Activity's details of a selected transaction against the fake node: txid and wtxid with copy buttons, sizes in vB
 * and WU, the outputs with the wallet's own marked, and the block as a link that opens it on the Blocks page.
 */
class ActivityDetailsTest extends AppTestBase {
    private WalletPage page() {
        return (WalletPage) app.mainWindow().pages().stream().filter(p -> p instanceof WalletPage).findFirst().orElseThrow();
    }

    private String label(String id) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> lookup(id).tryQuery().map(n -> ((Label) n).getText()).orElse("")).get();
    }

    /** Shows demo's Activity once it lists the coinbases of three blocks mined to it. @return its table */
    private TableView<WalletTx> activityOfThreeBlocks() throws Exception {
        waitReady();
        showPage("Wallet");
        waitUntil(() -> "demo".equals(page().viewModel().selectedProperty().get()));
        backend.node().generateToWallet("demo", 3);
        interact(() -> page().showTab("Activity"));
        @SuppressWarnings("unchecked")
        TableView<WalletTx> table = lookup("#activity-table").queryAs(TableView.class);
        waitUntil(() -> table.getItems().size() >= 3);
        return table;
    }

    @Test
    void detailsLinkToTheBlock() throws Exception {
        TableView<WalletTx> table = activityOfThreeBlocks();
        WalletTx row = WaitForAsyncUtils.asyncFx(() -> table.getItems().get(0)).get();
        interact(() -> table.getSelectionModel().select(0));
        waitUntil(() -> row.txid().equals(label("#detail-txid")));
        assertTrue(lookup("#detail-copy-txid").tryQuery().isPresent() && lookup("#detail-copy-wtxid").tryQuery().isPresent());
        assertTrue(label("#detail-size").matches("[0-9,]+ vB  ·  [0-9,]+ WU  ·  .+"), label("#detail-size"));
        assertEquals("coinbase", label("#detail-inputs"));
        assertTrue(label("#detail-outputs").startsWith("#0  50.00000000 BTC  ") && label("#detail-outputs").contains("(this wallet"),
                label("#detail-outputs"));
        String link = WaitForAsyncUtils.asyncFx(() -> lookup("#detail-block").queryAs(Hyperlink.class).getText()).get();
        String hash = link.substring(link.lastIndexOf(' ') + 1);
        assertTrue(hash.matches("[0-9a-f]{64}"), link);

        interact(() -> lookup("#detail-block").queryAs(Hyperlink.class).fire());
        waitUntil(() -> "Blocks".equals(app.mainWindow().currentPage().title()));
        BlocksPage blocks = (BlocksPage) app.mainWindow().currentPage();
        waitUntil(() -> blocks.model().foundProperty().get() != null && hash.equals(blocks.model().foundProperty().get().hash()));
        assertEquals(hash, WaitForAsyncUtils.asyncFx(() -> lookup("#block-find").queryAs(TextField.class).getText()).get());
    }

    /** The details of an earlier selection, answered last, are not shown over the selected row's. */
    @Test
    void anEarlierSelectionsAnswerDoesNotReplaceTheSelectedRowsDetails() throws Exception {
        TableView<WalletTx> table = activityOfThreeBlocks();
        var client = backend.client();
        client.holdRpc("gettransaction");
        long asked = client.rpcCount("gettransaction");
        WalletTx first = WaitForAsyncUtils.asyncFx(() -> table.getItems().get(0)).get();
        interact(() -> table.getSelectionModel().select(0));
        waitUntil(() -> client.rpcCount("gettransaction") > asked && client.answered("gettransaction") == client.rpcCount("gettransaction"));
        var old = client.stopHoldingNewRpc("gettransaction");
        WalletTx second = WaitForAsyncUtils.asyncFx(() -> table.getItems().get(1)).get();
        assertTrue(!first.txid().equals(second.txid()), "two transactions");
        interact(() -> table.getSelectionModel().select(1));
        waitUntil(() -> second.txid().equals(label("#detail-txid")));
        old.complete(null); // the first row's details come now
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(second.txid(), label("#detail-txid"), "the selected row's details stay");
    }
}
