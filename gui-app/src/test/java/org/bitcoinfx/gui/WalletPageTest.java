package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.paint.Color;
import org.bitcoinfx.gui.feedback.FeedbackBundle;
import org.bitcoinfx.gui.feedback.RecentLogAppender;
import org.bitcoinfx.gui.util.Units;
import org.bitcoinfx.gui.wallet.Bip21;
import org.bitcoinfx.gui.wallet.PaymentRequest;
import org.bitcoinfx.gui.wallet.QrImage;
import org.bitcoinfx.gui.wallet.WalletPage;
import org.bitcoinfx.gui.wallet.WalletTx;
import org.bitcoinfx.ipc.IpcEvent;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Wallet page against the fake node: create an encrypted wallet (a mismatched passphrase makes
 * no call), receive (QR present and encoding the BIP21 URI), bad input on Send (no call), send with
 * review (a wrong passphrase is refused by the node, nothing broadcast), the row in Activity, and
 * the passphrase nowhere in IPC events, logs or the feedback bundle.
 */
class WalletPageTest extends AppTestBase {
    private static final String PASS = "pw-Correct-Horse-7731";

    private WalletPage page() {
        return (WalletPage) app.mainWindow().pages().stream().filter(p -> p instanceof WalletPage).findFirst().orElseThrow();
    }

    private long calls(String method) {
        return backend.client().rpcCalls().stream().filter(m -> m.equals(method) || m.endsWith("/" + method)).count();
    }

