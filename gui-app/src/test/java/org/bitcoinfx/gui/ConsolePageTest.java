package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;

/** Console: a command's result, an error shown as an error, history, completion. */
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
}
