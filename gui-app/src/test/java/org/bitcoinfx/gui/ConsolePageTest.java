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
import org.testfx.util.WaitForAsyncUtils;

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
        // typed: a whole method name ("getbalance", though "getbalances" matches too) runs on Enter
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

    /** A reply cut short, or malformed, is an error entry in clear words; the console, its history and output go on. */
    @Test
    void aTruncatedOrMalformedReplyIsAClearErrorAndLosesNothing() throws Exception {
        waitReady();
        showPage("Console");
        clickOn("#console-input").write("getblockcount").type(KeyCode.ENTER);
        waitUntil(() -> count("console-result") == 1);

        String hash = backend.client().rpc().call("getblockhash", 1).get(60, java.util.concurrent.TimeUnit.SECONDS).asText();
        backend.client().breakReplies("getblock", reply -> reply.substring(0, reply.length() / 2));
        backend.client().breakReplies("getblockheader", reply -> reply.replaceFirst(",", "}"));
        clickOn("#console-input").write("getblock " + hash + " 2").type(KeyCode.ENTER);
        waitUntil(() -> count("console-error") == 1);
        String truncated = lastText("console-error");
        assertTrue(truncated.startsWith("the node's reply is not JSON: Unexpected end-of-input"), truncated);
        clickOn("#console-input").write("getblockheader " + hash).type(KeyCode.ENTER);
        waitUntil(() -> count("console-error") == 2);
        String malformed = lastText("console-error");
        assertTrue(malformed.startsWith("the node's reply is not JSON: "), malformed);

        // nothing lost: the first answer still there, the history has both, the next command answers
        assertEquals("20", ((Label) lookup(".console-result").queryAll().iterator().next()).getText());
        clickOn("#console-input").type(KeyCode.UP);
        assertTrue(lookup("#console-input").queryAs(TextField.class).getText().startsWith("getblockheader "));
        type(KeyCode.UP);
        assertTrue(lookup("#console-input").queryAs(TextField.class).getText().startsWith("getblock "));
        type(KeyCode.DOWN, KeyCode.DOWN);
        clickOn("#console-input").write("getblockcount").type(KeyCode.ENTER);
        waitUntil(() -> count("console-result") == 2);
        assertEquals("20", lastText("console-result"));
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
        assertEquals(java.util.List.of(org.bitcoinfx.gui.console.ConsoleViewModel.NO_WALLET, "demo", "alice"), java.util.List.copyOf(walletBox().getItems()));
        // the Wallet page follows what the console did
        waitUntil(() -> walletPage().viewModel().wallets().stream().anyMatch(w -> w.name().equals("alice")));

        clickOn("#console-input").write("unloadwallet alice").type(KeyCode.ENTER);
        waitUntil(() -> walletShown("demo") && !walletBox().getItems().contains("alice"));

        // the user's "(no wallet)" stays when the Wallet page opens a wallet
        interact(() -> walletBox().getSelectionModel().select(org.bitcoinfx.gui.console.ConsoleViewModel.NO_WALLET));
        interact(() -> walletPage().viewModel().open("alice"));
        waitUntil(() -> walletBox().getItems().contains("alice"));
        assertTrue(walletShown(org.bitcoinfx.gui.console.ConsoleViewModel.NO_WALLET));

        // the user's pick stays while loaded; closed on the Wallet page, the selector moves to a loaded one
        interact(() -> walletBox().getSelectionModel().select("alice"));
        interact(() -> walletPage().viewModel().selectedProperty().set("alice"));
        interact(() -> walletPage().viewModel().closeSelected());
        waitUntil(() -> !walletBox().getItems().contains("alice"));
        assertTrue(walletShown("demo"), "shown: " + walletBox().getValue());
        assertFalse(walletBox().getItems().contains("alice"));
    }

    /** True if every pixel of {@code img} inside {@code r} (shrunk by 2 px, clipped to the image) has one colour. */
    private static boolean uniform(java.awt.image.BufferedImage img, javafx.geometry.Bounds r) {
        int x0 = Math.max(0, (int) Math.ceil(r.getMinX()) + 2);
        int y0 = Math.max(0, (int) Math.ceil(r.getMinY()) + 2);
        int x1 = Math.min(img.getWidth(), (int) Math.floor(r.getMaxX()) - 2);
        int y1 = Math.min(img.getHeight(), (int) Math.floor(r.getMaxY()) - 2);
        assertTrue(x1 > x0 && y1 > y0, "the region is in the picture: " + r);
        int c = img.getRGB(x0, y0);
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                if (img.getRGB(x, y) != c) {
                    return false;
                }
            }
        }
        return true;
    }

    @Test
    @SuppressWarnings("unchecked")
    void privateKeysStayOutOfTheFeedbackBundle() throws Exception {
        waitReady();
        showPage("Console");
        waitUntil(() -> walletShown("demo"));
        Label result = consoleEntry("listdescriptors true", WAIT);
        assertTrue(result.getText().contains("tprv"), "the console shows the private descriptor, as Bitcoin Core's does");
        assertTrue(result.getStyleClass().contains(org.bitcoinfx.gui.feedback.FeedbackBundle.SECRET_STYLE), result.getStyleClass().toString());
        Label open = consoleEntry("listdescriptors", WAIT);
        assertFalse(open.getStyleClass().contains(org.bitcoinfx.gui.feedback.FeedbackBundle.SECRET_STYLE), "public descriptors are no secret");
        Label info = consoleEntry("getdescriptorinfo \"wpkh(" + org.bitcoinfx.node.fake.FakeWalletPlugin.TPRV + "/0/*)\"", WAIT);
        assertTrue(lookup(".console-command").queryAll().stream().anyMatch(n -> ((Label) n).getText().endsWith("getdescriptorinfo (…)")),
                "a command line with a private key is redacted on screen and in history");
        assertTrue(info.getStyleClass().contains("console-error") || info.getStyleClass().contains("console-result"));
        // scroll the secret result into view; the bundle's window.png leaves it blank, a plain picture does not
        interact(() -> ((javafx.scene.control.ScrollPane) lookup(".console-scroll").query()).setVvalue(0));
        WaitForAsyncUtils.waitForFxEvents();
        var both = WaitForAsyncUtils.asyncFx(() -> {
            var plain = javafx.embed.swing.SwingFXUtils.fromFXImage(app.root().snapshot(null, null), null);
            java.util.Map<String, byte[]> files = org.bitcoinfx.gui.feedback.FeedbackBundle.gather(app.context(), app.ipcLog(), app.root());
            javafx.geometry.Bounds shown = result.localToScene(result.getBoundsInLocal());
            javafx.scene.Node viewport = lookup(".console-scroll .viewport").query();
            javafx.geometry.Bounds view = viewport.localToScene(viewport.getBoundsInLocal());
            javafx.geometry.Bounds r = new javafx.geometry.BoundingBox(Math.max(shown.getMinX(), view.getMinX()), Math.max(shown.getMinY(), view.getMinY()),
                    Math.min(shown.getMaxX(), view.getMaxX()) - Math.max(shown.getMinX(), view.getMinX()),
                    Math.min(shown.getMaxY(), view.getMaxY()) - Math.max(shown.getMinY(), view.getMinY()));
            return new Object[] {plain, files, r, result.isVisible()};
        }).get();
        java.util.Map<String, byte[]> files = (java.util.Map<String, byte[]>) both[1];
        javafx.geometry.Bounds r = (javafx.geometry.Bounds) both[2];
        assertTrue((Boolean) both[3], "the result is shown again after the picture");
        assertFalse(uniform((java.awt.image.BufferedImage) both[0], r), "a plain picture shows the private descriptor");
        var png = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(files.get("window.png")));
        assertTrue(uniform(png, r), "window.png leaves the private descriptor blank");
        for (var f : files.entrySet()) {
            assertFalse(new String(f.getValue(), java.nio.charset.StandardCharsets.ISO_8859_1).contains(org.bitcoinfx.node.fake.FakeWalletPlugin.TPRV),
                    f.getKey());
        }
    }
}
