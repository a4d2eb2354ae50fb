package org.bitcoinfx.node.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bitcoinfx.ipc.primitives.Hashes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON-RPC handling as bitcoin-node's executeRpc answers (reply texts checked against a v31.99 node). */
class FakeRpcHandlersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path tmp;
    private FakeDebugLog log;
    private FakeNodeState node;
    private final List<String> stops = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        FakeNodeOptions o = FakeNodeOptions.parse(new String[] {"-regtest", "-datadir=" + tmp});
        log = new FakeDebugLog(o.networkDir().resolve("debug.log"), null, o.debug());
        node = new FakeNodeState(o, new FakeChain(), log, stops::add);
        FakeChainRpc.install(node);
    }

    @AfterEach
    void tearDown() {
        node.scheduler().shutdownNow();
        log.close();
    }

    private String rpc(String request) {
        return node.rpc().execute(request, "/");
    }

    private JsonNode result(String method, String params) throws Exception {
        JsonNode r = JSON.readTree(rpc("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}"));
        assertFalse(r.has("error"), r.toString());
        return r.get("result");
    }

    @Test
    void repliesAreThoseOfBitcoinCore() {
        assertEquals("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32601,\"message\":\"Method not found\"},\"id\":2}",
                rpc("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"nosuch\",\"params\":[]}"));
        assertEquals("{\"result\":null,\"error\":{\"code\":-32601,\"message\":\"Method not found\"},\"id\":2}",
                rpc("{\"id\":2,\"method\":\"nosuch\",\"params\":[]}"));
        assertEquals("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-3,\"message\":\"Wrong type passed:\\n{\\n    \\\"Position 1 (height)\\\": "
                        + "\\\"JSON value of type string is not of expected type number\\\"\\n}\"},\"id\":2}",
                rpc("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"getblockhash\",\"params\":[\"x\"]}"));
        assertEquals("{\"jsonrpc\":\"2.0\",\"result\":0,\"id\":2}", rpc("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"getblockcount\",\"params\":[]}"));
        assertEquals("{\"result\":0,\"error\":null,\"id\":2}", rpc("{\"id\":2,\"method\":\"getblockcount\",\"params\":[]}"));
        assertEquals("{\"jsonrpc\":\"2.0\",\"result\":\"help: unknown command: nosuch\",\"id\":\"s\"}",
                rpc("{\"jsonrpc\":\"2.0\",\"id\":\"s\",\"method\":\"help\",\"params\":[\"nosuch\"]}"));
        assertEquals("{\"result\":null,\"error\":{\"code\":-32700,\"message\":\"Top-level object parse error\"},\"id\":null}", rpc("not json"));
        assertEquals("[{\"jsonrpc\":\"2.0\",\"result\":0,\"id\":3},{\"result\":null,\"error\":{\"code\":-32601,\"message\":\"Method not found\"},\"id\":4}]",
                rpc("[{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"getblockcount\"},{\"id\":4,\"method\":\"x\"}]"));
        assertEquals("null", rpc("{\"jsonrpc\":\"2.0\",\"method\":\"getblockcount\"}"), "a notification has no reply");
        assertEquals("{\"jsonrpc\":\"2.0\",\"result\":\"" + FakeChain.GENESIS_HASH + "\",\"id\":5}",
                rpc("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"getblockhash\",\"params\":{\"height\":0}}"));
        assertEquals("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-8,\"message\":\"Unknown named parameter foo\"},\"id\":5}",
                rpc("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"getblockhash\",\"params\":{\"foo\":0}}"));
    }

    @Test
    void numbersAreWrittenAsUniValueDoes() throws Exception {
        String info = rpc("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getblockchaininfo\",\"params\":[]}");
        assertTrue(info.contains("\"difficulty\":4.656542373906925e-10"), info);
        assertTrue(info.contains("\"verificationprogress\":1,"), info);
        String mempool = rpc("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getmempoolinfo\",\"params\":[]}");
        assertTrue(mempool.contains("\"total_fee\":0.00000000,") && mempool.contains("\"mempoolminfee\":0.00000100,"), mempool);
    }

    @Test
    void wrongArgumentCountsAnswerWithTheHelpText() throws Exception {
        JsonNode r = JSON.readTree(rpc("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"getblockcount\",\"params\":[1]}"));
        assertEquals(-1, r.path("error").path("code").asInt());
        assertTrue(r.path("error").path("message").asText().startsWith("getblockcount\n\nReturns the height of the most-work fully-validated chain."));
        JsonNode missing = JSON.readTree(rpc("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"getblockhash\",\"params\":[]}"));
        assertTrue(missing.path("error").path("message").asText().startsWith("getblockhash height\n"), missing.toString());
    }

    @Test
    void helpListsVisibleMethodsByCategory() throws Exception {
        String help = result("help", "[]").asText();
        assertTrue(help.startsWith("== Blockchain ==\ngetbestblockhash\ngetblock \"blockhash\" ( verbosity )\n"), help);
        assertTrue(help.contains("\n\n== Control ==\n"), help);
        assertTrue(help.contains("\nsetnetworkactive state"), help);
        assertFalse(help.contains("generatetoaddress") || help.contains("echo"), "hidden methods are not listed");
        assertFalse(help.endsWith("\n"));
        assertTrue(result("help", "[\"generatetoaddress\"]").asText().startsWith("generatetoaddress nblocks \"address\" ( maxtries )\n\n"));
    }

    @Test
    void pluginsAddMethodsThatSeeTheWalletOfTheUri() throws Exception {
        node.rpc().register(new FakeRpcMethod("getwalletname", "wallet", "The wallet's name.", List.of(), c -> {
            if (c.wallet() == null) {
                throw new FakeRpcException(FakeRpcException.WALLET_NOT_FOUND, "Wallet file not specified (must request wallet RPC through /wallet/<filename> uri-path).");
            }
            return JSON.getNodeFactory().textNode(c.wallet());
        }));
        assertEquals("{\"jsonrpc\":\"2.0\",\"result\":\"my wallet/1\",\"id\":1}",
                node.rpc().execute("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getwalletname\"}", "/wallet/my%20wallet%2F1"));
        assertTrue(rpc("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getwalletname\"}").contains("-18"));
        assertTrue(result("help", "[]").asText().endsWith("== Wallet ==\ngetwalletname"));
    }

    @Test
    void rawTransactionsGoThroughTheUtxoSet() throws Exception {
        result("generatetoaddress", "[101, \"" + FakeNode.DEFAULT_PAYOUT + "\"]");
        FakeTx cb1 = node.chain().atHeight(1).orElseThrow().block().txs().get(0);
        JsonNode out = result("gettxout", "[\"" + cb1.txidHex() + "\", 0]");
        assertEquals(101, out.path("confirmations").asInt());
        assertEquals(50.0, out.path("value").asDouble());
        assertEquals(FakeNode.DEFAULT_PAYOUT, out.path("scriptPubKey").path("address").asText());
        assertTrue(out.path("coinbase").asBoolean());

        FakeTx tx = FakeChainTest.spendOutput(cb1, 0, 4_999_999_000L);
        assertEquals(tx.txidHex(), result("sendrawtransaction", "[\"" + Hashes.hex(tx.serialize()) + "\"]").asText());
        assertTrue(result("gettxout", "[\"" + cb1.txidHex() + "\", 0]").isNull(), "spent in the mempool");
        assertEquals(0, result("gettxout", "[\"" + tx.txidHex() + "\", 0]").path("confirmations").asInt());
        assertEquals(0.00001, result("getmempoolentry", "[\"" + tx.txidHex() + "\"]").path("fees").path("base").asDouble());
        assertEquals(Hashes.hex(tx.serialize()), result("getrawtransaction", "[\"" + tx.txidHex() + "\"]").asText());
        assertEquals(tx.wtxidHex(), result("getrawtransaction", "[\"" + tx.txidHex() + "\", true]").path("hash").asText());
        assertEquals(tx.txidHex(), result("decoderawtransaction", "[\"" + Hashes.hex(tx.serialize()) + "\"]").path("txid").asText());
        assertEquals("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-26,\"message\":\"txn-mempool-conflict\"},\"id\":1}",
                rpc("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sendrawtransaction\",\"params\":[\""
                        + Hashes.hex(FakeChainTest.spendOutput(cb1, 0, 1).serialize()) + "\"]}"));
        assertEquals("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-22,\"message\":\"TX decode failed. Make sure the tx has at least one input.\"},\"id\":1}",
                rpc("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sendrawtransaction\",\"params\":[\"00\"]}"));
        String block = result("generatetoaddress", "[1, \"" + FakeNode.DEFAULT_PAYOUT + "\"]").get(0).asText();
        JsonNode mined = result("getrawtransaction", "[\"" + tx.txidHex() + "\", 1, \"" + block + "\"]");
        assertTrue(mined.path("in_active_chain").asBoolean());
        assertEquals(1, mined.path("confirmations").asInt());
        assertTrue(rpc("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getrawtransaction\",\"params\":[\"" + tx.txidHex() + "\"]}")
                .contains("No such mempool transaction."));
    }

    @Test
    void warmupAnswersMinus28() {
        node.setWarmup("Loading block index…");
        assertEquals("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-28,\"message\":\"Loading block index…\"},\"id\":1}",
                rpc("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getblockcount\"}"));
    }

    @Test
    void miningAndNetworkMethodsChangeState() throws Exception {
        JsonNode hashes = result("generatetoaddress", "[3, \"" + FakeNode.DEFAULT_PAYOUT + "\"]");
        assertEquals(3, hashes.size());
        assertEquals(hashes.get(2).asText(), result("getbestblockhash", "[]").asText());
        assertEquals(3, result("getblockcount", "[]").asInt());
        assertEquals(1, result("generatetodescriptor", "[1, \"raw(51)\"]").size());
        JsonNode gb = result("generateblock", "[\"" + FakeNode.DEFAULT_PAYOUT + "\", []]");
        assertEquals(5, result("getblockheader", "[\"" + gb.path("hash").asText() + "\"]").path("height").asInt());
        assertEquals(4, result("getpeerinfo", "[]").size());
        assertFalse(result("setnetworkactive", "[false]").asBoolean());
        assertEquals(0, result("getpeerinfo", "[]").size());
        assertFalse(result("getnetworkinfo", "[]").path("networkactive").asBoolean());
        assertEquals(0, result("getnetworkinfo", "[]").path("connections").asInt());
        assertTrue(result("setnetworkactive", "[true]").asBoolean());
        assertEquals(4, result("getnetworkinfo", "[]").path("connections").asInt());

        FakeTx tx = FakeChainTest.spend(9, 50_000);
        node.chain().addToMempool(tx, 4_200);
        assertEquals(tx.txidHex(), result("getrawmempool", "[]").get(0).asText());
        assertEquals(0.000042, result("getrawmempool", "[true]").path(tx.txidHex()).path("fees").path("base").asDouble());
        assertEquals(1, result("getmempoolinfo", "[]").path("size").asInt());
        String tip = result("generatetoaddress", "[1, \"" + FakeNode.DEFAULT_PAYOUT + "\"]").get(0).asText();
        JsonNode block = result("getblock", "[\"" + tip + "\", 2]");
        assertEquals(0.000042, block.path("tx").get(1).path("fee").asDouble());
        assertEquals(4_200, result("getblockstats", "[\"" + tip + "\", [\"totalfee\"]]").path("totalfee").asLong());
        assertEquals("Bitcoin Core stopping", result("stop", "[]").asText());
        assertEquals(List.of("stop RPC"), stops);
    }
}
