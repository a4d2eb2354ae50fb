package org.bitcoinfx.gui;

import static org.bitcoinfx.gui.MiningTableChecks.assertSortedByFeeRate;
import static org.bitcoinfx.gui.MiningTableChecks.fx;
import static org.bitcoinfx.gui.MiningTableChecks.rows;
import static org.bitcoinfx.gui.MiningTableChecks.txids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.control.TableView;
import org.bitcoinfx.gui.mining.MiningPage;
import org.bitcoinfx.gui.mining.MiningViewModel;
import org.bitcoinfx.gui.mining.TemplateTx;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.node.net.ChainSpec;
import org.bitcoinfx.node.net.RegtestNetwork;
import org.junit.jupiter.api.Test;

/**
 * The Mining page on a real node with a big mempool (issue #16; {@code BITCOIN_NODE}, skipped without it): the app's
 * node starts from the cached {@link ChainSpec#bigMempool(int) bigMempool(3,000)} chain — blocks, chainstate and
 * {@code mempool.dat} copied into its datadir, so it loads the 3,000 transactions at start — with one peer serving
 * the same chain. The table holds every transaction of the node's template, sorted by fee rate, filterable; then
 * 10 transactions a second (prepared on the peer's wallet, {@link ChurnTxs}) are sent to the app's node over IPC, and the table follows the node's
 * template through {@code waitNext} while they come and after.
 */
class RealNodeBigTemplateTest extends RegtestNetworkAppTest {
    static final int MEMPOOL = 3_000;
    /** Churn transactions prepared (at 10 a second, enough for 40 s). */
    static final int CHURN = 400;

    final List<String> churnTxs = new ArrayList<>();

    @Override
    ChainSpec spec() {
        return ChainSpec.bigMempool(MEMPOOL);
    }

    @Override
    int peerCount() {
        return 1;
    }

    /** Real time: at a fixed mocktime the node's waitNext never returns on fees ({@link #appMocktime()}). */
    @Override
    boolean appMocktime() {
        return false;
    }

    /** The chain's 2025 tip and mempool at real time: not in IBD ({@code -maxtipage}), not expired ({@code -mempoolexpiry}). */
    @Override
    String appArgs() {
        return APP_ARGS;
    }

    /** What the app's node needs to take the cached chain and mempool at real time. */
    static final String APP_ARGS = "-maxtipage=1000000000 -mempoolexpiry=1000000";

    /**
     * Copies the cached chain with its mempool into the app's datadir, then prepares the churn on the peer
     * ({@link ChurnTxs}: a fan-out mined after a coinbase to the wallet and 100 empty blocks, which the app's node gets from the peer, and
     * {@value #CHURN} spends of it).
     */
    @Override
    void peersStarted() throws Exception {
        net.chain().orElseThrow().copyInto(tmp.resolve("datadir"), false);
        churnTxs.addAll(ChurnTxs.prepare(net.node(0), "alice", CHURN));
    }

    @Test
    void theTableHoldsTheWholeTemplateSortedFilterableAndFollowsChurn() throws Exception {
        NodeClient client = awaitClient();
        int height = ChainSpec.bigMempool(MEMPOOL).blocks() + ChurnTxs.BLOCKS;
        awaitStartupThread(client);
        RegtestNetwork.waitUntil("the app's node has the peer's blocks", Duration.ofSeconds(NODE_WAIT), () ->
                call(client, "getblockcount").asInt() == height);
        assertEquals(MEMPOOL, call(client, "getmempoolinfo").path("size").asInt(), "mempool.dat loaded whole");
        showPage("Mining");
        MiningPage page = page(MiningPage.class, "Mining");
        MiningViewModel vm = page.viewModel();
        interact(() -> vm.setFeeThreshold(1));
        @SuppressWarnings("unchecked")
        TableView<TemplateTx> table = lookup("#mining-txs").queryAs(TableView.class);
        Set<String> template = gbtTxids(client);
        System.out.printf("template: %d transactions, %d WU%n", template.size(), gbtWeight(client));
        waitUntil(NODE_WAIT, () -> table.getItems().size() == template.size());
        List<TemplateTx> shown = rows(table);
        assertEquals(template, txids(shown), "the table holds the template's transactions");
        assertEquals(fx(() -> vm.current().snapshot().txs().size()), shown.size(), "as many rows as the page's template has");
        assertSortedByFeeRate(shown);
        MiningTableChecks.checkFilters(this, vm, table, shown);

        // churn: 10 a second over IPC; the table follows while it goes on
        int changesBefore = fx(() -> vm.changes().size());
        ScheduledExecutorService churn = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger sent = new AtomicInteger();
        ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
        churn.scheduleAtFixedRate(() -> {
            int i = sent.getAndIncrement();
            if (i < churnTxs.size()) {
                client.rpc().call("sendrawtransaction", churnTxs.get(i)).exceptionally(e -> {
                    refused.add(i + ": " + e);
                    return null;
                });
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
        try {
            waitUntil(NODE_WAIT, () -> vm.txs().size() >= MEMPOOL + 30);
            assertTrue(sent.get() < churnTxs.size(), "the table grew while the churn went on");
            waitUntil(NODE_WAIT, () -> vm.changes().size() >= changesBefore + 2);
        } finally {
            churn.shutdownNow();
            churn.awaitTermination(30, TimeUnit.SECONDS);
        }
        assertTrue(refused.isEmpty(), "the node took every churn transaction: " + refused);
        int mempool = call(client, "getmempoolinfo").path("size").asInt();
        // the node's template now (asked on this thread): the table follows it (waitNext brings it within its 1 s tick)
        RegtestNetwork.waitUntil("the table equals the node's template", Duration.ofSeconds(NODE_WAIT),
                () -> gbtTxids(client).equals(txids(fxUnchecked(() -> new ArrayList<>(table.getItems())))));
        List<TemplateTx> after = rows(table);
        assertEquals(mempool, after.size(), "every mempool transaction is in the template (it is not full)");
        assertSortedByFeeRate(after);
        System.out.printf("after churn: %d rows, %d template changes%n", after.size(), fx(() -> vm.changes().size()) - changesBefore);
    }

    static <T> T fxUnchecked(java.util.concurrent.Callable<T> c) {
        try {
            return fx(c);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Set<String> gbtTxids(NodeClient client) {
        Set<String> s = new HashSet<>();
        call(client, "getblocktemplate", Map.of("rules", List.of("segwit"))).path("transactions").forEach(x -> s.add(x.path("txid").asText()));
        return s;
    }

    static long gbtWeight(NodeClient client) {
        long w = 0;
        for (JsonNode x : call(client, "getblocktemplate", Map.of("rules", List.of("segwit"))).path("transactions")) {
            w += x.path("weight").asLong();
        }
        return w;
    }
}
