package org.bitcoinfx.node.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.node.UnixSockets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Holds the fake node's RPC replies to a real bitcoin-node's (v31.99 regtest, over IPC): the same
 * field names in the same order, the same JSON types, and the same error replies, text for text.
 * Runs only with {@code BITCOIN_NODE} set (a second real node is started as a peer, so getpeerinfo
 * has an entry to compare).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FakeNodeShapesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Fields Bitcoin Core includes only sometimes. */
    private static final Set<String> OPTIONAL = Set.of("addrlocal", "addrbind", "mapped_as", "pingwait", "pingtime", "minping", "fee",
            "nextblockhash", "previousblockhash", "witness", "txinwitness", "address", "currentblockweight", "currentblocktx");

    @TempDir
    Path tmp;
    private final List<Process> nodes = new ArrayList<>();
    private FakeNode fake;

    @AfterEach
    void stop() throws Exception {
        if (fake != null) {
            fake.close();
        }
        for (Process p : nodes) {
            p.destroy();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    private Path startReal(String node, String name, String... extra) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Path sockDir = Files.createDirectories(tmp.resolve(name + "-s"));
        Files.setPosixFilePermissions(sockDir, PosixFilePermissions.fromString("rwx------"));
        Path sock = sockDir.resolve("node.sock");
        List<String> cmd = new ArrayList<>(List.of(node, "-regtest", "-datadir=" + dir, "-server=0", "-printtoconsole=0",
                "-ipcbind=unix:" + sock));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve(name + ".out").toFile()).start();
        nodes.add(p);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!UnixSockets.accepts(sock)) { // bitcoin-node binds, then listens: the path exists a moment before it accepts
            assertTrue(p.isAlive(), "bitcoin-node exited: " + Files.readString(tmp.resolve(name + ".out")));
            assertTrue(System.nanoTime() < deadline, "no socket after 60 s");
            Thread.sleep(50);
        }
        return sock;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static JsonNode raw(IpcNodeClient c, String method, Object... params) throws Exception {
        ObjectNode o = JSON.createObjectNode();
        o.put("jsonrpc", "2.0");
        o.put("id", 7);
        o.put("method", method);
        var a = o.putArray("params");
        for (Object p : params) {
            a.add(JSON.valueToTree(p));
        }
        return JSON.readTree(c.rpc().executeRaw(JSON.writeValueAsString(o), "/").get(30, TimeUnit.SECONDS));
    }

    /** The result of a call the test's setup relies on; fails with the node's error when it has one. */
    private static JsonNode ok(IpcNodeClient c, String method, Object... params) throws Exception {
        JsonNode reply = raw(c, method, params);
        assertTrue(reply.path("error").isNull() || reply.path("error").isMissingNode(), method + " failed: " + reply.path("error"));
        return reply.path("result");
    }

    /** Differences of shape: key order, missing/extra keys, JSON types; arrays by their first element. */
    static void shape(String path, JsonNode real, JsonNode fake, List<String> diffs) {
        if (real.getNodeType() != fake.getNodeType() && !(real.isNumber() && fake.isNumber())) {
            diffs.add(path + ": real " + real.getNodeType() + ", fake " + fake.getNodeType());
            return;
        }
        if (real.isObject()) {
            List<String> rk = new ArrayList<>();
            real.fieldNames().forEachRemaining(rk::add);
            List<String> fk = new ArrayList<>();
            fake.fieldNames().forEachRemaining(fk::add);
            List<String> rCommon = rk.stream().filter(fk::contains).toList();
            List<String> fCommon = fk.stream().filter(rk::contains).toList();
            if (!rCommon.equals(fCommon)) {
                diffs.add(path + ": key order real " + rCommon + ", fake " + fCommon);
            }
            if (path.endsWith("_per_msg")) {
                return; // message types with traffic: they vary from peer to peer
            }
            for (String k : rk) {
                if (!fk.contains(k) && !OPTIONAL.contains(k)) {
                    diffs.add(path + "." + k + ": missing in fake");
                }
            }
            for (String k : fk) {
                if (!rk.contains(k) && !OPTIONAL.contains(k)) {
                    diffs.add(path + "." + k + ": only in fake");
                }
            }
            for (Iterator<String> it = real.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (fake.has(k)) {
                    shape(path + "." + k, real.get(k), fake.get(k), diffs);
                }
            }
        } else if (real.isArray() && real.size() > 0 && fake.size() > 0) {
            shape(path + "[0]", real.get(0), fake.get(0), diffs);
        }
    }

    @Test
    void fakeRepliesHaveTheRealNodesShapes() throws Exception {
        String node = System.getenv("BITCOIN_NODE");
        Assumptions.assumeTrue(node != null && !node.isBlank(), "BITCOIN_NODE not set: no real bitcoin-node to compare with");
        int port = freePort();
        Path peerSock = startReal(node, "peer", "-listen=1", "-bind=127.0.0.1:" + port, "-port=" + port);
        Path realSock = startReal(node, "real", "-listen=0");
        Path fakeDir = Files.createDirectories(tmp.resolve("fake"));
        fake = FakeNode.start(FakeNodeOptions.parse(new String[] {"-regtest", "-datadir=" + fakeDir, "-ipcbind=unix", "-printtoconsole=0"}));
        List<String> diffs = new ArrayList<>();
        try (IpcNodeClient real = IpcNodeClient.connect(realSock, Duration.ofSeconds(60));
             IpcNodeClient peer = IpcNodeClient.connect(peerSock, Duration.ofSeconds(60));
             IpcNodeClient f = IpcNodeClient.connect(fake.sockets().get(0))) {
            // The socket answers before RPC warm-up ends; until then every call fails with -28, and the
            // setup below (blocks, a peer) would silently not happen.
            for (IpcNodeClient c : List.of(real, peer, f)) {
                c.rpc().awaitWarmup(Duration.ofSeconds(60)).get(90, TimeUnit.SECONDS);
            }
            for (IpcNodeClient c : List.of(real, f)) {
                ok(c, "generatetoaddress", 2, FakeNode.DEFAULT_PAYOUT);
            }
            ok(real, "addnode", "127.0.0.1:" + port, "onetry");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (raw(real, "getpeerinfo").path("result").size() == 0) {
                assertTrue(System.nanoTime() < deadline, "the real node found no peer");
                Thread.sleep(100);
            }
            String realTip = ok(real, "getbestblockhash").asText();
            String fakeTip = ok(f, "getbestblockhash").asText();
            String realH1 = ok(real, "getblockhash", 1).asText();
            String fakeH1 = ok(f, "getblockhash", 1).asText();
            String cb1 = ok(real, "getblock", realH1, 1).path("tx").path(0).asText();
            assertEquals(cb1, ok(f, "getblock", fakeH1, 1).path("tx").path(0).asText(), "the same coinbase at height 1");
            String cb1Hex = ok(real, "getrawtransaction", cb1, 0, realH1).asText();
            Object[][] calls = {
                {"getblockchaininfo"}, {"getnetworkinfo"}, {"getnettotals"}, {"getmempoolinfo"}, {"getmininginfo"}, {"uptime"},
                {"getblockcount"}, {"getbestblockhash"}, {"getblockhash", 1}, {"getchaintips"}, {"getdifficulty"}, {"getrawmempool"},
                {"getrawmempool", false, true}, {"logging"}, {"getrpcinfo"}, {"echo", "a", 1}, {"help"}, {"help", "getblockcount"}, {"getpeerinfo"},
                {"setnetworkactive", true}, {"getconnectioncount"}, {"getblockstats", 1, List.of("totalfee")},
                {"getblock", "TIP", 0}, {"getblock", "TIP", 1}, {"getblock", "TIP", 2}, {"getblock", "TIP", true},
                {"getblockheader", "TIP"}, {"getblockheader", "TIP", false}, {"getblockstats", "TIP"},
                {"gettxout", cb1, 0}, {"gettxout", cb1, 1}, {"getrawtransaction", cb1, 1, "H1"}, {"getrawtransaction", cb1, 0, "H1"},
                {"decoderawtransaction", cb1Hex},
            };
            for (Object[] call : calls) {
                Object[] rp = new Object[call.length - 1];
                Object[] fp = new Object[call.length - 1];
                for (int i = 1; i < call.length; i++) {
                    rp[i - 1] = "TIP".equals(call[i]) ? realTip : "H1".equals(call[i]) ? realH1 : call[i];
                    fp[i - 1] = "TIP".equals(call[i]) ? fakeTip : "H1".equals(call[i]) ? fakeH1 : call[i];
                }
                String m = (String) call[0];
                JsonNode r = raw(real, m, rp);
                JsonNode x = raw(f, m, fp);
                shape(m + java.util.Arrays.toString(rp).replace(realTip, "TIP").replace(realH1, "H1"), r, x, diffs);
            }
            Object[][] errors = {
                {"nosuchmethod"}, {"getblockhash", "x"}, {"getblockhash", 99}, {"getblock", "00"},
                {"getblock", "0000000000000000000000000000000000000000000000000000000000000000"}, {"generatetoaddress", 1, "foo"},
                {"help", "nosuch"}, {"getblockstats", 1, List.of("nosuch")}, {"getrawmempool", true, true},
                {"sendrawtransaction", "00"}, {"getrawtransaction", cb1}, {"getmempoolentry", cb1}, {"sendrawtransaction", cb1Hex},
            };
            for (Object[] call : errors) {
                Object[] p = java.util.Arrays.copyOfRange(call, 1, call.length);
                JsonNode r = raw(real, (String) call[0], p);
                JsonNode x = raw(f, (String) call[0], p);
                if (!r.equals(x)) {
                    diffs.add(call[0] + java.util.Arrays.toString(p) + ": real " + r + ", fake " + x);
                }
            }
            // peer management (#18): a ban on each (not the peer's IP), its list, then the refusals in the node's words
            for (IpcNodeClient c : List.of(real, f)) {
                ok(c, "setban", "192.0.2.1", "add", 3600);
            }
            shape("listbanned", ok(real, "listbanned"), ok(f, "listbanned"), diffs);
            Object[][] refusals = {
                {"setban", "192.0.2.1", "add"}, {"setban", "nonsense", "add"}, {"setban", "192.0.2.99", "remove"},
                {"disconnectnode", "", 9999}, {"disconnectnode", "192.0.2.5:1"},
                {"addnode", "", "onetry"}, {"getmempoolancestors", cb1}, {"getmempooldescendants", cb1, true},
            };
            for (Object[] call : refusals) {
                Object[] p = java.util.Arrays.copyOfRange(call, 1, call.length);
                JsonNode r = raw(real, (String) call[0], p);
                JsonNode x = raw(f, (String) call[0], p);
                if (!r.equals(x)) {
                    diffs.add(call[0] + java.util.Arrays.toString(p) + ": real " + r + ", fake " + x);
                }
            }
            for (IpcNodeClient c : List.of(real, f)) {
                ok(c, "setban", "192.0.2.1", "remove");
                ok(c, "setban", "192.0.2.2", "add");
                ok(c, "clearbanned");
                assertEquals(0, ok(c, "listbanned").size(), "clearbanned leaves no ban");
            }
            for (String req : List.of("not json", "{\"id\":3,\"method\":\"getblockcount\"}", "{\"jsonrpc\":\"2.0\",\"method\":\"getblockcount\"}",
                    "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getblockhash\",\"params\":{\"height\":0}},{\"id\":2,\"method\":\"x\"}]")) {
                String r = real.rpc().executeRaw(req, "/").get(30, TimeUnit.SECONDS);
                String x = f.rpc().executeRaw(req, "/").get(30, TimeUnit.SECONDS);
                if (!r.equals(x)) {
                    diffs.add(req + ": real " + r + ", fake " + x);
                }
            }
        }
        assertEquals(List.of(), diffs, String.join("\n", diffs));
    }
}