    private String label(String id) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> lookup(id).queryAs(Label.class).getText()).get();
    }

    private String field(String id) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> lookup(id).queryAs(TextField.class).getText()).get();
    }

    private void tab(String name) {
        interact(() -> page().showTab(name));
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Sets a field's text as if typed (TestFX's write is slow, a character at a time). */
    private void typeInto(String id, String text) {
        interact(() -> {
            TextField f = lookup(id).queryAs(TextField.class);
            f.requestFocus();
            f.setText(text);
        });
    }

    @Test
    void createReceiveSendActivity() throws Exception {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.bitcoinfx");
        Level before = root.getLevel();
        root.setLevel(Level.TRACE); // the passphrase must not show even in trace logs
        try {
            run();
        } finally {
            root.setLevel(before);
        }
    }

    private void run() throws Exception {
        waitReady();
        showPage("Wallet");
        waitUntil(() -> "demo".equals(page().viewModel().selectedProperty().get()));

        // create: mismatched passphrases are refused without a call
        clickOn("#wallet-new");
        typeInto("#create-name", "spending");
        typeInto("#create-passphrase", PASS);
        typeInto("#create-confirm", PASS + "x");
        clickOn("#create-submit");
        waitText("#create-error", "The passphrases do not match. Type them again.");
        assertEquals(0, calls("createwallet"));
        typeInto("#create-passphrase", PASS);
        typeInto("#create-confirm", PASS);
        clickOn("#create-submit");
        waitUntil(() -> "spending".equals(page().viewModel().selectedProperty().get()));
        assertEquals(1, calls("createwallet"));
        waitUntil(() -> lookup("#wallet-encrypted").query().isVisible());
        assertTrue(label("#wallet-notice").startsWith("Created wallet spending (encrypted)"));

        // funds: 101 blocks to the wallet; the page follows the tip
        backend.node().generateToWallet("spending", 101);
        waitText("#bal-trusted", Units.btc(50 * Units.COIN));
        waitText("#bal-immature", Units.btc(100 * 50 * Units.COIN));

        // receive: a request with its BIP21 URI and QR code
        tab("Receive");
        typeInto("#recv-label", "Alice");
        typeInto("#recv-amount", "0.001");
        typeInto("#recv-message", "coffee & cake");
        clickOn("#recv-create");
        waitUntil(() -> !lookup("#recv-address").queryAs(TextField.class).getText().isEmpty());
        String address = field("#recv-address");
        assertTrue(address.startsWith("bcrt1q"), address);
        String uri = field("#recv-uri");
        assertEquals(Bip21.uri(address, 100_000, "Alice", "coffee & cake"), uri);
        assertEquals("bitcoin:" + address + "?amount=0.001&label=Alice&message=coffee%20%26%20cake", uri);
        Image qr = WaitForAsyncUtils.asyncFx(() -> lookup("#recv-qr").queryAs(ImageView.class).getImage()).get();
        assertNotNull(qr, "QR code shown");
        assertQrEncodes(qr, uri);
        @SuppressWarnings("unchecked")
        TableView<PaymentRequest> history = lookup("#recv-history").queryAs(TableView.class);
        waitUntil(() -> history.getItems().size() == 1);
        assertEquals(address, history.getItems().get(0).address());

        // send: bad input gets an inline message and makes no call
        tab("Send");
        typeInto("#send-address", "bcrt1qnotanaddress");
        waitUntil(() -> label("#send-address-check").startsWith("Invalid address"));
        clickOn("#send-review");
        WaitForAsyncUtils.waitForFxEvents();
        String to = backend.client().rpc().callWallet("demo", "getnewaddress", "", "bech32").get(WAIT, TimeUnit.SECONDS).asText();
        typeInto("#send-address", to);
        waitUntil(() -> label("#send-address-check").startsWith("Valid"));
        typeInto("#send-amount", "0.000001");
        clickOn("#send-fee-custom");
        typeInto("#send-fee-rate", "2");
        clickOn("#send-review");
        waitUntil(() -> label("#send-amount-error").startsWith("Below the dust limit"));
        typeInto("#send-amount", "1000");
        clickOn("#send-review");
        waitUntil(() -> label("#send-amount-error").startsWith("More than the spendable balance"));
        typeInto("#send-amount", "1");
        typeInto("#send-fee-rate", "0.5");
        clickOn("#send-review");
        waitUntil(() -> label("#send-fee-error").startsWith("Fee rate out of range"));
        assertEquals(0, calls("walletcreatefundedpsbt"), "no call for bad input");

        // review: fee, rate and size from the preview; nothing broadcast yet
        typeInto("#send-fee-rate", "2");
        typeInto("#send-label", "Bob");
        clickOn("#send-review");
        waitUntil(() -> lookup("#review-send").tryQuery().map(Node::isVisible).orElse(false));
        assertEquals(1, calls("walletcreatefundedpsbt"));
        String size = label("#review-size");
        long vsize = Long.parseLong(size.substring(0, size.indexOf(' ')));
        assertTrue(label("#review-fee").startsWith(Units.sat(2 * vsize)), label("#review-fee"));
        assertEquals(Units.satPerVb(2.0), label("#review-feerate"));
        assertTrue(backend.node().mempoolTxids().isEmpty());

        // a wrong passphrase: the node's message, nothing sent, the review stays
        typeInto("#review-passphrase", "wrong-" + PASS);
        clickOn("#review-send");
        waitText("#review-error", "Error: The wallet passphrase entered was incorrect.");
        assertTrue(backend.node().mempoolTxids().isEmpty());
        typeInto("#review-passphrase", PASS);
        clickOn("#review-passphrase").type(KeyCode.ENTER);
        waitUntil(() -> !page().sendModel().sentTxidProperty().get().isEmpty());
        String txid = page().sendModel().sentTxidProperty().get();
        assertEquals(List.of(txid), backend.node().mempoolTxids());
        assertEquals("", WaitForAsyncUtils.asyncFx(() -> lookup("#send-address").queryAs(TextField.class).getText()).get(), "form cleared");

        // activity: the send, then confirmed by the next block
        tab("Activity");
        @SuppressWarnings("unchecked")
        TableView<WalletTx> activity = lookup("#activity-table").queryAs(TableView.class);
        waitUntil(() -> !activity.getItems().isEmpty() && activity.getItems().get(0).txid().equals(txid));
        WalletTx row = rows(activity).get(0);
        assertEquals("send", row.category());
        assertEquals(-Units.COIN, row.amountSat());
        assertEquals(2 * vsize, row.feeSat());
        assertEquals("Bob", row.label(), "the recipient's label, set with setlabel after the send");
        assertEquals(0, row.confirmations());
        backend.generate(1);
        waitUntil(() -> !activity.getItems().isEmpty() && activity.getItems().get(0).confirmations() == 1);
        interact(() -> activity.getSelectionModel().select(0));
        waitText("#detail-txid", txid);
        waitText("#bal-trusted", Units.btc(50 * Units.COIN - Units.COIN - 2 * vsize + 50 * Units.COIN));

        // the passphrase is nowhere: IPC events (inspector), app log, feedback bundle, console history
        showPage("Console");
        interact(() -> lookup("#console-wallet").queryComboBox().getSelectionModel().select("spending"));
        typeInto("#console-input", "walletpassphrase \"" + PASS + "\" 10");
        clickOn("#console-input").type(KeyCode.ENTER);
        waitUntil(() -> lookup(".console-command").queryAll().stream().anyMatch(n -> ((Label) n).getText().endsWith("walletpassphrase (…)")));
        clickOn("#console-input").type(KeyCode.UP);
        assertEquals("walletpassphrase (…)", lookup("#console-input").queryAs(TextField.class).getText());
        for (IpcEvent e : WaitForAsyncUtils.asyncFx(() -> List.copyOf(app.ipcLog().events())).get()) {
            assertFalse(e.toLogLine().contains(PASS), e.toLogLine());
        }
        assertTrue(RecentLogAppender.lines().stream().noneMatch(l -> l.contains(PASS)), "app log");
        assertTrue(backend.client().rpcCalls().stream().noneMatch(l -> l.contains(PASS)));
        Map<String, byte[]> bundle = WaitForAsyncUtils.asyncFx(() -> FeedbackBundle.gather(app.context(), app.ipcLog(), app.root())).get();
        for (var f : bundle.entrySet()) {
            assertFalse(new String(f.getValue(), StandardCharsets.ISO_8859_1).contains(PASS), f.getKey());
        }
        assertTrue(new String(bundle.get("ipc-calls.txt"), StandardCharsets.UTF_8).contains("Rpc.executeRpc"));
    }

    /** Samples the centre of every module: dark exactly where the QR code of {@code text} is. */
    private static void assertQrEncodes(Image img, String text) {
        boolean[][] m = QrImage.modules(text);
        int scale = 4;
        int border = 4;
        assertEquals((m.length + 2 * border) * scale, (int) img.getWidth());
        for (int y = 0; y < m.length; y++) {
            for (int x = 0; x < m.length; x++) {
                Color c = img.getPixelReader().getColor((x + border) * scale + scale / 2, (y + border) * scale + scale / 2);
                assertEquals(m[y][x], c.getBrightness() < 0.5, "module " + x + "," + y);
            }
        }
    }
}
