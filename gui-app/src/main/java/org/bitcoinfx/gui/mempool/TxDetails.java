package org.bitcoinfx.gui.mempool;

import java.util.List;

/**
 * A mempool transaction opened: its entry, the transaction decoded, and its in-mempool family.
 *
 * @param entry       {@code getmempoolentry txid}
 * @param tx          {@code getrawtransaction txid 1}
 * @param ancestors   {@code getmempoolancestors txid true}, without itself, by txid
 * @param descendants {@code getmempooldescendants txid true}, without itself, by txid
 */
public record TxDetails(MempoolEntry entry, DecodedTx tx, List<MempoolEntry> ancestors, List<MempoolEntry> descendants) {
}
