package org.bitcoinfx.gui.wallet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.gui.util.Units;
import org.bitcoinfx.ipc.JsonRpcException;
import org.bitcoinfx.node.net.ChainSpec;
import org.bitcoinfx.node.net.RegtestNetwork;
import org.bitcoinfx.node.net.RegtestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CoinsService} and {@link FeeBumpService} against a real bitcoin-node (the cached economy chain of 200 blocks,
 * wallets alice, bob and carol): the RPC shapes they read come from the node. listunspent + listlockunspent (a frozen
 * coin listed, with its amount, and still frozen after unloadwallet/loadwallet: {@code persistent}), lockunspent's
 * refusals, a send from chosen coins with a custom change address, bumpfee (and psbtbumpfee's preview), a cancel, a
 * too-low rate refused leaving the original, and CPFP lifting the package. Skipped (saying why) without
 * {@code BITCOIN_NODE}.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealNodeCoinsBumpTest {
    private static final ChainSpec SPEC = ChainSpec.economy(200, 5, 20);
    @TempDir
    static Path tmp;
    private static RegtestNetwork net;
    private static RegtestNode node;
    private static CoinsService coins;
    private static FeeBumpService bumps;
    private static WalletService wallets;

    @BeforeAll
    static void start() throws Exception {
        net = RegtestNetwork.builder().nodes(1).binary(RegtestNetwork.nodeBinaryOrSkip()).chain(SPEC).workDir(tmp.resolve("net")).start();
        node = net.node(0);
        node.call("setmocktime", SPEC.networkMocktime());
        coins = new CoinsService(node.client());
        bumps = new FeeBumpService(node.client());
        wallets = new WalletService(node.client());
    }

    @AfterAll
    static void stop() {
        if (net != null) {
            net.close();
        }
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(120, TimeUnit.SECONDS);
    }

    private static JsonRpcException refused(CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(120, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof JsonRpcException, "not the node's refusal: " + e.getCause());
        return (JsonRpcException) e.getCause();
    }

    private static boolean inMempool(String txid) {
        for (JsonNode t : node.call("getrawmempool")) {
            if (t.asText().equals(txid)) {
                return true;
            }
        }
        return false;
    }

    private static String send(String from, String to, long sat, String rate) throws Exception {
        SendRequest req = new SendRequest(to, sat, false, FeeChoice.parseRate(rate), "");
        return get(wallets.send(from, get(wallets.preview(from, req)), null));
    }

    @Test
    @Order(1)
    void coinsFreezeAndUnfreezePersistently() throws Exception {
        List<Utxo> all = get(coins.coins("alice"));
        JsonNode raw = node.callWallet("alice", "listunspent", 0);
        assertEquals(raw.size(), all.size(), "every listunspent coin, none frozen yet");
        Utxo c = all.get(0);
        assertFalse(c.frozen());
        assertTrue(c.amountSat() > 0 && !c.address().isEmpty() && c.confirmations() >= 1, c.toString());

        get(coins.setFrozen("alice", List.of(c.outpoint()), true));
        assertEquals(List.of(c.outpoint()), get(coins.frozen("alice")));
        Utxo f = get(coins.coins("alice")).stream().filter(u -> u.outpoint().equals(c.outpoint())).findFirst().orElseThrow();
        assertTrue(f.frozen());
        assertEquals(c.amountSat(), f.amountSat(), "a frozen coin keeps its amount (from gettransaction)");
        assertEquals(c.address(), f.address());
        assertEquals(c.confirmations(), f.confirmations());
        assertEquals(raw.size() - 1, node.callWallet("alice", "listunspent", 0).size(), "listunspent leaves the frozen coin out");

        get(coins.setFrozen("alice", List.of(c.outpoint()), true)); // a persistent lock may be written again
        JsonRpcException unknown = refused(coins.setFrozen("alice", List.of(new Outpoint("11".repeat(32), 0)), true));
        assertEquals(-8, unknown.code());
        assertEquals("Invalid parameter, unknown transaction", unknown.rpcMessage());

        // persistent: the lock is in the wallet database, so it survives an unload and load
        node.call("unloadwallet", "alice");
        node.call("loadwallet", "alice");
        assertEquals(List.of(c.outpoint()), get(coins.frozen("alice")), "the freeze outlived unloadwallet/loadwallet");

        get(coins.setFrozen("alice", List.of(c.outpoint()), false));
        assertEquals(List.of(), get(coins.frozen("alice")));
        JsonRpcException notLocked = refused(coins.setFrozen("alice", List.of(c.outpoint()), false));
        assertEquals(-8, notLocked.code());
        assertEquals("Invalid parameter, expected locked output", notLocked.rpcMessage());
    }

    @Test
    @Order(2)
    void sendFromChosenCoinsWithACustomChangeAddress() throws Exception {
        List<Utxo> all = get(coins.coins("alice"));
        Utxo c = all.stream().filter(u -> u.amountSat() > 20_000_000 && u.confirmations() > 0).findFirst().orElseThrow();
        String to = node.callWallet("bob", "getnewaddress").asText();
        String change = node.callWallet("alice", "getnewaddress", "my change").asText();
        SendRequest req = new SendRequest(to, 10_000_000, false, FeeChoice.parseRate("2"), "");
        SendPreview p = get(coins.preview("alice", req, List.of(c.outpoint()), change));
        String txid = get(wallets.send("alice", p, null));
        JsonNode tx = node.callWallet("alice", "gettransaction", txid, true, true).path("decoded");
        assertEquals(1, tx.path("vin").size(), "only the chosen coin");
        assertEquals(c.outpoint().txid(), tx.path("vin").path(0).path("txid").asText());
        assertEquals(c.outpoint().vout(), tx.path("vin").path(0).path("vout").asInt());
        List<String> outs = new ArrayList<>();
        tx.path("vout").forEach(o -> outs.add(o.path("scriptPubKey").path("address").asText()));
        assertTrue(outs.contains(change) && outs.contains(to), outs.toString());

        // send max from one chosen coin: the fee comes out of it, no other input, no change
        Utxo one = get(coins.coins("alice")).stream().filter(u -> u.confirmations() > 0).findFirst().orElseThrow();
        SendPreview max = get(coins.preview("alice", new SendRequest(to, one.amountSat(), true, FeeChoice.parseRate("3"), ""), List.of(one.outpoint()), null));
        assertEquals(one.amountSat() - max.feeSat(), max.amountSat());
        JsonNode maxTx = node.call("decodepsbt", max.psbt()); // PSBT v2: inputs and outputs, no global tx
        assertEquals(1, maxTx.path("inputs").size(), maxTx.toString());
        assertEquals(1, maxTx.path("outputs").size(), "no change");

        // more than the chosen coins hold: the node refuses, nothing is added
        SendRequest tooMuch = new SendRequest(to, c.amountSat() + 1, false, FeeChoice.parseRate("2"), "");
        Utxo other = get(coins.coins("alice")).stream().filter(u -> u.confirmations() > 0).findFirst().orElseThrow();
        JsonRpcException e = refused(coins.preview("alice", new SendRequest(to, other.amountSat() + 1, false, FeeChoice.parseRate("2"), ""),
                List.of(other.outpoint()), null));
        System.out.println("coin control, too much: " + e.code() + " " + e.rpcMessage());
        assertEquals(-4, e.code());
        assertNotEquals(null, tooMuch);
    }

    @Test
    @Order(3)
    void speedUpReplacesTheTransactionAtTheNewRate() throws Exception {
        String to = node.callWallet("bob", "getnewaddress").asText();
        String txid = send("alice", to, 5_000_000, "2");
        BumpPreview p = get(bumps.preview("alice", txid, FeeBumpService.Kind.SPEED_UP, new BigDecimal("10")));
        assertTrue(p.exact());
        assertEquals(p.oldRate(), get(bumps.currentRate("alice", txid, false)), 1e-9, "the rate it pays now");
        assertTrue(p.oldRate() >= 1.9 && p.oldRate() < 2.5, "old rate " + p.oldRate());
        assertTrue(p.newRate() >= 9.9 && p.newRate() < 11, "new rate " + p.newRate());
        assertTrue(p.newFeeSat() > p.oldFeeSat());
        assertTrue(inMempool(txid), "a preview changes nothing");

        JsonRpcException low = refused(bumps.preview("alice", txid, FeeBumpService.Kind.SPEED_UP, new BigDecimal("2.001")));
        System.out.println("bump too low: " + low.code() + " " + low.rpcMessage());
        assertTrue(inMempool(txid), "a refused bump leaves the original");

        BumpResult r = get(bumps.bump("alice", p, true, null));
        assertNotEquals(txid, r.txid());
        assertEquals(p.oldFeeSat(), r.oldFeeSat());
        assertTrue(inMempool(r.txid()) && !inMempool(txid), "the replacement is in, the original out");
        JsonNode entry = node.call("getmempoolentry", r.txid());
        long fee = Units.btcToSat(entry.path("fees").path("base").asDouble());
        assertEquals(r.newFeeSat(), fee);
        assertTrue((double) fee / entry.path("vsize").asLong() >= 9.9, "paid rate");

        JsonRpcException again = refused(bumps.bump("alice", p, true, null));
        System.out.println("bump of a replaced tx: " + again.code() + " " + again.rpcMessage());
    }

    @Test
    @Order(4)
    void cancelSendsEverythingBackToTheWallet() throws Exception {
        String to = node.callWallet("carol", "getnewaddress").asText();
        String txid = send("alice", to, 7_000_000, "2");
        BumpPreview p = get(bumps.preview("alice", txid, FeeBumpService.Kind.CANCEL, new BigDecimal("20")));
        assertTrue(p.exact());
        assertTrue(p.cancelTo() != null && p.cancelSat() >= 7_000_000, "the old outputs' sum: " + p.cancelSat());
        BumpResult r = get(bumps.bump("alice", p, true, null));
        JsonNode tx = node.callWallet("alice", "gettransaction", r.txid(), true, true).path("decoded");
        assertEquals(1, tx.path("vout").size(), "one output");
        assertEquals(p.cancelTo(), tx.path("vout").path(0).path("scriptPubKey").path("address").asText());
        assertTrue(node.callWallet("alice", "getaddressinfo", p.cancelTo()).path("ismine").asBoolean());
        assertEquals(p.cancelSat() - r.newFeeSat(), Units.btcToSat(tx.path("vout").path(0).path("value").asDouble()), "all but the new fee");
        assertFalse(inMempool(txid));
    }

    @Test
    @Order(5)
    void cpfpLiftsTheIncomingPackageToTheTarget() throws Exception {
        String to = node.callWallet("bob", "getnewaddress").asText();
        // The parent spends one confirmed coin. Left to itself, the wallet's coin selection (random among its solutions)
        // may spend the unconfirmed change or cancel output of an earlier test (2 to 20 sat/vB): that ancestor is then in
        // the parent's package and lifts the rate the CPFP preview rightly shows (seen: "parent 1.529").
        Utxo funding = get(coins.coins("alice")).stream().filter(u -> u.confirmations() > 0 && u.amountSat() > 10_000_000).findFirst().orElseThrow();
        SendPreview parentPreview = get(coins.preview("alice", new SendRequest(to, 3_000_000, false, FeeChoice.parseRate("1"), ""),
                List.of(funding.outpoint()), null));
        String parent = get(wallets.send("alice", parentPreview, null));
        assertEquals(1, node.call("getmempoolentry", parent).path("ancestorcount").asInt(), "no unconfirmed ancestor: its package is itself");
        JsonRpcException notMine = assertThrows(ExecutionException.class,
                () -> bumps.preview("bob", parent, FeeBumpService.Kind.SPEED_UP, BigDecimal.TEN).get(120, TimeUnit.SECONDS)).getCause() instanceof JsonRpcException j ? j : null;
        assertNull(notMine, "refused before any bump call: bob did not send it");
        CpfpPreview p = get(bumps.previewCpfp("bob", parent, new BigDecimal("15")));
        assertEquals(p.parentRate(), get(bumps.currentRate("bob", parent, true)), 1e-9, "the package's rate now");
        assertTrue(p.parentRate() < 1.5, "parent " + p.parentRate());
        assertTrue(p.packageRate() >= 14.9, "package " + p.packageRate());
        String child = get(wallets.send("bob", p.child(), null));
        JsonNode e = node.call("getmempoolentry", child);
        double pkg = (double) Units.btcToSat(e.path("fees").path("ancestor").asDouble()) / e.path("ancestorsize").asLong();
        System.out.println("CPFP: parent " + p.parentRate() + " sat/vB, child " + p.child().feeRate() + ", package " + p.packageRate() + " (node: " + pkg + ")");
        assertTrue(pkg >= 14.9, "the node's package rate " + pkg);
        assertTrue(e.path("depends").toString().contains(parent));
    }

    @Test
    @Order(6)
    void anEncryptedWalletBumpsWithItsPassphraseAndAWrongOneLeavesTheOriginal() throws Exception {
        char[] pass = "bump passphrase".toCharArray();
        get(wallets.createWallet("locked", new Passphrase(pass.clone())));
        String addr = node.callWallet("locked", "getnewaddress").asText();
        send("alice", addr, 200_000_000L, "2");
        node.generate(1);
        String to = node.callWallet("bob", "getnewaddress").asText();
        SendRequest req = new SendRequest(to, 10_000_000, false, FeeChoice.parseRate("2"), "");
        String txid = get(wallets.send("locked", get(wallets.preview("locked", req)), new Passphrase(pass.clone())));
        BumpPreview p = get(bumps.preview("locked", txid, FeeBumpService.Kind.SPEED_UP, new BigDecimal("8")));
        assertFalse(p.exact(), "psbtbumpfee needs the passphrase: the preview is an estimate");
        assertNull(p.psbt());
        assertTrue(p.newRate() >= 7.9 && p.newRate() < 8.1, "estimated rate " + p.newRate());
        JsonRpcException wrong = refused(bumps.bump("locked", p, true, new Passphrase("not it".toCharArray())));
        assertEquals(-14, wrong.code());
        assertTrue(inMempool(txid), "a failed bump leaves the original");
        assertTrue(node.callWallet("locked", "getwalletinfo").path("unlocked_until").asLong() == 0, "locked again");
        BumpResult r = get(bumps.bump("locked", p, true, new Passphrase(pass.clone())));
        assertTrue(inMempool(r.txid()) && !inMempool(txid));
        assertEquals(0, node.callWallet("locked", "getwalletinfo").path("unlocked_until").asLong(), "locked again after the bump");
        System.out.println("encrypted bump: estimated " + p.newFeeSat() + " sat, node " + r.newFeeSat() + " sat");
    }

    @Test
    @Order(7)
    void aWatchOnlyWalletGetsThePsbtOfTheReplacement() throws Exception {
        node.call("createwallet", "watch", true, true, "", false, true);
        // each keychain's last derived key used, as after a send with -keypool=1: the state that made this test flaky
        node.callWallet("alice", "getnewaddress");
        node.callWallet("alice", "getrawchangeaddress");
        JsonNode descs = node.callWallet("alice", "listdescriptors").path("descriptors");
        descs.forEach(d -> assertEquals(d.path("range").path(1).asInt() + 1, d.path("next_index").asInt(), "a dry keychain: " + d));
        List<java.util.Map<String, Object>> imports = new ArrayList<>();
        for (JsonNode d : descs) {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("desc", d.path("desc").asText());
            m.put("timestamp", 0);
            m.put("active", d.path("active").asBoolean());
            m.put("internal", d.path("internal").asBoolean());
            if (d.has("range")) {
                // listdescriptors gives the range's end inclusive, and a next_index one past it once the last key
                // derived is used (a keypool of 1 runs dry after each send); importdescriptors refuses that, "next_index
                // is out of range", so the range here reaches next_index. Without it the watch wallet had no change
                // keychain and psbtbumpfee failed: "No bech32 addresses available".
                int next = d.path("next_index").asInt();
                m.put("range", List.of(d.path("range").path(0).asInt(), Math.max(d.path("range").path(1).asInt(), next)));
                m.put("next_index", next);
            }
            imports.add(m);
        }
        JsonNode imported = node.callWallet("watch", "importdescriptors", imports);
        imported.forEach(r -> assertTrue(r.path("success").asBoolean(), "importdescriptors: " + imported));
        assertEquals(2, imported.size(), "a receive and a change descriptor");
        String to = node.callWallet("carol", "getnewaddress").asText();
        String txid = send("alice", to, 4_000_000, "2");
        JsonRpcException noKeys = refused(bumps.bump("watch", new BumpPreview(FeeBumpService.Kind.SPEED_UP, txid, 0, 0, 0, 0, BigDecimal.TEN, "x", true, null, 0),
                true, null));
        assertEquals("bumpfee is not available with wallets that have private keys disabled. Use psbtbumpfee instead.", noKeys.rpcMessage());
        BumpPreview p = get(bumps.preview("watch", txid, FeeBumpService.Kind.SPEED_UP, BigDecimal.TEN));
        assertTrue(p.exact() && p.psbt() != null);
        BumpResult r = get(bumps.bump("watch", p, false, null));
        assertNull(r.txid());
        assertEquals(p.psbt(), r.psbt());
        assertTrue(inMempool(txid), "nothing broadcast: the PSBT is to be signed elsewhere");
        // signed by the wallet with the keys, it replaces the original
        JsonNode signed = node.callWallet("alice", "walletprocesspsbt", r.psbt());
        String replacement = node.call("sendrawtransaction", signed.path("hex").asText()).asText();
        assertTrue(inMempool(replacement) && !inMempool(txid));
    }
}
