package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.bitcoinfx.gui.wallet.WalletPage;
import org.bitcoinfx.gui.wallet.WalletViewModel;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A refresh of the selected wallet's activity asked while its first, whole history read is under way is not lost: a
 * payment made after that read's last {@code listsinceblock} was answered shows once the read is done. Before, such a
 * refresh did nothing, and the payment stayed out of Activity until some later refresh (a new block). Found by reading
 * {@code WalletFeeBumpTest}, whose {@code refreshSelected} after a payment could fall in that window under load; here
 * the read's last answer ({@code getblockheader}, after {@code listsinceblock}) is held to put the payment in it every
 * time.
 */
class ActivityRefreshDuringFirstReadTest extends AppTestBase {
    private WalletViewModel vm() {
        return ((WalletPage) app.mainWindow().pages().stream().filter(p -> p instanceof WalletPage).findFirst().orElseThrow()).viewModel();
    }

    /** @return whether the calls recorded so far have a {@code getblockheader} after {@code other}'s {@code listsinceblock} */
    private boolean headerAskedAfterSinceBlock() {
        List<String> calls = backend.client().rpcCalls();
        int since = calls.lastIndexOf("other/listsinceblock");
        return since >= 0 && calls.subList(since, calls.size()).contains("getblockheader");
    }

    @Test
    void aPaymentDuringTheFirstHistoryReadShowsWhenTheReadIsDone() throws Exception {
        waitReady();
        backend.node().rpc(null, "createwallet", "other");
        showPage("Wallet");
        var vm = vm();
        interact(vm::refreshAll);
        waitUntil(() -> vm.wallets().stream().anyMatch(e -> e.name().equals("other")));
        var client = backend.client();

        // other's first read, held at its last answer: everything it reads is answered before the payment
        client.holdRpc("getblockheader");
        interact(() -> vm.selectedProperty().set("other"));
        waitUntil(() -> headerAskedAfterSinceBlock() && client.answered("getblockheader") == client.rpcCount("getblockheader"));

        String to = backend.node().rpc("other", "getnewaddress").asText();
        JsonNode funded = backend.node().rpc("demo", "walletcreatefundedpsbt", List.of(), List.of(Map.of(to, 0.1)), 0, Map.of("fee_rate", 2));
        JsonNode signed = backend.node().rpc("demo", "walletprocesspsbt", funded.path("psbt").asText());
        String txid = backend.node().rpc(null, "sendrawtransaction", signed.path("hex").asText()).asText();
        interact(vm::refreshSelected); // as the page does for a payment it hears of

        client.releaseRpc("getblockheader");
        waitUntil(() -> vm.historyReadProperty().get() < 0 && vm.activity().stream().anyMatch(t -> t.txid().equals(txid)));
        assertTrue(WaitForAsyncUtils.asyncFx(() -> "other".equals(vm.selectedProperty().get())).get());
    }
}
