package org.bitcoinfx.gui;

import static org.bitcoinfx.gui.MiningTableChecks.fx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.gui.mempool.FeeHistogram;
import org.bitcoinfx.gui.mempool.MempoolEntry;
import org.bitcoinfx.gui.mempool.MempoolPage;
import org.bitcoinfx.gui.mempool.MempoolService;
import org.bitcoinfx.gui.mempool.MempoolViewModel;
import org.bitcoinfx.gui.mempool.TxDetails;
import org.bitcoinfx.gui.settings.Theme;
import org.bitcoinfx.gui.util.Units;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.node.net.ChainSpec;
import org.bitcoinfx.node.net.RegtestNetwork;
import org.junit.jupiter.api.Test;

/**
 * The Mempool page on a real node with a big mempool (issue #18; {@code BITCOIN_NODE}, skipped without it): the app's
 * node starts from the cached {@link ChainSpec#bigMempool(int) bigMempool(3,000)} chain with its {@code mempool.dat}
 * (as {@link RealNodeBigTemplateTest}), one peer serving the same chain. The figures are the node's
 * {@code getmempoolinfo}; the histogram counts each transaction of the node's own {@code getrawmempool true} in the
 * bucket of {@code fees.base / vsize}; a transaction with in-mempool parents opens with the node's ancestors and
 * descendants; a block mined by the peer reaches the page through the tip. With {@code -Dbitcoinfx.test.mempoolShots=DIR}
 * it saves {@code light-mempool.png} and {@code dark-mempool.png} (a transaction open).
 */
class RealNodeMempoolTest extends RegtestNetworkAppTest {
    static final int MEMPOOL = 3_000;
    private final String shots = System.getProperty("bitcoinfx.test.mempoolShots", "");

    @Override
    ChainSpec spec() {
        return ChainSpec.bigMempool(MEMPOOL);
    }

    @Override
    int peerCount() {
        return 1;
    }

    @Override
    boolean appMocktime() {
        return false;
    }

    @Override
    String appArgs() {
        return RealNodeBigTemplateTest.APP_ARGS;
    }

    @Override
    void peersStarted() throws Exception {
        net.chain().orElseThrow().copyInto(tmp.resolve("datadir"), false);
    }

    @Test
    void figuresHistogramAndFamiliesAreTheNodesAndABlockUpdatesThem() throws Exception {
        NodeClient client = awaitClient();
        awaitStartupThread(client);
        JsonNode info = call(client, "getmempoolinfo");
        assertEquals(MEMPOOL, info.path("size").asInt(), "mempool.dat loaded whole");
        showPage("Mempool");
        MempoolViewModel vm = page(MempoolPage.class, "Mempool").viewModel();
        waitLabel("#mempool-count", Units.number(MEMPOOL));
        assertEquals(Units.vbytes(info.path("bytes").asLong()), text("#mempool-vsize"));
        assertEquals(Units.satPerVb(Units.btcToSat(info.path("mempoolminfee").asDouble()) / 1000.0), text("#mempool-minfee"));
        assertEquals("min relay " + Units.satPerVb(Units.btcToSat(info.path("minrelaytxfee").asDouble()) / 1000.0), text("#mempool-minrelay"));

        // the histogram: the node's own entries, bucketed here from its fields
        JsonNode pool = call(client, "getrawmempool", true);
        long[] expected = new long[FeeHistogram.BOUNDS.length];
        String withParents = null;
        for (var it = pool.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            long fee = Units.btcToSat(e.getValue().path("fees").path("base").asDouble());
            expected[FeeHistogram.bucketOf((double) fee / e.getValue().path("vsize").asLong())]++;
            if (withParents == null && e.getValue().path("ancestorcount").asInt() >= 2 && e.getValue().path("descendantcount").asInt() >= 2) {
                withParents = e.getKey();
            }
        }
        waitUntil(NODE_WAIT, () -> vm.snapshotProperty().get() != null && vm.snapshotProperty().get().count() == MEMPOOL);
        FeeHistogram h = fx(() -> vm.snapshotProperty().get().histogram());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], h.buckets().get(i).count(), "bucket " + h.buckets().get(i).label());
        }
        assertEquals(info.path("bytes").asLong(), h.totalVsize(), "every vB counted once");
        assertEquals(MempoolService.RECENT, fx(() -> vm.snapshotProperty().get().recent().size()));
        StringBuilder hist = new StringBuilder();
        h.buckets().stream().filter(b -> b.count() > 0).forEach(b -> hist.append(b.label()).append(':').append(b.count()).append(' '));
        System.out.println("histogram (sat/vB: transactions): " + hist);

        // a transaction in the middle of a family opens with the node's ancestors and descendants
        assertTrue(withParents != null, "the big mempool has a transaction with a parent and a child");
        String txid = withParents;
        interact(() -> vm.open(txid));
        waitUntil(NODE_WAIT, () -> vm.detailsProperty().get() != null);
        TxDetails d = fx(() -> vm.detailsProperty().get());
        assertEquals(ids(call(client, "getmempoolancestors", txid)), txids(d.ancestors()));
        assertEquals(ids(call(client, "getmempooldescendants", txid)), txids(d.descendants()));
        JsonNode entry = call(client, "getmempoolentry", txid);
        assertEquals(entry.path("ancestorcount").asLong(), d.entry().ancestorCount());
        assertEquals(Units.btcToSat(entry.path("fees").path("ancestor").asDouble()), d.entry().ancestorFeeSat());
        assertEquals(call(client, "getrawtransaction", txid, 1).path("vout").size(), d.tx().outputs().size());
        waitUntil(() -> lookup("#mempool-ancestors").tryQuery().isPresent());
        if (!shots.isEmpty()) {
            Path dir = Files.createDirectories(Path.of(shots));
            snapLater(dir.resolve("light-mempool.png")).get(60, TimeUnit.SECONDS);
            interact(() -> app.context().settings().themeProperty().set(Theme.DARK));
            snapLater(dir.resolve("dark-mempool.png")).get(60, TimeUnit.SECONDS);
        }

        // a block from the peer: the page follows the node through the tip
        String tipBefore = call(client, "getbestblockhash").asText();
        net.node(0).generate(1);
        RegtestNetwork.waitUntil("the app's node has the peer's block", Duration.ofSeconds(NODE_WAIT),
                () -> !call(client, "getbestblockhash").asText().equals(tipBefore));
        int after = call(client, "getmempoolinfo").path("size").asInt();
        System.out.printf("after one block: %d in the mempool%n", after);
        waitLabel("#mempool-count", Units.number(after));
        waitUntil(NODE_WAIT, () -> vm.snapshotProperty().get().count() == after);
    }

    /** As {@link #waitText} with the node's wait ({@value #NODE_WAIT} s): a loaded machine. */
    void waitLabel(String id, String expected) throws Exception {
        try {
            waitUntil(NODE_WAIT, () -> lookup(id).tryQuery().map(n -> expected.equals(((javafx.scene.control.Label) n).getText())).orElse(false));
        } catch (java.util.concurrent.TimeoutException e) {
            assertEquals(expected, text(id));
        }
    }

    private static Set<String> ids(JsonNode arr) {
        Set<String> s = new TreeSet<>();
        arr.forEach(n -> s.add(n.asText()));
        return s;
    }

    private static Set<String> txids(java.util.List<MempoolEntry> es) {
        Set<String> s = new TreeSet<>();
        es.forEach(e -> s.add(e.txid()));
        return s;
    }
}
