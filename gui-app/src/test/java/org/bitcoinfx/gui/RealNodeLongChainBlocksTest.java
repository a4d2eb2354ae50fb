package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import org.bitcoinfx.gui.blocks.BlockRow;
import org.bitcoinfx.gui.blocks.BlocksModel;
import org.bitcoinfx.gui.blocks.BlocksPage;
import org.bitcoinfx.gui.settings.Settings;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.node.net.ChainCache;
import org.bitcoinfx.node.net.ChainSpec;
import org.bitcoinfx.node.net.RegtestNetwork;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Blocks page on a real node holding the cached 5,000-block economy chain ({@link ChainSpec#economy}(5000, 5,
 * 100), copied into the app's datadir before it starts; no peers): a row per height, a jump to a height scrolls
 * the table to its row, and the row (height, hash, time, transactions, size, weight, fees) is the node's block.
 * Skipped, saying why, without {@code BITCOIN_NODE}.
 */
class RealNodeLongChainBlocksTest extends RealNetworkAppTest {
    static final ChainSpec CHAIN = ChainSpec.economy(5000, 5, 100);

    @Override
    void customize(Settings s) {
        s.extraArgsProperty().set("-connect=0");
    }

    @Override
    void beforeLaunch() throws Exception {
        ChainCache.defaultCache().obtain(CHAIN, RegtestNetwork.nodeBinaryOrSkip()).copyInto(tmp.resolve("datadir"), false);
    }

    @SuppressWarnings("unchecked")
    private TableView<BlockRow> table() {
        return lookup("#blocks-table").queryAs(TableView.class);
    }

    @SuppressWarnings("unchecked")
    private Optional<BlockRow> shownAt(int index) {
        return table().lookupAll(".table-row-cell").stream().map(n -> (TableRow<BlockRow>) n)
                .filter(r -> r.isVisible() && r.getIndex() == index && r.getItem() != null).map(TableRow::getItem).findFirst();
    }

    @Test
    void jumpsToAHeightAndTheRowIsTheNodesBlock() throws Exception {
        NodeClient client = awaitClient();
        int tip = call(client, "getblockcount").asInt();
        assertEquals(5000, tip, "the cached chain");
        BlocksPage page = page(BlocksPage.class, "Blocks");
        showPage("Blocks");
        waitUntil(NODE_WAIT, () -> table().getItems().size() == tip + 1 && !table().getItems().get(0).pending());

        for (int height : new int[] {1234, 4321, 101}) {
            findBlock(String.valueOf(height));
            int at = tip - height;
            waitUntil(NODE_WAIT, () -> page.model().jumpToProperty().get() == at && shownAt(at).map(r -> !r.pending()).orElse(false));
            BlockRow row = WaitForAsyncUtils.asyncFx(() -> shownAt(at).orElseThrow()).get();
            String hash = call(client, "getblockhash", height).asText();
            JsonNode block = call(client, "getblock", hash, 1);
            assertEquals(height, row.height());
            assertEquals(hash, row.hash());
            assertEquals(block.path("time").asLong(), row.time());
            assertEquals(block.path("nTx").asInt(), row.txCount());
            assertEquals(block.path("size").asLong(), row.size());
            assertEquals(block.path("weight").asLong(), row.weight());
            assertEquals(call(client, "getblockstats", hash, java.util.List.of("totalfee")).path("totalfee").asLong(), row.totalFee());
            // its neighbours in view came with it, in order
            BlockRow below = WaitForAsyncUtils.asyncFx(() -> shownAt(at + 1)).get().orElseThrow();
            assertEquals(height - 1, below.height());
        }
        int held = WaitForAsyncUtils.asyncFx(() -> page.model().detailedCount()).get();
        assertTrue(held <= BlocksModel.MAX_DETAILED, "rows with details: " + held);
        System.out.printf("real node, %,d blocks: three jumps, %d rows with details held%n", tip + 1, held);
    }
}
