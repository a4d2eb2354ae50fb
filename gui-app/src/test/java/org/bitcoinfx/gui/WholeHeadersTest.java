package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.skin.TableColumnHeader;
import org.bitcoinfx.gui.shell.Page;
import org.bitcoinfx.gui.wallet.WalletPage;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * At the window's default size, every table's column headers on every page and tab read whole: the constrained resize
 * policy shrank them to "Receiv…", "Sig…", "Durat…" and "Re…" before {@code Tables.wholeHeaders}; and the Node log page
 * shows the node's path and version (in the filters' row it showed "…f860f)").
 */
class WholeHeadersTest extends AppTestBase {
    /** What a scan found: headers checked, and those cut short ("page: Header shown as Head…"). */
    private record Scan(int checked, List<String> cut) {
    }

    /**
     * Scans the window in two JavaFX events: the first makes the CSS pass that makes the shown tables' skins (each
     * then queues its header fitting), the second, queued after those, lays the scene out and reads the headers.
     */
    private Scan scan(String where) throws Exception {
        interact(() -> app.mainWindow().getScene().getRoot().applyCss());
        return WaitForAsyncUtils.asyncFx(() -> {
            Parent root = app.mainWindow().getScene().getRoot();
            root.applyCss();
            root.layout();
            List<String> cut = new ArrayList<>();
            int[] checked = {0};
            for (Node n : root.lookupAll(".column-header")) {
                if (n instanceof TableColumnHeader h && h.getTableColumn() != null && visible(h) && h.lookup(".label") instanceof Label l) {
                    checked[0]++;
                    String shown = shownText(l);
                    if (shown != null && !shown.equals(l.getText())) {
                        cut.add(where + ": " + l.getText() + " shown as " + shown);
                    }
                }
            }
            return new Scan(checked[0], cut);
        }).get(30, TimeUnit.SECONDS);
    }

    private static boolean visible(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return n.getScene() != null;
    }

    @Test
    void everyColumnHeaderReadsWholeAtTheDefaultSize() throws Exception {
        waitReady();
        WalletPage wallet = (WalletPage) app.mainWindow().pages().stream().filter(p -> p instanceof WalletPage).findFirst().orElseThrow();
        List<String> cut = new ArrayList<>();
        int checked = 0;
        int tables = 0;
        for (Page page : app.mainWindow().pages()) {
            showPage(page.title());
            if (page == wallet) {
                // the wallet's tabs are shown once a wallet is selected
                waitUntil(() -> "demo".equals(wallet.viewModel().selectedProperty().get()));
            }
            Scan s = scan(page.title());
            checked += s.checked();
            cut.addAll(s.cut());
            List<TabPane> panes = new ArrayList<>();
            interact(() -> app.mainWindow().getScene().getRoot().lookupAll(".tab-pane").forEach(n -> {
                if (n instanceof TabPane tp && visible(tp)) {
                    panes.add(tp);
                }
            }));
            for (TabPane tp : panes) {
                for (int i = 0; i < tp.getTabs().size(); i++) {
                    int k = i;
                    interact(() -> tp.getSelectionModel().select(k));
                    Scan t = scan(page.title() + " > " + tp.getTabs().get(k).getText());
                    checked += t.checked();
                    cut.addAll(t.cut());
                }
            }
        }
        assertEquals(List.of(), cut, "column headers cut short at the default window size");
        // Blocks, Mining, Mempool, Peers, the IPC inspector's calls and node lines, Activity, Coins, Receive's history, Addresses…
        assertTrue(checked >= 40, "the scan reached the tables: " + checked + " headers checked");
    }

    @Test
    void theNodeLogShowsTheNodesPathWhole() throws Exception {
        waitReady();
        showPage("Node log");
        waitUntil(() -> text("#log-node-path").contains("bitcoin-node"));
        String[] shown = new String[2];
        interact(() -> {
            Label l = lookup("#log-node-path").queryAs(Label.class);
            l.getScene().getRoot().layout();
            shown[0] = l.getText();
            shown[1] = shownText(l);
        });
        assertEquals(shown[0], shown[1], "the node's path and version, whole");
    }
}
