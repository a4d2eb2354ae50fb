package org.bitcoinfx.node.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.node.net.ChainSpec;
import org.bitcoinfx.node.net.RegtestNetwork;
import org.bitcoinfx.node.net.RegtestNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Holds FakeWalletPlugin's {@code listtransactions} and {@code listsinceblock} (what the Wallet page's activity reads at
 * size) to a real node's: the cached big-wallet chain ({@link ChainSpec#bigWallet}(2,000), wallet bob) against a fake
 * wallet paid by {@link FakeNode#payWallet}; field names, order and JSON types ({@link FakeNodeShapesTest#shape}), and
 * the error replies text for text; a receive's {@code parent_descs} is of the right type, not a real descriptor (the
 * fake wallet has none). Runs only with {@code BITCOIN_NODE} set (skipped, saying why).
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class FakeWalletShapesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    private FakeNode fake;

    @AfterEach
    void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    private static JsonNode raw(org.bitcoinfx.ipc.NodeClient c, String wallet, String method, Object... params) throws Exception {
        ObjectNode o = JSON.createObjectNode();
        o.put("jsonrpc", "2.0").put("id", 7).put("method", method);
        var a = o.putArray("params");
        for (Object p : params) {
            a.add(JSON.valueToTree(p));
        }
        return JSON.readTree(c.rpc().executeRaw(JSON.writeValueAsString(o), "/wallet/" + wallet).get(60, TimeUnit.SECONDS));
    }

    /** A copy of a listsinceblock reply whose transactions are sorted unconfirmed first (or confirmed first). */
    private static JsonNode byConfirmation(JsonNode reply, boolean unconfirmedFirst) {
        JsonNode copy = reply.deepCopy();
        JsonNode txs = copy.path("result").path("transactions");
        if (txs instanceof com.fasterxml.jackson.databind.node.ArrayNode a) {
            List<JsonNode> l = new ArrayList<>();
            a.forEach(l::add);
            l.sort(java.util.Comparator.comparing(t -> (t.path("confirmations").asInt() == 0) != unconfirmedFirst));
            a.removeAll();
            l.forEach(a::add);
        }
        return copy;
    }

    @Test
    void listTransactionsAndListSinceBlockHaveTheRealNodesShapes() throws Exception {
        ChainSpec spec = ChainSpec.bigWallet(2000);
        try (RegtestNetwork net = RegtestNetwork.builder().nodes(1).binary(RegtestNetwork.nodeBinaryOrSkip()).chain(spec)
                .workDir(tmp.resolve("net")).start()) {
            RegtestNode real = net.node(0);
            Path fakeDir = Files.createDirectories(tmp.resolve("fake"));
            fake = FakeNode.start(FakeNodeOptions.parse(new String[] {"-regtest", "-datadir=" + fakeDir, "-ipcbind=unix", "-printtoconsole=0"}));
            fake.rpc(null, "createwallet", "w");
            fake.payWallet("w", 5, 5, 1);
            fake.payWallet("w", 1, 0, 2); // one in the mempool
            String w = ChainSpec.BIG_WALLET;
            // one in the real node's mempool too
            String to = real.callWallet(w, "getnewaddress").asText();
            real.call("setmocktime", spec.networkMocktime());
            real.callWallet(ChainSpec.FUNDER, "sendtoaddress", to, 0.1, "", "", false, true, null, "unset", false, 5);
            // a wallet's own broadcast does not wait for the other wallets to hear of it (interfaces::Chain::broadcastTransaction,
            // wait_callback=false); listtransactions waits only for a new tip: the recipient is read after the queue is done
            real.call("syncwithvalidationinterfacequeue");
            String realPrev = real.call("getblockhash", spec.blocks() - 1).asText();
            String fakePrev = fake.state().chain().atHeight(fake.state().chain().height() - 1).orElseThrow().hashHex();
            List<String> diffs = new ArrayList<>();
            org.bitcoinfx.ipc.NodeClient r = real.client();
            try (IpcNodeClient f = IpcNodeClient.connect(fake.sockets().get(0))) {
                Object[][] calls = {
                    {"listtransactions", "*", 3, 1}, {"listtransactions", "*", 1, 0},
                    {"listsinceblock", "PREV", 1, false, true}, {"listsinceblock", ""},
                };
                for (Object[] call : calls) {
                    Object[] rp = new Object[call.length - 1];
                    Object[] fp = new Object[call.length - 1];
                    for (int i = 1; i < call.length; i++) {
                        rp[i - 1] = "PREV".equals(call[i]) ? realPrev : call[i];
                        fp[i - 1] = "PREV".equals(call[i]) ? fakePrev : call[i];
                    }
                    JsonNode rr = raw(r, w, (String) call[0], rp);
                    JsonNode fr = raw(f, "w", (String) call[0], fp);
                    System.out.println(call[0] + ": real " + rr.toString().substring(0, Math.min(600, rr.toString().length())));
                    List<String> d = new ArrayList<>();
                    String name = call[0] + java.util.Arrays.toString(rp).replace(realPrev, "PREV");
                    if (call[0].equals("listsinceblock")) {
                        // listsinceblock lists the wallet's transactions in its map's order (by txid), and the real
                        // node's mempool payment has a new txid each run (coin selection): compare a confirmed entry
                        // with a confirmed one and an unconfirmed with an unconfirmed, whichever comes first
                        for (boolean unconfirmedFirst : new boolean[] {true, false}) {
                            FakeNodeShapesTest.shape(name + (unconfirmedFirst ? " (unconfirmed)" : " (confirmed)"),
                                    byConfirmation(rr, unconfirmedFirst), byConfirmation(fr, unconfirmedFirst), d);
                        }
                    } else {
                        FakeNodeShapesTest.shape(name, rr, fr, d);
                    }
                    diffs.addAll(d);
                }
                Object[][] errors = {
                    {"listsinceblock", "00"}, {"listsinceblock", "0000000000000000000000000000000000000000000000000000000000000000"},
                    {"listtransactions", "*", -1}, {"listtransactions", "*", 1, -1},
                };
                for (Object[] call : errors) {
                    Object[] p = java.util.Arrays.copyOfRange(call, 1, call.length);
                    JsonNode rr = raw(r, w, (String) call[0], p);
                    JsonNode fr = raw(f, "w", (String) call[0], p);
                    if (!rr.equals(fr)) {
                        diffs.add(call[0] + java.util.Arrays.toString(p) + ": real " + rr + ", fake " + fr);
                    }
                }
            }
            assertEquals(List.of(), diffs);
        }
    }
}
