package org.bitcoinfx.gui.mining;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link TemplateTxDiff}: removals and additions by txid, positions from the new template. */
class TemplateTxDiffTest {
    static TemplateTx tx(int index, String id) {
        return new TemplateTx(index, id.repeat(64 / id.length()), "00".repeat(32), 1_000, 1, 440, 110);
    }

    static TemplateSnapshot snap(TemplateTx... txs) {
        return new TemplateSnapshot(Instant.EPOCH, null, 1, List.of(txs), List.of(), null, List.of());
    }

    @Test
    void removedAddedAndPositions() {
        TemplateSnapshot a = snap(tx(1, "a"), tx(2, "b"), tx(3, "c"));
        TemplateSnapshot b = snap(tx(1, "d"), tx(2, "a"), tx(3, "c"));
        TemplateTxDiff d = TemplateTxDiff.between(a, b);
        assertEquals(Set.of("b".repeat(64)), d.removed());
        assertEquals(List.of(tx(1, "d")), d.added());
        assertEquals(Map.of("d".repeat(64), 1, "a".repeat(64), 2, "c".repeat(64), 3), d.positions());
        assertEquals(2, d.positionOf("a".repeat(64)));
        assertEquals(0, d.positionOf("b".repeat(64)));
    }

    @Test
    void fromNothingEverythingIsAdded() {
        TemplateSnapshot b = snap(tx(1, "d"), tx(2, "a"));
        TemplateTxDiff d = TemplateTxDiff.between(null, b);
        assertEquals(Set.of(), d.removed());
        assertEquals(b.txs(), d.added());
    }
}
