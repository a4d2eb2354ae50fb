package org.bitcoinfx.node.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.node.net.ChainSpec;
import org.bitcoinfx.node.net.RegtestNetwork;
import org.bitcoinfx.node.net.RegtestNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Holds FakeWalletPlugin's coin RPCs (what the Wallet page's Coins tab and coin control use) to a real node's: the
 * cached economy chain (200 blocks, wallet alice) against a fake wallet paid by {@link FakeNode#payWallet}.
 * {@code listunspent} (a confirmed coin, and an unconfirmed one of the wallet's own), {@code listlockunspent},
 * {@code lockunspent}, {@code gettransaction txid true true} (its {@code decoded}): field names, order and JSON types
 * ({@link FakeNodeShapesTest#shape}); lockunspent's and a short coin-controlled {@code walletcreatefundedpsbt}'s refusals
 * text for text. The descriptors ({@code desc}, {@code parent_descs}) are strings of the right type, not real
 * descriptors. Runs only with {@code BITCOIN_NODE} set (skipped, saying why).
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class FakeCoinsShapesTest {
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

    private static JsonNode raw(NodeClient c, String wallet, String method, Object... params) throws Exception {
        ObjectNode o = JSON.createObjectNode();
        o.put("jsonrpc", "2.0").put("id", 7).put("method", method);
        var a = o.putArray("params");
        for (Object p : params) {
            a.add(JSON.valueToTree(p));
        }
        return JSON.readTree(c.rpc().executeRaw(JSON.writeValueAsString(o), "/wallet/" + wallet).get(60, TimeUnit.SECONDS));
    }

    private static JsonNode first(JsonNode listUnspent, boolean confirmed) {
        for (JsonNode e : listUnspent.path("result")) {
            if ((e.path("confirmations").asInt() > 0) == confirmed) {
                return e;
            }
        }
        throw new AssertionError("no " + (confirmed ? "confirmed" : "unconfirmed") + " coin in " + listUnspent);
    }

    /**
     * The first confirmed coin, in (txid, vout) order, that a payment from another wallet made ({@code gettransaction}:
     * no {@code fee}, its one {@code details} entry a {@code receive}), so that the two nodes' coins are of one kind. The
     * real node lists coins in its wallet map's order, and the test's own payment (coin selection: a new transaction
     * each run) changes which comes first: a stress round compared a receive's details with a change output's.
     */
    private static JsonNode firstReceived(NodeClient c, String w, JsonNode listUnspent) throws Exception {
        List<JsonNode> coins = new ArrayList<>();
        listUnspent.path("result").forEach(coins::add);
        coins.sort(java.util.Comparator.comparing((JsonNode e) -> e.path("txid").asText()).thenComparingInt(e -> e.path("vout").asInt()));
        for (JsonNode e : coins) {
            if (e.path("confirmations").asInt() > 0) {
                JsonNode tx = raw(c, w, "gettransaction", e.path("txid").asText()).path("result");
                JsonNode details = tx.path("details");
                if (!tx.has("fee") && details.size() == 1 && "receive".equals(details.path(0).path("category").asText())) {
                    return e;
                }
            }
        }
        throw new AssertionError("no confirmed coin paid by another wallet in " + listUnspent);
    }

    @Test
    void coinRpcsHaveTheRealNodesShapes() throws Exception {
        ChainSpec spec = ChainSpec.economy(200, 5, 20);
        try (RegtestNetwork net = RegtestNetwork.builder().nodes(1).binary(RegtestNetwork.nodeBinaryOrSkip()).chain(spec)
                .workDir(tmp.resolve("net")).start()) {
            RegtestNode real = net.node(0);
            real.call("setmocktime", spec.networkMocktime());
            Path fakeDir = Files.createDirectories(tmp.resolve("fake"));
            fake = FakeNode.start(FakeNodeOptions.parse(new String[] {"-regtest", "-datadir=" + fakeDir, "-ipcbind=unix", "-printtoconsole=0"}));
            fake.rpc(null, "createwallet", "w");
            fake.payWallet("w", 5, 5, 1);
            NodeClient r = real.client();
            List<String> diffs = new ArrayList<>();
            try (IpcNodeClient f = IpcNodeClient.connect(fake.sockets().get(0))) {
                // an unconfirmed coin of each wallet's own: a payment to itself
                for (Object[] nw : new Object[][] {{r, "alice"}, {f, "w"}}) {
                    NodeClient c = (NodeClient) nw[0];
                    String w = (String) nw[1];
                    String to = raw(c, w, "getnewaddress").path("result").asText();
                    JsonNode funded = raw(c, w, "walletcreatefundedpsbt", List.of(), List.of(Map.of(to, 0.01)), 0, Map.of("fee_rate", 2));
                    JsonNode signed = raw(c, w, "walletprocesspsbt", funded.path("result").path("psbt").asText());
                    raw(c, w, "sendrawtransaction", signed.path("result").path("hex").asText());
                }
                JsonNode ru = raw(r, "alice", "listunspent", 0);
                JsonNode fu = raw(f, "w", "listunspent", 0);
                JsonNode rc = firstReceived(r, "alice", ru);
                JsonNode fc = firstReceived(f, "w", fu);
                System.out.println("listunspent: real " + rc + "\n  unconfirmed " + first(ru, false));
                FakeNodeShapesTest.shape("listunspent 0 (confirmed)", rc, fc, diffs);
                FakeNodeShapesTest.shape("listunspent 0 (unconfirmed)", first(ru, false), first(fu, false), diffs);
                // label is there only for an address in the address book (not change): the first coins may differ in that
                diffs.removeIf(d -> d.endsWith(".label: only in fake") || d.endsWith(".label: missing in fake"));
                Object rOp = List.of(Map.of("txid", rc.path("txid").asText(), "vout", rc.path("vout").asInt()));
                Object fOp = List.of(Map.of("txid", fc.path("txid").asText(), "vout", fc.path("vout").asInt()));
                JsonNode rl = raw(r, "alice", "lockunspent", false, rOp, true);
                JsonNode fl = raw(f, "w", "lockunspent", false, fOp, true);
                if (!rl.equals(fl)) {
                    diffs.add("lockunspent false [coin] true: real " + rl + ", fake " + fl);
                }
                FakeNodeShapesTest.shape("listlockunspent", raw(r, "alice", "listlockunspent"), raw(f, "w", "listlockunspent"), diffs);
                assertEquals(raw(r, "alice", "listunspent", 0).path("result").size(), ru.path("result").size() - 1, "real: the frozen coin is left out");
                assertEquals(raw(f, "w", "listunspent", 0).path("result").size(), fu.path("result").size() - 1, "fake: the frozen coin is left out");
                FakeNodeShapesTest.shape("gettransaction txid true true", raw(r, "alice", "gettransaction", rc.path("txid").asText(), true, true),
                        raw(f, "w", "gettransaction", fc.path("txid").asText(), true, true), diffs);
                // as above: a details entry has a label only for an address-book address
                diffs.removeIf(d -> d.endsWith(".label: only in fake") || d.endsWith(".label: missing in fake"));
                // a coin-controlled fund from the frozen coin's neighbour that does not cover the amount
                JsonNode rc2 = first(raw(r, "alice", "listunspent", 0), true);
                JsonNode fc2 = first(raw(f, "w", "listunspent", 0), true);
                String rTo = raw(r, "alice", "getnewaddress").path("result").asText();
                String fTo = raw(f, "w", "getnewaddress").path("result").asText();
                JsonNode rShort = raw(r, "alice", "walletcreatefundedpsbt", List.of(Map.of("txid", rc2.path("txid").asText(), "vout", rc2.path("vout").asInt())),
                        List.of(Map.of(rTo, rc2.path("amount").decimalValue().add(java.math.BigDecimal.ONE))), 0, Map.of("add_inputs", false, "fee_rate", 2));
                JsonNode fShort = raw(f, "w", "walletcreatefundedpsbt", List.of(Map.of("txid", fc2.path("txid").asText(), "vout", fc2.path("vout").asInt())),
                        List.of(Map.of(fTo, fc2.path("amount").decimalValue().add(java.math.BigDecimal.ONE))), 0, Map.of("add_inputs", false, "fee_rate", 2));
                if (!rShort.path("error").equals(fShort.path("error"))) {
                    diffs.add("walletcreatefundedpsbt [coin] more than it: real " + rShort.path("error") + ", fake " + fShort.path("error"));
                }
                Object[][] errors = {
                    {"lockunspent", false, List.of(Map.of("txid", "11".repeat(32), "vout", 0)), true},
                    {"lockunspent", true, "OP"},
                    {"lockunspent", false, "OP"},
                    {"lockunspent", false, "OP_BIG"},
                };
                // the frozen coin unfrozen first: then unlocking it again is refused; locking twice without persistent too
                raw(r, "alice", "lockunspent", true, rOp);
                raw(f, "w", "lockunspent", true, fOp);
                for (Object[] call : errors) {
                    Object[] rp = java.util.Arrays.copyOfRange(call, 1, call.length);
                    Object[] fp = java.util.Arrays.copyOfRange(call, 1, call.length);
                    for (int i = 0; i < rp.length; i++) {
                        if ("OP".equals(rp[i])) {
                            rp[i] = rOp;
                            fp[i] = fOp;
                        } else if ("OP_BIG".equals(rp[i])) {
                            rp[i] = List.of(Map.of("txid", rc.path("txid").asText(), "vout", 99));
                            fp[i] = List.of(Map.of("txid", fc.path("txid").asText(), "vout", 99));
                        }
                    }
                    JsonNode rr = raw(r, "alice", (String) call[0], rp);
                    JsonNode fr = raw(f, "w", (String) call[0], fp);
                    if (!rr.path("error").equals(fr.path("error")) || !rr.path("result").equals(fr.path("result"))) {
                        diffs.add(call[0] + " " + java.util.Arrays.toString(call) + ": real " + rr + ", fake " + fr);
                    }
                    if (call.length == 3 && Boolean.FALSE.equals(call[1]) && "OP".equals(call[2])) {
                        // locked now (not persistent): locking again without persistent is refused
                        JsonNode r2 = raw(r, "alice", "lockunspent", false, rOp);
                        JsonNode f2 = raw(f, "w", "lockunspent", false, fOp);
                        if (!r2.equals(f2)) {
                            diffs.add("lockunspent false [locked coin]: real " + r2 + ", fake " + f2);
                        }
                    }
                }
            }
            assertEquals(List.of(), diffs, String.join("\n", diffs));
        }
    }

    /** A send of 0.01 BTC at 2 sat/vB from {@code w} to a new address of {@code to} (another wallet's or its own). */
    private static String send(NodeClient c, String w, String toWallet) throws Exception {
        String to = raw(c, toWallet, "getnewaddress").path("result").asText();
        JsonNode funded = raw(c, w, "walletcreatefundedpsbt", List.of(), List.of(Map.of(to, 0.01)), 0, Map.of("fee_rate", 2));
        JsonNode signed = raw(c, w, "walletprocesspsbt", funded.path("result").path("psbt").asText());
        return raw(c, w, "sendrawtransaction", signed.path("result").path("hex").asText()).path("result").asText();
    }

    /** What a wallet transaction's inputs hold, BTC: its outputs and its fee ({@code gettransaction txid true true}). */
    private static java.math.BigDecimal inputSum(NodeClient c, String w, String txid) throws Exception {
        JsonNode tx = raw(c, w, "gettransaction", txid, true, true).path("result");
        java.math.BigDecimal sum = tx.path("fee").decimalValue().negate();
        for (JsonNode o : tx.path("decoded").path("vout")) {
            sum = sum.add(o.path("value").decimalValue());
        }
        return sum;
    }

    /** The error's code and its text up to the first figure or txid (the amounts differ with the transaction). */
    private static String errorHead(JsonNode reply) {
        String m = reply.path("error").path("message").asText();
        int cut = m.length();
        for (String stop : new String[] {"0.", "Cannot bump transaction "}) {
            int i = m.indexOf(stop);
            if (i >= 0) {
                cut = Math.min(cut, i + (stop.startsWith("Cannot") ? stop.length() : 0));
            }
        }
        return reply.path("error").path("code").asInt() + " " + m.substring(0, cut);
    }

    @Test
    void bumpFeeAndPsbtBumpFeeHaveTheRealNodesShapes() throws Exception {
        ChainSpec spec = ChainSpec.economy(200, 5, 20);
        try (RegtestNetwork net = RegtestNetwork.builder().nodes(1).binary(RegtestNetwork.nodeBinaryOrSkip()).chain(spec)
                .workDir(tmp.resolve("net")).start()) {
            RegtestNode real = net.node(0);
            real.call("setmocktime", spec.networkMocktime());
            Path fakeDir = Files.createDirectories(tmp.resolve("fake"));
            fake = FakeNode.start(FakeNodeOptions.parse(new String[] {"-regtest", "-datadir=" + fakeDir, "-ipcbind=unix", "-printtoconsole=0"}));
            fake.rpc(null, "createwallet", "w");
            fake.rpc(null, "createwallet", "v");
            fake.payWallet("w", 5, 5, 1);
            NodeClient r = real.client();
            List<String> diffs = new ArrayList<>();
            try (IpcNodeClient f = IpcNodeClient.connect(fake.sockets().get(0))) {
                String rTx = send(r, "alice", "bob");
                String fTx = send(f, "w", "v");
                FakeNodeShapesTest.shape("psbtbumpfee txid {fee_rate: 10}", raw(r, "alice", "psbtbumpfee", rTx, Map.of("fee_rate", 10)),
                        raw(f, "w", "psbtbumpfee", fTx, Map.of("fee_rate", 10)), diffs);
                String rLow = errorHead(raw(r, "alice", "bumpfee", rTx, Map.of("fee_rate", 2.001)));
                String fLow = errorHead(raw(f, "w", "bumpfee", fTx, Map.of("fee_rate", 2.001)));
                if (!rLow.equals(fLow)) {
                    diffs.add("bumpfee too low: real " + rLow + ", fake " + fLow);
                }
                JsonNode rb = raw(r, "alice", "bumpfee", rTx, Map.of("fee_rate", 10));
                JsonNode fb = raw(f, "w", "bumpfee", fTx, Map.of("fee_rate", 10));
                FakeNodeShapesTest.shape("bumpfee txid {fee_rate: 10}", rb, fb, diffs);
                String rAgain = errorHead(raw(r, "alice", "bumpfee", rTx, Map.of("fee_rate", 20)));
                String fAgain = errorHead(raw(f, "w", "bumpfee", fTx, Map.of("fee_rate", 20)));
                if (!rAgain.equals(fAgain)) {
                    diffs.add("bumpfee of a replaced tx: real " + rAgain + ", fake " + fAgain);
                }
                // a cancel: everything back to a change address of the wallet
                String rTx2 = send(r, "alice", "bob");
                String fTx2 = send(f, "w", "v");
                String rCh = raw(r, "alice", "getrawchangeaddress").path("result").asText();
                String fCh = raw(f, "w", "getrawchangeaddress").path("result").asText();
                // (what the app does: what the inputs hold, the old outputs and fee, so the one output pays the whole new fee)
                java.math.BigDecimal rSum = inputSum(r, "alice", rTx2);
                java.math.BigDecimal fSum = inputSum(f, "w", fTx2);
                JsonNode rc = raw(r, "alice", "bumpfee", rTx2, Map.of("fee_rate", 20, "outputs", List.of(Map.of(rCh, rSum))));
                JsonNode fc = raw(f, "w", "bumpfee", fTx2, Map.of("fee_rate", 20, "outputs", List.of(Map.of(fCh, fSum))));
                FakeNodeShapesTest.shape("bumpfee txid {fee_rate: 20, outputs: [{change: sum}]}", rc, fc, diffs);
                for (Object[] nw : new Object[][] {{r, "alice", rc, rSum, rCh}, {f, "w", fc, fSum, fCh}}) {
                    JsonNode res = ((JsonNode) nw[2]).path("result");
                    JsonNode out = raw((NodeClient) nw[0], (String) nw[1], "gettransaction", res.path("txid").asText(), true, true)
                            .path("result").path("decoded").path("vout");
                    assertEquals(1, out.size(), nw[1] + ": one output " + out);
                    assertEquals(nw[4], out.path(0).path("scriptPubKey").path("address").asText());
                    assertEquals(((java.math.BigDecimal) nw[3]).subtract(res.path("fee").decimalValue()).stripTrailingZeros(),
                            out.path(0).path("value").decimalValue().stripTrailingZeros(), nw[1] + ": it pays the new fee");
                }
                for (Object[] call : new Object[][] {{"bumpfee", "11".repeat(32)}, {"psbtbumpfee", "11".repeat(32)}}) {
                    JsonNode rr = raw(r, "alice", (String) call[0], call[1]);
                    JsonNode fr = raw(f, "w", (String) call[0], call[1]);
                    if (!rr.path("error").equals(fr.path("error"))) {
                        diffs.add(call[0] + " unknown txid: real " + rr + ", fake " + fr);
                    }
                }
                // mined: nothing to bump
                real.generate(1);
                fake.generate(1);
                JsonNode rm = raw(r, "alice", "bumpfee", rb.path("result").path("txid").asText(), Map.of("fee_rate", 30));
                JsonNode fm = raw(f, "w", "bumpfee", fb.path("result").path("txid").asText(), Map.of("fee_rate", 30));
                // the message names the transaction's first input ("<txid>:<n> is already spent", feebumper.cpp): each node's
                // its own, then the texts compared with the outpoint masked. The real node's first input is whichever coin
                // selection and bumpfee's input shuffle put first, at any vout; the fake's is at vout 0
                for (Object[] nw : new Object[][] {{r, "alice", rb, rm}, {f, "w", fb, fm}}) {
                    JsonNode vin0 = raw((NodeClient) nw[0], (String) nw[1], "gettransaction", ((JsonNode) nw[2]).path("result").path("txid").asText(),
                            true, true).path("result").path("decoded").path("vin").path(0);
                    String outpoint = vin0.path("txid").asText() + ":" + vin0.path("vout").asInt();
                    if (!((JsonNode) nw[3]).path("error").path("message").asText().contains(outpoint)) {
                        diffs.add("bumpfee of a mined tx (" + nw[1] + "): the message does not name the first input " + outpoint + ": " + nw[3]);
                    }
                }
                if (!rm.path("error").toString().replaceAll("[0-9a-f]{64}:\\d+", "OUTPOINT").equals(fm.path("error").toString().replaceAll("[0-9a-f]{64}:\\d+", "OUTPOINT"))) {
                    diffs.add("bumpfee of a mined tx: real " + rm + ", fake " + fm);
                }
            }
            assertEquals(List.of(), diffs, String.join("\n", diffs));
        }
    }
}
