package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import javafx.scene.control.TableView;
import org.bitcoinfx.gui.mining.MiningViewModel;
import org.bitcoinfx.gui.mining.TemplateTx;
import org.testfx.util.WaitForAsyncUtils;

/**
 * What the Mining page's transactions table must show for a big template, shared by {@link MiningBigTemplateTest}
 * (FakeNode) and {@link RealNodeBigTemplateTest} (a real node on the test network): every transaction of the
 * node's template, sorted by fee rate (highest first), a txid filter finding one transaction, a fee-rate range
 * keeping exactly the transactions in it, and a filter that does not parse refused in words, the table unchanged.
 */
final class MiningTableChecks {
    private MiningTableChecks() {
    }

    static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get();
    }

    /** @return the table's rows, in the order shown (read on the FX thread) */
    static List<TemplateTx> rows(TableView<TemplateTx> table) throws Exception {
        return fx(() -> new ArrayList<>(table.getItems()));
    }

    /** @return the txids of the rows */
    static Set<String> txids(List<TemplateTx> rows) {
        Set<String> s = new HashSet<>();
        rows.forEach(t -> s.add(t.txid()));
        return s;
    }

    /** Asserts the rows are sorted by fee rate, highest first. */
    static void assertSortedByFeeRate(List<TemplateTx> rows) {
        for (int i = 1; i < rows.size(); i++) {
            assertTrue(rows.get(i - 1).feeRate() >= rows.get(i).feeRate(),
                    "row " + i + " (" + rows.get(i).feeRate() + " sat/vB) after a lower rate (" + rows.get(i - 1).feeRate() + ")");
        }
    }

    /**
     * Filters by a txid, by a fee-rate range and by nonsense, then clears the filter; asserts what each shows.
     *
     * @param expected the template's transactions (the table without a filter)
     */
    static void checkFilters(AppTestBase t, MiningViewModel vm, TableView<TemplateTx> table, List<TemplateTx> expected) throws Exception {
        TemplateTx some = expected.get(expected.size() * 2 / 3);
        t.interact(() -> vm.txFilterProperty().set(some.txid().substring(10, 30).toUpperCase()));
        List<TemplateTx> found = rows(table);
        assertEquals(List.of(some.txid()), found.stream().map(TemplateTx::txid).toList(), "the txid filter finds the one transaction");
        assertEquals("1 of " + org.bitcoinfx.gui.util.Units.number(expected.size()) + " transactions",
                fx(() -> t.lookup("#mining-shown-count").queryAs(javafx.scene.control.Label.class).getText()));

        t.interact(() -> vm.txFilterProperty().set("5-20 sat/vB"));
        List<TemplateTx> inRange = rows(table);
        long want = expected.stream().filter(x -> x.feeRate() >= 5 && x.feeRate() <= 20).count();
        assertTrue(want > 0, "the template has transactions between 5 and 20 sat/vB");
        assertEquals(want, inRange.size(), "the range keeps exactly the transactions in it");
        assertTrue(inRange.stream().allMatch(x -> x.feeRate() >= 5 && x.feeRate() <= 20));
        assertSortedByFeeRate(inRange);

        t.interact(() -> vm.txFilterProperty().set("20-5"));
        assertTrue(fx(() -> vm.txFilterErrorProperty().get()).contains("is empty"), "a reversed range is refused in words");
        assertEquals(inRange.size(), rows(table).size(), "a bad filter keeps the last good one");

        t.interact(() -> vm.txFilterProperty().set(""));
        assertEquals("", fx(() -> vm.txFilterErrorProperty().get()));
        assertEquals(expected.size(), rows(table).size());
    }
}
