package org.bitcoinfx.gui.wallet.psbt;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.bitcoinfx.gui.util.Units;

/**
 * {@code analyzepsbt} (Bitcoin Core {@code src/rpc/rawtransaction.cpp}, roles of BIP174 from {@code PSBTRoleName}
 * in {@code src/psbt.cpp}: creator, updater, signer, finalizer, extractor): who has to act next, per input and for
 * the whole PSBT.
 *
 * @param inputs         per input
 * @param estimatedVsize the signed transaction's estimated size, vB; empty until every UTXO is known
 * @param feeRate        the estimated fee rate, sat/vB ({@code estimated_feerate} is BTC/kvB); empty until every UTXO is known
 * @param feeSat         {@code fee}, sat; empty until every UTXO is known
 * @param next           the next role for the whole PSBT ({@code next})
 * @param error          {@code error}, or "" (e.g. an input spends more than exists)
 */
public record PsbtAnalysis(List<InputStatus> inputs, OptionalLong estimatedVsize, OptionalDouble feeRate, OptionalLong feeSat,
                           String next, String error) {
    /**
     * One input's status.
     *
     * @param hasUtxo           {@code has_utxo}
     * @param isFinal           {@code is_final}
     * @param next              {@code next}: the role this input waits for, or "" when final
     * @param missingSignatures {@code missing.signatures}: hash160s (keyids) of the keys whose signature is missing
     * @param missingPubkeys    {@code missing.pubkeys}: keyids whose BIP32 derivation is missing
     */
    public record InputStatus(boolean hasUtxo, boolean isFinal, String next, List<String> missingSignatures, List<String> missingPubkeys) {
    }

    /** @return true when the node would extract a transaction: every input final ({@code next} is "extractor") */
    public boolean readyToExtract() {
        return "extractor".equals(next);
    }

    /** Reads an {@code analyzepsbt} reply. */
    public static PsbtAnalysis parse(JsonNode r) {
        List<InputStatus> ins = new ArrayList<>();
        for (JsonNode i : r.path("inputs")) {
            ins.add(new InputStatus(i.path("has_utxo").asBoolean(), i.path("is_final").asBoolean(), i.path("next").asText(""),
                    strings(i.path("missing").path("signatures")), strings(i.path("missing").path("pubkeys"))));
        }
        OptionalLong vsize = r.has("estimated_vsize") ? OptionalLong.of(r.path("estimated_vsize").asLong()) : OptionalLong.empty();
        OptionalDouble rate = r.has("estimated_feerate")
                ? OptionalDouble.of(Units.btcToSat(r.path("estimated_feerate").asDouble()) / 1000.0) : OptionalDouble.empty();
        OptionalLong fee = r.has("fee") ? OptionalLong.of(Units.btcToSat(r.path("fee").asDouble())) : OptionalLong.empty();
        return new PsbtAnalysis(List.copyOf(ins), vsize, rate, fee, r.path("next").asText(""), r.path("error").asText(""));
    }

    private static List<String> strings(JsonNode a) {
        List<String> l = new ArrayList<>();
        a.forEach(n -> l.add(n.asText()));
        return List.copyOf(l);
    }
}
