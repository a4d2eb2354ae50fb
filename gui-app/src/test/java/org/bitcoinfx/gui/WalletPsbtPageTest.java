package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import org.bitcoinfx.gui.wallet.WalletPage;
import org.bitcoinfx.gui.wallet.psbt.PsbtReview;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Wallet page's PSBT tab on FakeNode (its PSBT replies held to a real node's by bundled-node's
 * FakePsbtShapesTest): malformed PSBTs refused inline with no call, the node's refusal in its words; Send's review
 * makes an unsigned PSBT (nothing signed or broadcast); the review (inputs, outputs with the change, fee, fee rate,
 * next role); copy and save, a file imported back; a combine that is not a PSBT (no call) or of another transaction
 * (the node's words, the review unchanged); finalize before signing (nothing broadcast); sign, combine with the unsigned
 * one, finalize and broadcast. Also: signing in an encrypted wallet (no passphrase: no call; a wrong one: the node's
 * words, nothing signed; locked again after each attempt), and the create form's watch-only and external-signer refusals.
 */
class WalletPsbtPageTest extends AppTestBase {
    /** P2WSH of OP_TRUE: not the wallet's. */
    private static final String OUTSIDE = "bcrt1qft5p2uhsdcdc3l2ua4ap5qqfg4pjaqlp250x7us7a8qqhrxrxfsqseac85";

    @TempDir
    Path tmp;

    private WalletPage page() {
        return (WalletPage) app.mainWindow().pages().stream().filter(p -> p instanceof WalletPage).findFirst().orElseThrow();
    }

    private long calls(String method) {
        return backend.client().rpcCalls().stream().filter(m -> m.equals(method) || m.endsWith("/" + method)).count();
    }

    private void tab(String name) {
        interact(() -> page().showTab(name));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void typeInto(String id, String text) {
        interact(() -> {
            Node n = lookup(id).query();
            if (n instanceof TextArea a) {
                a.setText(text);
            } else {
                ((TextField) n).setText(text);
            }
        });
    }

    /** Fires a button (the review card may be scrolled out of the window). */
    private void fire(String id) {
        interact(() -> ((javafx.scene.control.Button) lookup(id).query()).fire());
    }

    /** @return true when the node and all its parents are visible */
    private boolean shown(String id) {
        java.util.Optional<Node> found = lookup(id).tryQuery();
        if (found.isEmpty()) {
            return false;
        }
        for (Node n = found.get(); n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }

    private PsbtReview review() throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> page().psbtModel().reviewProperty().get()).get();
    }

    private void waitIdle() throws Exception {
        waitUntil(() -> !page().psbtModel().busyProperty().get());
    }

    @Test
    void malformedCreateReviewExportImportSignCombineFinalizeBroadcast() throws Exception {
        waitReady();
        showPage("Wallet");
        waitUntil(() -> "demo".equals(page().viewModel().selectedProperty().get()));
        tab("PSBT");

        // malformed: an inline message and no call
        typeInto("#psbt-input", "not a psbt!");
        fire("#psbt-review");
        waitUntil(() -> text("#psbt-input-error").startsWith("This is not a PSBT: it is not valid base64"));
        typeInto("#psbt-input", Base64.getEncoder().encodeToString("hello world".getBytes()));
        fire("#psbt-review");
        waitUntil(() -> text("#psbt-input-error").contains("magic"));
        assertEquals(0, calls("decodepsbt"), "no call for what is not a PSBT");
        // the magic, then garbage: the node's refusal in its words
        typeInto("#psbt-input", Base64.getEncoder().encodeToString(new byte[] {0x70, 0x73, 0x62, 0x74, (byte) 0xff, 1, 2, 3}));
        fire("#psbt-review");
        waitText("#psbt-input-error", "TX decode failed SpanReader::read(): end of data: iostream error");
        assertEquals(1, calls("decodepsbt"));
        assertEquals(null, review());

        // Send's review makes an unsigned PSBT for this tab
        tab("Send");
        typeInto("#send-address", OUTSIDE);
        waitUntil(() -> text("#send-address-check").startsWith("Valid"));
        typeInto("#send-amount", "0.1");
        clickOn("#send-fee-custom");
        typeInto("#send-fee-rate", "2");
        clickOn("#send-review");
        waitUntil(() -> lookup("#review-psbt").tryQuery().map(Node::isVisible).orElse(false));
        clickOn("#review-psbt");
        waitUntil(() -> review() != null);
        waitIdle();
        PsbtReview unsigned = review();
        assertEquals(0, calls("walletprocesspsbt"), "nothing signed");
        assertTrue(backend.node().mempoolTxids().isEmpty(), "nothing broadcast");
        assertTrue(text("#psbt-notice").startsWith("Funded, not signed"));
        assertEquals("signer: 1 signature missing", text("#psbt-next"));
        long fee = unsigned.feeSat().orElseThrow();
        assertTrue(text("#psbt-fee").startsWith(org.bitcoinfx.gui.util.Units.sat(fee)), text("#psbt-fee"));
        assertEquals(org.bitcoinfx.gui.util.Units.satPerVb(2.0) + " (estimated once signed)", text("#psbt-feerate"));
        @SuppressWarnings("unchecked")
        TableView<Object> outputs = lookup("#psbt-outputs").queryAs(TableView.class);
        assertEquals(2, outputs.getItems().size());
        assertEquals(List.of(PsbtReview.Ownership.EXTERNAL, PsbtReview.Ownership.CHANGE),
                unsigned.decoded().outputs().stream().map(o -> unsigned.ownership(o.address())).toList());
        assertEquals(10_000_000, unsigned.decoded().outputs().get(0).amountSat());
        @SuppressWarnings("unchecked")
        TableView<Object> inputs = lookup("#psbt-inputs").queryAs(TableView.class);
        assertEquals(unsigned.decoded().inputs().size(), inputs.getItems().size());

        // export: clipboard (base64) and a binary file; the file imported back
        fire("#psbt-copy");
        assertEquals(unsigned.psbt(), WaitForAsyncUtils.asyncFx(() -> Clipboard.getSystemClipboard().getString()).get());
        Path file = tmp.resolve("tx.psbt");
        interact(() -> page().psbtModel().save(file));
        waitUntil(() -> text("#psbt-notice").startsWith("Saved the PSBT"));
        assertArrayEquals(Base64.getDecoder().decode(unsigned.psbt()), Files.readAllBytes(file));
        assertArrayEquals(new byte[] {0x70, 0x73, 0x62, 0x74, (byte) 0xff}, Arrays.copyOf(Files.readAllBytes(file), 5));
        fire("#psbt-clear");
        waitUntil(() -> review() == null);
        interact(() -> page().psbtModel().importFile(file));
        waitUntil(() -> review() != null);
        assertEquals(unsigned.psbt(), review().psbt());
        Path notPsbt = Files.writeString(tmp.resolve("notes.txt"), "{\"hello\": 1}");
        interact(() -> page().psbtModel().importFile(notPsbt));
        waitUntil(() -> text("#psbt-input-error").startsWith("This file is not a PSBT"));
        assertEquals(unsigned.psbt(), review().psbt(), "a refused import changes nothing");

        // combine: not a PSBT (no call); another transaction's (the node's words, nothing changes)
        typeInto("#psbt-combine-input", "garbage");
        fire("#psbt-combine");
        waitUntil(() -> text("#psbt-error").startsWith("This is not a PSBT"));
        assertEquals(0, calls("combinepsbt"));
        String other = backend.client().rpc().callWallet("demo", "walletcreatefundedpsbt", List.of(), List.of(Map.of(OUTSIDE, 0.2)), 0,
                Map.of("fee_rate", 2)).get(30, TimeUnit.SECONDS).path("psbt").asText();
        typeInto("#psbt-combine-input", other);
        fire("#psbt-combine");
        waitText("#psbt-error", "PSBTs not compatible (different transactions)");
        waitIdle();
        assertEquals(unsigned.psbt(), review().psbt());

        // finalize before signing: nothing broadcast, the reason shown
        fire("#psbt-broadcast");
        waitUntil(() -> text("#psbt-error").startsWith("Not every input is signed yet (next: signer)"));
        waitIdle();
        assertTrue(backend.node().mempoolTxids().isEmpty());
        assertEquals(0, calls("sendrawtransaction"));

        // sign with demo (unencrypted: no passphrase field)
        assertTrue(!lookup("#psbt-passphrase").query().isVisible());
        fire("#psbt-sign");
        waitUntil(() -> text("#psbt-notice").startsWith("Signed with wallet demo: 1 signature added"));
        waitIdle();
        assertEquals("finalizer: every input is signed; finalize and broadcast", text("#psbt-next"));
        String signed = review().psbt();

        // combine with the unsigned one: still signed
        typeInto("#psbt-combine-input", unsigned.psbt());
        fire("#psbt-combine");
        waitUntil(() -> text("#psbt-notice").startsWith("Combined"));
        waitIdle();
        assertEquals(signed, review().psbt());

        // finalize and broadcast
        fire("#psbt-broadcast");
        waitUntil(() -> !page().psbtModel().txidProperty().get().isEmpty());
        String txid = page().psbtModel().txidProperty().get();
        assertEquals(List.of(txid), backend.node().mempoolTxids());
        assertEquals("Broadcast: transaction " + txid + ".", text("#psbt-notice"));
    }

    @Test
    void watchOnlyFormRefusesBadInputWithoutACall() throws Exception {
        waitReady();
        showPage("Wallet");
        waitUntil(() -> "demo".equals(page().viewModel().selectedProperty().get()));
        clickOn("#wallet-new");
        clickOn("#create-watchonly");
        waitUntil(() -> shown("#create-descriptors") && !shown("#create-passphrase"));
        typeInto("#create-name", "watch");
        fire("#create-submit");
        waitText("#create-error", "Enter one or two public descriptors, one per line: receive, then change.");
        typeInto("#create-descriptors", "wpkh(tprv8ZgxMBicQKsPeDgjzdC36fs6bMjGApWDNLR9erAXMs5skhMv36j9MV5ecvfavji5khqjWaWSFhN3YcCUUdiKH6isR4Pwy3U5y5egddBr16m/84h/1h/0h/0/*)");
        fire("#create-submit");
        waitText("#create-error", "A descriptor has a private key in it. A watch-only wallet takes public keys only (xpub/tpub).");
        typeInto("#create-descriptors", "a\nb\nc");
        fire("#create-submit");
        waitText("#create-error", "Enter one or two public descriptors, one per line: receive, then change.");
        assertEquals(0, calls("getdescriptorinfo"));
        assertEquals(0, calls("createwallet"));
        assertEquals(0, calls("importdescriptors"));
        assertEquals("demo", page().viewModel().selectedProperty().get());
    }

    @Test
    void externalSignerFormShowsTheNodesRefusalAndMakesNoWalletWithoutADevice() throws Exception {
        waitReady();
        showPage("Wallet");
        waitUntil(() -> "demo".equals(page().viewModel().selectedProperty().get()));
        clickOn("#wallet-new");
        typeInto("#create-name", "hww");
        clickOn("#create-external");
        // FakeNode, like a node without -signer, refuses enumeratesigners: the node's words
        waitText("#create-error", "Error: restart bitcoind with -signer=<cmd>");
        assertEquals(1, calls("enumeratesigners"));
        waitUntil(() -> shown("#create-signers") && !shown("#create-descriptors"));
        fire("#create-submit");
        waitText("#create-error", "No external signer device is listed: set the signer tool in Settings, connect the device, then List devices.");
        assertEquals(0, calls("createwallet"));
        // watch-only and external signer exclude each other
        interact(() -> ((javafx.scene.control.CheckBox) lookup("#create-watchonly").query()).setSelected(true));
        waitUntil(() -> !((javafx.scene.control.CheckBox) lookup("#create-external").query()).isSelected()
                && shown("#create-descriptors") && !shown("#create-signers"));
    }

    @Test
    void signingWithAnEncryptedWalletAsksItsPassphraseAndLocksAgain() throws Exception {
        String pass = "psbt-Pass-5521";
        waitReady();
        backend.client().rpc().call("createwallet", "enc", false, false, pass, false, true, true).get(30, TimeUnit.SECONDS);
        backend.node().generateToWallet("enc", 101);
        showPage("Wallet");
        interact(() -> page().viewModel().selectedProperty().set("enc"));
        waitUntil(() -> page().viewModel().infoProperty().get() != null && page().viewModel().infoProperty().get().encrypted());
        String psbt = backend.client().rpc().callWallet("enc", "walletcreatefundedpsbt", List.of(), List.of(Map.of(OUTSIDE, 1)), 0,
                Map.of("fee_rate", 2)).get(30, TimeUnit.SECONDS).path("psbt").asText();
        tab("PSBT");
        typeInto("#psbt-input", psbt);
        fire("#psbt-review");
        waitUntil(() -> review() != null);
        waitUntil(() -> shown("#psbt-passphrase"));
        // no passphrase: an inline message, no call
        fire("#psbt-sign");
        waitText("#psbt-error", "The wallet is encrypted: enter its passphrase to sign.");
        assertEquals(0, calls("walletprocesspsbt"));
        // a wrong one: the node's words, nothing signed
        typeInto("#psbt-passphrase", "wrong");
        fire("#psbt-sign");
        waitText("#psbt-error", "Error: The wallet passphrase entered was incorrect.");
        waitIdle();
        assertEquals(psbt, review().psbt());
        assertEquals("", WaitForAsyncUtils.asyncFx(() -> lookup("#psbt-passphrase").queryAs(TextField.class).getText()).get(), "field cleared");
        // the right one: signed, then locked again
        typeInto("#psbt-passphrase", pass);
        fire("#psbt-sign");
        waitUntil(() -> text("#psbt-notice").startsWith("Signed with wallet enc"));
        waitIdle();
        assertEquals("finalizer", review().analysis().next());
        assertTrue(calls("walletlock") >= 2, "locked after each signing attempt");
        assertEquals(0, backend.client().rpc().callWallet("enc", "getwalletinfo").get(30, TimeUnit.SECONDS).path("unlocked_until").asLong());
    }

    @Test
    void sendInAWatchOnlyWalletMakesAPsbtInsteadOfSending() throws Exception {
        waitReady();
        backend.client().rpc().call("createwallet", "watch", true, true, "", false, true, true).get(30, TimeUnit.SECONDS);
        backend.node().generateToWallet("watch", 101);
        showPage("Wallet");
        interact(() -> page().viewModel().selectedProperty().set("watch"));
        waitUntil(() -> page().viewModel().infoProperty().get() != null && "watch".equals(page().viewModel().infoProperty().get().name())
                && !page().viewModel().infoProperty().get().privateKeys());
        tab("Send");
        typeInto("#send-address", OUTSIDE);
        waitUntil(() -> text("#send-address-check").startsWith("Valid"));
        typeInto("#send-amount", "1");
        clickOn("#send-fee-custom");
        typeInto("#send-fee-rate", "3");
        clickOn("#send-review");
        try {
            waitUntil(() -> shown("#review-psbt"));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no review: " + text("#send-error") + " / " + page().sendModel().reviewErrorProperty().get(), e);
        }
        assertTrue(!shown("#review-send"), "a watch-only wallet cannot sign: no Send");
        assertTrue(!shown("#review-passphrase"));
        fire("#review-psbt");
        waitUntil(() -> review() != null);
        waitIdle();
        assertEquals("signer: 1 signature missing", text("#psbt-next"));
        assertTrue(!shown("#psbt-sign"), "nothing to sign with here: export it");
        assertEquals(0, calls("walletprocesspsbt"));
        assertTrue(backend.node().mempoolTxids().isEmpty());
        assertEquals(100_000_000, review().decoded().outputs().get(0).amountSat());
    }
}
