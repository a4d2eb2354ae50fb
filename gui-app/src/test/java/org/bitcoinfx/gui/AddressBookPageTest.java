package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import org.bitcoinfx.gui.wallet.AddressBookEntry;
import org.bitcoinfx.gui.wallet.AddressBookViewModel;
import org.bitcoinfx.gui.wallet.WalletPage;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Wallet page's Addresses tab against the fake node: a contact with a malformed address or no name is refused
 * (no {@code setlabel}); a contact added shows, is picked in Send's Contacts menu, and relabelled in the table; the
 * labels exported as BIP 329 lines; a file with a bad line, or with an address of another network, changes
 * nothing; a good file labels an address in the node and a transaction in the app's store.
 */
class AddressBookPageTest extends AppTestBase {
    private static final String TXID = "f91d0a8a78462bc59398f2c5d7a84fcff491c26ba54c4833478b202796c8aafd";

    private WalletPage page() {
        return (WalletPage) app.mainWindow().pages().stream().filter(p -> p instanceof WalletPage).findFirst().orElseThrow();
    }

    private AddressBookViewModel book() {
        return page().addressBook();
    }

    private long calls(String method) {
        return backend.client().rpcCalls().stream().filter(m -> m.equals(method) || m.endsWith("/" + method)).count();
    }

    private void typeInto(String id, String text) {
        interact(() -> lookup(id).queryAs(TextField.class).setText(text));
    }

