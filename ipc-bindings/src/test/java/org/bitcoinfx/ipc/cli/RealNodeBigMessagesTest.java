package org.bitcoinfx.ipc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.BlockCreateOptions;
import org.bitcoinfx.ipc.BlockTemplate;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.ipc.primitives.BigBlocks;
import org.bitcoinfx.ipc.primitives.Hashes;
import org.bitcoinfx.ipc.primitives.RawBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ~4 MB block through a real node's IPC (skipped without {@code BITCOIN_NODE}): the node
 * ({@code -acceptnonstdtxn=1}) gets 19 witness-heavy transactions in its mempool
 * ({@link BigBlocks}); {@code BlockTemplate.getBlock} returns the 3.96 MB template block, which parses
 * and holds them; once mined, {@code getblock <hash> 0} is the block's bytes (its length is
 * {@code getblock … 1}'s {@code size}, its transactions the template's), and {@code getblock <hash> 2}
 * (about 8 MB of JSON: each witness item in hex) decodes to the same transactions, hex for hex.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class RealNodeBigMessagesTest {
    @TempDir
    Path tmp;

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(300, TimeUnit.SECONDS);
    }

    @Test
    void aFourMegabyteBlockThroughGetBlockAndGetblockZeroAndTwo() throws Exception {
        try (RealRegtestNode node = RealRegtestNode.startOrSkip(tmp, "-acceptnonstdtxn=1");
             IpcNodeClient c = node.connect()) {
            get(c.rpc().awaitWarmup(Duration.ofSeconds(60)));
            List<String> txids = BigBlocks.fillMempool(c.rpc());
            assertEquals(BigBlocks.TXS_PER_BLOCK, get(c.rpc().call("getmempoolinfo")).path("size").asInt());

            byte[] template;
            try (BlockTemplate t = get(c.mining().createNewBlock(BlockCreateOptions.DEFAULT, false)).orElseThrow()) {
                template = get(t.getBlock());
            }
            RawBlock tb = RawBlock.parse(template);
            assertEquals(BigBlocks.TXS_PER_BLOCK + 1, tb.txs().size(), "the coinbase and every big transaction");
            assertTrue(template.length > 3_900_000, "template block of " + template.length + " bytes");
            assertTrue(tb.weight() <= 4_000_000, "weight " + tb.weight());
            for (int i = 1; i < tb.txs().size(); i++) {
                assertTrue(txids.contains(Hashes.displayHex(tb.txs().get(i).txid())), "tx " + i + " is one of ours");
            }

            String hash = get(c.rpc().call("generatetodescriptor", 1, BigBlocks.descriptor())).get(0).asText();
            String hex = get(c.rpc().call("getblock", hash, 0)).asText();
            JsonNode one = get(c.rpc().call("getblock", hash, 1));
            JsonNode two = get(c.rpc().call("getblock", hash, 2));
            byte[] mined = Hashes.parseHex(hex);
            assertEquals(one.path("size").asLong(), mined.length, "getblock 0's bytes are getblock 1's size");
            assertEquals(one.path("weight").asLong(), RawBlock.parse(mined).weight());
            RawBlock mb = RawBlock.parse(mined);
            assertEquals(tb.txs().size(), mb.txs().size());
            JsonNode txs = two.path("tx");
            assertEquals(mb.txs().size(), txs.size());
            for (int i = 0; i < mb.txs().size(); i++) {
                assertEquals(one.path("tx").get(i).asText(), txs.get(i).path("txid").asText(), "tx " + i);
                assertEquals(Hashes.hex(mb.txs().get(i).serialize()), txs.get(i).path("hex").asText(), "tx " + i + " hex");
                if (i > 0) {
                    assertArrayEquals(tb.txs().get(i).serialize(), mb.txs().get(i).serialize(), "tx " + i + " is the template's");
                    assertEquals(BigBlocks.ITEMS + 1, txs.get(i).path("vin").get(0).path("txinwitness").size());
                }
            }
            String raw = get(c.rpc().executeRaw("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getblock\",\"params\":[\"" + hash + "\",2]}", "/"));
            System.out.printf("RealNodeBigMessagesTest: template block %d bytes (%d WU), getblock 0 %d hex chars, getblock 2 reply %d bytes%n",
                    template.length, tb.weight(), hex.length(), raw.length());
            node.stopOverIpc(c);
        }
    }

    /** A transaction of {@code outputs} outputs of 0 sat to {@code OP_TRUE}, hex: ~20 hex chars in, ~116 bytes of decoderawtransaction JSON out each. */
    static String manyOutputs(int outputs) {
        List<org.bitcoinfx.ipc.primitives.RawTx.Output> outs = java.util.Collections.nCopies(outputs,
                new org.bitcoinfx.ipc.primitives.RawTx.Output(0, new byte[] {0x51}));
        return Hashes.hex(new org.bitcoinfx.ipc.primitives.RawTx(2, List.of(new org.bitcoinfx.ipc.primitives.RawTx.Input(new byte[32], 0,
                new byte[0], 0xffffffffL, List.of())), outs, 0).serialize());
    }

    /**
     * The largest replies: {@code decoderawtransaction} of a transaction of 500,000 outputs is a
     * ~58 MB reply, under the node's 8 Mi-word message limit, and passes whole; of 650,000 outputs
     * (~75 MB) the node's capnp refuses to send it (docs/IPC.md §6): the call fails with the node's
     * FAILED exception naming the limit, and the connection goes on.
     */
    @Test
    void aReplyUnderTheNodesMessageLimitPassesAndOneOverItFailsTheCallOnly() throws Exception {
        try (RealRegtestNode node = RealRegtestNode.startOrSkip(tmp);
             IpcNodeClient c = node.connect()) {
            get(c.rpc().awaitWarmup(Duration.ofSeconds(60)));
            String under = get(c.rpc().executeRaw("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"decoderawtransaction\",\"params\":[\""
                    + manyOutputs(500_000) + "\"]}", "/"));
            assertTrue(under.length() > 50_000_000, "reply of " + under.length() + " bytes");
            assertTrue(under.length() < org.bitcoinfx.ipc.rpc.transport.Frames.TRAVERSAL_LIMIT_WORDS * 8);
            assertTrue(under.strip().endsWith("\"id\":1}") && under.contains("\"n\":499999,"), "whole: "
                    + under.substring(under.length() - 60));
            under = null;
            CompletableFuture<com.fasterxml.jackson.databind.JsonNode> over = c.rpc().call("decoderawtransaction", manyOutputs(650_000));
            java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> get(over));
            org.bitcoinfx.ipc.RemoteException r = org.junit.jupiter.api.Assertions.assertInstanceOf(org.bitcoinfx.ipc.RemoteException.class,
                    e.getCause());
            assertEquals(org.bitcoinfx.ipc.IpcException.Type.FAILED, r.type());
            assertTrue(r.reason().contains("larger than our single-message size limit"), r.reason());
            assertEquals(0, get(c.rpc().call("getblockcount")).asInt(), "the connection goes on");
            node.stopOverIpc(c);
        }
    }
}
