package org.bitcoinfx.node.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The big-mempool chains of issue #16 ({@link ChainSpec#bigMempool(int)}) against a real bitcoin-node
 * ({@code BITCOIN_NODE}; skipped, saying why, without it): the chain builds (once per machine, cached), and a
 * node started from the cache loads the whole mempool from the {@code mempool.dat} kept there.
 */
class BigMempoolChainTest {
    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 1800, unit = TimeUnit.SECONDS)
    void threeThousandTransactionsBuildAreCachedAndLoadFromMempoolDat() throws Exception {
        RegtestNetwork.nodeBinaryOrSkip();
        for (int t : new int[] {3_000, 6_000}) {
            ChainSpec spec = ChainSpec.bigMempool(t);
            try (RegtestNetwork net = RegtestNetwork.builder().nodes(1).chain(spec).workDir(tmp.resolve("net" + t)).start()) {
                assertEquals(t, net.chain().orElseThrow().manifest().mempool().size(), "the manifest lists the mempool");
                JsonNode info = net.node(0).call("getmempoolinfo");
                assertTrue(info.path("loaded").asBoolean(), "the network's start waited for mempool.dat to load: " + info);
                assertEquals(t, info.path("size").asInt(), "every transaction loaded from mempool.dat: " + info);
                JsonNode tmpl = net.node(0).call("getblocktemplate", java.util.Map.of("rules", java.util.List.of("segwit")));
                long weight = 0;
                for (JsonNode tx : tmpl.path("transactions")) {
                    weight += tx.path("weight").asLong();
                }
                System.out.printf("bigMempool(%d): mempool %d txs, %d vB; template %d txs, %d WU%n", t, info.path("size").asInt(),
                        info.path("bytes").asLong(), tmpl.path("transactions").size(), weight);
                assertTrue(tmpl.path("transactions").size() > 0);
            }
        }
    }
}
