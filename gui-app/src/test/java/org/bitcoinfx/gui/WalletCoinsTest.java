package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import org.bitcoinfx.gui.util.Units;
import org.bitcoinfx.gui.wallet.CoinsViewModel;
import org.bitcoinfx.gui.wallet.Utxo;
import org.bitcoinfx.gui.wallet.WalletPage;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Wallet page's Coins tab and coin control against the fake node: the coins listed as listunspent has them;
 * freeze (lockunspent, persistent) and unfreeze; a frozen coin cannot be chosen; "send max" and the amount check leave
 * frozen coins out (no call for an amount over what is spendable) and the send leaves the frozen coin unspent; a send
 * from chosen coins (more than they hold: inline, no call; a bad change address: inline, no walletcreatefundedpsbt)
 * spends exactly them and sends the change to the address typed.
 */
class WalletCoinsTest extends AppTestBase {
    private WalletPage page() {
        return (WalletPage) app.mainWindow().pages().stream().filter(p -> p instanceof WalletPage).findFirst().orElseThrow();
    }

    private long calls(String method) {
        return backend.client().rpcCalls().stream().filter(m -> m.equals(method) || m.endsWith("/" + method)).count();
    }

    private String label(String id) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> lookup(id).queryAs(Label.class).getText()).get();
    }

    private void tab(String name) {
        interact(() -> page().showTab(name));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void typeInto(String id, String text) {
        interact(() -> {
            TextField f = lookup(id).queryAs(TextField.class);
            f.requestFocus();
            f.setText(text);
        });
    }

    @SuppressWarnings("unchecked")
    private TableView<Utxo> table() {
        return lookup("#coins-table").queryAs(TableView.class);
    }

    private void select(Utxo u) {
        interact(() -> {
            table().getSelectionModel().clearSelection();
            table().getSelectionModel().select(u);
        });
    }

    private Utxo coin(CoinsViewModel c, Utxo u) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> c.coins().stream().filter(x -> x.outpoint().equals(u.outpoint())).findFirst().orElse(null)).get();
    }

    @Test
    void coinsFreezeCoinControlAndSendMax() throws Exception {
        waitReady();
        backend.node().payWallet("demo", 3, 3, 7); // three more coins, confirmed
        showPage("Wallet");
        waitUntil(() -> "demo".equals(page().viewModel().selectedProperty().get()));
        CoinsViewModel c = page().coinsModel();
        tab("Coins");
        JsonNode unspent = backend.node().rpc("demo", "listunspent");
        waitUntil(() -> table().getItems().size() == unspent.size());
        assertEquals(4, unspent.size(), "the demo coin and three payments");
        List<Utxo> shown = rows(table());
        for (JsonNode e : unspent) {
            Utxo u = shown.stream().filter(x -> x.outpoint().txid().equals(e.path("txid").asText())
                    && x.outpoint().vout() == e.path("vout").asInt()).findFirst().orElseThrow();
            assertEquals(Units.btcToSat(e.path("amount").asDouble()), u.amountSat());
            assertEquals(e.path("address").asText(), u.address());
            assertEquals(e.path("label").asText(""), u.label());
            assertEquals(e.path("confirmations").asInt(), u.confirmations());
            assertFalse(u.frozen());
        }
        long total = shown.stream().mapToLong(Utxo::amountSat).sum();
        assertTrue(label("#coins-summary").startsWith("4 coins · " + Units.btc(total)), label("#coins-summary"));

        // freeze the biggest coin: lockunspent, still listed, marked frozen
        Utxo big = rows(table()).stream().max(java.util.Comparator.comparingLong(Utxo::amountSat)).orElseThrow();
        select(big);
        clickOn("#coins-freeze");
        waitUntil(() -> coin(c, big) != null && coin(c, big).frozen());
        assertEquals(1, calls("lockunspent"));
        assertEquals(3, backend.node().rpc("demo", "listunspent").size(), "the node leaves the frozen coin out of listunspent");
        waitUntil(() -> label("#coins-summary").contains("1 frozen (" + Units.btc(big.amountSat()) + ")"));
        // a frozen coin cannot be chosen to spend: inline, no tab change
        select(coin(c, big));
        clickOn("#coins-spend");
        waitUntil(() -> label("#coins-error").equals("A frozen coin cannot be spent: unfreeze it first."));
        assertTrue(c.chosen().isEmpty());
        // freezing it again: inline, no call
        clickOn("#coins-freeze");
        waitUntil(() -> label("#coins-error").equals("The selected coins are already frozen."));
        assertEquals(1, calls("lockunspent"));

        // send max leaves the frozen coin out; an amount over what is spendable gets an inline message and no call
        long trusted = page().viewModel().balancesProperty().get().trustedSat();
        long spendable = trusted - big.amountSat();
        tab("Send");
        String to = backend.node().rpc("demo", "getnewaddress").asText();
        typeInto("#send-address", to);
        waitUntil(() -> label("#send-address-check").startsWith("Valid"));
        clickOn("#send-fee-custom");
        typeInto("#send-fee-rate", "2");
        typeInto("#send-amount", Units.btc(spendable + 1000).replace(" BTC", "").replace(",", ""));
        clickOn("#send-review");
        waitUntil(() -> label("#send-amount-error").startsWith("More than the spendable balance (" + Units.btc(spendable) + ", frozen coins left out)"));
        assertEquals(0, calls("walletcreatefundedpsbt"));
        interact(() -> lookup("#send-whole").queryAs(CheckBox.class).setSelected(true));
        waitUntil(() -> lookup("#send-amount").queryAs(TextField.class).getText().equals(org.bitcoinfx.gui.wallet.Amounts.plainBtc(spendable)));
        clickOn("#send-review");
        waitUntil(() -> lookup("#review-send").tryQuery().map(Node::isVisible).orElse(false));
        clickOn("#review-send");
        waitUntil(() -> !page().sendModel().sentTxidProperty().get().isEmpty());
        String maxTxid = page().sendModel().sentTxidProperty().get();
        JsonNode maxTx = backend.node().rpc("demo", "gettransaction", maxTxid, true, true).path("decoded");
        for (JsonNode in : maxTx.path("vin")) {
            assertFalse(in.path("txid").asText().equals(big.outpoint().txid()) && in.path("vout").asInt() == big.outpoint().vout(),
                    "send max spent the frozen coin");
        }
        backend.generate(1);

        // unfreeze
        tab("Coins");
        waitUntil(() -> coin(c, big) != null && c.coins().size() == 2); // the frozen coin and the send-max output
        select(coin(c, big));
        clickOn("#coins-unfreeze");
        waitUntil(() -> coin(c, big) != null && !coin(c, big).frozen());
        assertEquals(2, calls("lockunspent"));
        assertEquals(0, backend.node().rpc("demo", "listlockunspent").size());

        // coin control: spend exactly the chosen coin, change to the address typed
        Utxo chosen = coin(c, big);
        select(chosen);
        clickOn("#coins-spend");
        waitUntil(() -> lookup("#send-coins").queryAs(Label.class).getText().startsWith("1 coin · " + Units.btc(chosen.amountSat())));
        long fundsBefore = calls("walletcreatefundedpsbt");
        typeInto("#send-address", to);
        waitUntil(() -> label("#send-address-check").startsWith("Valid"));
        clickOn("#send-fee-custom");
        typeInto("#send-fee-rate", "2");
        typeInto("#send-amount", org.bitcoinfx.gui.wallet.Amounts.plainBtc(chosen.amountSat() + 1));
        clickOn("#send-review");
        waitUntil(() -> label("#send-amount-error").startsWith("More than the chosen coins hold (" + Units.btc(chosen.amountSat()) + ")"));
        typeInto("#send-amount", "0.1");
        typeInto("#send-change-address", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"); // mainnet: another network
        clickOn("#send-review");
        waitUntil(() -> label("#send-change-error").startsWith("Invalid change address: "));
        assertEquals(fundsBefore, calls("walletcreatefundedpsbt"), "no call for bad input");
        String change = backend.node().rpc("demo", "getnewaddress", "my change").asText();
        typeInto("#send-change-address", change);
        clickOn("#send-review");
        waitUntil(() -> lookup("#review-send").tryQuery().map(Node::isVisible).orElse(false));
        assertEquals("1 coin · " + Units.btc(chosen.amountSat()) + ", no others; change to " + change, label("#review-coins"));
        clickOn("#review-send");
        waitUntil(() -> !page().sendModel().sentTxidProperty().get().isEmpty() && !page().sendModel().sentTxidProperty().get().equals(maxTxid));
        String txid = page().sendModel().sentTxidProperty().get();
        JsonNode tx = backend.node().rpc("demo", "gettransaction", txid, true, true).path("decoded");
        assertEquals(1, tx.path("vin").size());
        assertEquals(chosen.outpoint().txid(), tx.path("vin").path(0).path("txid").asText());
        assertEquals(chosen.outpoint().vout(), tx.path("vin").path(0).path("vout").asInt());
        List<String> outs = new java.util.ArrayList<>();
        tx.path("vout").forEach(o -> outs.add(o.path("scriptPubKey").path("address").asText()));
        assertTrue(outs.contains(change), outs.toString());
        waitUntil(() -> c.chosen().isEmpty() && c.changeAddressProperty().get().isEmpty());
    }
}
