package org.bitcoinfx.gui;

import static org.bitcoinfx.gui.MiningTableChecks.assertSortedByFeeRate;
import static org.bitcoinfx.gui.MiningTableChecks.fx;
import static org.bitcoinfx.gui.MiningTableChecks.rows;
import static org.bitcoinfx.gui.MiningTableChecks.txids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.collections.ListChangeListener;
import javafx.scene.control.TableView;
import org.bitcoinfx.gui.mining.MiningPage;
import org.bitcoinfx.gui.mining.MiningViewModel;
import org.bitcoinfx.gui.mining.TemplateTx;
import org.junit.jupiter.api.Test;

/**
 * The Mining page with a big template on FakeNode (issue #16): 3,000 mempool transactions, all in the template
 * (FakeNode's {@code FakeBlockAssembler} fills up to 4 M WU), all in the table, sorted by fee rate; the filters;
 * then churn — 10 new transactions a second from another thread — while {@code waitNext} follows: the table takes
 * the changes as diffs (a removal and an addition event each, never a refill) and ends equal to the node's template.
 */
class MiningBigTemplateTest extends AppTestBase {
    static final int MEMPOOL = 3_000;

    @Test
    void threeThousandTransactionsShownSortedFilterableAndFollowedUnderChurn() throws Exception {
        waitReady();
        backend.node().seedMempool(MEMPOOL);
        showPage("Mining");
        MiningPage page = fx(() -> (MiningPage) app.mainWindow().pages().stream().filter(p -> p instanceof MiningPage).findFirst().orElseThrow());
        MiningViewModel vm = page.viewModel();
        @SuppressWarnings("unchecked")
        TableView<TemplateTx> table = lookup("#mining-txs").queryAs(TableView.class);
        waitUntil(60, () -> table.getItems().size() == MEMPOOL);
        List<TemplateTx> shown = rows(table);
        assertEquals(gbtTxids(), txids(shown), "the table holds the template's transactions");
        assertSortedByFeeRate(shown);
        MiningTableChecks.checkFilters(this, vm, table, shown);
        String shot = System.getProperty("bitcoinfx.test.miningShot"); // a PNG of the page with a fee-rate filter, to look at
        if (shot != null) {
            interact(() -> vm.txFilterProperty().set(">=25"));
            javafx.scene.image.WritableImage img = fx(() -> app.context().stage().getScene().snapshot(null));
            javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(img, null), "png", new java.io.File(shot));
            interact(() -> vm.txFilterProperty().set(""));
        }

        // churn: 10 transactions a second; waitNext (threshold 1 sat) follows; the table changes by diffs only
        List<String> refills = new ArrayList<>();
        AtomicInteger diffs = new AtomicInteger();
        ListChangeListener<TemplateTx> watch = c -> {
            while (c.next()) {
                if (c.wasReplaced() || c.getRemovedSize() > 100 || c.getAddedSize() > 100) {
                    refills.add("removed " + c.getRemovedSize() + ", added " + c.getAddedSize());
                }
            }
            diffs.incrementAndGet();
        };
        interact(() -> {
            vm.txs().addListener(watch);
            vm.setFeeThreshold(1);
        });
        int changesBefore = fx(() -> vm.changes().size() + vm.changes().stream().mapToInt(c -> c.repeats() - 1).sum());
        ScheduledExecutorService churn = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger sent = new AtomicInteger();
        churn.scheduleAtFixedRate(() -> {
            backend.node().seedMempool(1);
            sent.incrementAndGet();
        }, 0, 100, TimeUnit.MILLISECONDS);
        try {
            // updates arrive while the churn goes on: the table grows with it, template by template
            waitUntil(120, () -> vm.txs().size() >= MEMPOOL + 30 && vm.changes().get(0).source().equals("waitNext"));
            assertTrue(sent.get() >= 30);
        } finally {
            churn.shutdownNow();
            churn.awaitTermination(30, TimeUnit.SECONDS);
        }
        int total = MEMPOOL + sent.get();
        waitUntil(60, () -> table.getItems().size() == total);
        interact(() -> vm.txs().removeListener(watch));
        List<TemplateTx> after = rows(table);
        assertEquals(gbtTxids(), txids(after), "the table follows the node's template");
        assertSortedByFeeRate(after);
        assertTrue(refills.isEmpty(), "updates came as diffs, not refills: " + refills);
        assertTrue(diffs.get() >= 2, "several updates during the churn: " + diffs.get());
        int changesAfter = fx(() -> vm.changes().size() + vm.changes().stream().mapToInt(c -> c.repeats() - 1).sum());
        assertTrue(changesAfter > changesBefore, "waitNext brought templates during the churn");
    }

    private Set<String> gbtTxids() {
        Set<String> s = new HashSet<>();
        JsonNode t = backend.node().rpc(null, "getblocktemplate", Map.of("rules", List.of("segwit")));
        t.path("transactions").forEach(x -> s.add(x.path("txid").asText()));
        return s;
    }
}
