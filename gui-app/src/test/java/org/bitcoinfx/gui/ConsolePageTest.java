package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.bitcoinfx.gui.console.ConsolePage;
import org.bitcoinfx.gui.wallet.WalletPage;
import org.junit.jupiter.api.Test;

/** Console: a command's result, an error shown as an error, history, completion, the wallet selector following the node. */
class ConsolePageTest extends AppTestBase {
    private long count(String styleClass) {
        return lookup("." + styleClass).queryAll().size();
    }

    private String lastText(String styleClass) {
        var all = lookup("." + styleClass).queryAll().stream().toList();
        return ((Label) all.get(all.size() - 1)).getText();
    }

    @Test
    void commandAndError() throws Exception {
        waitReady();
        showPage("Console");
        clickOn("#console-input").write("getblockcount").type(KeyCode.ENTER);
        waitUntil(() -> count("console-result") == 1);
        assertEquals("20", lastText("console-result"));
        assertEquals(0, count("console-error"));

        clickOn("#console-input").write("getblockhash 0").type(KeyCode.ENTER);
        waitUntil(() -> count("console-result") == 2);
        assertEquals(64, lastText("console-result").length(), "a hash, printed without quotes");

        clickOn("#console-input").write("nosuchcommand 1 2").type(KeyCode.ENTER);
        waitUntil(() -> count("console-error") == 1);
        assertEquals("Method not found (code -32601)", lastText("console-error"));

        // history: up brings back the last command
        clickOn("#console-input").type(KeyCode.UP);
        assertEquals("nosuchcommand 1 2", lookup("#console-input").queryAs(TextField.class).getText());
        type(KeyCode.UP);
        assertEquals("getblockhash 0", lookup("#console-input").queryAs(TextField.class).getText());
        type(KeyCode.DOWN, KeyCode.DOWN);
        assertEquals("", lookup("#console-input").queryAs(TextField.class).getText());

        // wallet calls go to the chosen wallet
        interact(() -> lookup("#console-wallet").queryComboBox().getSelectionModel().select("demo"));
        clickOn("#console-input").write("getbalance").type(KeyCode.ENTER);
        waitUntil(() -> count("console-result") == 3);
        assertEquals("1.50000000", lastText("console-result"), "amounts as the node sends them");
        assertEquals("demo/getbalance", backend.client().rpcCalls().stream().filter(m -> m.endsWith("getbalance")).findFirst().orElse(""));
        interact(() -> lookup("#console-wallet").queryComboBox().getSelectionModel().select(0));

        // completion from help
        waitUntil(() -> !((org.bitcoinfx.gui.console.ConsolePage) app.mainWindow().currentPage()).knownCommands().isEmpty());
        clickOn("#console-input").write("getblockch").type(KeyCode.TAB);
        assertEquals("getblockchaininfo ", lookup("#console-input").queryAs(TextField.class).getText());
    }

    @SuppressWarnings("unchecked")
    private ComboBox<String> walletBox() {
        return lookup("#console-wallet").queryAs(ComboBox.class);
    }

    private boolean walletShown(String name) {
        return name.equals(walletBox().getValue());
    }

    private WalletPage walletPage() {
        return (WalletPage) app.mainWindow().pages().stream().filter(p -> p instanceof WalletPage).findFirst().orElseThrow();
    }

    @Test
    void walletSelectorFollowsLoadedWallets() throws Exception {
        waitReady();
        showPage("Console");
        // the only loaded wallet is the default for wallet calls, as in Bitcoin Core's console
        waitUntil(() -> walletShown("demo"));

        clickOn("#console-input").write("createwallet alice").type(KeyCode.ENTER);
        waitUntil(() -> walletShown("alice"));
        assertEquals(java.util.List.of(ConsolePage.NO_WALLET, "demo", "alice"), java.util.List.copyOf(walletBox().getItems()));
        // the Wallet page follows what the console did
        waitUntil(() -> walletPage().viewModel().wallets().stream().anyMatch(w -> w.name().equals("alice")));

        clickOn("#console-input").write("unloadwallet alice").type(KeyCode.ENTER);
        waitUntil(() -> walletShown("demo") && !walletBox().getItems().contains("alice"));

        // the user's "(no wallet)" stays when the Wallet page opens a wallet
        interact(() -> walletBox().getSelectionModel().select(ConsolePage.NO_WALLET));
        interact(() -> walletPage().viewModel().open("alice"));
        waitUntil(() -> walletBox().getItems().contains("alice"));
        assertTrue(walletShown(ConsolePage.NO_WALLET));

        // the user's pick stays while loaded; closed on the Wallet page, the selector moves to a loaded one
        interact(() -> walletBox().getSelectionModel().select("alice"));
        interact(() -> walletPage().viewModel().selectedProperty().set("alice"));
        interact(() -> walletPage().viewModel().closeSelected());
        waitUntil(() -> !walletBox().getItems().contains("alice"));
        assertTrue(walletShown("demo"), "shown: " + walletBox().getValue());
        assertFalse(walletBox().getItems().contains("alice"));
    }
}
