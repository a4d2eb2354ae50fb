package org.bitcoinfx.gui.mempool;

import java.util.Comparator;
import java.util.List;

/**
 * The whole mempool at one moment, from {@code getrawmempool true}, reduced off the JavaFX thread to what the page
 * shows: the fee-rate histogram of every entry and the most recent entries.
 *
 * @param count     entries in the reply
 * @param histogram their fee rates ({@link FeeHistogram#of})
 * @param recent    the newest {@code recent} entries by mempool entry time, newest first (ties by txid)
 */
public record MempoolSnapshot(int count, FeeHistogram histogram, List<MempoolEntry> recent) {
    /** Newest first by {@link MempoolEntry#time()}, then by txid (a stable order for entries of the same second). */
    public static final Comparator<MempoolEntry> NEWEST_FIRST =
            Comparator.comparingLong(MempoolEntry::time).reversed().thenComparing(MempoolEntry::txid);

    /**
     * @param entries every entry of {@code getrawmempool true}
     * @param recent  how many of the newest to keep
     * @return the snapshot (a pure function of the entries)
     */
    public static MempoolSnapshot of(List<MempoolEntry> entries, int recent) {
        List<MempoolEntry> newest = entries.stream().sorted(NEWEST_FIRST).limit(recent).toList();
        return new MempoolSnapshot(entries.size(), FeeHistogram.of(entries), newest);
    }
}
