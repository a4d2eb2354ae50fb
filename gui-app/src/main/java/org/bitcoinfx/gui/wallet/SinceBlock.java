package org.bitcoinfx.gui.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The reply of {@code listsinceblock <blockhash> 1 false true} (Bitcoin Core {@code src/wallet/rpc/transactions.cpp}
 * {@code listsinceblock}, {@code include_removed} true), plus the height of its {@code lastblock}.
 *
 * @param transactions    the wallet's rows in blocks after {@code blockhash} and in the mempool, in the node's order
 *                        (which is not by time: it walks the wallet's map)
 * @param removed         rows of transactions in blocks that a reorg took off the chain since {@code blockhash}
 * @param lastBlock       {@code lastblock}: the hash to ask from next time (the tip, with target_confirmations 1)
 * @param lastBlockHeight the height of {@code lastBlock} ({@code getblockheader})
 */
public record SinceBlock(List<WalletTx> transactions, List<WalletTx> removed, String lastBlock, int lastBlockHeight) {
    /** Reads the reply; {@code lastBlockHeight} comes from another call. */
    public static SinceBlock parse(JsonNode r, int lastBlockHeight) {
        List<WalletTx> txs = new ArrayList<>(r.path("transactions").size());
        r.path("transactions").forEach(e -> txs.add(WalletTx.from(e)));
        List<WalletTx> removed = new ArrayList<>();
        r.path("removed").forEach(e -> removed.add(WalletTx.from(e)));
        return new SinceBlock(txs, removed, r.path("lastblock").asText(), lastBlockHeight);
    }
}
