package org.bitcoinfx.gui.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.bitcoinfx.gui.node.NodeStatus;
import org.bitcoinfx.node.NodeState;
import org.junit.jupiter.api.Test;

/** The sync's rates and phases: blocks per second, time left, and the states from the peers' heights. */
class SyncRateTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void blocksPerSecondOverTheLastSecondsAndTimeLeftFromProgressElseBlocks() {
        SyncRate r = new SyncRate();
        r.add(0, 0.0, T);
        assertEquals(-1, r.blocksPerSecond(), "one sample: no rate");
        assertNull(r.timeLeft(1000, true));
        r.add(100, 0.1, T.plusSeconds(10));
        assertEquals(10, r.blocksPerSecond(), 1e-9);
        assertEquals(90, r.timeLeft(1000, true).toSeconds(), "0.9 left at 0.01 per second");
        r.add(400, 0.4, T.plusSeconds(40));
        assertEquals(10, r.blocksPerSecond(), 1e-9, "over the last 20 s or more: from the sample at 10 s");
        // progress that does not move (regtest's at real time): blocks left at the block rate
        SyncRate flat = new SyncRate();
        flat.add(0, 1.0, T);
        flat.add(50, 1.0, T.plusSeconds(5));
        assertEquals(47, flat.timeLeft(525, true).toSeconds(), "475 blocks at 10 blocks/s");
        assertNull(flat.timeLeft(50, true), "done");
        assertEquals(60, r.timeLeft(1000, false).toSeconds(), "by blocks: 600 left at 10 a second");
        flat.add(10, 1.0, T.plusSeconds(6));
        assertEquals(-1, flat.blocksPerSecond(), "a lower height (reorg, new chain) starts afresh");
    }

    @Test
    void connectingToPeersThenHeadersThenBlocksThenSynced() throws Exception {
        StatusViewModel vm = new StatusViewModel();
        vm.applyNodeStatus(NodeStatus.of(NodeState.READY, ""));
        vm.setConnected(true);
        vm.applyBlockchainInfo(BlockchainInfo.parse(M.readTree("{\"chain\":\"regtest\",\"blocks\":0,\"headers\":0,"
                + "\"verificationprogress\":1e-6,\"initialblockdownload\":true}")), T);
        vm.applyNetworkInfo(NetworkInfo.parse(M.readTree("{\"connections\":0,\"networkactive\":true}")));
        assertEquals(SyncState.PEERS, vm.stateProperty().get());
        vm.applyNetworkInfo(NetworkInfo.parse(M.readTree("{\"connections\":2,\"networkactive\":true}")));
        vm.applyPeerHeights(PeerHeights.parse(M.readTree("[{\"startingheight\":1000,\"synced_headers\":-1,\"presynced_headers\":-1},"
                + "{\"startingheight\":999,\"synced_headers\":-1,\"presynced_headers\":-1}]")));
        assertEquals(SyncState.HEADERS, vm.stateProperty().get());
        assertEquals("Headers 0 of 1,000 from 2 peers", vm.detailProperty().get());
        vm.applyPeerHeights(PeerHeights.parse(M.readTree("[{\"startingheight\":1000,\"synced_headers\":-1,\"presynced_headers\":4000}]")));
        assertEquals("Pre-syncing headers: 4,000 (checking the chain's work before storing it)", vm.detailProperty().get());
        // the first headers message (2,000 headers at most) came, the blocks download starts while more headers come:
        // blocks, not back to headers, the line counting both
        vm.applyPeerHeights(PeerHeights.parse(M.readTree("[{\"startingheight\":1000,\"synced_headers\":-1,\"presynced_headers\":-1}]")));
        vm.applyBlockchainInfo(BlockchainInfo.parse(M.readTree("{\"chain\":\"regtest\",\"blocks\":0,\"headers\":600,"
                + "\"verificationprogress\":1e-6,\"initialblockdownload\":true}")), T);
        assertEquals(SyncState.SYNCING, vm.stateProperty().get());
        assertEquals("600 blocks left · headers 600 of 1,000 from 2 peers", vm.detailProperty().get());
        vm.applyPeerHeights(PeerHeights.parse(M.readTree("[{\"startingheight\":1000,\"synced_headers\":1000,\"presynced_headers\":-1}]")));
        vm.applyBlockchainInfo(BlockchainInfo.parse(M.readTree("{\"chain\":\"regtest\",\"blocks\":100,\"headers\":1000,"
                + "\"verificationprogress\":0.2,\"initialblockdownload\":true}")), T.plusSeconds(1));
        vm.applyBlockchainInfo(BlockchainInfo.parse(M.readTree("{\"chain\":\"regtest\",\"blocks\":400,\"headers\":1000,"
                + "\"verificationprogress\":0.6,\"initialblockdownload\":true}")), T.plusSeconds(4));
        assertEquals(SyncState.SYNCING, vm.stateProperty().get());
        assertEquals("600 blocks left from 2 peers", vm.detailProperty().get());
        assertEquals(100, vm.blocksPerSecondProperty().get(), 1e-9);
        assertEquals(6, vm.timeLeftProperty().get().toSeconds(), "on regtest by blocks: 600 left at 100 a second (the progress would say 2 s)");
        vm.applyNetworkInfo(NetworkInfo.parse(M.readTree("{\"connections\":0,\"networkactive\":false}")));
        assertEquals(SyncState.PAUSED, vm.stateProperty().get());
        assertEquals("Network activity is off: the download is paused at block 400 of 1,000.", vm.detailProperty().get());
        vm.applyNetworkInfo(NetworkInfo.parse(M.readTree("{\"connections\":0,\"networkactive\":true}")));
        assertEquals(SyncState.PEERS, vm.stateProperty().get());
        assertEquals("Waiting for peers to continue: none connected, 600 blocks left.", vm.detailProperty().get());
        vm.applyNetworkInfo(NetworkInfo.parse(M.readTree("{\"connections\":2,\"networkactive\":true}")));
        vm.applyBlockchainInfo(BlockchainInfo.parse(M.readTree("{\"chain\":\"regtest\",\"blocks\":1000,\"headers\":1000,"
                + "\"verificationprogress\":1,\"initialblockdownload\":false}")), T.plusSeconds(10));
        assertEquals(SyncState.SYNCED, vm.stateProperty().get());
        assertNull(vm.timeLeftProperty().get());
    }

    @Test
    void peerHeightsFromGetpeerinfo() throws Exception {
        assertEquals(new PeerHeights(0, -1, -1), PeerHeights.parse(M.readTree("[]")));
        PeerHeights h = PeerHeights.parse(M.readTree("""
                [{"id":0,"startingheight":870000,"synced_headers":870004,"synced_blocks":869990,"presynced_headers":-1},
                 {"id":1,"startingheight":-1,"synced_headers":-1,"synced_blocks":-1,"presynced_headers":12000}]"""));
        assertEquals(new PeerHeights(2, 870004, 12000), h);
    }
}
