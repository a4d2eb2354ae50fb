package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.scene.chart.BarChart;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;
import org.bitcoinfx.gui.mempool.FeeHistogram;
import org.bitcoinfx.gui.mempool.MempoolEntry;
import org.bitcoinfx.gui.mempool.MempoolPage;
import org.bitcoinfx.gui.mempool.MempoolViewModel;
import org.bitcoinfx.gui.util.Units;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Mempool page on FakeNode: {@code getmempoolinfo} figures, the fee-rate histogram and the recent list follow the
 * node's mempool (live: a block empties it); a transaction opens with its ancestors and descendants, a family member
 * opens in turn; a transaction mined meanwhile is refused in the node's words; nothing is asked while the page is hidden.
 */
class MempoolPageTest extends AppTestBase {
    @SuppressWarnings("unchecked")
    private TableView<MempoolEntry> table() {
        return lookup("#mempool-recent").queryAs(TableView.class);
    }

    private MempoolViewModel vm() throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> app.mainWindow().pages().stream().filter(p -> p instanceof MempoolPage)
                .map(p -> ((MempoolPage) p).viewModel()).findFirst().orElseThrow()).get();
    }

    @Test
    void statsHistogramAndRecentFollowTheMempoolAndABlockEmptiesIt() throws Exception {
        waitReady();
        backend.node().seedMempool(40);
        List<String> chain = backend.node().seedMempoolChain(3);
        showPage("Mempool");
        waitText("#mempool-count", "43");
        long vsize = backend.node().state().chain().mempool().stream().mapToLong(e -> e.tx().vsize()).sum();
        assertEquals(Units.vbytes(vsize), text("#mempool-vsize"));
        assertEquals(Units.satPerVb(0.1), text("#mempool-minfee")); // the fake's mempoolminfee, 0.000001 BTC/kvB as Core's default
        waitUntil(() -> table().getItems().size() == 43);
        // every transaction in the bucket of its own fee rate, the bars' heights their kvB
        MempoolViewModel vm = vm();
        long[] expected = new long[FeeHistogram.BOUNDS.length];
        backend.node().state().chain().mempool().forEach(e -> expected[FeeHistogram.bucketOf((double) e.feeSat() / e.tx().vsize())]++);
        FeeHistogram h = WaitForAsyncUtils.asyncFx(() -> vm.snapshotProperty().get().histogram()).get();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], h.buckets().get(i).count(), h.buckets().get(i).label());
        }
        @SuppressWarnings("unchecked")
        BarChart<String, Number> chart = lookup("#mempool-histogram").queryAs(BarChart.class);
        double kvb = WaitForAsyncUtils.asyncFx(() -> chart.getData().get(0).getData().stream().mapToDouble(d -> d.getYValue().doubleValue()).sum()).get();
        assertEquals(vsize / 1000.0, kvb, 1e-6);
        // the chain's three are the newest (or as new as any): all listed
        Set<String> listed = WaitForAsyncUtils.asyncFx(() -> table().getItems().stream().map(MempoolEntry::txid).collect(Collectors.toSet())).get();
        assertTrue(listed.containsAll(chain));

        backend.generate(1); // live: the new tip empties the mempool
        waitText("#mempool-count", "0");
        waitUntil(() -> table().getItems().isEmpty());
    }

    @Test
    void aTransactionOpensWithItsFamilyAndAMinedOneIsRefusedInTheNodesWords() throws Exception {
        waitReady();
        List<String> chain = backend.node().seedMempoolChain(3);
        showPage("Mempool");
        waitUntil(() -> table().getItems().size() == 3);
        String middle = chain.get(1);
        interact(() -> table().getItems().stream().filter(e -> e.txid().equals(middle)).findFirst()
                .ifPresent(e -> table().getSelectionModel().select(e)));
        waitUntil(() -> lookup("#mempool-ancestors").tryQuery().isPresent());
        assertEquals(List.of(chain.get(0)), family("#mempool-ancestors"));
        assertEquals(List.of(chain.get(2)), family("#mempool-descendants"));
        MempoolViewModel vm = vm();
        var d = WaitForAsyncUtils.asyncFx(() -> vm.detailsProperty().get()).get();
        assertEquals(middle, d.tx().txid());
        assertEquals(2, d.entry().ancestorCount());
        assertEquals(4.0, d.entry().feeRate(), 1e-9); // seedMempoolChain: 2, 4, 6 sat/vB
        assertEquals(List.of(chain.get(0) + ":0"), d.tx().inputs());

        // a descendant opens in turn
        interact(() -> ((Hyperlink) ((VBox) lookup("#mempool-descendants").query()).getChildren().get(0)).fire());
        waitUntil(() -> vm.detailsProperty().get() != null && vm.detailsProperty().get().entry().txid().equals(chain.get(2)));
        assertEquals(List.of(chain.get(0), chain.get(1)).stream().sorted().toList(), family("#mempool-ancestors"));

        // mined meanwhile: the node says so
        backend.node().generate(1);
        interact(() -> vm.open(chain.get(0)));
        waitUntil(() -> lookup("#mempool-details-error").tryQuery().isPresent());
        assertEquals("Transaction not in mempool", text("#mempool-details-error"));
        clickOn("#mempool-details-close");
        waitUntil(() -> vm.openedProperty().get().isEmpty());
    }

    /**
     * A refresh asked while one is out runs when it ends: if the page was hidden meanwhile, that run asks nothing (a
     * stress review found it asking {@code getrawmempool} of a hidden page). The first run's {@code getrawmempool} is
     * held until the page is hidden.
     */
    @Test
    void aRefreshQueuedBeforeThePageIsHiddenAsksNothing() throws Exception {
        waitReady();
        MempoolViewModel vm = vm();
        var client = backend.client();
        client.holdRpc("getrawmempool");
        long asked = client.rpcCount("getrawmempool");
        showPage("Mempool");
        waitUntil(() -> client.rpcCount("getrawmempool") > asked);
        long during = client.rpcCount("getrawmempool");
        long runs = WaitForAsyncUtils.asyncFx(() -> vm.refreshes().runs()).get();
        interact(vm::refresh); // queued behind the held run
        showPage("Status");
        client.releaseRpc("getrawmempool");
        // the queued run starts in the FX event that ends the held one, so no run in flight means both are over
        waitUntil(() -> WaitForAsyncUtils.asyncFx(() -> !vm.refreshes().inFlight()).get());
        assertTrue(WaitForAsyncUtils.asyncFx(() -> vm.refreshes().runs()).get() > runs, "the queued run ran");
        assertEquals(during, client.rpcCount("getrawmempool"), "nothing asked for the hidden page");
    }

    @Test
    void nothingIsAskedWhileThePageIsHidden() throws Exception {
        waitReady();
        showPage("Mempool");
        waitText("#mempool-count", "0");
        showPage("Status");
        MempoolViewModel vm = vm();
        long before = backend.client().rpcCount("getrawmempool");
        long tips = WaitForAsyncUtils.asyncFx(vm::tipsSeen).get();
        assertFalse(WaitForAsyncUtils.asyncFx(vm::polling).get(), "no poll while hidden");
        backend.generate(2);
        backend.node().seedMempool(5);
        waitText("#tip-height", "22");
        // the page was told of the new tip (after its 500 ms coalescing), hidden: a refresh would have been asked then
        waitUntil(() -> WaitForAsyncUtils.asyncFx(vm::tipsSeen).get() > tips);
        assertEquals(before, backend.client().rpcCount("getrawmempool"));
        assertFalse(WaitForAsyncUtils.asyncFx(vm::polling).get(), "no poll while hidden");
        showPage("Mempool");
        waitText("#mempool-count", "5");
    }

    private List<String> family(String id) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> ((VBox) lookup(id).query()).getChildren().stream()
                .filter(n -> n instanceof Hyperlink).map(n -> (String) n.getUserData()).sorted().toList()).get();
    }

}
