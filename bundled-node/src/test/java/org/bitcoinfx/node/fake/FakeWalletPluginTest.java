package org.bitcoinfx.node.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.ipc.JsonRpcException;
import org.bitcoinfx.ipc.RpcClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wallet plugin over Cap'n Proto, as the Wallet page calls it: an encrypted wallet, 101 blocks
 * to it, a send funded at 2 sat/vB, refused while locked and with a wrong passphrase, signed after
 * walletpassphrase, accepted by the chain's sendrawtransaction, confirmed; backup and restore; the
 * node's error codes and messages.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FakeWalletPluginTest {
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

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    private static JsonRpcException error(CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        return (JsonRpcException) e.getCause();
    }

    @Test
    void encryptedWalletSendsAndConfirms() throws Exception {
        node = FakeNode.start(FakeNodeOptions.parse(new String[] {"-regtest", "-datadir=" + tmp.resolve("d"), "-ipcbind=unix", "-printtoconsole=0"}));
        client = IpcNodeClient.connect(node.sockets().get(0));
        RpcClient rpc = client.rpc();

        assertEquals(0, get(rpc.call("listwallets")).size());
        assertEquals(-18, error(rpc.call("getbalances")).code(), "no wallet loaded");
        assertEquals("fx", get(rpc.call("createwallet", "fx", false, false, "pass phrase", false, true, true)).path("name").asText());
        assertEquals(-4, error(rpc.call("createwallet", "fx")).code());
        assertEquals("fx2", get(rpc.call("createwallet", "fx2")).path("name").asText());
        assertEquals(-19, error(rpc.call("getbalances")).code(), "two wallets: the URI must say which");
        assertTrue(get(rpc.callWallet("fx", "getwalletinfo")).has("unlocked_until"));
        assertFalse(get(rpc.callWallet("fx2", "getwalletinfo")).has("unlocked_until"));

        String mine = get(rpc.callWallet("fx", "getnewaddress", "mining", "bech32")).asText();
        assertTrue(mine.startsWith("bcrt1q"));
        assertEquals(-5, error(rpc.callWallet("fx", "getnewaddress", "", "nope")).code());
        assertTrue(get(rpc.call("validateaddress", mine)).path("isvalid").asBoolean());
        assertEquals("Invalid Bech32 checksum", get(rpc.call("validateaddress", mine.substring(0, mine.length() - 1) + "q")).path("error").asText());
        get(rpc.call("generatetoaddress", 101, mine));
        JsonNode b = get(rpc.callWallet("fx", "getbalances")).path("mine");
        assertEquals(50.0, b.path("trusted").asDouble());
        assertEquals(5000.0, b.path("immature").asDouble());
        String raw = get(rpc.executeRaw("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getbalances\"}", "/wallet/fx"));
        assertTrue(raw.contains("\"trusted\":50.00000000,"), "amounts as the node prints them: " + raw);

        String to = get(rpc.callWallet("fx2", "getnewaddress", "", "bech32m")).asText();
        Map<String, Object> options = Map.of("fee_rate", 2, "replaceable", true);
        JsonNode funded = get(rpc.callWallet("fx", "walletcreatefundedpsbt", List.of(), List.of(Map.of(to, 1)), 0, options));
        String psbt = funded.path("psbt").asText();
        JsonNode a = get(rpc.call("analyzepsbt", psbt));
        long vsize = a.path("estimated_vsize").asLong();
        assertEquals(2 * vsize, Math.round(funded.path("fee").asDouble() * 1e8));
        assertEquals(Math.round(a.path("fee").asDouble() * 1e8), Math.round(funded.path("fee").asDouble() * 1e8));
        assertEquals("Insufficient funds", error(rpc.callWallet("fx", "walletcreatefundedpsbt", List.of(), List.of(Map.of(to, 60)), 0, options)).rpcMessage());
        assertEquals("Fee estimation failed. Fallbackfee is disabled. Wait a few blocks or enable -fallbackfee.",
                error(rpc.callWallet("fx", "walletcreatefundedpsbt", List.of(), List.of(Map.of(to, 1)), 0, Map.of("conf_target", 6))).rpcMessage());
        assertEquals("Insufficient data or no feerate found", get(rpc.call("estimatesmartfee", 6)).path("errors").get(0).asText());

        assertEquals(-13, error(rpc.callWallet("fx", "walletprocesspsbt", psbt, true, "DEFAULT", true, true)).code());
        assertEquals("Error: The wallet passphrase entered was incorrect.", error(rpc.callWallet("fx", "walletpassphrase", "wrong", 30)).rpcMessage());
        get(rpc.callWallet("fx", "walletpassphrase", "pass phrase", 30));
        JsonNode signed = get(rpc.callWallet("fx", "walletprocesspsbt", psbt, true, "DEFAULT", true, true));
        get(rpc.callWallet("fx", "walletlock"));
        assertEquals(0, get(rpc.callWallet("fx", "getwalletinfo")).path("unlocked_until").asLong());
        assertTrue(signed.path("complete").asBoolean());
        String txid = get(rpc.call("sendrawtransaction", signed.path("hex").asText())).asText();
        assertEquals(txid, get(rpc.call("getrawmempool")).get(0).asText());
        get(rpc.callWallet("fx", "setlabel", to, "savings"));

        JsonNode last = lastTx(rpc, "fx");
        assertEquals("send", last.path("category").asText());
        assertEquals(txid, last.path("txid").asText());
        assertEquals(-1.0, last.path("amount").asDouble());
        assertEquals("savings", last.path("label").asText());
        assertEquals(0, last.path("confirmations").asInt());
        assertEquals(1.0, get(rpc.callWallet("fx2", "getbalances")).path("mine").path("untrusted_pending").asDouble());

        get(rpc.call("generatetoaddress", 1, mine));
        assertEquals(1, lastTx(rpc, "fx2").path("confirmations").asInt());
        JsonNode tx = get(rpc.callWallet("fx", "gettransaction", txid));
        assertEquals(-1.0, tx.path("amount").asDouble());
        assertEquals(-2 * vsize / 1e8, tx.path("fee").asDouble(), 1e-12);
        assertEquals(1, tx.path("confirmations").asInt());
        assertEquals(-5, error(rpc.callWallet("fx", "gettransaction", "00".repeat(32))).code());

        Path backup = tmp.resolve("fx.bak");
        get(rpc.callWallet("fx", "backupwallet", backup.toString()));
        assertEquals("fx-restored", get(rpc.call("restorewallet", "fx-restored", backup.toString())).path("name").asText());
        assertEquals(get(rpc.callWallet("fx", "getbalances")).path("mine"), get(rpc.callWallet("fx-restored", "getbalances")).path("mine"));
        get(rpc.call("unloadwallet", "fx2"));
        assertEquals(List.of("fx", "fx-restored"), names(get(rpc.call("listwallets"))));
        assertEquals(3, get(rpc.call("listwalletdir")).path("wallets").size());
        assertEquals(-35, error(rpc.call("loadwallet", "fx")).code());
    }

    private static JsonNode lastTx(RpcClient rpc, String wallet) throws Exception {
        JsonNode l = get(rpc.callWallet(wallet, "listtransactions", "*", 1, 0));
        return l.get(l.size() - 1);
    }

    private static List<String> names(JsonNode a) {
        List<String> r = new java.util.ArrayList<>();
        a.forEach(n -> r.add(n.asText()));
        return r;
    }
}