    private String label(String id) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> lookup(id).queryAs(Label.class).getText()).get();
    }

    private List<AddressBookEntry> shown() throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            @SuppressWarnings("unchecked")
            TableView<AddressBookEntry> t = lookup("#book-table").queryAs(TableView.class);
            return List.copyOf(t.getItems());
        }).get();
    }

    /** Waits for the app, then shows the Wallet page's Addresses tab with wallet "demo" selected. */
    private void showDemosAddresses() throws Exception {
        waitReady();
        showPage("Wallet");
        waitUntil(() -> "demo".equals(page().viewModel().selectedProperty().get()));
        interact(() -> page().showTab("Addresses"));
    }

    /**
     * A read of the book asked before a new address was labelled and answered after the read asked since must not
     * undo it: a stress round found the book empty for good after its own refresh (the Addresses tab's first read came
     * back last). Here the older read's {@code listlabels} answer is held to put them in that order every time.
     */
    @Test
    void anOlderReadOfTheBookDoesNotUndoANewerOne() throws Exception {
        showDemosAddresses();
        var client = backend.client();
        client.holdRpc("listlabels");
        long asked = client.rpcCount("listlabels");
        @SuppressWarnings("unchecked")
        java.util.concurrent.CompletableFuture<Void>[] older = new java.util.concurrent.CompletableFuture[1];
        interact(() -> older[0] = book().refresh()); // before the new address: held
        waitUntil(() -> client.rpcCount("listlabels") > asked && client.answered("listlabels") == client.rpcCount("listlabels"));
        java.util.concurrent.CompletableFuture<Void> olderAnswer = client.stopHoldingNewRpc("listlabels");

        String own = client.rpc().callWallet("demo", "getnewaddress", "Savings", "bech32").get(WAIT, TimeUnit.SECONDS).asText();
        interact(() -> book().refresh());
        List<AddressBookEntry> expected = List.of(new AddressBookEntry(own, "Savings", "receive"));
        waitUntil(() -> shown().equals(expected));

        olderAnswer.complete(null); // the older read ends now
        older[0].get(30, TimeUnit.SECONDS); // on the JavaFX thread, after its answer was applied or dropped
        assertEquals(expected, shown(), "the newer read stays");
    }

    @Test
    void contactsRelabelExportImport() throws Exception {
        showDemosAddresses();
        String own = backend.client().rpc().callWallet("demo", "getnewaddress", "Savings", "bech32").get(WAIT, TimeUnit.SECONDS).asText();
        interact(() -> book().refresh());
        waitUntil(() -> shown().equals(List.of(new AddressBookEntry(own, "Savings", "receive"))));

        // refused before setlabel: no name; a malformed address (the node's validateaddress words)
        backend.client().rpc().call("createwallet", "other").get(WAIT, TimeUnit.SECONDS);
        String theirs = backend.client().rpc().callWallet("other", "getnewaddress", "", "bech32m").get(WAIT, TimeUnit.SECONDS).asText();
        typeInto("#book-new-address", theirs);
        interact(() -> lookup("#book-add").queryButton().fire());
        waitText("#book-error", "Give the contact a name: it is the address's label.");
        typeInto("#book-new-address", "bcrt1qnotanaddress");
        typeInto("#book-new-label", "Bob");
        interact(() -> lookup("#book-add").queryButton().fire());
        waitUntil(() -> label("#book-error").startsWith("Not an address of this network: "));
        assertEquals(0, calls("setlabel"));
        typeInto("#book-new-address", theirs);
        interact(() -> lookup("#book-add").queryButton().fire());
        waitUntil(() -> shown().contains(new AddressBookEntry(theirs, "Bob", "send")));
        assertEquals("", label("#book-error"));

        // picked in Send
        interact(() -> page().showTab("Send"));
        interact(() -> {
            MenuButton m = lookup("#send-contacts").queryAs(MenuButton.class);
            m.getOnShowing().handle(null);
        });
        waitUntil(() -> lookup("#send-contacts").queryAs(MenuButton.class).getItems().stream().anyMatch(i -> ("send-contact-" + theirs).equals(i.getId())));
        interact(() -> lookup("#send-contacts").queryAs(MenuButton.class).getItems().stream()
                .filter(i -> ("send-contact-" + theirs).equals(i.getId())).findFirst().orElseThrow().fire());
        assertEquals(theirs, WaitForAsyncUtils.asyncFx(() -> page().sendModel().addressProperty().get()).get());
        assertEquals("Bob", WaitForAsyncUtils.asyncFx(() -> page().sendModel().labelProperty().get()).get());

        // relabelled in the table (the edit commit of the Label column)
        interact(() -> page().showTab("Addresses"));
        interact(() -> book().relabel(theirs, "Bob's shop"));
        waitUntil(() -> shown().contains(new AddressBookEntry(theirs, "Bob's shop", "send")));

        // export
        Path file = tmp.resolve("labels.jsonl");
        interact(() -> book().exportTo(file));
        waitUntil(() -> label("#book-notice").startsWith("Exported 2 labels of wallet demo to "));
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.contains("{\"type\":\"addr\",\"ref\":\"" + theirs + "\",\"label\":\"Bob's shop\"}"), lines.toString());

        // a bad line, or an address of another network: nothing changes
        long before = calls("setlabel");
        Path bad = Files.writeString(tmp.resolve("bad.jsonl"), "{\"type\":\"addr\",\"ref\":\"" + own + "\",\"label\":\"Changed\"}\n{oops\n");
        interact(() -> book().importFrom(bad));
        waitUntil(() -> label("#book-error").startsWith("Nothing was imported: line 2: not JSON"));
        Path mainnet = Files.writeString(tmp.resolve("mainnet.jsonl"), "{\"type\":\"addr\",\"ref\":\"" + own + "\",\"label\":\"Changed\"}\n"
                + "{\"type\":\"addr\",\"ref\":\"bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq\",\"label\":\"Mainnet\"}\n");
        interact(() -> book().importFrom(mainnet));
        waitUntil(() -> label("#book-error").startsWith("Nothing was imported: the address bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq is not one of this network"));
        assertEquals(before, calls("setlabel"), "no label was written");
        assertTrue(shown().contains(new AddressBookEntry(own, "Savings", "receive")));

        // a good file: an address label in the node, a transaction label in the app's store, an xpub skipped
        Path good = Files.writeString(tmp.resolve("good.jsonl"), "{\"type\":\"addr\",\"ref\":\"" + own + "\",\"label\":\"Rainy day\"}\n"
                + "{\"type\":\"tx\",\"ref\":\"" + TXID + "\",\"label\":\"rent\"}\n"
                + "{\"type\":\"xpub\",\"ref\":\"tpubD6NzVbkrYhZ4\",\"label\":\"cold\"}\n");
        interact(() -> book().importFrom(good));
        waitText("#book-notice", "Imported 1 address labels, 1 transaction labels and 0 output labels into wallet demo; skipped 1 of types Bitcoin FX does not use.");
        waitUntil(() -> shown().contains(new AddressBookEntry(own, "Rainy day", "receive")));
        String store = Files.readString(settingsFile.resolveSibling("tx-labels.json"));
        assertTrue(store.contains("\"" + TXID + "\" : \"rent\""), store);
    }
}
