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
import org.bitcoinfx.node.net.RegtestNetwork;
import org.bitcoinfx.node.net.RegtestNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Holds FakeWalletPlugin's PSBT replies to a real node's (the Wallet page's PSBT tab reads them): a wallet funds a PSBT
 * to an outside address, then {@code decodepsbt}, {@code analyzepsbt}, {@code getaddressinfo} of each output,
 * {@code walletprocesspsbt} (not finalized), the same of the signed PSBT, {@code combinepsbt}, {@code finalizepsbt} of
 * the signed and the unsigned one; field names, order and JSON types ({@link FakeNodeShapesTest#shape}); the errors
 * (a PSBT that does not decode, two PSBTs of different transactions, {@code enumeratesigners} without {@code -signer}) text for text. Not mirrored: a PSBT's
 * {@code bip32_derivs}, {@code taproot_bip32_derivs}, {@code taproot_internal_key} and {@code non_witness_utxo}, and the
 * public keys naming {@code partial_signatures} (the fake has no keys and keeps no previous transactions), and
 * of {@code getaddressinfo} only the fields the app reads (the fake's reply is a subset, in the real order). Runs only
 * with {@code BITCOIN_NODE} set (skipped, saying why).
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class FakePsbtShapesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** P2WSH of OP_TRUE on regtest: an address neither wallet owns. */
    private static final String OUTSIDE = "bcrt1qft5p2uhsdcdc3l2ua4ap5qqfg4pjaqlp250x7us7a8qqhrxrxfsqseac85";

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
        return JSON.readTree(c.rpc().executeRaw(JSON.writeValueAsString(o), wallet == null ? "/" : "/wallet/" + wallet).get(60, TimeUnit.SECONDS));
    }

    /** Runs one call on both, compares the shapes, returns both replies' results. */
    private static JsonNode[] both(NodeClient r, NodeClient f, List<String> diffs, String wallet, String method, Object[] rp, Object[] fp) throws Exception {
        JsonNode rr = raw(r, wallet, method, rp);
        JsonNode fr = raw(f, wallet, method, fp);
        System.out.println(method + ": real " + rr);
        System.out.println(method + ": fake " + fr);
        List<String> d = new ArrayList<>();
        FakeNodeShapesTest.shape(method, rr, fr, d);
        d.removeIf(x -> x.matches(".*\\.(bip32_derivs|taproot_bip32_derivs|taproot_internal_key|non_witness_utxo): missing in fake")
                || x.contains(".partial_signatures.") // keyed by public key: the fake's keys are not the real node's
                || (method.equals("getaddressinfo") && x.endsWith(": missing in fake")));
        diffs.addAll(d);
        return new JsonNode[] {rr.path("result"), fr.path("result")};
    }

    @Test
    void psbtRepliesHaveTheRealNodesShapes() throws Exception {
        try (RegtestNetwork net = RegtestNetwork.builder().nodes(1).binary(RegtestNetwork.nodeBinaryOrSkip()).workDir(tmp.resolve("net")).start()) {
            RegtestNode real = net.node(0);
            Path fakeDir = Files.createDirectories(tmp.resolve("fake"));
            fake = FakeNode.start(FakeNodeOptions.parse(new String[] {"-regtest", "-datadir=" + fakeDir, "-ipcbind=unix", "-printtoconsole=0"}));
            real.call("createwallet", "w");
            real.call("generatetoaddress", 101, real.callWallet("w", "getnewaddress").asText());
            fake.rpc(null, "createwallet", "w");
            fake.generateToWallet("w", 101);
            List<String> diffs = new ArrayList<>();
            NodeClient r = real.client();
            try (IpcNodeClient f = IpcNodeClient.connect(fake.sockets().get(0))) {
                // the change at index 1 on both (the fake puts it last; Core picks its position at random unless told,
                // spend.cpp), so that getaddressinfo below compares the outside address with the outside address
                Object[] fund = {List.of(), List.of(Map.of(OUTSIDE, 1)), 0, Map.of("fee_rate", 3, "changePosition", 1)};
                JsonNode[] funded = both(r, f, diffs, "w", "walletcreatefundedpsbt", fund, fund);
                String rp = funded[0].path("psbt").asText();
                String fp = funded[1].path("psbt").asText();
                JsonNode[] decoded = both(r, f, diffs, null, "decodepsbt", new Object[] {rp}, new Object[] {fp});
                both(r, f, diffs, null, "analyzepsbt", new Object[] {rp}, new Object[] {fp});
                for (int i = 0; i < 2; i++) {
                    both(r, f, diffs, "w", "getaddressinfo", new Object[] {decoded[0].path("outputs").path(i).path("script").path("address").asText()},
                            new Object[] {decoded[1].path("outputs").path(i).path("script").path("address").asText()});
                }
                JsonNode[] signed = both(r, f, diffs, "w", "walletprocesspsbt", new Object[] {rp, true, "DEFAULT", true, false},
                        new Object[] {fp, true, "DEFAULT", true, false});
                String rs = signed[0].path("psbt").asText();
                String fs = signed[1].path("psbt").asText();
                both(r, f, diffs, null, "decodepsbt", new Object[] {rs}, new Object[] {fs});
                both(r, f, diffs, null, "analyzepsbt", new Object[] {rs}, new Object[] {fs});
                both(r, f, diffs, null, "combinepsbt", new Object[] {List.of(rp, rs)}, new Object[] {List.of(fp, fs)});
                both(r, f, diffs, null, "finalizepsbt", new Object[] {rs, true}, new Object[] {fs, true});
                both(r, f, diffs, null, "finalizepsbt", new Object[] {rp, true}, new Object[] {fp, true});

                // a watch-only wallet (no private keys, blank): its getwalletinfo, and walletprocesspsbt there signs nothing
                Object[] watch = {"watch", true, true, "", false, true, true};
                raw(r, null, "createwallet", watch); // (the fake's createwallet gives no warnings: not compared here)
                raw(f, null, "createwallet", watch);
                JsonNode[] watchInfo = both(r, f, diffs, "watch", "getwalletinfo", new Object[] {}, new Object[] {});
                assertEquals(watchInfo[0].path("flags"), watchInfo[1].path("flags"));
                assertEquals(watchInfo[0].path("private_keys_enabled"), watchInfo[1].path("private_keys_enabled"));
                JsonNode[] watchSign = both(r, f, diffs, "watch", "walletprocesspsbt", new Object[] {rp, true, "DEFAULT", true, false},
                        new Object[] {fp, true, "DEFAULT", true, false});
                assertEquals(watchSign[0].path("complete"), watchSign[1].path("complete"));

                // errors, text for text
                String garbage = java.util.Base64.getEncoder().encodeToString(new byte[] {0x70, 0x73, 0x62, 0x74, (byte) 0xff, 1, 2, 3});
                JsonNode[] second = both(r, f, diffs, "w", "walletcreatefundedpsbt", new Object[] {List.of(), List.of(Map.of(OUTSIDE, 2)), 0, Map.of("fee_rate", 3)},
                        new Object[] {List.of(), List.of(Map.of(OUTSIDE, 2)), 0, Map.of("fee_rate", 3)});
                Object[][] errors = {
                    {"decodepsbt", garbage, garbage}, {"analyzepsbt", garbage, garbage}, {"decodepsbt", "cHNidP8!!", "cHNidP8!!"},
                    {"combinepsbt", List.of(rp, second[0].path("psbt").asText()), List.of(fp, second[1].path("psbt").asText())},
                };
                JsonNode rNoSigner = raw(r, null, "enumeratesigners");
                JsonNode fNoSigner = raw(f, null, "enumeratesigners");
                System.out.println("enumeratesigners without -signer: real " + rNoSigner + ", fake " + fNoSigner);
                if (!rNoSigner.path("error").equals(fNoSigner.path("error"))) {
                    diffs.add("enumeratesigners error: real " + rNoSigner.path("error") + ", fake " + fNoSigner.path("error"));
                }
                for (Object[] e : errors) {
                    JsonNode rr = raw(r, null, (String) e[0], e[1]);
                    JsonNode fr = raw(f, null, (String) e[0], e[2]);
                    System.out.println(e[0] + " error: real " + rr + ", fake " + fr);
                    if (!rr.path("error").equals(fr.path("error"))) {
                        diffs.add(e[0] + " error: real " + rr.path("error") + ", fake " + fr.path("error"));
                    }
                }
            }
            assertEquals(List.of(), diffs);
        }
    }
}
