package org.bitcoinfx.node.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.node.net.ChainSpec;
import org.bitcoinfx.node.net.RegtestNetwork;
import org.bitcoinfx.node.net.RegtestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Holds FakeNode's mempool replies to a real bitcoin-node's with a mempool of families (issue #18's Mempool page):
 * {@code getrawmempool true}, {@code getmempoolentry}, {@code getmempoolancestors}/{@code descendants} (ids and
 * verbose) have the same shapes ({@link FakeNodeShapesTest#shape}), and the family figures agree with each other as
 * on the real node: {@code ancestorcount} = 1 + the ancestors listed, {@code fees.ancestor} = the sum of their fees.
 * The real node serves the cached {@link ChainSpec#bigMempool(int) bigMempool(3000)} chain (its {@code mempool.dat}
 * loads at start); the fake gets a chain of three ({@link FakeNode#seedMempoolChain}). Runs only with {@code BITCOIN_NODE}.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class FakeNodeMempoolShapesTest {
    @TempDir
    Path tmp;

    @Test
    void mempoolFamiliesHaveTheRealNodesShapes() throws Exception {
        var binary = RegtestNetwork.nodeBinaryOrSkip();
        try (RegtestNetwork net = RegtestNetwork.builder().nodes(1).binary(binary).chain(ChainSpec.bigMempool(3000))
                .workDir(tmp.resolve("net")).start();
             FakeNode fake = FakeNode.start(FakeNodeOptions.parse(new String[] {"-regtest", "-datadir=" + Files.createDirectories(tmp.resolve("fake")),
                     "-ipcbind=unix", "-printtoconsole=0"}))) {
            RegtestNode real = net.node(0);
            // RegtestNetwork's start waited for the real node's mempool.dat to load
            JsonNode pool = real.call("getrawmempool", true);
            assertEquals(3000, pool.size(), "bigMempool(3000)'s mempool.dat loaded");
            // a transaction with a parent in the mempool, and that parent
            String child = null;
            for (var it = pool.fields(); it.hasNext() && child == null; ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().path("ancestorcount").asInt() >= 2) {
                    child = e.getKey();
                }
            }
            assertTrue(child != null, "a transaction with an in-mempool parent");
            String parent = pool.path(child).path("depends").path(0).asText();

            List<String> chain = fake.seedMempoolChain(3);
            String fChild = chain.get(1);
            String fParent = chain.get(0);
            JsonNode fPool = fake.rpc(null, "getrawmempool", true);

            List<String> diffs = new ArrayList<>();
            // maps keyed by txid: their entries compared (the keys differ by nature)
            assertTrue(pool.isObject() && fPool.isObject(), "getrawmempool true: txid → entry on both");
            FakeNodeShapesTest.shape("getrawmempool[true].entry", pool.path(child), fPool.path(fChild), diffs);
            FakeNodeShapesTest.shape("getmempoolentry", real.call("getmempoolentry", child), fake.rpc(null, "getmempoolentry", fChild), diffs);
            for (String m : List.of("getmempoolancestors", "getmempooldescendants")) {
                String r = m.endsWith("ancestors") ? child : parent;
                String f = m.endsWith("ancestors") ? fChild : fParent;
                FakeNodeShapesTest.shape(m + "[false]", real.call(m, r), fake.rpc(null, m, f), diffs);
                JsonNode rv = real.call(m, r, true);
                JsonNode fv = fake.rpc(null, m, f, true);
                assertTrue(rv.isObject() && fv.isObject() && rv.size() > 0 && fv.size() > 0, m + " true: txid → entry on both");
                FakeNodeShapesTest.shape(m + "[true].entry", rv.elements().next(), fv.elements().next(), diffs);
            }
            assertEquals(List.of(), diffs, String.join("\n", diffs));

            // the family figures hold together on both
            for (Object[] node : new Object[][] {{"real", real, child}, {"fake", fake, fChild}}) {
                JsonNode entry = call(node[1], "getmempoolentry", node[2]);
                JsonNode anc = call(node[1], "getmempoolancestors", node[2], true);
                assertEquals(1 + anc.size(), entry.path("ancestorcount").asInt(), node[0] + ": ancestorcount");
                long fees = sat(entry.path("fees").path("base"));
                long size = entry.path("vsize").asLong();
                for (JsonNode a : anc) {
                    fees += sat(a.path("fees").path("base"));
                    size += a.path("vsize").asLong();
                }
                assertEquals(fees, sat(entry.path("fees").path("ancestor")), node[0] + ": fees.ancestor");
                assertEquals(size, entry.path("ancestorsize").asLong(), node[0] + ": ancestorsize");
            }
        }
    }

    private static JsonNode call(Object node, String method, Object... params) {
        return node instanceof RegtestNode r ? r.call(method, params) : ((FakeNode) node).rpc(null, method, params);
    }

    private static long sat(JsonNode btc) {
        return Math.round(btc.asDouble() * 1e8);
    }
}
