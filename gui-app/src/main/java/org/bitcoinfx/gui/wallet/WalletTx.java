package org.bitcoinfx.gui.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import org.bitcoinfx.gui.util.Units;

/**
 * One row of {@code listtransactions} (Bitcoin Core {@code src/wallet/rpc/transactions.cpp}).
 *
 * @param txid          display hex
 * @param category      {@code send}, {@code receive}, {@code generate}, {@code immature} or {@code orphan}
 * @param amountSat     signed: negative for sends, sat
 * @param feeSat        the fee of a send, sat (positive), or -1 when not ours to pay
 * @param confirmations confirmations (0 in the mempool, negative if conflicted)
 * @param label         the address label, or empty
 * @param address       the address, or empty
 * @param time          seconds since the epoch
 * @param vout          output index
 */
public record WalletTx(String txid, String category, long amountSat, long feeSat, int confirmations, String label, String address,
                       long time, int vout) {
    /** Reads one entry. */
    public static WalletTx from(JsonNode e) {
        return new WalletTx(e.path("txid").asText(), e.path("category").asText(), Units.btcToSat(e.path("amount").asDouble()),
                e.has("fee") ? -Units.btcToSat(e.path("fee").asDouble()) : -1, e.path("confirmations").asInt(),
                e.path("label").asText(""), e.path("address").asText(""), e.path("time").asLong(), e.path("vout").asInt());
    }

    /** @return a word for the direction: Sent, Received, Mined, Immature */
    public String direction() {
        return switch (category) {
            case "send" -> "Sent";
            case "receive" -> "Received";
            case "generate" -> "Mined";
            case "immature" -> "Immature";
            case "orphan" -> "Orphaned";
            default -> category;
        };
    }
}
