package org.bitcoinfx.gui.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bitcoinfx.gui.util.Units;

/**
 * A wallet transaction in detail: {@code gettransaction txid true true} with its {@code decoded} transaction (Bitcoin
 * Core {@code src/wallet/rpc/transactions.cpp} {@code gettransaction}, {@code decoded} as {@code decoderawtransaction}).
 *
 * @param txid          the txid
 * @param wtxid         the wtxid ({@code decoded.hash}: the txid for a transaction without witness)
 * @param confirmations confirmations; 0 in the mempool, negative when conflicted
 * @param blockHash     the block's hash, or "" while unconfirmed
 * @param blockHeight   the block's height, or -1
 * @param time          seconds since the epoch
 * @param amountSat     what the wallet gained (negative: sent), fee excluded, sat
 * @param feeSat        the fee the wallet paid, sat; -1 when the wallet did not pay it (a receive)
 * @param vsize         virtual size, vB
 * @param weight        weight, WU
 * @param size          serialized size, bytes
 * @param signalsRbf    an input's nSequence is below 0xfffffffe (BIP125 opt-in)
 * @param inputs        the outputs spent, {@code txid:vout}, or {@code coinbase}
 * @param outputs       the outputs, in order
 */
public record WalletTxDetails(String txid, String wtxid, int confirmations, String blockHash, int blockHeight, long time, long amountSat,
        long feeSat, long vsize, long weight, long size, boolean signalsRbf, List<String> inputs, List<Output> outputs) {

    /**
     * One output.
     *
     * @param n        its index
     * @param valueSat its value, sat
     * @param address  the address it pays, or "" (an OP_RETURN, a bare script)
     * @param wallet   how it concerns this wallet: "receive", "change", or "" (not this wallet's)
     * @param label    the wallet's label of the address, or ""
     */
    public record Output(int n, long valueSat, String address, String wallet, String label) {
    }

    /** @return the fee rate in sat/vB, or -1 when the fee is not the wallet's to know */
    public double feeRate() {
        return feeSat < 0 || vsize <= 0 ? -1 : (double) feeSat / vsize;
    }

    /** Reads the reply of {@code gettransaction txid true true}. */
    public static WalletTxDetails parse(JsonNode r) {
        JsonNode d = r.path("decoded");
        boolean rbf = false;
        List<String> ins = new ArrayList<>();
        for (JsonNode in : d.path("vin")) {
            if (in.has("coinbase")) {
                ins.add("coinbase");
            } else {
                ins.add(in.path("txid").asText() + ":" + in.path("vout").asInt());
            }
            rbf |= in.path("sequence").asLong(0xffffffffL) < 0xfffffffeL;
        }
        Map<Integer, JsonNode> mine = new HashMap<>();
        for (JsonNode e : r.path("details")) {
            if (e.path("category").asText().matches("receive|generate|immature|orphan")) {
                mine.put(e.path("vout").asInt(), e);
            }
        }
        List<Output> outs = new ArrayList<>();
        for (JsonNode o : d.path("vout")) {
            int n = o.path("n").asInt();
            JsonNode e = mine.get(n);
            String wallet = o.path("ischange").asBoolean(false) ? "change" : e != null ? "receive" : "";
            outs.add(new Output(n, Units.btcToSat(o.path("value").asDouble()), o.path("scriptPubKey").path("address").asText(""),
                    wallet, e == null ? "" : e.path("label").asText("")));
        }
        return new WalletTxDetails(r.path("txid").asText(), d.path("hash").asText(r.path("txid").asText()), r.path("confirmations").asInt(),
                r.path("blockhash").asText(""), r.has("blockheight") ? r.path("blockheight").asInt() : -1, r.path("time").asLong(),
                Units.btcToSat(r.path("amount").asDouble()), r.has("fee") ? -Units.btcToSat(r.path("fee").asDouble()) : -1,
                d.path("vsize").asLong(), d.path("weight").asLong(), d.path("size").asLong(), rbf, ins, outs);
    }
}
