package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextInputControl;
import org.bitcoinfx.gui.feedback.RecentLogAppender;
import org.bitcoinfx.gui.wallet.WalletPage;
import org.bitcoinfx.ipc.IpcEvent;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Wallet page's encryption and message forms against the fake node: sign with a new legacy address and
 * verify (valid, then not valid for another message), inline refusals that make no call (no address, a
 * malformed signature, mismatched passphrases, a locked wallet without its passphrase), the node's words with a
 * hint for a segwit address; encrypt (the badge says locked), sign on the locked wallet with its passphrase
 * (locked again after), change the passphrase (a wrong current one refused in the node's words), unlock from
 * outside and Lock now; the passphrases nowhere in IPC events or the app log.
 */
class WalletSecurityPageTest extends AppTestBase {
    private static final String PASS = "pw-Sign-Verify-4410";
    private static final String PASS2 = "pw-Second-9921";

    private WalletPage page() {
        return (WalletPage) app.mainWindow().pages().stream().filter(p -> p instanceof WalletPage).findFirst().orElseThrow();
    }

    private long calls(String method) {
        return backend.client().rpcCalls().stream().filter(m -> m.equals(method) || m.endsWith("/" + method)).count();
    }

    private void menu(String id) {
        interact(() -> {
            MenuButton more = lookup("#wallet-more").queryAs(MenuButton.class);
            more.fireEvent(new javafx.event.Event(javafx.scene.control.Menu.ON_SHOWING)); // what fillMore reads
            MenuItem item = more.getItems().stream().filter(i -> id.equals(i.getId())).findFirst().orElseThrow();
            assertFalse(item.isDisable(), id + " enabled");
            item.fire();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private boolean menuEnabled(String id) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            MenuButton more = lookup("#wallet-more").queryAs(MenuButton.class);
            more.getOnShowing().handle(null);
            return !more.getItems().stream().filter(i -> id.equals(i.getId())).findFirst().orElseThrow().isDisable();
        }).get();
    }

    private void typeInto(String id, String text) {
        interact(() -> {
            TextInputControl f = lookup(id).queryAs(TextInputControl.class);
            f.requestFocus();
            f.setText(text);
        });
    }

    private String field(String id) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> lookup(id).queryAs(TextInputControl.class).getText()).get();
    }

    private String label(String id) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> lookup(id).queryAs(Label.class).getText()).get();
    }

    private void press(String id) {
        interact(() -> lookup(id).queryAs(Button.class).fire());
    }

    @Test
    void signVerifyEncryptChangeLock() throws Exception {
        waitReady();
        showPage("Wallet");
        waitUntil(() -> "demo".equals(page().viewModel().selectedProperty().get()) && page().viewModel().infoProperty().get() != null);
        assertFalse(menuEnabled("wallet-change-passphrase"), "an unencrypted wallet has no passphrase to change");
        assertFalse(menuEnabled("wallet-lock-now"));

        // sign: no address is refused without a call
        menu("wallet-sign-verify");
        press("#sign-submit");
        waitText("#sign-error", "Type one of this wallet's legacy (P2PKH) addresses, or make one with New legacy address.");
        assertEquals(0, calls("signmessage"));
        // a segwit address: the node's words and a hint
        String segwit = backend.client().rpc().callWallet("demo", "getnewaddress", "", "bech32").get(WAIT, TimeUnit.SECONDS).asText();
        typeInto("#sign-address", segwit);
        press("#sign-submit");
        waitText("#sign-error", "Address does not refer to key. Bitcoin Core signs messages only with legacy (P2PKH) addresses: "
                + "make one with New legacy address.");
        // a new legacy address signs
        press("#sign-new-address");
        waitUntil(() -> lookup("#sign-address").queryAs(TextInputControl.class).getText().matches("[mn].+"));
        String address = field("#sign-address");
        typeInto("#sign-message", "I own this address.\nBitcoin FX");
        press("#sign-submit");
        waitUntil(() -> !lookup("#sign-signature").queryAs(TextInputControl.class).getText().isEmpty());
        String signature = field("#sign-signature");
        assertEquals("", label("#sign-error"));

        // verify: a malformed signature is refused without a call; valid; not valid for another message
        typeInto("#verify-address", address);
        typeInto("#verify-message", "I own this address.\nBitcoin FX");
        typeInto("#verify-signature", "not a signature");
        press("#verify-submit");
        waitText("#verify-error", "The signature is not base64. A message signature is 88 characters of base64 (65 bytes).");
        assertEquals(0, calls("verifymessage"));
        typeInto("#verify-signature", signature);
        press("#verify-submit");
        waitText("#verify-verdict", "Valid: this address's key signed this message.");
        typeInto("#verify-message", "I own this address.");
        assertEquals("", label("#verify-verdict"), "a verdict goes with the inputs it was for");
        press("#verify-submit");
        waitText("#verify-verdict", "Not valid: this is not this address's signature of this message.");
        press("#sign-verify-done");

        // encrypt: mismatched passphrases make no call; then the badge says locked
        menu("wallet-encrypt");
        assertTrue(WaitForAsyncUtils.asyncFx(() -> lookup("#encrypt-submit").queryAs(Button.class).isDisabled()).get(),
                "encrypting waits for the acknowledgement");
        interact(() -> lookup("#encrypt-understood").queryAs(javafx.scene.control.CheckBox.class).setSelected(true));
        typeInto("#encrypt-passphrase", PASS);
        typeInto("#encrypt-confirm", PASS + "x");
        press("#encrypt-submit");
        waitText("#encrypt-error", "The passphrases do not match. Type them again.");
        assertEquals(0, calls("encryptwallet"));
        typeInto("#encrypt-passphrase", PASS);
        typeInto("#encrypt-confirm", PASS);
        press("#encrypt-submit");
        waitUntil(() -> lookup("#wallet-notice").queryAs(Label.class).getText().startsWith("Encrypted wallet demo. The node says: wallet encrypted;"));
        waitText("#wallet-encrypted", "Encrypted · locked");
        assertFalse(menuEnabled("wallet-encrypt"), "encrypted already");
        assertFalse(menuEnabled("wallet-lock-now"), "locked already");

        // sign on the locked wallet: the passphrase is asked for, used for this signature only
        menu("wallet-sign-verify");
        typeInto("#sign-address", address);
        typeInto("#sign-message", "signed while locked");
        press("#sign-submit");
        waitText("#sign-error", "The wallet is locked: type its passphrase to sign.");
        assertEquals(2, calls("signmessage"), "the segwit refusal and one signature before, nothing now");
        typeInto("#sign-passphrase", "wrong-" + PASS);
        press("#sign-submit");
        waitText("#sign-error", "Error: The wallet passphrase entered was incorrect.");
        typeInto("#sign-passphrase", PASS);
        press("#sign-submit");
        waitUntil(() -> !lookup("#sign-signature").queryAs(TextInputControl.class).getText().isEmpty()
                || !lookup("#sign-error").queryAs(Label.class).getText().isEmpty());
        assertEquals("", label("#sign-error"));
        String locked = field("#sign-signature");
        assertTrue(backend.client().rpc().call("verifymessage", address, locked, "signed while locked").get(WAIT, TimeUnit.SECONDS).asBoolean());
        assertEquals("", field("#sign-passphrase"), "the field was emptied into the call");
        waitText("#wallet-encrypted", "Encrypted · locked");
        press("#sign-verify-done");

        // change the passphrase: a wrong current one in the node's words
        menu("wallet-change-passphrase");
        typeInto("#change-current", "wrong-" + PASS);
        typeInto("#change-passphrase", PASS2);
        typeInto("#change-confirm", PASS2);
        press("#change-submit");
        waitText("#change-error", "Error: The wallet passphrase entered was incorrect.");
        typeInto("#change-current", PASS);
        typeInto("#change-passphrase", PASS2);
        typeInto("#change-confirm", PASS2);
        press("#change-submit");
        waitText("#wallet-notice", "Changed the passphrase of wallet demo.");

        // unlocked from elsewhere (the console, another client): the badge says so, Lock now locks
        backend.client().rpc().callWallet("demo", "walletpassphrase", PASS2.toCharArray(), 600).get(WAIT, TimeUnit.SECONDS);
        interact(() -> page().viewModel().refreshSelected());
        waitUntil(() -> lookup("#wallet-encrypted").queryAs(Label.class).getText().startsWith("Encrypted · unlocked until "));
        menu("wallet-lock-now");
        waitText("#wallet-encrypted", "Encrypted · locked");
        waitText("#wallet-notice", "Locked wallet demo.");
        assertEquals(0, backend.client().rpc().callWallet("demo", "getwalletinfo").get(WAIT, TimeUnit.SECONDS).path("unlocked_until").asLong());

        // the passphrases are nowhere
        for (IpcEvent e : WaitForAsyncUtils.asyncFx(() -> List.copyOf(app.ipcLog().events())).get()) {
            assertFalse(e.toLogLine().contains(PASS) || e.toLogLine().contains(PASS2), e.toLogLine());
        }
        assertTrue(RecentLogAppender.lines().stream().noneMatch(l -> l.contains(PASS) || l.contains(PASS2)), "app log");
        assertTrue(backend.client().rpcCalls().stream().noneMatch(l -> l.contains(PASS) || l.contains(PASS2)));
    }
}
