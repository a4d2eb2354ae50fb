package org.bitcoinfx.gui.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Parsing of {@code getblock <hash> 1} and {@code getblockstats} replies in Bitcoin Core's shapes (v31). */
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
}
