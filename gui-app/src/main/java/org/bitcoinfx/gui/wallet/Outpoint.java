package org.bitcoinfx.gui.wallet;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A transaction output's reference ({@code COutPoint}, Bitcoin Core {@code src/primitives/transaction.h}), as the wallet
 * RPCs take it: {@code {"txid": hex, "vout": n}} ({@code lockunspent}, {@code listlockunspent}, the {@code inputs} of
 * {@code walletcreatefundedpsbt}).
 *
 * @param txid display hex of the transaction
 * @param vout the output's index
 */
public record Outpoint(String txid, int vout) {
    /** @return {@code {"txid": …, "vout": …}}, the RPC's JSON object */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("txid", txid);
        m.put("vout", vout);
        return m;
    }

    /** @return {@code txid:vout} */
    @Override
    public String toString() {
        return txid + ":" + vout;
    }
}
