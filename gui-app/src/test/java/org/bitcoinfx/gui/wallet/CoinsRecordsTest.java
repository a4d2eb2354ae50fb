package org.bitcoinfx.gui.wallet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * The coin and fee bump records parsed from replies in Bitcoin Core's shapes (taken from a v31.99 regtest node:
 * {@code listunspent} entries of a change coin and of an unconfirmed receive, {@code gettransaction txid true true}).
 */
class CoinsRecordsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void listUnspentEntries() throws Exception {
        Utxo change = Utxo.fromListUnspent(json("""
                {"txid":"755a20a37a214533194514567db0a2b6cd6175dfd00dc0e3b53f2dd67367cdff","vout":1,
                 "address":"bcrt1qztdrd0g2upzah6tp5exzuxuk6u95qphtx68nln","scriptPubKey":"001412da36bd0ae045dbe961a64c2e1b96d70b4006eb",
                 "amount":0.04424506,"confirmations":2,"spendable":true,"solvable":true,"desc":"wpkh([183964b7/84h/1h/0h/1/179]03…)#pljkg4qc",
                 "parent_descs":["wpkh([183964b7/84h/1h/0h]tpub…/1/*)#eswu0q3q"],"safe":true}"""));
        assertEquals(new Outpoint("755a20a37a214533194514567db0a2b6cd6175dfd00dc0e3b53f2dd67367cdff", 1), change.outpoint());
        assertEquals(4_424_506, change.amountSat());
        assertEquals("", change.label(), "change has no label field");
        assertEquals("bcrt1qztdrd0g2upzah6tp5exzuxuk6u95qphtx68nln", change.labelOrAddress());
        assertEquals(2, change.confirmations());
        assertFalse(change.frozen());
        assertTrue(change.safe());
        Utxo pending = Utxo.fromListUnspent(json("""
                {"txid":"f7fd92a92bc9adf85fffcf946f66d1e0b8bfd0ca7a082a4324962d327f5d1079","vout":0,
                 "address":"bcrt1qdfrn53ygffxyru2gspc3hqg0rf4pzrujghv4fk","label":"rent","scriptPubKey":"00146a47…","amount":0.01,
                 "confirmations":0,"ancestorcount":1,"ancestorsize":245,"ancestorfees":932,"spendable":true,"solvable":true,
                 "desc":"wpkh(…)","parent_descs":[],"safe":false}"""));
        assertEquals(1_000_000, pending.amountSat());
        assertEquals("rent", pending.labelOrAddress());
        assertEquals(0, pending.confirmations());
        assertFalse(pending.safe());
        assertEquals("{txid=f7fd92a92bc9adf85fffcf946f66d1e0b8bfd0ca7a082a4324962d327f5d1079, vout=0}", pending.outpoint().json().toString());
    }

    @Test
    void aFrozenCoinFromItsTransaction() throws Exception {
        JsonNode tx = json("""
                {"amount":0.00000000,"fee":-0.00000490,"confirmations":3,"blockhash":"00aa","txid":"ab","details":[
                  {"address":"bcrt1qsend","category":"send","amount":-0.5,"label":"shop","vout":0,"fee":-0.0000049,"abandoned":false},
                  {"address":"bcrt1qmine","category":"receive","amount":0.25,"label":"savings","vout":2}],
                 "hex":"02…","decoded":{"txid":"ab","vout":[
                  {"value":0.50000000,"n":0,"scriptPubKey":{"address":"bcrt1qsend","type":"witness_v0_keyhash"}},
                  {"value":1.19999510,"n":1,"scriptPubKey":{"address":"bcrt1qchange","type":"witness_v0_keyhash"},"ischange":true},
                  {"value":0.25000000,"n":2,"scriptPubKey":{"address":"bcrt1qmine","type":"witness_v0_keyhash"}}]}}""");
        Utxo change = Utxo.fromTransaction(new Outpoint("ab", 1), tx);
        assertEquals(119_999_510, change.amountSat());
        assertEquals("bcrt1qchange", change.address());
        assertEquals("", change.label());
        assertTrue(change.frozen());
        assertEquals(3, change.confirmations());
        Utxo received = Utxo.fromTransaction(new Outpoint("ab", 2), tx);
        assertEquals("savings", received.label(), "the receive entry's label, not the send's");
        assertEquals(25_000_000, received.amountSat());
        assertThrows(IllegalArgumentException.class, () -> Utxo.fromTransaction(new Outpoint("ab", 7), tx));
    }

    @Test
    void feeRatesOfAReviewAndAPackage() {
        BumpPreview p = new BumpPreview(FeeBumpService.Kind.SPEED_UP, "ab", 492, 245, 2460, 245, BigDecimal.TEN, "cHNi", true, null, 0);
        assertEquals(492.0 / 245, p.oldRate(), 1e-9);
        assertEquals(10.04, p.newRate(), 0.01);
        SendPreview child = new SendPreview(new SendRequest("bcrt1q", 3_000_000, true, FeeChoice.parseRate("15"), ""), "cHNi", 7857, 110, 71.43, 2_992_143);
        CpfpPreview c = new CpfpPreview("ab", 256, 224, child);
        assertEquals(256.0 / 224, c.parentRate(), 1e-9);
        assertEquals((256.0 + 7857) / (224 + 110), c.packageRate(), 1e-9);
    }
}
