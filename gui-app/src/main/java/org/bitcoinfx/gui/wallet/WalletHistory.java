package org.bitcoinfx.gui.wallet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A wallet's whole activity, read once ({@link WalletService#history}) and then kept up to date block by block from
 * {@code listsinceblock <lastBlock>} ({@link #merge}): an immutable snapshot, safe to read and search from any thread.
 * Rows are newest first: {@code listtransactions}'s order (the wallet's {@code nOrderPos}, reversed), with rows new
 * in a merge put on top by time.
 *
 * @param rows       the rows, newest first, confirmations as at {@code tipHeight}
 * @param lastBlock  the block the rows are complete up to: the next {@code listsinceblock} starts there
 * @param tipHeight  that block's height
 */
public record WalletHistory(List<WalletTx> rows, String lastBlock, int tipHeight) {
    /** @throws NullPointerException if rows or lastBlock is null */
    public WalletHistory {
        rows = Collections.unmodifiableList(new ArrayList<>(rows));
        java.util.Objects.requireNonNull(lastBlock);
    }

    /**
     * A history from rows read newest first, possibly with the same row twice (a chunked read while new transactions
     * came: the later copy is dropped).
     */
    public static WalletHistory of(List<WalletTx> newestFirst, String lastBlock, int tipHeight) {
        Map<String, WalletTx> byKey = new LinkedHashMap<>();
        for (WalletTx t : newestFirst) {
            byKey.putIfAbsent(t.key(), t.at(tipHeight));
        }
        return new WalletHistory(new ArrayList<>(byKey.values()), lastBlock, tipHeight);
    }

    /** @return the number of rows */
    public int size() {
        return rows.size();
    }

    /**
     * This history with a {@code listsinceblock} reply applied: rows it has are replaced by the reply's (fresh
     * confirmations), new rows go on top (oldest of them lowest, by time, then txid and output), {@code removed} rows
     * (reorged out) are dropped unless the reply lists them again, every other row's confirmations are moved on to
     * the new tip.
     *
     * @return the new snapshot; this one is not changed
     */
    public WalletHistory merge(SinceBlock since) {
        int tip = since.lastBlockHeight();
        Map<String, WalletTx> fresh = new HashMap<>();
        for (WalletTx t : since.transactions()) {
            fresh.put(t.key(), t);
        }
        java.util.Set<String> gone = new java.util.HashSet<>();
        for (WalletTx t : since.removed()) {
            if (!fresh.containsKey(t.key())) {
                gone.add(t.key());
            }
        }
        List<WalletTx> kept = new ArrayList<>(rows.size() + fresh.size());
        java.util.Set<String> seen = new java.util.HashSet<>();
        // without a reorg the reply lists only transactions in later blocks, in the mempool or conflicted: a row already
        // in a block (at or below lastBlock) is not in it, and only moves its confirmations on
        boolean reorg = !since.removed().isEmpty();
        for (WalletTx t : rows) {
            if (!reorg && t.blockHeight() >= 0 && t.blockHeight() <= tipHeight) { // (a chunked read may hold rows of later blocks)
                kept.add(t.at(tip));
                continue;
            }
            String k = t.key();
            if (gone.contains(k)) {
                continue;
            }
            seen.add(k);
            WalletTx f = fresh.get(k);
            kept.add(f != null ? f : t.at(tip));
        }
        List<WalletTx> added = new ArrayList<>();
        for (WalletTx t : since.transactions()) {
            if (!seen.contains(t.key())) {
                added.add(t);
            }
        }
        // pending first (a transaction not in a block yet is the wallet's latest news, and its `time` is when it was
        // received while a confirmed one's may be its block's, which can be later), then newest by time, a later block
        // above an earlier one; then by txid, for one order whatever the reply's (listsinceblock lists in txid-map order)
        Comparator<WalletTx> newest = Comparator.comparingLong(WalletTx::time)
                .thenComparingLong(WalletTx::blockHeight).thenComparing(WalletTx::txid).thenComparingInt(WalletTx::vout).reversed();
        added.sort(Comparator.comparing((WalletTx t) -> t.blockHeight() >= 0).thenComparing(newest));
        List<WalletTx> out = new ArrayList<>(added.size() + kept.size());
        out.addAll(added);
        out.addAll(kept);
        return new WalletHistory(out, since.lastBlock(), tip);
    }

    /**
     * The rows the activity search finds ({@link WalletTx#matches}): txid, address, label or amount in BTC contain
     * {@code query} (case does not matter). A blank query finds every row.
     *
     * @return the matching rows, newest first
     */
    public List<WalletTx> search(String query) {
        String q = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        if (q.isEmpty()) {
            return rows;
        }
        List<WalletTx> out = new ArrayList<>();
        for (WalletTx t : rows) {
            if (t.matches(q)) {
                out.add(t);
            }
        }
        return out;
    }
}
