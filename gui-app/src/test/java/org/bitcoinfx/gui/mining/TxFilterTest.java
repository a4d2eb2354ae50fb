package org.bitcoinfx.gui.mining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link TxFilter}: txid/wtxid by hex, fee-rate ranges and bounds, and the refusals in words. */
class TxFilterTest {
    static final TemplateTx TX = new TemplateTx(1, "ab".repeat(32), "cd".repeat(32), 1_500, 1, 440, 110); // 13.6 sat/vB

    @Test
    void hexMatchesTxidOrWtxidInAnyCase() {
        assertTrue(TxFilter.parse("BABA").test(TX));
        assertTrue(TxFilter.parse("dcdc").test(TX));
        assertFalse(TxFilter.parse("abcd").test(TX));
        assertSame(TxFilter.ALL, TxFilter.parse("  "));
    }

    @Test
    void feeRateRangesAndBounds() {
        assertTrue(TxFilter.parse("10-20").test(TX));
        assertTrue(TxFilter.parse("13.6 – 14 sat/vB").test(TX));
        assertFalse(TxFilter.parse("1-13").test(TX));
        assertTrue(TxFilter.parse(">=13").test(TX));
        assertTrue(TxFilter.parse("≥ 13.6").test(TX));
        assertFalse(TxFilter.parse(">14").test(TX));
        assertTrue(TxFilter.parse("<14").test(TX));
        assertFalse(TxFilter.parse("≤13").test(TX));
    }

    @Test
    void nonsenseAndEmptyRangesAreRefusedInWords() {
        assertEquals("The fee-rate range 20-10 is empty: write the lower rate first, e.g. 10-20.",
                assertThrows(IllegalArgumentException.class, () -> TxFilter.parse("20-10")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TxFilter.parse("abc")).getMessage().startsWith("Filter by txid"));
        assertThrows(IllegalArgumentException.class, () -> TxFilter.parse("fee > 3"));
    }
}
