package org.bitcoinfx.gui.mempool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Parsing of {@code getmempoolinfo}, mempool entries ({@code entryToJSON}) and {@code getrawtransaction … 1} in Bitcoin
 * Core's shapes (v31.99, src/rpc/mempool.cpp, core_io.cpp).
 */
class MempoolRecordsTest {
    private static final ObjectMapper M = new ObjectMapper();

    @Test
    void mempoolInfo() throws Exception {
        MempoolStats s = MempoolStats.parse(M.readTree("""
                {"loaded":true,"size":3000,"bytes":423000,"usage":2712345,"total_fee":0.04231000,"maxmempool":300000000,
                 "mempoolminfee":0.00001000,"minrelaytxfee":0.00000100,"incrementalrelayfee":0.00000100,"unbroadcastcount":2,
                 "permitbaremultisig":true,"maxdatacarriersize":100000,"limitclustercount":64,"limitclustersize":101000,"optimal":true}
                """));
        assertEquals(new MempoolStats(true, 3000, 423_000, 2_712_345, 300_000_000, 4_231_000, 1.0, 0.1, 0.1, 2), s);
    }

    @Test
    void verboseMapOfEntriesWithFeeRates() throws Exception {
        List<MempoolEntry> es = MempoolEntry.parseMap(M.readTree("""
                {"aa00000000000000000000000000000000000000000000000000000000000000":
                  {"vsize_adjusted":141,"vsize":141,"vsize_bip141":141,"weight":561,"time":1735690000,"height":200,
                   "descendantcount":2,"descendantsize":251,"ancestorcount":1,"ancestorsize":141,
                   "wtxid":"bb00000000000000000000000000000000000000000000000000000000000000","chunkweight":1004,
                   "fees":{"base":0.00000705,"modified":0.00000705,"ancestor":0.00000705,"descendant":0.00002905,"chunk":0.00002905},
                   "depends":[],"spentby":["cc00000000000000000000000000000000000000000000000000000000000000"],"unbroadcast":false},
                 "cc00000000000000000000000000000000000000000000000000000000000000":
                  {"vsize_adjusted":110,"vsize":110,"vsize_bip141":110,"weight":440,"time":1735690001,"height":200,
                   "descendantcount":1,"descendantsize":110,"ancestorcount":2,"ancestorsize":251,
                   "wtxid":"dd00000000000000000000000000000000000000000000000000000000000000","chunkweight":1004,
                   "fees":{"base":0.00002200,"modified":0.00002200,"ancestor":0.00002905,"descendant":0.00002200,"chunk":0.00002905},
                   "depends":["aa00000000000000000000000000000000000000000000000000000000000000"],"spentby":[],"unbroadcast":false}}
                """));
        assertEquals(2, es.size());
        MempoolEntry parent = es.get(0);
        MempoolEntry child = es.get(1);
        assertEquals(705, parent.feeSat());
        assertEquals(5.0, parent.feeRate(), 1e-9);
        assertEquals(2905, parent.descendantFeeSat());
        assertEquals(List.of(child.txid()), parent.spentBy());
        assertEquals(20.0, child.feeRate(), 1e-9);
        assertEquals(2905.0 / 251, child.ancestorFeeRate(), 1e-9);
        assertEquals(List.of(parent.txid()), child.depends());
        assertEquals(1735690001L, child.time());
    }

    @Test
    void decodedTransaction() throws Exception {
        DecodedTx t = DecodedTx.parse(M.readTree("""
                {"txid":"aa00000000000000000000000000000000000000000000000000000000000000",
                 "hash":"bb00000000000000000000000000000000000000000000000000000000000000","version":2,"size":222,"vsize":141,
                 "weight":561,"locktime":0,
                 "vin":[{"txid":"ee00000000000000000000000000000000000000000000000000000000000000","vout":1,
                         "scriptSig":{"asm":"","hex":""},"txinwitness":["30","02"],"sequence":4294967293}],
                 "vout":[{"value":0.00100000,"n":0,"scriptPubKey":{"asm":"0 ab","desc":"addr(bcrt1q…)#x","hex":"0014ab",
                          "address":"bcrt1qexample","type":"witness_v0_keyhash"}},
                         {"value":0.00000000,"n":1,"scriptPubKey":{"asm":"OP_RETURN","desc":"raw(6a)#y","hex":"6a","type":"nulldata"}}],
                 "hex":"02"}
                """));
        assertEquals(List.of("ee00000000000000000000000000000000000000000000000000000000000000:1"), t.inputs());
        assertEquals(2, t.outputs().size());
        assertEquals(100_000, t.totalOutSat());
        assertEquals("bcrt1qexample", t.outputs().get(0).address());
        assertEquals("nulldata", t.outputs().get(1).type());
        assertTrue(t.outputs().get(1).address().isEmpty());
        assertEquals(141, t.vsize());
    }
}
