package org.bitcoinfx.gui.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Locale;
import org.bitcoinfx.gui.util.Units;

/**
 * One row of {@code listtransactions} or of {@code listsinceblock}'s {@code transactions}/{@code removed} (Bitcoin Core
 * {@code src/wallet/rpc/transactions.cpp}, {@code ListTransactions}/{@code WalletTxToJSON}): one output of a
 * transaction, seen as a send or a receive.
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
 * @param blockHeight   {@code blockheight} of the block holding it, or -1 when unconfirmed
 */
public record WalletTx(String txid, String category, long amountSat, long feeSat, int confirmations, String label, String address,
                       long time, int vout, int blockHeight) {
    /** Blocks before a coinbase may be spent ({@code COINBASE_MATURITY}, {@code src/consensus/consensus.h}): {@code immature} until then. */
    static final int COINBASE_MATURITY = 100;

    /** Reads one entry. */
    public static WalletTx from(JsonNode e) {
        return new WalletTx(e.path("txid").asText(), e.path("category").asText(), Units.btcToSat(e.path("amount").asDouble()),
                e.has("fee") ? -Units.btcToSat(e.path("fee").asDouble()) : -1, e.path("confirmations").asInt(),
                e.path("label").asText(""), e.path("address").asText(""), e.path("time").asLong(), e.path("vout").asInt(),
                e.has("blockheight") ? e.path("blockheight").asInt() : -1);
    }

    /**
     * @return the identity of this row within a wallet's history: txid, output and category (a send to oneself is a
     *         {@code send} and a {@code receive} row of the same output)
     */
    public String key() {
        return txid + ':' + vout + ':' + category;
    }

    /**
     * This row as at a tip of height {@code tipHeight}: confirmations {@code tip − blockheight + 1}, and an
     * {@code immature} coinbase that has matured is {@code generate} ({@code CachedTxIsImmature}). Unconfirmed and
     * conflicted rows are returned as they are.
     *
     * @return this, or a copy with the new confirmations and category
     */
    public WalletTx at(int tipHeight) {
        if (blockHeight < 0 || confirmations < 0 || tipHeight < blockHeight) {
            return this;
        }
        int conf = tipHeight - blockHeight + 1;
        String cat = category.equals("immature") && conf > COINBASE_MATURITY ? "generate" : category;
        return conf == confirmations && cat.equals(category) ? this
                : new WalletTx(txid, cat, amountSat, feeSat, conf, label, address, time, vout, blockHeight);
    }

    /**
     * Whether the activity search finds this row: {@code query} (already stripped and lower-cased, not empty) is part
     * of the txid, the address or the label (any case), or of the amount in BTC as {@link #amountBtc()} writes it,
     * without its sign ("0.015" finds 0.01500000 and −0.01523400).
     */
    public boolean matches(String query) {
        return txid.contains(query) || address.toLowerCase(Locale.ROOT).contains(query) || label.toLowerCase(Locale.ROOT).contains(query)
                || amountBtc().replace("-", "").contains(query);
    }

    /** @return the amount in BTC, signed, 8 decimals, no grouping, e.g. {@code -0.01500000} */
    public String amountBtc() {
        return BigDecimal.valueOf(amountSat, 8).toPlainString();
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
