package org.bitcoinfx.gui.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.bitcoinfx.gui.node.NodeStatus;
import org.bitcoinfx.node.NodeState;
import org.junit.jupiter.api.Test;

class StatusViewModelTest {
    private static final ObjectMapper M = new ObjectMapper();

    @Test
    void statesFollowNodeAndChain() throws Exception {
        StatusViewModel vm = new StatusViewModel();
        vm.applyNodeStatus(NodeStatus.of(NodeState.STARTING, "Loading block index…"));
        assertEquals(SyncState.STARTING, vm.stateProperty().get());
        assertEquals("Loading block index…", vm.detailProperty().get());
        vm.applyNodeStatus(NodeStatus.of(NodeState.CONNECTING, ""));
        assertEquals(SyncState.CONNECTING, vm.stateProperty().get());
        vm.applyNodeStatus(NodeStatus.of(NodeState.READY, ""));
        vm.setConnected(true);
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        vm.applyBlockchainInfo(BlockchainInfo.parse(M.readTree("{\"chain\":\"main\",\"blocks\":500000,\"headers\":900000,\"verificationprogress\":0.40,"
                + "\"initialblockdownload\":true,\"time\":1500000000}")), t);
        assertEquals(SyncState.SYNCING, vm.stateProperty().get());
        assertEquals(500000.0 / 900000, vm.blockFraction(), 1e-9);
        vm.applyBlockchainInfo(BlockchainInfo.parse(M.readTree("{\"chain\":\"main\",\"blocks\":510000,\"headers\":900000,\"verificationprogress\":0.50,"
                + "\"initialblockdownload\":true,\"time\":1500000000}")), t.plusSeconds(100));
        assertNotNull(vm.timeLeftProperty().get());
        assertEquals(500, vm.timeLeftProperty().get().toSeconds(), "0.1 verified per 100 s, 0.5 left");
        vm.applyBlockchainInfo(BlockchainInfo.parse(M.readTree("{\"chain\":\"main\",\"blocks\":900000,\"headers\":900000,\"verificationprogress\":0.99999,"
                + "\"initialblockdownload\":false,\"time\":1500000000}")), t.plusSeconds(200));
        assertEquals(SyncState.SYNCED, vm.stateProperty().get());
        vm.applyNetworkInfo(NetworkInfo.parse(M.readTree("{\"connections\":0,\"networkactive\":false}")));
        assertEquals(SyncState.PAUSED, vm.stateProperty().get());
        vm.applyNodeStatus(NodeStatus.crashed(1, java.util.List.of("boom")));
        assertEquals(SyncState.ERROR, vm.stateProperty().get());
    }

    @Test
    void theStorageFiguresFollowTheNodesPruneMode() throws Exception {
        StatusViewModel vm = new StatusViewModel();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        vm.applyBlockchainInfo(BlockchainInfo.parse(M.readTree("{\"chain\":\"regtest\",\"blocks\":1000,\"headers\":1000,"
                + "\"size_on_disk\":900000,\"pruned\":false}")), t);
        assertEquals(false, vm.prunedProperty().get());
        assertEquals(-1, vm.pruneHeightProperty().get());
        assertEquals(-1, vm.pruneTargetSizeProperty().get());
        assertEquals("Full node: every block kept", StatusPage.storageMode(false, -1));
        assertEquals("", StatusPage.prunedBlocks(false, -1));
        // -prune=1 -fastprune, after pruneblockchain
        vm.applyBlockchainInfo(BlockchainInfo.parse(M.readTree("{\"chain\":\"regtest\",\"blocks\":1000,\"headers\":1000,"
                + "\"size_on_disk\":180224,\"pruned\":true,\"pruneheight\":713,\"automatic_pruning\":false}")), t.plusSeconds(1));
        assertEquals(true, vm.prunedProperty().get());
        assertEquals(713, vm.pruneHeightProperty().get());
        assertEquals(false, vm.automaticPruningProperty().get());
        assertEquals(-1, vm.pruneTargetSizeProperty().get());
        assertEquals(180224, vm.sizeOnDiskProperty().get());
        assertEquals("Pruned by hand (-prune=1, pruneblockchain)", StatusPage.storageMode(true, vm.pruneTargetSizeProperty().get()));
        assertEquals("Blocks below " + org.bitcoinfx.gui.util.Units.number(713) + " pruned", StatusPage.prunedBlocks(true, 713));
        // -prune=550, nothing pruned yet
        vm.applyBlockchainInfo(BlockchainInfo.parse(M.readTree("{\"chain\":\"regtest\",\"blocks\":10,\"headers\":10,"
                + "\"size_on_disk\":3000,\"pruned\":true,\"pruneheight\":0,\"automatic_pruning\":true,\"prune_target_size\":576716800}")),
                t.plusSeconds(2));
        assertEquals(0, vm.pruneHeightProperty().get());
        assertEquals(576716800L, vm.pruneTargetSizeProperty().get());
        assertEquals("Pruned to " + org.bitcoinfx.gui.util.Units.bytes(576716800L) + " (-prune=550)", StatusPage.storageMode(true, 576716800L));
        assertEquals("Nothing pruned yet", StatusPage.prunedBlocks(true, 0));
    }

    @Test
    void aFreshNodeWithNothingToDownloadIsConnectingToPeersThenWaitingNotSyncing() throws Exception {
        StatusViewModel vm = new StatusViewModel();
        vm.applyNodeStatus(NodeStatus.of(NodeState.READY, ""));
        vm.setConnected(true);
        // a fresh regtest node: genesis only, in IBD (old tip), no headers beyond it
        vm.applyBlockchainInfo(BlockchainInfo.parse(M.readTree("{\"chain\":\"regtest\",\"blocks\":0,\"headers\":0,\"verificationprogress\":1e-9,"
                + "\"initialblockdownload\":true,\"time\":1296688602}")), Instant.now());
        vm.applyNetworkInfo(NetworkInfo.parse(M.readTree("{\"connections\":0,\"networkactive\":true}")));
        assertEquals(SyncState.PEERS, vm.stateProperty().get());
        assertEquals("No peers connected yet. On regtest, mine one: generatetoaddress 1 <address>.", vm.detailProperty().get());
        vm.applyNetworkInfo(NetworkInfo.parse(M.readTree("{\"connections\":2,\"networkactive\":true}")));
        assertEquals(SyncState.WAITING, vm.stateProperty().get());
        assertEquals("Waiting for new headers from 2 peers. On regtest, mine one: generatetoaddress 1 <address>.", vm.detailProperty().get());
        // headers arrive: syncing
        vm.applyBlockchainInfo(BlockchainInfo.parse(M.readTree("{\"chain\":\"regtest\",\"blocks\":0,\"headers\":5,\"verificationprogress\":0.1,"
                + "\"initialblockdownload\":true,\"time\":1296688602}")), Instant.now());
        assertEquals(SyncState.SYNCING, vm.stateProperty().get());
        vm.applyNodeStatus(NodeStatus.crashed(1, java.util.List.of("boom")));
        assertEquals(SyncState.ERROR, vm.stateProperty().get());
    }
}
