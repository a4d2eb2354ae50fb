package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.bitcoinfx.gui.fake.FakeNodeConnection;
import org.bitcoinfx.gui.status.StatusPage;
import org.bitcoinfx.gui.util.Units;
import org.bitcoinfx.gui.wallet.WalletPage;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Pages build their view on the first {@code view()}: a page first shown only after the node became
 * ready and a block was mined shows the current figures at once (its view-model kept receiving data
 * while the view did not exist), not blanks or the defaults.
 */
class LazyPagesTest extends AppTestBase {
    /** 20 blocks at start, then 101 mined to the demo wallet. */
    private static final int TIP = 121;

    @SuppressWarnings("unchecked")
    private <P> P page(Class<P> type) {
        return (P) app.mainWindow().pages().stream().filter(type::isInstance).findFirst().orElseThrow();
    }

    private String label(javafx.scene.Node root, String id) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> from(root).lookup(id).queryAs(Label.class).getText()).get();
    }

    @Test
    void pagesFirstShownAfterANewBlockShowCurrentValues() throws Exception {
        waitReady();
        backend.node().generateToWallet(FakeNodeConnection.DEMO_WALLET, 101);
        long trusted = FakeNodeConnection.DEMO_FUNDING_SAT + 50 * Units.COIN;
        WalletPage wallet = page(WalletPage.class);
        // the wallet's view-model follows the tip while its view does not exist
        waitUntil(() -> wallet.viewModel().balancesProperty().get().known()
                && wallet.viewModel().balancesProperty().get().trustedSat() == trusted);

        // Status: a page made now, its view built once its view-model has the new tip
        StatusPage status = WaitForAsyncUtils.asyncFx(() -> new StatusPage(app.context())).get();
        try {
            waitUntil(() -> status.viewModel().blocksProperty().get() == TIP && !status.viewModel().tipHashProperty().get().isEmpty()
                    && status.viewModel().peersProperty().get() >= 0 && !status.viewModel().subversionProperty().get().isEmpty());
            Stage stage = WaitForAsyncUtils.asyncFx(() -> {
                Stage s = new Stage();
                s.setScene(new Scene((Parent) status.view(), 900, 700));
                s.show();
                return s;
            }).get();
            try {
                Parent root = stage.getScene().getRoot();
                assertEquals(Units.number(TIP), label(root, "#tip-height"));
                assertEquals(Units.shortHash(backend.node().state().chain().tip().hashHex()), label(root, "#tip-hash"));
                assertFalse(label(root, "#tip-age").isEmpty(), "tip age");
                assertEquals(String.valueOf(FakeNodeConnection.PEERS), label(root, "#peer-count"));
                assertFalse(label(root, "#node-info").isEmpty(), "node version, chain and uptime");
                assertEquals("Synced", label(root, "#sync-state"));
            } finally {
                interact(stage::close);
            }
        } finally {
            interact(status::dispose);
        }

        // Wallet: first shown now, with the balance and the selected wallet it already knew
        showPage("Wallet");
        assertEquals(Units.btc(trusted), text("#bal-trusted"));
        assertEquals(FakeNodeConnection.DEMO_WALLET,
                WaitForAsyncUtils.asyncFx(() -> lookup("#wallet-selector").queryAs(ComboBox.class).getValue()).get());

        // Mining: first shown now; its template is for the block after the new tip
        showPage("Mining");
        waitText("#mining-height", Units.number(TIP + 1));
        assertEquals(backend.node().state().chain().tip().hashHex(), text("#hdr-prev"));
    }
}
