package org.bitcoinfx.gui.wallet.psbt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The PSBT records parsed from replies in the real node's shapes (master 58a7869f86, regtest; trimmed of fields the
 * records do not read, as logged by RealNodePsbtServiceTest and RealNodeExternalSignerTest).
 */
class PsbtRecordsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s.replace('\'', '"'));
    }

    @Test
    void decodepsbtVersion2() throws Exception {
        DecodedPsbt d = DecodedPsbt.parse(json("{'global_xpubs':[],'tx_version':2,'fallback_locktime':0,'input_count':1,'output_count':2,"
                + "'psbt_version':2,'proprietary':[],'unknown':{},'inputs':[{'witness_utxo':{'amount':50.00000000,'scriptPubKey':{"
                + "'hex':'0014c0ef3e9488c4204305e89f916378017e7cbdd24a','address':'bcrt1qcrhna9ygcssyxp0gn7gkx7qp0e7tm5j2vaw7jd',"
                + "'type':'witness_v0_keyhash'}},'partial_signatures':{'03bfac':'3044'},'previous_txid':'5be259c334bd4cb9ebc86c3513f1c5568820e3a182339effbe082fc1324f62be',"
                + "'previous_vout':0,'sequence':4294967293}],'outputs':[{'amount':49.89999541,'script':{'address':'bcrt1qhc4zg2d6jsrs6vf2p77nla2lxjk42rshpqrw7v',"
                + "'type':'witness_v0_keyhash'}},{'amount':0.10000000,'script':{'address':'bcrt1qft5p2uhsdcdc3l2ua4ap5qqfg4pjaqlp250x7us7a8qqhrxrxfsqseac85',"
                + "'type':'witness_v0_scripthash'}},{'amount':0E-8,'script':{'hex':'6a00','type':'nulldata'}}],'fee':0.00000459}"));
        assertEquals(2, d.version());
        assertEquals("", d.txid(), "a version 2 PSBT has no tx");
        assertEquals(List.of(new DecodedPsbt.Input("5be259c334bd4cb9ebc86c3513f1c5568820e3a182339effbe082fc1324f62be", 0, OptionalLong.of(5_000_000_000L),
                "bcrt1qcrhna9ygcssyxp0gn7gkx7qp0e7tm5j2vaw7jd", 1, false)), d.inputs());
        assertEquals(List.of(new DecodedPsbt.Output(0, "bcrt1qhc4zg2d6jsrs6vf2p77nla2lxjk42rshpqrw7v", 4_989_999_541L),
                new DecodedPsbt.Output(1, "bcrt1qft5p2uhsdcdc3l2ua4ap5qqfg4pjaqlp250x7us7a8qqhrxrxfsqseac85", 10_000_000L),
                new DecodedPsbt.Output(2, "nulldata", 0)), d.outputs());
        assertEquals(OptionalLong.of(459), d.feeSat());
    }

    @Test
    void analyzepsbtBeforeAndAfterSigning() throws Exception {
        PsbtAnalysis a = PsbtAnalysis.parse(json("{'inputs':[{'has_utxo':true,'is_final':false,'next':'signer','missing':{'signatures':"
                + "['c0ef3e9488c4204305e89f916378017e7cbdd24a']}}],'estimated_vsize':153,'estimated_feerate':0.00003000,'fee':0.00000459,'next':'signer'}"));
        assertEquals("signer", a.next());
        assertEquals(List.of("c0ef3e9488c4204305e89f916378017e7cbdd24a"), a.inputs().get(0).missingSignatures());
        assertEquals(153, a.estimatedVsize().orElseThrow());
        assertEquals(3.0, a.feeRate().orElseThrow(), 1e-9);
        assertEquals(459, a.feeSat().orElseThrow());
        assertFalse(a.readyToExtract());
        PsbtAnalysis signed = PsbtAnalysis.parse(json("{'inputs':[{'has_utxo':true,'is_final':false,'next':'finalizer'}],'estimated_vsize':153,"
                + "'estimated_feerate':0.00003000,'fee':0.00000459,'next':'finalizer'}"));
        assertEquals(List.of(), signed.inputs().get(0).missingSignatures());
        assertEquals("finalizer", signed.inputs().get(0).next());
        PsbtAnalysis noUtxo = PsbtAnalysis.parse(json("{'inputs':[{'has_utxo':false,'is_final':false,'next':'updater'}],'next':'updater'}"));
        assertTrue(noUtxo.feeSat().isEmpty() && noUtxo.feeRate().isEmpty() && noUtxo.estimatedVsize().isEmpty());
        PsbtReview r = new PsbtReview("cHNidP8", DecodedPsbt.parse(json("{'psbt_version':2,'inputs':[],'outputs':[]}")), noUtxo, Map.of());
        assertTrue(r.feeSat().isEmpty() && r.feeRate().isEmpty());
        assertEquals(PsbtReview.Ownership.EXTERNAL, r.ownership("bcrt1qany"));
    }

    @Test
    void processedAndSigners() throws Exception {
        assertEquals(new ProcessedPsbt("in", true, "0200"), ProcessedPsbt.parse(json("{'hex':'0200','complete':true}"), "in"));
        assertEquals(new ProcessedPsbt("out", false, ""), ProcessedPsbt.parse(json("{'psbt':'out','complete':false}"), "in"));
        assertEquals(List.of(new ExternalSigner("488cff84", "fake_t")), ExternalSigner.parse(json("{'signers':[{'fingerprint':'488cff84','name':'fake_t'}]}")));
        assertEquals("", PsbtService.importProblem(json("[{'success':true},{'success':true,'warnings':['Range not given']}]")));
        var failed = JSON.createArrayNode();
        failed.addObject().put("success", false).putObject("error").put("code", -5)
                .put("message", "Provided checksum 'aaaaaaaa' does not match computed checksum '4q8dtt5x'");
        assertEquals("Provided checksum 'aaaaaaaa' does not match computed checksum '4q8dtt5x'", PsbtService.importProblem(failed));
    }
}
