package org.bitcoinfx.gui.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.bitcoinfx.ipc.JsonRpcException;
import org.junit.jupiter.api.Test;

/**
 * Parsing of {@code getblock <hash> 1}, {@code getblockheader} and {@code getblockstats} replies in Bitcoin Core's
 * shapes (v31), and the mapping of the node's "pruned data" refusal to a pruned row.
 */
class BlocksRecordsTest {
    private static final ObjectMapper M = new ObjectMapper();

    @Test
    void getblockVerbosityOne() throws Exception {
        BlockInfo b = BlockInfo.parse(M.readTree("""
                {"hash":"0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206","confirmations":1,
                 "height":0,"version":1,"versionHex":"00000001",
                 "merkleroot":"4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b","time":1296688602,
                 "mediantime":1296688602,"nonce":2,"bits":"207fffff","difficulty":4.656542373906925e-10,
                 "chainwork":"0000000000000000000000000000000000000000000000000000000000000002","nTx":1,
                 "strippedsize":285,"size":285,"weight":1140,
                 "tx":["4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"]}"""));
        assertEquals("0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206", b.hash());
        assertEquals(0, b.height());
        assertEquals(1296688602L, b.time());
        assertEquals(1, b.nTx());
        assertEquals(285, b.size());
        assertEquals(1140, b.weight());
        BlockRow r = BlockRow.of(b, 0);
        assertEquals(285, r.vsize());
        assertEquals(0, r.totalFee());
    }

    @Test
    void getblockstatsTotalFeeIsSat() throws Exception {
        assertEquals(4530, BlockStats.parse(M.readTree("{\"totalfee\":4530}")).totalFee());
        assertEquals(-1, BlockStats.parse(M.readTree("{}")).totalFee());
    }

    @Test
    void getblockheaderOfAPrunedBlockMakesAPrunedRow() throws Exception {
        BlockHeaderInfo h = BlockHeaderInfo.parse(M.readTree("""
                {"hash":"3d2160a3b5dc4a9d62e7e66a295f70313ac808440ef7400d6c0772171ce973a5","confirmations":1000,"height":1,
                 "version":536870912,"versionHex":"20000000",
                 "merkleroot":"b6b4b4bbcd1dca2e3e20bd3d8d38f4a3e0e4ad3e4e5c2dbf5f0f3d6d4c1c2a3b","time":1296688603,
                 "mediantime":1296688603,"nonce":0,"bits":"207fffff","target":"7fffff0000000000000000000000000000000000000000000000000000000000",
                 "difficulty":4.656542373906925e-10,"chainwork":"0000000000000000000000000000000000000000000000000000000000000004",
                 "nTx":1,"previousblockhash":"0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206",
                 "nextblockhash":"4a1d1cf9c1a4cf0a2e5f1d2cc7f1a6f3f5d0b8a6e6a9b4c1d7e3f2a1b0c9d8e7"}"""));
        assertEquals(1, h.height());
        assertEquals(1296688603L, h.time());
        assertEquals(1, h.nTx());
        assertEquals(1000, h.confirmations());
        BlockRow r = BlockRow.pruned(h);
        assertTrue(r.pruned());
        assertFalse(r.pending(), "a pruned row is complete: the header is all there is");
        assertEquals(1, r.txCount());
        assertEquals(-1, r.size());
        assertEquals(-1, r.weight());
        assertEquals(-1, r.totalFee());
        assertEquals(-1, BlockHeaderInfo.parse(M.readTree("{}")).nTx());
    }

    @Test
    void onlyTheNodesPrunedDataRefusalIsPruned() {
        // src/rpc/blockchain.cpp CheckBlockDataAvailability: RPC_MISC_ERROR and these words
        assertTrue(BlocksService.isPruned(new JsonRpcException(-1, "Block not available (pruned data)")));
        assertTrue(BlocksService.isPruned(new CompletionException(new JsonRpcException(-1, "Block not available (pruned data)"))));
        assertFalse(BlocksService.isPruned(new JsonRpcException(-1, "Block not available (not fully downloaded)")));
        assertFalse(BlocksService.isPruned(new JsonRpcException(-1, "Undo data not available (pruned data)")), "getblockstats' words, not getblock's");
        assertFalse(BlocksService.isPruned(new JsonRpcException(-5, "Block not found")));
        assertFalse(BlocksService.isPruned(new IllegalStateException("Block not available (pruned data)")));
    }

    @Test
    void findTakesAHeightOrAHashAndRefusesAnythingElseWithoutAskingTheNode() throws Exception {
        BlocksModelTest.FakeNodeNeverAnswering node = new BlocksModelTest.FakeNodeNeverAnswering();
        BlocksService s = new BlocksService(node);
        for (String bad : new String[] {"", "  ", "-1", "12a", "1234567890", "00ff", "g".repeat(64)}) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> s.find(bad).get(), bad);
            assertTrue(e.getCause() instanceof IllegalArgumentException, bad + ": " + e.getCause());
        }
        assertEquals(List.of(), node.calls);
        s.find(" 12 ");
        s.find("3D2160A3B5DC4A9D62E7E66A295F70313AC808440EF7400D6C0772171CE973A5");
        assertEquals(List.of("getblockhash", "getblockheader"), node.calls);
    }
}
