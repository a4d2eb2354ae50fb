package org.bitcoinfx.gui.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Parsing of the Status records from replies in Bitcoin Core's shapes (v31). */
class StatusRecordsTest {
    private static final ObjectMapper M = new ObjectMapper();

    @Test
    void blockchainInfo() throws Exception {
        BlockchainInfo i = BlockchainInfo.parse(M.readTree("""
                {"chain":"main","blocks":870001,"headers":870005,
                 "bestblockhash":"00000000000000000001b2c3d4e5f60718293a4b5c6d7e8f9012345678901234",
                 "bits":"17030ecd","target":"0000000000000000000303ecd0000000000000000000000000000000000000000",
                 "difficulty":92671576265161.06,"time":1731000000,"mediantime":1730998000,
                 "verificationprogress":0.9999987,"initialblockdownload":false,
                 "chainwork":"00000000000000000000000000000000000000009b2b8a6d5b2c8a0c4b3c6f1d",
                 "size_on_disk":691234567890,"pruned":false,"warnings":[]}"""));
        assertEquals("main", i.chain());
        assertEquals(870001, i.blocks());
        assertEquals(870005, i.headers());
        assertEquals("00000000000000000001b2c3d4e5f60718293a4b5c6d7e8f9012345678901234", i.bestBlockHash());
        assertEquals(1731000000L, i.time());
        assertEquals(0.9999987, i.verificationProgress(), 1e-12);
        assertFalse(i.initialBlockDownload());
        assertFalse(i.pruned());
        assertEquals(691234567890L, i.sizeOnDisk());
    }

    @Test
    void blockchainInfoOfAPrunedNodeWithoutTimeFallsBackToMedianTime() throws Exception {
        BlockchainInfo i = BlockchainInfo.parse(M.readTree("""
                {"chain":"regtest","blocks":0,"headers":0,"mediantime":1296688602,"verificationprogress":1,
                 "initialblockdownload":true,"size_on_disk":293,"pruned":true,"pruneheight":0,"automatic_pruning":true,
                 "prune_target_size":576716800,"warnings":[]}"""));
        assertEquals(1296688602L, i.time());
        assertTrue(i.pruned());
        assertTrue(i.initialBlockDownload());
        assertEquals(0, i.pruneHeight(), "nothing pruned yet");
        assertTrue(i.automaticPruning());
        assertEquals(576716800L, i.pruneTargetSize(), "550 MiB, in bytes");
        assertEquals(-1, BlockchainInfo.parse(M.readTree("{}")).blocks());
    }

    @Test
    void blockchainInfoOfAManuallyPrunedNodeAndOfAFullNode() throws Exception {
        // -prune=1: src/rpc/blockchain.cpp sends pruneheight and automatic_pruning false, no prune_target_size
        BlockchainInfo manual = BlockchainInfo.parse(M.readTree("""
                {"chain":"regtest","blocks":1000,"headers":1000,"size_on_disk":180224,"pruned":true,"pruneheight":713,
                 "automatic_pruning":false,"warnings":[]}"""));
        assertTrue(manual.pruned());
        assertEquals(713, manual.pruneHeight());
        assertFalse(manual.automaticPruning());
        assertEquals(-1, manual.pruneTargetSize());
        // not pruning: none of the three fields
        BlockchainInfo full = BlockchainInfo.parse(M.readTree("{\"chain\":\"regtest\",\"size_on_disk\":293,\"pruned\":false}"));
        assertFalse(full.pruned());
        assertEquals(-1, full.pruneHeight());
        assertFalse(full.automaticPruning());
        assertEquals(-1, full.pruneTargetSize());
    }

    @Test
    void networkInfo() throws Exception {
        NetworkInfo n = NetworkInfo.parse(M.readTree("""
                {"version":310000,"subversion":"/Satoshi:31.0.0/","protocolversion":70016,"localservices":"0000000000000c09",
                 "localservicesnames":["NETWORK","WITNESS","NETWORK_LIMITED","P2P_V2"],"localrelay":true,"timeoffset":0,
                 "networkactive":false,"connections":10,"connections_in":2,"connections_out":8,
                 "networks":[],"relayfee":0.00001,"incrementalfee":0.00001,"localaddresses":[],"warnings":[]}"""));
        assertEquals(10, n.connections());
        assertEquals(2, n.connectionsIn());
        assertEquals(8, n.connectionsOut());
        assertFalse(n.networkActive());
        assertEquals("/Satoshi:31.0.0/", n.subversion());
        assertTrue(NetworkInfo.parse(M.readTree("{}")).networkActive(), "active unless the node says otherwise");
    }

    @Test
    void mempoolInfoConvertsTheMinimumFeeToSatPerVbyte() throws Exception {
        MempoolInfo m = MempoolInfo.parse(M.readTree("""
                {"loaded":true,"size":12,"bytes":3456,"usage":23456,"total_fee":0.00012,"maxmempool":300000000,
                 "mempoolminfee":0.00001000,"minrelaytxfee":0.00001000,"incrementalrelayfee":0.00001,
                 "unbroadcastcount":0,"fullrbf":true}"""));
        assertEquals(12, m.size());
        assertEquals(3456, m.bytes());
        assertEquals(23456, m.usage());
        assertEquals(1.0, m.minFeeSatPerVb(), 1e-9, "0.00001 BTC/kvB = 1 sat/vB");
        assertEquals(-1, MempoolInfo.parse(M.readTree("{}")).minFeeSatPerVb());
    }

    @Test
    void uptimeIsSeconds() throws Exception {
        assertEquals(3600, StatusService.seconds(M.readTree("3600")));
    }
}
