package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.gui.notify.DesktopNotifier;
import org.bitcoinfx.ipc.RpcClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Incoming payments told while another page is shown (in-window notices here: no session bus in tests): the
 * wallet's history at start is not told; one payment is one notice, told when it reaches the mempool and not
 * again when it confirms; a transaction paying the wallet 300 times is one summary, not 300 notices.
 */
class PaymentNotificationsAppTest extends AppTestBase {
    @BeforeAll
    static void windowNotices() {
        System.setProperty(DesktopNotifier.MODE_PROPERTY, "window");
    }

    @AfterAll
    static void clear() {
        System.clearProperty(DesktopNotifier.MODE_PROPERTY);
    }

    private List<String> told() {
        return app.toasts().told();
    }

    /** Funds, signs and broadcasts a transaction of wallet {@code from} with {@code outputs} (address → BTC). */
    private static String pay(RpcClient rpc, String from, ObjectNode outputs) throws Exception {
        JsonNode funded = rpc.callWallet(from, "walletcreatefundedpsbt", JsonNodeFactory.instance.arrayNode(), outputs, 0,
                JsonNodeFactory.instance.objectNode().put("fee_rate", 2)).get(30, TimeUnit.SECONDS);
        JsonNode signed = rpc.callWallet(from, "walletprocesspsbt", funded.path("psbt").asText(), true, "DEFAULT", true, true).get(30, TimeUnit.SECONDS);
        return rpc.call("sendrawtransaction", signed.path("hex").asText()).get(30, TimeUnit.SECONDS).asText();
    }

    @Test
    void onePaymentOneNoticeAndThreeHundredOneSummary() throws Exception {
        waitReady();
        RpcClient rpc = backend.client().rpc();
        rpc.call("createwallet", "payer").get(30, TimeUnit.SECONDS);
        backend.node().generateToWallet("payer", 101); // coinbases to payer: not payments, and payer's own
        showPage("Blocks");
        waitUntil(() -> app.context().session().tipWatcher().tipProperty().get().height() >= 120);

        // one payment: told once, in the mempool
        String to = rpc.callWallet("demo", "getnewaddress", "from payer", "bech32").get(30, TimeUnit.SECONDS).asText();
        ObjectNode one = JsonNodeFactory.instance.objectNode();
        one.put(to, 0.25);
        pay(rpc, "payer", one);
        waitUntil(30, () -> told().stream().anyMatch(t -> t.startsWith("Payment received\n")));
        assertEquals(List.of("Payment received\n0.25000000 BTC to wallet demo (from payer), unconfirmed"), told());
        // confirmed: not told again (the tip read before the block: the app may see the block before this thread reads)
        int tip = backend.node().generateToWallet("payer", 1).height();
        waitUntil(() -> app.context().session().tipWatcher().tipProperty().get().height() >= tip);

        // 300 payments in one transaction: one summary
        ObjectNode many = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < 300; i++) {
            many.put(rpc.callWallet("demo", "getnewaddress", "", "bech32").get(30, TimeUnit.SECONDS).asText(), 0.001);
        }
        pay(rpc, "payer", many);
        waitUntil(30, () -> told().size() >= 2);
        assertEquals("300 payments received\n0.30000000 BTC in total to wallet demo", told().get(1));
        int tip2 = backend.node().generateToWallet("payer", 1).height();
        waitUntil(() -> app.context().session().tipWatcher().tipProperty().get().height() >= tip2);
        // later looks (the next tip, then a last payment) find the last payment alone: the confirmed ones are not
        // told again. Every look from the cursor covers the blocks since, so the look that tells the last payment
        // would name the confirmed ones too (a summary), and the looks before it have ended (one look per wallet
        // at a time): waiting for the last payment's notice is waiting for every look that could tell too much.
        int tip3 = backend.node().generateToWallet("payer", 1).height();
        waitUntil(() -> app.context().session().tipWatcher().tipProperty().get().height() >= tip3);
        String last = rpc.callWallet("demo", "getnewaddress", "last", "bech32").get(30, TimeUnit.SECONDS).asText();
        ObjectNode lastOne = JsonNodeFactory.instance.objectNode();
        lastOne.put(last, 0.01);
        pay(rpc, "payer", lastOne);
        waitUntil(30, () -> told().size() >= 3);
        assertEquals(List.of("Payment received\n0.25000000 BTC to wallet demo (from payer), unconfirmed",
                "300 payments received\n0.30000000 BTC in total to wallet demo",
                "Payment received\n0.01000000 BTC to wallet demo (last), unconfirmed"), told());
        assertTrue(lookupAll(".payment-toast").size() <= 3);
    }

    private java.util.Set<javafx.scene.Node> lookupAll(String q) throws Exception {
        return org.testfx.util.WaitForAsyncUtils.asyncFx(() -> lookup(q).queryAll()).get();
    }
}
