package org.bitcoinfx.gui.mining;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What changed between two templates' transactions, by txid: made off the JavaFX thread when a template
 * arrives, so that the Mining page's table takes only the change (a few removals and additions while the
 * mempool churns) instead of being refilled with thousands of rows.
 *
 * @param base      the snapshot this diff starts from, or null (then every transaction is {@code added})
 * @param next      the snapshot it leads to
 * @param removed   txids (display hex) in {@code base} and not in {@code next}
 * @param added     transactions in {@code next} and not in {@code base}, in block order
 * @param positions txid → position in {@code next}'s block (1 = first after the coinbase), for every transaction
 *                  (positions move for transactions that stay, so the table shows them from here)
 */
public record TemplateTxDiff(TemplateSnapshot base, TemplateSnapshot next, Set<String> removed, List<TemplateTx> added,
                             Map<String, Integer> positions) {
    /** Copies the collections. */
    public TemplateTxDiff {
        removed = Set.copyOf(removed);
        added = List.copyOf(added);
        positions = Map.copyOf(positions);
    }

    /**
     * @param base the snapshot shown now, or null for none
     * @param next the new snapshot
     * @return what turns {@code base}'s transactions into {@code next}'s; O(size of both)
     */
    public static TemplateTxDiff between(TemplateSnapshot base, TemplateSnapshot next) {
        Map<String, Integer> positions = new HashMap<>(next.txs().size() * 2);
        for (TemplateTx t : next.txs()) {
            positions.put(t.txid(), t.index());
        }
        Set<String> before = new HashSet<>();
        Set<String> removed = new HashSet<>();
        if (base != null) {
            for (TemplateTx t : base.txs()) {
                before.add(t.txid());
                if (!positions.containsKey(t.txid())) {
                    removed.add(t.txid());
                }
            }
        }
        List<TemplateTx> added = new ArrayList<>();
        for (TemplateTx t : next.txs()) {
            if (!before.contains(t.txid())) {
                added.add(t);
            }
        }
        return new TemplateTxDiff(base, next, removed, added, positions);
    }

    /** @return the position of {@code txid} in {@code next}'s block (1 = first after the coinbase), or 0 if it is not there */
    public int positionOf(String txid) {
        return positions.getOrDefault(txid, 0);
    }
}
