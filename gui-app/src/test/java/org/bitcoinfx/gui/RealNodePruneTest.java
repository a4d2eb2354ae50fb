package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.gui.blocks.BlockRow;
import org.bitcoinfx.gui.blocks.BlocksService;
import org.bitcoinfx.gui.settings.Theme;
import org.bitcoinfx.gui.status.StatusPage;
import org.bitcoinfx.gui.status.StatusViewModel;
import org.bitcoinfx.gui.status.SyncState;
import org.bitcoinfx.gui.util.Units;
import org.bitcoinfx.ipc.JsonRpcException;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.node.net.ChainSpec;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Pruning on a real node (#15, "Pruning"): the app's node runs with {@code -prune=1 -fastprune} (the Settings'
 * extra arguments, with the storage setting's pruning off: {@code NodeConfig} refuses two {@code -prune}s) and
 * syncs the suite's 1,000-block chain from two peers ({@link RegtestNetworkAppTest}).
 * <p>Why by hand: {@code -fastprune} (regtest only) makes 16 KiB block files and lets pruning start after
 * block 100, but it does not lower Bitcoin Core's smallest automatic target, 550 MiB
 * ({@code src/node/blockmanager_args.cpp}); the chain's blocks take a few MB, so a target never prunes
 * anything. {@code -prune=1} with {@code pruneblockchain} (typed in the app's Console, as a user would) prunes
 * at once and deterministically: every block file whose blocks all lie at or below the height given, keeping
 * the last 288 blocks ({@code MIN_BLOCKS_TO_KEEP}).
 * <ul>
 * <li>Status' Storage card says the node prunes by hand, "Nothing pruned yet", then, after
 *     {@code pruneblockchain 700}, "Blocks below N pruned" with N the node's {@code pruneheight} (the first
 *     block kept; the RPC answered N - 1, the last block pruned), and the disk used;</li>
 * <li>the node answers {@code getblock} for block 1 with {@link BlocksService#PRUNED_MESSAGE} (code -1), and
 *     Blocks' find shows block 1 and block N - 1 as pruned, with their header's hash (the peers'), time and
 *     transactions; block N as stored.</li>
 * </ul>
 * With {@code -Dbitcoinfx.test.pruneShots=DIR} it saves the Storage card, light and dark
 * ({@code light-status-storage-pruned.png}, {@code dark-…}). Skipped, saying why, without {@code BITCOIN_NODE}.
 */
class RealNodePruneTest extends RegtestNetworkAppTest {
    /** The height given to {@code pruneblockchain}: well below the tip less the 288 blocks kept. */
    static final int PRUNE_TO = 700;

    @Override
    ChainSpec spec() {
        return SUITE_CHAIN;
    }

    @Override
    String appArgs() {
        return "-prune=1 -fastprune";
    }

    @Test
    void prunedBlocksShowInStatusAndBlocksAsPruned() throws Exception {
        String best = peersBestHash();
        StatusViewModel vm = page(StatusPage.class, "Status").viewModel();
        NodeClient client = awaitClient();
        waitUntil(600, () -> vm.stateProperty().get() == SyncState.SYNCED && best.equals(vm.tipHashProperty().get()));
        int tip = vm.blocksProperty().get();

        // 1. pruning by hand, nothing pruned yet
        waitUntil(60, () -> vm.prunedProperty().get() && vm.pruneHeightProperty().get() == 0);
        assertFalse(vm.automaticPruningProperty().get());
        assertEquals(-1, vm.pruneTargetSizeProperty().get());
        waitText("#storage-mode", "Pruned by hand (-prune=1, pruneblockchain)");
        waitText("#prune-height", "Nothing pruned yet");

        // 2. prune from the Console, as a user would
        showPage("Console");
        javafx.scene.control.Label answer = consoleEntry("pruneblockchain " + PRUNE_TO, 120);
        assertFalse(answer.getStyleClass().contains("console-error"), answer.getText());
        int lastPruned = Integer.parseInt(answer.getText().trim());
        assertTrue(lastPruned > 0 && lastPruned <= PRUNE_TO, "pruneblockchain " + PRUNE_TO + " answered " + lastPruned);
        JsonNode info = call(client, "getblockchaininfo");
        int pruneHeight = info.path("pruneheight").asInt();
        assertEquals(lastPruned + 1, pruneHeight, "pruneheight is the first block kept: " + info);

        // 3. Status' Storage card
        showPage("Status");
        waitUntil(60, () -> vm.pruneHeightProperty().get() == pruneHeight);
        waitText("#prune-height", "Blocks below " + Units.number(pruneHeight) + " pruned");
        assertEquals("Pruned by hand (-prune=1, pruneblockchain)", text("#storage-mode"));
        long onDisk = call(client, "getblockchaininfo").path("size_on_disk").asLong();
        waitUntil(60, () -> vm.sizeOnDiskProperty().get() == onDisk);
        assertEquals(Units.bytes(vm.sizeOnDiskProperty().get()) + " on disk", text("#size-on-disk"));
        System.out.printf("pruneblockchain %d on a %,d-block chain: blocks below %,d pruned, %s on disk (%,d bytes)%n",
                PRUNE_TO, tip, pruneHeight, Units.bytes(vm.sizeOnDiskProperty().get()), vm.sizeOnDiskProperty().get());
        String shots = System.getProperty("bitcoinfx.test.pruneShots", "");
        if (!shots.isBlank()) {
            Path dir = Files.createDirectories(Path.of(shots));
            for (Theme theme : new Theme[] {Theme.LIGHT, Theme.DARK}) {
                interact(() -> app.context().settings().themeProperty().set(theme));
                WaitForAsyncUtils.waitForFxEvents();
                String name = theme.name().toLowerCase(java.util.Locale.ROOT) + "-status-storage-pruned.png";
                snapLater(dir.resolve(name), lookup("#storage-card").query()).get(30, TimeUnit.SECONDS);
            }
            interact(() -> app.context().settings().themeProperty().set(Theme.LIGHT));
        }

        // 4. the node's words for a pruned block, which BlocksService maps to a pruned row
        String hash1 = net.node(0).call("getblockhash", 1).asText();
        try {
            client.rpc().call("getblock", hash1, 1).get(60, TimeUnit.SECONDS);
            throw new AssertionError("getblock of a pruned block answered");
        } catch (ExecutionException e) {
            JsonRpcException j = (JsonRpcException) e.getCause();
            assertEquals(-1, j.code());
            assertEquals(BlocksService.PRUNED_MESSAGE, j.rpcMessage());
        }
        BlockRow row = new BlocksService(client).row(1, hash1).get(60, TimeUnit.SECONDS);
        assertTrue(row.pruned(), row.toString());
        JsonNode header = net.node(0).call("getblockheader", hash1);
        assertEquals(header.path("nTx").asInt(), row.txCount());
        assertEquals(header.path("time").asLong(), row.time());

        // 5. Blocks' find: below the pruned height "pruned" with the header's fields, from it on stored
        org.bitcoinfx.gui.blocks.BlocksPage blocks = page(org.bitcoinfx.gui.blocks.BlocksPage.class, "Blocks");
        showPage("Blocks");
        findBlock("1");
        waitText("#block-found-title", "Block 1");
        assertEquals("Pruned: this node deleted the block's data; its header is kept", text("#block-found-state"));
        assertEquals(hash1, text("#block-found-hash"));
        assertEquals(Units.localDateTime(header.path("time").asLong()) + " · " + Units.number(header.path("nTx").asInt())
                + " transactions · size, weight and fees pruned", text("#block-found-fields"));
        findBlock(String.valueOf(pruneHeight - 1));
        waitText("#block-found-title", "Block " + Units.number(pruneHeight - 1));
        assertTrue(text("#block-found-state").startsWith("Pruned"), text("#block-found-state"));
        assertEquals(net.node(0).call("getblockhash", pruneHeight - 1).asText(), text("#block-found-hash"));
        findBlock(String.valueOf(pruneHeight));
        waitText("#block-found-title", "Block " + Units.number(pruneHeight));
        assertEquals("Stored on this node", text("#block-found-state"));
        // the table has a row per height; the blocks found show there too: the one below the prune height pruned,
        // the one at it stored
        BlockRow below = WaitForAsyncUtils.asyncFx(() -> blocks.model().rows().get(blocks.model().tipHeight() - (pruneHeight - 1))).get();
        assertEquals(pruneHeight - 1, below.height());
        assertTrue(below.pruned(), below.toString());
        BlockRow at = WaitForAsyncUtils.asyncFx(() -> blocks.model().rows().get(blocks.model().tipHeight() - pruneHeight)).get();
        assertEquals(pruneHeight, at.height());
        assertTrue(!at.pruned() && !at.pending(), at.toString());
    }
}
