package org.bitcoinfx.gui.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReadOrderTest {
    @Test
    void answersInTheOrderAskedAreAllApplied() {
        ReadOrder order = new ReadOrder();
        assertEquals(0, order.asked());
        assertEquals(0, order.applied());
        long first = order.ask();
        long second = order.ask();
        assertEquals(1, first);
        assertEquals(2, second);
        assertTrue(order.tryApply(first));
        assertEquals(1, order.applied());
        assertTrue(order.tryApply(second));
        assertEquals(2, order.applied());
    }

    @Test
    void anOlderAnswerAfterANewerOneIsDropped() {
        ReadOrder order = new ReadOrder();
        long older = order.ask();
        long newer = order.ask();
        assertTrue(order.tryApply(newer));
        assertFalse(order.tryApply(older), "the older read would undo what the newer one showed");
        assertEquals(newer, order.applied());
        assertEquals(2, order.asked());
    }

    @Test
    void theSameReadMayBeAppliedAgain() {
        // one read's answer shown in two steps (a list, then its details) passes both times
        ReadOrder order = new ReadOrder();
        long only = order.ask();
        assertTrue(order.tryApply(only));
        assertTrue(order.tryApply(only));
    }
}
