package org.bitcoinfx.gui.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import org.bitcoinfx.gui.util.Units;

/**
 * One unspent output of the wallet (a coin): a {@code listunspent} entry (Bitcoin Core {@code src/wallet/rpc/coins.cpp}),
 * or, for a frozen coin (which {@code listunspent} leaves out: {@code AvailableCoins} skips locked coins), the output
 * as {@code gettransaction txid true true} describes it.
 *
 * @param outpoint      txid and vout
 * @param address       the address paid, or empty (a script without one)
 * @param label         the address' label, or empty
 * @param amountSat     value, sat
 * @param confirmations 0 in the mempool
 * @param frozen        locked ({@code lockunspent}): coin selection leaves it alone
 * @param safe          {@code safe}: the node's coin selection may spend it (unconfirmed coins from others are not safe);
 *                      true for a frozen coin confirmed, false for a frozen coin unconfirmed
 */
public record Utxo(Outpoint outpoint, String address, String label, long amountSat, int confirmations, boolean frozen, boolean safe) {
    /** Reads a {@code listunspent} entry (never frozen: listunspent does not list locked coins). */
    public static Utxo fromListUnspent(JsonNode e) {
        return new Utxo(new Outpoint(e.path("txid").asText(), e.path("vout").asInt()), e.path("address").asText(""),
                e.path("label").asText(""), Units.btcToSat(e.path("amount").asDouble()), e.path("confirmations").asInt(), false,
                e.path("safe").asBoolean(true));
    }

    /**
     * A frozen coin from its transaction: {@code gettransaction txid true true}'s {@code decoded.vout[n]} ({@code value},
     * {@code scriptPubKey.address}), its {@code confirmations}, and the label of the receive entry of output n in
     * {@code details} (change has none).
     *
     * @throws IllegalArgumentException if the transaction has no output {@code n}
     */
    public static Utxo fromTransaction(Outpoint o, JsonNode tx) {
        JsonNode out = tx.path("decoded").path("vout").path(o.vout());
        if (out.isMissingNode()) {
            throw new IllegalArgumentException("transaction " + o.txid() + " has no output " + o.vout());
        }
        String label = "";
        for (JsonNode d : tx.path("details")) {
            if (d.path("vout").asInt(-1) == o.vout() && !d.path("category").asText().equals("send")) {
                label = d.path("label").asText("");
            }
        }
        int conf = tx.path("confirmations").asInt();
        return new Utxo(o, out.path("scriptPubKey").path("address").asText(""), label, Units.btcToSat(out.path("value").asDouble()), conf,
                true, conf > 0);
    }

    /** @return what the table shows for it: the label, or the address */
    public String labelOrAddress() {
        return label.isEmpty() ? address : label;
    }
}
