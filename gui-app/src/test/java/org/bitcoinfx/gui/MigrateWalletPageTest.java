package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.PasswordField;
import org.bitcoinfx.gui.wallet.WalletPage;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Migrating a legacy wallet from Open, against the fake node: the legacy wallet is offered for migration (not for
 * opening); without its passphrase the node's refusal shows in the form; with it the wallet is migrated, selected,
 * and the notice names the backup.
 */
class MigrateWalletPageTest extends AppTestBase {
    private WalletPage page() {
        return (WalletPage) app.mainWindow().pages().stream().filter(p -> p instanceof WalletPage).findFirst().orElseThrow();
    }

    private String label(String id) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> lookup(id).queryAs(Label.class).getText()).get();
    }

    @Test
    void migrateFromOpen() throws Exception {
        waitReady();
        backend.client().rpc().call("fakelegacywallet", "old", "legacy pass").get(10, TimeUnit.SECONDS);
        showPage("Wallet");
        interact(() -> page().viewModel().refreshAll());
        waitUntil(() -> page().viewModel().legacy().contains("old"));
        assertEquals(false, page().viewModel().unloaded().contains("old"), "not offered to Open");
        interact(() -> lookup("#wallet-open").queryAs(MenuButton.class).getItems().stream()
                .filter(i -> "wallet-migrate-old".equals(i.getId())).findFirst().orElseThrow().fire());
        waitUntil(() -> lookup("#wallet-migrate-form").tryQuery().isPresent());
        interact(() -> lookup("#migrate-submit").queryButton().fire());
        waitText("#migrate-error", "Error: Wallet decryption failed, the wallet passphrase was not provided or was incorrect.");
        interact(() -> lookup("#migrate-passphrase").queryAs(PasswordField.class).setText("legacy pass"));
        interact(() -> lookup("#migrate-submit").queryButton().fire());
        waitUntil(() -> "old".equals(page().viewModel().selectedProperty().get()));
        waitUntil(() -> label("#wallet-notice").startsWith("Migrated wallet old to a descriptor wallet. The legacy wallet's backup: "));
        // the notice comes first; the list follows when the refresh after the migration has the node's answer (the
        // stress round found this asserted at once, under load before that answer)
        waitUntil(() -> !page().viewModel().legacy().contains("old"));
    }
}
