package org.bitcoinfx.node.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.primitives.BlockHeader;
import org.bitcoinfx.ipc.primitives.Hashes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The snapshot chain ({@link ChainSpec#assumeUtxo}): its blocks are Bitcoin Core's {@code CreateBlockChain}
 * (checked without a node against regtest's chain parameters, {@link AssumeUtxoData}); on a real node
 * ({@code BITCOIN_NODE}; skipped, saying why, without it) block 200 has the chain parameters' hash,
 * {@code dumptxoutset} at 200 their {@code hash_serialized} and the cached file's bytes, and a node that has
 * only the headers loads the snapshot ({@code loadtxoutset}) and validates it in the background once a peer
 * serves the blocks — as {@code test/functional/feature_assumeutxo.py}, here at height 200 with
 * {@value #FINAL_HEIGHT} blocks in all. Prints the replies' shapes (the gui-app record tests use them).
 */
class SnapshotChainTest {
    /** The tip of the test chain: the snapshot height and 100 blocks more, as feature_assumeutxo's FINAL_HEIGHT. */
    static final int FINAL_HEIGHT = AssumeUtxoData.BUILDABLE_HEIGHT + 100;
    static final ChainSpec SPEC = ChainSpec.assumeUtxo(FINAL_HEIGHT);

    @TempDir
    Path tmp;

    @Test
    void theBlocksUpToTheSnapshotAreCreateBlockChainsAndHaveTheChainParametersHash() {
        byte[] prev = SnapshotChainBuilder.GENESIS_HASH;
        byte[] first = null;
        for (int h = 1; h <= AssumeUtxoData.BUILDABLE_HEIGHT; h++) {
            byte[] block = SnapshotChainBuilder.block(h, prev, ChainSpec.GENESIS_TIME + h);
            prev = BlockHeader.parse(java.util.Arrays.copyOf(block, BlockHeader.SIZE)).hash();
            first = first == null ? block : first;
        }
        assertEquals(AssumeUtxoData.forHeight(200).orElseThrow().blockHash(), Hashes.displayHex(prev));
        // block 1: OP_1 OP_0 as scriptSig, nLockTime 0, 50 BTC to P2WSH(OP_TRUE)
        String hex = Hashes.hex(first);
        assertTrue(hex.contains("02" + "5100" + "feffffff"), hex);
        assertTrue(hex.endsWith("00f2052a01000000" + "22" + Hashes.hex(SnapshotChainBuilder.P2WSH_OP_TRUE) + "00000000"), hex);
    }

    @Test
    void scriptNumbersAreCScriptPushes() {
        assertArrayEquals(new byte[] {0x51}, SnapshotChainBuilder.scriptNumber(1));
        assertArrayEquals(new byte[] {0x60}, SnapshotChainBuilder.scriptNumber(16));
        assertArrayEquals(new byte[] {0x01, 0x11}, SnapshotChainBuilder.scriptNumber(17));
        assertArrayEquals(new byte[] {0x01, 0x7f}, SnapshotChainBuilder.scriptNumber(127));
        assertArrayEquals(new byte[] {0x02, (byte) 0x80, 0x00}, SnapshotChainBuilder.scriptNumber(128));
        assertArrayEquals(new byte[] {0x02, (byte) 0xc8, 0x00}, SnapshotChainBuilder.scriptNumber(200));
        assertArrayEquals(new byte[] {0x02, 0x2c, 0x01}, SnapshotChainBuilder.scriptNumber(300));
        assertThrows(IllegalArgumentException.class, () -> SnapshotChainBuilder.scriptNumber(0));
    }

    @Test
    void onlyTheBuildableHeightMakesASnapshotChain() {
        assertEquals("v2-b300-k0-t0-w0-s1-u200", SPEC.cacheKey());
        assertEquals("v2-b200-k5-t20-w3-s1", ChainSpec.economy(200, 5, 20).cacheKey(), "economy chains keep their cache keys");
        assertThrows(IllegalArgumentException.class, () -> new ChainSpec(300, 0, 0, 0, 1, 299));
        assertThrows(IllegalArgumentException.class, () -> new ChainSpec(150, 0, 0, 0, 1, 200));
        assertThrows(IllegalArgumentException.class, () -> new ChainSpec(300, 0, 0, 3, 1, 200));
    }

    @Test
    @Timeout(value = 900, unit = TimeUnit.SECONDS)
    void theChainMatchesTheChainParametersAndABareNodeLoadsItsSnapshot() throws Exception {
        AssumeUtxoData params = AssumeUtxoData.forHeight(200).orElseThrow();
        try (RegtestNetwork net = RegtestNetwork.builder().nodes(1).chain(SPEC).workDir(tmp.resolve("net")).start()) {
            RegtestNode full = net.node(0);
            ChainCache.Cached cached = net.chain().orElseThrow();
            ChainManifest.Snapshot snap = cached.manifest().snapshot();
            assertEquals(FINAL_HEIGHT, full.call("getblockcount").asInt());
            assertEquals(params.blockHash(), full.call("getblockhash", 200).asText(), "block 200 is the chain parameters'");
            assertEquals(params.hashSerialized(), snap.txoutsetHash());
            assertEquals(params.blockHash(), snap.baseHash());
            assertEquals(200, snap.coins(), "one coinbase output a block");

            // the same snapshot again, by rollback from the tip to 200: the cached file's bytes (same parameters → same files)
            Path again = tmp.resolve("again.dat");
            JsonNode dump = full.call("dumptxoutset", again.toString(), "rollback", java.util.Map.of("rollback", 200));
            System.out.println("dumptxoutset rollback: " + dump);
            assertEquals(params.hashSerialized(), dump.path("txoutset_hash").asText(), "txoutset_hash = hash_serialized");
            assertEquals(params.blockHash(), dump.path("base_hash").asText());
            assertEquals(params.chainTxCount(), dump.path("nchaintx").asLong());
            assertArrayEquals(Files.readAllBytes(cached.snapshotFile().orElseThrow()), Files.readAllBytes(again));
            assertEquals(FINAL_HEIGHT, full.call("getblockcount").asInt(), "back at the tip after the rollback");

            try (RegtestNetwork bare = RegtestNetwork.builder().nodes(1).workDir(tmp.resolve("bare")).mocktime(SPEC.networkMocktime()).start()) {
                RegtestNode n = bare.node(0);
                Path file = Files.copy(cached.snapshotFile().orElseThrow(), tmp.resolve("utxo-200.dat"));
                // no headers yet: the node's refusal
                RegtestRpcException early = assertThrows(RegtestRpcException.class, () -> n.call("loadtxoutset", file.toString()));
                System.out.println("loadtxoutset before the headers: " + early.getMessage());
                assertTrue(early.getMessage().contains("The base block header (" + params.blockHash() + ") must appear in the headers chain"),
                        early.getMessage());
                for (int h = 1; h <= FINAL_HEIGHT; h++) {
                    n.call("submitheader", full.call("getblockheader", full.call("getblockhash", h).asText(), false).asText());
                }
                long t0 = System.nanoTime();
                JsonNode loaded = n.call("loadtxoutset", file.toString());
                System.out.printf("loadtxoutset: %s in %d ms%n", loaded, (System.nanoTime() - t0) / 1_000_000);
                assertEquals(200, loaded.path("coins_loaded").asInt());
                assertEquals(200, loaded.path("base_height").asInt());
                assertEquals(params.blockHash(), loaded.path("tip_hash").asText());
                JsonNode states = n.call("getchainstates");
                System.out.println("getchainstates after the load: " + states);
                System.out.println("getblockchaininfo after the load: " + n.call("getblockchaininfo"));
                assertEquals(2, states.path("chainstates").size());
                assertEquals(0, states.path("chainstates").path(0).path("blocks").asInt(), "the background chainstate, at genesis");
                assertEquals(200, states.path("chainstates").path(1).path("blocks").asInt());
                assertFalse(states.path("chainstates").path(1).path("validated").asBoolean());
                RegtestRpcException twice = assertThrows(RegtestRpcException.class, () -> n.call("loadtxoutset", file.toString()));
                System.out.println("loadtxoutset again: " + twice.getMessage());

                n.call("addnode", full.p2pAddress(), "onetry");
                RegtestNetwork.waitUntil("background validation completes", Duration.ofSeconds(300),
                        () -> n.call("getchainstates").path("chainstates").size() == 1
                                && n.call("getblockcount").asInt() == FINAL_HEIGHT);
                JsonNode done = n.call("getchainstates");
                System.out.println("getchainstates once validated: " + done);
                assertTrue(done.path("chainstates").path(0).path("validated").asBoolean());
                assertEquals(params.blockHash(), done.path("chainstates").path(0).path("snapshot_blockhash").asText());
                assertTrue(n.call("getblockchaininfo").path("backgroundvalidation").isMissingNode());
            }
        }
    }
}
