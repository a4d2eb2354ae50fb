package org.bitcoinfx.node.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The big-wallet chain ({@link ChainSpec#bigWallet}) on a real node ({@code BITCOIN_NODE}; skipped, saying why, without
 * it): {@link ChainSpec#BIG_WALLET} has exactly {@code N} transactions, each one {@code listtransactions} row, and
 * {@code listsinceblock} from genesis and from a block. {@code -Dbitcoinfx.test.bigWalletTxs=20000} for the big one
 * (default 2,000; built once per machine, cached). Prints the replies' shapes, which FakeWalletPlugin's mirror.
 */
class BigWalletChainTest {
    static final int TXS = Integer.getInteger("bitcoinfx.test.bigWalletTxs", 2000);

    @TempDir
    Path tmp;

    @Test
    void specsAreCheckedAndKeyed() {
        assertEquals("v2-b141-k0-t0-w2-s1-x20000", ChainSpec.bigWallet(20_000).cacheKey());
        assertEquals("v2-b105-k0-t0-w2-s1-x2000", ChainSpec.bigWallet(2_000).cacheKey());
        assertEquals(List.of(ChainSpec.FUNDER, ChainSpec.BIG_WALLET), ChainSpec.bigWallet(10).walletNames());
        assertThrows(IllegalArgumentException.class, () -> ChainSpec.bigWallet(0));
        assertThrows(IllegalArgumentException.class, () -> new ChainSpec(100, 0, 0, 2, 1, 0, 2000));
    }

    @Test
    @Timeout(value = 1800, unit = TimeUnit.SECONDS)
    void theBigWalletHasOneRowATransaction() throws Exception {
        ChainSpec spec = ChainSpec.bigWallet(TXS);
        try (RegtestNetwork net = RegtestNetwork.builder().nodes(1).chain(spec).workDir(tmp.resolve("net")).start()) {
            RegtestNode n = net.node(0);
            ChainManifest m = net.chain().orElseThrow().manifest();
            System.out.printf("chain %s: built in %d ms (this run built it: %s)%n", spec.cacheKey(), m.buildMillis(), net.chain().orElseThrow().built());
            assertEquals(spec.blocks(), n.call("getblockcount").asInt());
            JsonNode info = n.callWallet(ChainSpec.BIG_WALLET, "getwalletinfo");
            assertEquals(TXS, info.path("txcount").asInt(), info.toString());
            JsonNode newest = n.callWallet(ChainSpec.BIG_WALLET, "listtransactions", "*", 2, 0);
            System.out.println("listtransactions * 2 0: " + newest);
            assertEquals("receive", newest.path(1).path("category").asText());
            JsonNode all = n.callWallet(ChainSpec.BIG_WALLET, "listsinceblock", "", 1, false, true);
            assertEquals(TXS, all.path("transactions").size());
            assertEquals(n.call("getbestblockhash").asText(), all.path("lastblock").asText());
            String before = n.call("getblockhash", spec.blocks() - 1).asText();
            JsonNode last = n.callWallet(ChainSpec.BIG_WALLET, "listsinceblock", before, 1, false, true);
            System.out.println("listsinceblock <tip-1> keys: " + fieldNames(last) + ", removed " + last.path("removed")
                    + ", first entry " + last.path("transactions").path(0));
            int lastBlockTxs = TXS - (TXS - 1) / BigWalletBuilder.PAYMENTS_PER_BLOCK * BigWalletBuilder.PAYMENTS_PER_BLOCK;
            assertEquals(lastBlockTxs, last.path("transactions").size());
            assertTrue(last.path("removed").isArray());
        }
    }

    static List<String> fieldNames(JsonNode o) {
        List<String> names = new java.util.ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
