package org.bitcoinfx.gui.wallet.psbt;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.bitcoinfx.gui.util.Units;

/**
 * What the PSBT review shows from {@code decodepsbt} (Bitcoin Core {@code src/rpc/rawtransaction.cpp}): the
 * transaction's inputs and outputs, and the fee once every input's UTXO is known. Both versions: a version 0 PSBT
 * has the unsigned transaction as {@code tx} ({@code vin}, {@code vout}); a version 2 one (BIP370, what
 * {@code walletcreatefundedpsbt} makes on master) has no {@code tx}: each input names its
 * {@code previous_txid}/{@code previous_vout}, each output has {@code amount} and {@code script}.
 *
 * @param version {@code psbt_version}
 * @param txid    the unsigned transaction's txid ({@code tx.txid}) for version 0, "" for version 2 (the node does not say)
 * @param inputs  the inputs with their UTXO and signatures ({@code inputs[i]})
 * @param outputs the outputs
 * @param feeSat  {@code fee}, sat; empty while an input's UTXO is missing
 */
public record DecodedPsbt(int version, String txid, List<Input> inputs, List<Output> outputs, OptionalLong feeSat) {
    /**
     * One input.
     *
     * @param prevTxid          the spent output's txid
     * @param prevVout          its index
     * @param amountSat         its value, sat, from {@code witness_utxo.amount} or {@code non_witness_utxo.vout[n].value}; empty if unknown
     * @param address           its address ({@code scriptPubKey.address}), or "" when unknown or without one
     * @param partialSignatures how many {@code partial_signatures} it has
     * @param isFinal           true when it has {@code final_scriptwitness} or {@code final_scriptSig}
     */
    public record Input(String prevTxid, int prevVout, OptionalLong amountSat, String address, int partialSignatures, boolean isFinal) {
    }

    /**
     * One output.
     *
     * @param index     {@code n}
     * @param address   {@code scriptPubKey.address}, or the script type ({@code nulldata}, …) when it has none
     * @param amountSat {@code value}, sat
     */
    public record Output(int index, String address, long amountSat) {
    }

    /** @return the sum of the outputs, sat */
    public long outputsSat() {
        return outputs.stream().mapToLong(Output::amountSat).sum();
    }

    /** Reads a {@code decodepsbt} reply (version 0 or 2). */
    public static DecodedPsbt parse(JsonNode r) {
        JsonNode tx = r.path("tx");
        boolean v0 = tx.isObject();
        List<Input> ins = new ArrayList<>();
        JsonNode inputs = r.path("inputs");
        for (int i = 0; i < inputs.size(); i++) {
            JsonNode in = inputs.get(i);
            JsonNode v = v0 ? tx.path("vin").path(i) : null;
            String prevTxid = v0 ? v.path("txid").asText() : in.path("previous_txid").asText();
            int n = v0 ? v.path("vout").asInt() : in.path("previous_vout").asInt();
            OptionalLong amount = OptionalLong.empty();
            String address = "";
            if (in.has("witness_utxo")) {
                amount = OptionalLong.of(Units.btcToSat(in.path("witness_utxo").path("amount").asDouble()));
                address = in.path("witness_utxo").path("scriptPubKey").path("address").asText("");
            } else if (in.has("non_witness_utxo")) {
                JsonNode out = in.path("non_witness_utxo").path("vout").path(n);
                if (!out.isMissingNode()) {
                    amount = OptionalLong.of(Units.btcToSat(out.path("value").asDouble()));
                    address = out.path("scriptPubKey").path("address").asText("");
                }
            }
            boolean fin = in.has("final_scriptwitness") || in.has("final_scriptSig");
            ins.add(new Input(prevTxid, n, amount, address, in.path("partial_signatures").size(), fin));
        }
        List<Output> outs = new ArrayList<>();
        if (v0) {
            for (JsonNode o : tx.path("vout")) {
                outs.add(new Output(o.path("n").asInt(), address(o.path("scriptPubKey")), Units.btcToSat(o.path("value").asDouble())));
            }
        } else {
            JsonNode outputs = r.path("outputs");
            for (int i = 0; i < outputs.size(); i++) {
                JsonNode o = outputs.get(i);
                outs.add(new Output(i, address(o.path("script")), Units.btcToSat(o.path("amount").asDouble())));
            }
        }
        OptionalLong fee = r.has("fee") ? OptionalLong.of(Units.btcToSat(r.path("fee").asDouble())) : OptionalLong.empty();
        return new DecodedPsbt(r.path("psbt_version").asInt(0), v0 ? tx.path("txid").asText() : "", List.copyOf(ins), List.copyOf(outs), fee);
    }

    private static String address(JsonNode scriptPubKey) {
        return scriptPubKey.path("address").asText(scriptPubKey.path("type").asText(""));
    }
}
