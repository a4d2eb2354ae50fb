package org.bitcoinfx.node.fake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.BlockCreateOptions;
import org.bitcoinfx.ipc.BlockTemplate;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.ipc.primitives.RawBlock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multi-megabyte messages through the typed client over FakeNode's Unix socket (issue 16, IPC
 * runtime): a 10 MB {@code executeRpc} reply (the hidden {@code echo} of a 10 MB string, which the
 * real node serves too), {@code BlockTemplate.getBlock} of a ~4 MB template (witness-heavy
 * mempool, {@link FakeNode#seedMempool(int, int)}), and {@code getblock <hash> 0} and {@code 2} of
 * that block once mined, held to each other and to the template's bytes. Sizes only; time and
 * memory per message are in ipc-bindings' {@code BigMessagesTest} and {@code IpcBenchmark}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FakeNodeBigMessagesTest {
    private static final long WAIT_S = 120;
    @TempDir
    Path tmp;
    private FakeNode node;
    private IpcNodeClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private IpcNodeClient start() throws Exception {
        node = FakeNode.start(FakeNodeOptions.parse(new String[] {"-regtest", "-datadir=" + tmp.resolve("d"), "-ipcbind=unix",
            "-printtoconsole=0"}));
        client = IpcNodeClient.connect(node.sockets().get(0));
        return client;
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(WAIT_S, TimeUnit.SECONDS);
    }

    @Test
    void aTenMegabyteExecuteRpcReplyRoundTrips() throws Exception {
        IpcNodeClient c = start();
        String big = "0123456789abcdef".repeat(10_000_000 / 16);
        JsonNode r = get(c.rpc().call("echo", big));
        assertEquals(1, r.size());
        assertEquals(big, r.get(0).asText());
        String raw = get(c.rpc().executeRaw("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"echo\",\"params\":[\"" + big + "\"]}", "/"));
        assertTrue(raw.length() > 10_000_000, "reply of " + raw.length() + " chars");
        assertEquals(big, new ObjectMapper().readTree(raw).path("result").get(0).asText());
        assertEquals(101, get(c.rpc().call("echo", 101)).get(0).asInt(), "the connection goes on");
    }

    @Test
    void aFourMegabyteTemplateBlockAndGetblockZeroAndTwo() throws Exception {
        IpcNodeClient c = start();
        node.generate(101);
        node.seedMempool(320, 13_000); // 320 × ~13.2 kWU: more than 4 M WU, nearly all of it witness
        byte[] block;
        try (BlockTemplate t = get(c.mining().createNewBlock(BlockCreateOptions.DEFAULT, false)).orElseThrow()) {
            block = get(t.getBlock());
        }
        RawBlock parsed = RawBlock.parse(block);
        assertTrue(block.length > 3_800_000, "template block of " + block.length + " bytes");
        int n = parsed.txs().size();
        assertTrue(n > 250 && n < 321, "coinbase and as many as fit: " + n);
        assertTrue(parsed.weight() <= 4_000_000, "weight " + parsed.weight());

        node.generate(1);
        String hash = get(c.rpc().call("getbestblockhash")).asText();
        String hex = get(c.rpc().call("getblock", hash, 0)).asText();
        JsonNode one = get(c.rpc().call("getblock", hash, 1));
        JsonNode two = get(c.rpc().call("getblock", hash, 2));
        byte[] mined = HexFormat.of().parseHex(hex);
        assertEquals(one.path("size").asLong(), mined.length, "getblock 0's bytes are getblock 1's size");
        RawBlock minedBlock = RawBlock.parse(mined);
        assertEquals(n, minedBlock.txs().size(), "the template's transactions were mined");
        assertArrayEquals(RawBlock.parse(block).txs().get(1).serialize(), minedBlock.txs().get(1).serialize(),
                "the template's transactions were mined");
        List<String> txids = two.path("tx").findValuesAsText("txid");
        assertEquals(n, two.path("tx").size());
        for (int i = 0; i < n; i++) {
            assertEquals(one.path("tx").get(i).asText(), two.path("tx").get(i).path("txid").asText(), "tx " + i);
            assertEquals(org.bitcoinfx.ipc.primitives.Hashes.displayHex(minedBlock.txs().get(i).txid()), two.path("tx").get(i).path("txid").asText(), "tx " + i);
        }
        assertTrue(txids.size() >= n);
        System.out.printf("FakeNodeBigMessagesTest: template block %d bytes, getblock 0 %d hex chars, getblock 2 %d bytes of JSON%n",
                block.length, hex.length(), two.toString().length());
    }
}
