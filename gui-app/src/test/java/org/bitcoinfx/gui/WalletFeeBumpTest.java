package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import org.bitcoinfx.gui.util.Units;
import org.bitcoinfx.gui.wallet.BumpPreview;
import org.bitcoinfx.gui.wallet.CpfpPreview;
import org.bitcoinfx.gui.wallet.FeeBumpViewModel;
import org.bitcoinfx.gui.wallet.WalletPage;
import org.bitcoinfx.gui.wallet.WalletTx;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Fee bumping from Activity against the fake node: Speed up (a bad rate: inline, no call; too low: the node's words and
 * the original left as it was; then the review's old and new rates and the replacement in the mempool), Cancel (one
 * output back to the wallet) and CPFP of an incoming payment (the package rate reaches the target); the actions only
 * on unconfirmed rows they apply to.
 */
class WalletFeeBumpTest extends AppTestBase {
    private WalletPage page() {
        return (WalletPage) app.mainWindow().pages().stream().filter(p -> p instanceof WalletPage).findFirst().orElseThrow();
    }

    private long calls(String method) {
        return backend.client().rpcCalls().stream().filter(m -> m.equals(method) || m.endsWith("/" + method)).count();
    }

    private String label(String id) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> lookup(id).queryAs(Label.class).getText()).get();
    }

    private void typeInto(String id, String text) {
        interact(() -> {
            TextField f = lookup(id).queryAs(TextField.class);
            f.requestFocus();
            f.setText(text);
        });
    }

    @SuppressWarnings("unchecked")
    private TableView<WalletTx> table() {
        return lookup("#activity-table").queryAs(TableView.class);
    }

    /** Waits for the row of {@code txid} and {@code category}, then selects it. */
    private WalletTx select(String txid, String category) throws Exception {
        waitUntil(() -> table().getItems().stream().anyMatch(t -> t.txid().equals(txid) && t.category().equals(category)));
        WalletTx row = WaitForAsyncUtils.asyncFx(() -> table().getItems().stream().filter(t -> t.txid().equals(txid) && t.category().equals(category))
                .findFirst().orElseThrow()).get();
        interact(() -> table().getSelectionModel().select(row));
        return row;
    }

    private boolean disabled(String id) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> lookup(id).queryAs(Button.class).isDisabled()).get();
    }

    /** A payment of 0.1 BTC from demo at 2 sat/vB to someone else, as another app (or the console) would send it. */
    private String pay() {
        String to = backend.node().rpc("other", "getnewaddress").asText();
        JsonNode funded = backend.node().rpc("demo", "walletcreatefundedpsbt", List.of(), List.of(Map.of(to, 0.1)), 0, Map.of("fee_rate", 2));
        JsonNode signed = backend.node().rpc("demo", "walletprocesspsbt", funded.path("psbt").asText());
        return backend.node().rpc(null, "sendrawtransaction", signed.path("hex").asText()).asText();
    }

    @Test
    void speedUpCancelAndCpfp() throws Exception {
        waitReady();
        backend.node().rpc(null, "createwallet", "other");
        showPage("Wallet");
        waitUntil(() -> "demo".equals(page().viewModel().selectedProperty().get()));
        FeeBumpViewModel m = page().bumpModel();
        interact(() -> page().showTab("Activity"));
        String a = pay();
        interact(() -> page().viewModel().refreshSelected()); // sent outside the page: read the activity again

        // a confirmed row offers nothing (once the activity is read: the selection starts the read)
        waitUntil(() -> table().getItems().stream().anyMatch(t -> t.confirmations() > 0));
        WalletTx confirmed = WaitForAsyncUtils.asyncFx(() -> table().getItems().stream().filter(t -> t.confirmations() > 0).findFirst().orElseThrow()).get();
        interact(() -> table().getSelectionModel().select(confirmed));
        assertFalse(lookup("#activity-speed-up").query().getParent().isVisible());
        assertFalse(WaitForAsyncUtils.asyncFx(() -> m.start(confirmed, FeeBumpViewModel.Action.SPEED_UP)).get());

        // speed up: only for the unconfirmed send
        select(a, "send");
        waitUntil(() -> lookup("#activity-speed-up").query().getParent().isVisible());
        assertFalse(disabled("#activity-speed-up"));
        assertFalse(disabled("#activity-cancel"));
        assertTrue(disabled("#activity-cpfp"));
        clickOn("#activity-speed-up");
        waitUntil(() -> lookup("#bump-pane").tryQuery().map(Node::isVisible).orElse(false));
        // what it pays now, and a suggestion 1 sat/vB above
        waitUntil(() -> m.currentRateProperty().get() > 0);
        double paid = m.currentRateProperty().get();
        assertTrue(paid >= 2 && paid < 2.1, "now " + paid);
        assertEquals("pays now: " + Units.satPerVb(paid), label("#bump-current-rate"));
        assertEquals(java.math.BigDecimal.valueOf(paid + 1).setScale(1, java.math.RoundingMode.CEILING).stripTrailingZeros().toPlainString(),
                WaitForAsyncUtils.asyncFx(() -> lookup("#bump-rate").queryAs(TextField.class).getText()).get());
        typeInto("#bump-rate", "fast");
        clickOn("#bump-preview");
        waitUntil(() -> label("#bump-rate-error").equals("\"fast\" is not a fee rate."));
        assertEquals(0, calls("psbtbumpfee"), "no call for a bad rate");
        typeInto("#bump-rate", "2.001");
        clickOn("#bump-preview");
        waitUntil(() -> label("#bump-error").startsWith("The node refused: Insufficient total fee "));
        assertEquals(List.of(a), backend.node().mempoolTxids(), "the original stays");
        typeInto("#bump-rate", "10");
        clickOn("#bump-preview");
        waitUntil(() -> m.bumpProperty().get() != null);
        BumpPreview p = m.bumpProperty().get();
        assertEquals(Units.satPerVb(p.oldRate()), label("#bump-old-rate"));
        assertTrue(p.oldRate() >= 2 && p.oldRate() < 2.1, "old rate " + p.oldRate());
        assertTrue(label("#bump-new-rate").startsWith(Units.satPerVb(p.newRate())), label("#bump-new-rate"));
        assertTrue(p.newRate() >= 10 && p.newRate() < 10.1, "new rate " + p.newRate());
        assertEquals(Units.sat(p.oldFeeSat()), label("#bump-old-fee"));
        assertEquals(0, calls("bumpfee"), "the review changes nothing");
        clickOn("#bump-confirm");
        waitUntil(() -> m.targetProperty().get() == null);
        List<String> pool = backend.node().mempoolTxids();
        assertEquals(1, pool.size());
        assertFalse(pool.contains(a), "replaced");
        String replacement = pool.get(0);
        assertTrue(label("#wallet-notice").startsWith("Sped up — new txid " + replacement), label("#wallet-notice"));

        // cancel: the replacement of the replacement pays the wallet back
        select(replacement, "send");
        // through the table's context menu this time (its items as a right click shows them: headless Monocle opens no popup)
        interact(() -> {
            javafx.scene.control.ContextMenu cm = table().getContextMenu();
            cm.getOnShowing().handle(null);
            javafx.scene.control.MenuItem cpfpItem = cm.getItems().stream().filter(i -> i.getId().equals("activity-menu-cpfp")).findFirst().orElseThrow();
            assertTrue(cpfpItem.isDisable(), "no CPFP for a send");
            javafx.scene.control.MenuItem cancelItem = cm.getItems().stream().filter(i -> i.getId().equals("activity-menu-cancel")).findFirst().orElseThrow();
            assertFalse(cancelItem.isDisable());
            cancelItem.fire();
        });
        waitUntil(() -> m.actionProperty().get() == FeeBumpViewModel.Action.CANCEL);
        typeInto("#bump-rate", "20");
        clickOn("#bump-preview");
        waitUntil(() -> m.bumpProperty().get() != null);
        String back = m.bumpProperty().get().cancelTo();
        assertTrue(label("#bump-cancel-to").startsWith(back));
        clickOn("#bump-confirm");
        waitUntil(() -> m.targetProperty().get() == null);
        String cancel = backend.node().mempoolTxids().get(0);
        JsonNode cancelled = backend.node().rpc("demo", "gettransaction", cancel, true, true).path("decoded").path("vout");
        assertEquals(1, cancelled.size());
        assertEquals(back, cancelled.path(0).path("scriptPubKey").path("address").asText());
        backend.generate(1);

        // CPFP: an incoming payment at a low rate, lifted to 100 sat/vB
        backend.node().payWallet("demo", 1, 0, 3);
        String in = backend.node().mempoolTxids().get(0);
        interact(() -> page().viewModel().refreshSelected());
        select(in, "receive");
        waitUntil(() -> !disabled("#activity-cpfp"));
        // its coin frozen: nothing to pay the child with, said before any funding call
        JsonNode mine = null;
        for (JsonNode u : backend.node().rpc("demo", "listunspent", 0)) {
            if (u.path("txid").asText().equals(in)) {
                mine = u;
            }
        }
        Object frozen = List.of(Map.of("txid", in, "vout", mine.path("vout").asInt()));
        backend.node().rpc("demo", "lockunspent", false, frozen, true);
        long funds = calls("walletcreatefundedpsbt");
        clickOn("#activity-cpfp");
        typeInto("#bump-rate", "100");
        clickOn("#bump-preview");
        waitUntil(() -> label("#bump-error").startsWith("No coin of this transaction is left for the wallet to spend"));
        assertEquals(funds, calls("walletcreatefundedpsbt"));
        clickOn("#bump-back");
        backend.node().rpc("demo", "lockunspent", true, frozen);
        assertTrue(disabled("#activity-speed-up"), "someone else's payment cannot be replaced by this wallet");
        clickOn("#activity-cpfp");
        typeInto("#bump-rate", "100");
        clickOn("#bump-preview");
        waitUntil(() -> m.cpfpProperty().get() != null);
        CpfpPreview c = m.cpfpProperty().get();
        assertTrue(c.parentRate() <= 31, "parent " + c.parentRate());
        assertTrue(c.packageRate() >= 99.9, "package " + c.packageRate());
        assertEquals(Units.satPerVb(c.packageRate()), label("#bump-new-rate"));
        clickOn("#bump-confirm");
        waitUntil(() -> m.targetProperty().get() == null);
        List<String> now = backend.node().mempoolTxids();
        assertEquals(2, now.size());
        String child = now.stream().filter(t -> !t.equals(in)).findFirst().orElseThrow();
        JsonNode vin = backend.node().rpc("demo", "gettransaction", child, true, true).path("decoded").path("vin");
        assertEquals(in, vin.path(0).path("txid").asText());
    }

    @Test
    void anEncryptedWalletBumpsOnlyWithItsPassphraseWhichGoesNowhereElse() throws Exception {
        String pass = "bump-Secret-5521";
        waitReady();
        backend.node().rpc(null, "createwallet", "vault", false, false, pass, false, true, true);
        backend.node().generateToWallet("vault", 101);
        backend.node().rpc("vault", "walletpassphrase", pass, 30);
        String a = backend.node().rpc("demo", "getnewaddress").asText();
        JsonNode funded = backend.node().rpc("vault", "walletcreatefundedpsbt", List.of(), List.of(Map.of(a, 1)), 0, Map.of("fee_rate", 2));
        String txid = backend.node().rpc(null, "sendrawtransaction",
                backend.node().rpc("vault", "walletprocesspsbt", funded.path("psbt").asText()).path("hex").asText()).asText();
        backend.node().rpc("vault", "walletlock");
        showPage("Wallet");
        interact(() -> page().viewModel().selectedProperty().set("vault"));
        waitUntil(() -> page().viewModel().infoProperty().get() != null && page().viewModel().infoProperty().get().encrypted());
        FeeBumpViewModel m = page().bumpModel();
        interact(() -> page().showTab("Activity"));
        select(txid, "send");
        clickOn("#activity-speed-up");
        typeInto("#bump-rate", "9");
        clickOn("#bump-preview");
        waitUntil(() -> m.bumpProperty().get() != null);
        assertFalse(m.bumpProperty().get().exact(), "psbtbumpfee needs the passphrase: an estimate");
        assertTrue(label("#bump-new-rate").contains("estimate"), label("#bump-new-rate"));
        // no passphrase: inline, no call
        clickOn("#bump-confirm");
        waitUntil(() -> label("#bump-error").equals("Enter the wallet passphrase: the wallet is encrypted."));
        assertEquals(0, calls("bumpfee"));
        // a wrong one: the node's words, the original stays
        interact(() -> lookup("#bump-passphrase").queryAs(javafx.scene.control.PasswordField.class).setText("wrong-" + pass));
        clickOn("#bump-confirm");
        waitUntil(() -> label("#bump-error").startsWith("The node refused: Error: The wallet passphrase entered was incorrect."));
        assertEquals(List.of(txid), backend.node().mempoolTxids());
        assertEquals("", WaitForAsyncUtils.asyncFx(() -> lookup("#bump-passphrase").queryAs(javafx.scene.control.PasswordField.class).getText()).get(),
                "the field is cleared once taken");
        interact(() -> lookup("#bump-passphrase").queryAs(javafx.scene.control.PasswordField.class).setText(pass));
        clickOn("#bump-confirm");
        waitUntil(() -> m.targetProperty().get() == null);
        assertEquals(1, backend.node().mempoolTxids().size());
        assertFalse(backend.node().mempoolTxids().contains(txid));
        assertTrue(backend.client().rpcCalls().stream().noneMatch(l -> l.contains(pass)), "recorded calls");
        for (org.bitcoinfx.ipc.IpcEvent e : WaitForAsyncUtils.asyncFx(() -> List.copyOf(app.ipcLog().events())).get()) {
            assertFalse(e.toLogLine().contains(pass), e.toLogLine());
        }
        assertTrue(org.bitcoinfx.gui.feedback.RecentLogAppender.lines().stream().noneMatch(l -> l.contains(pass)), "app log");
    }
}
