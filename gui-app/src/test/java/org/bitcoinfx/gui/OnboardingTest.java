package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import org.bitcoinfx.gui.settings.Settings;
import org.bitcoinfx.gui.settings.SettingsStore;
import org.bitcoinfx.node.Chain;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/** First run: onboarding, then the Status page with the node running. */
class OnboardingTest extends AppTestBase {
    @Override
    boolean onboarded() {
        return false;
    }

    /**
     * The texts of the onboarding card's labels, buttons and choices that show their text cut short (an ellipsis in
     * place of words), after a CSS and layout pass made in the same JavaFX event.
     */
    private List<String> cutShort() throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            Parent root = lookup("#onboarding").queryAs(Parent.class);
            root.getScene().getRoot().applyCss();
            root.getScene().getRoot().layout();
            List<String> cut = new ArrayList<>();
            collectCutShort(root, cut);
            return cut;
        }).get(30, TimeUnit.SECONDS);
    }

    private static void collectCutShort(Node n, List<String> cut) {
        if (!n.isVisible()) {
            return;
        }
        if (n instanceof Labeled l && !l.isWrapText() && l.getText() != null && !l.getText().isEmpty()) {
            String shown = shownText(l);
            if (shown != null && !shown.equals(l.getText())) {
                cut.add(l.getText() + " shown as " + shown);
            }
        }
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                collectCutShort(c, cut);
            }
        }
    }

    @Test
    void onboardingToStatus() throws Exception {
        assertTrue(lookup("#onboarding").tryQuery().isPresent(), "onboarding shown on first run");
        assertTrue(text("#experimental-notice").contains("do not use it with funds you cannot lose on mainnet"));
        assertEquals(0, backend.starts(), "the node does not start before onboarding is done");

        clickOn("#onboarding-next");          // welcome → chain
        clickOn("#chain-regtest");
        clickOn("#onboarding-next");          // chain → storage
        assertFalse(lookup("#storage-pruned").queryAs(javafx.scene.control.RadioButton.class).isSelected(),
                "regtest defaults to a full node");
        waitUntil(() -> text("#space-check").contains("free"));
        assertEquals(List.of(), cutShort(), "every word of the storage step is shown at the window's size");
        clickOn("#onboarding-next");          // storage → snapshot
        assertEquals("No snapshot: the node verifies the chain from its first block.", text("#onboarding-snapshot-file"));
        assertTrue(lookup("#onboarding-snapshot-choose").tryQuery().isPresent(), "a snapshot file can be chosen");
        clickOn("#onboarding-next");          // snapshot → node
        waitUntil(() -> text("#node-binary").startsWith("✓ Found"));
        clickOn("#onboarding-finish");

        waitUntil(() -> lookup("#status-page").tryQuery().isPresent());
        waitText("#sync-state", "Synced");
        waitText("#tip-height", "20");
        assertEquals("REGTEST", text("#chain-badge"));
        assertEquals(Chain.REGTEST, backend.lastSettings().chain());

        waitUntil(() -> new SettingsStore(settingsFile).load().onboardedProperty().get());
        Settings saved = new SettingsStore(settingsFile).load();
        assertTrue(saved.onboardedProperty().get());
        assertEquals(Chain.REGTEST, saved.chainProperty().get());
    }

    @Test
    void aSnapshotChosenInOnboardingWaitsForTheNodesHeaders() throws Exception {
        java.nio.file.Path file = tmp.resolve("utxo-200.dat");
        // the header of the regtest snapshot at height 200 (what dumptxoutset writes), then a few coins' bytes
        java.nio.file.Files.write(file, java.util.HexFormat.of().parseHex("7574786fff0200fabfb5dab9f6dcb1f98438447203fe7cdede64e4a9b81fd06500d0bbf6df69bdcc015938c800000000000000" + "00112233"));
        clickOn("#onboarding-next");          // welcome → chain
        clickOn("#chain-regtest");
        clickOn("#onboarding-next");          // chain → storage
        clickOn("#onboarding-next");          // storage → snapshot
        interact(() -> lookup("#onboarding").queryAs(org.bitcoinfx.gui.onboarding.OnboardingView.class).chooseSnapshot(file));
        waitUntil(() -> text("#onboarding-snapshot-file").equals("✓ utxo-200.dat: the coins at block 385901ccbd69dff6…dcf6b9, 200 coins, "
                + "made on regtest. It loads once the headers reach that block."));
        clickOn("#onboarding-next");          // snapshot → node
        waitUntil(() -> text("#node-binary").startsWith("✓ Found"));
        clickOn("#onboarding-finish");

        var snap = app.context().snapshots();
        waitUntil(() -> snap.stateProperty().get() == org.bitcoinfx.gui.snapshot.SnapshotViewModel.State.WAITING_FOR_HEADERS
                && file.equals(snap.fileProperty().get()));
        // the fake chain has no such block: it waits, saying for what
        waitUntil(() -> snap.messageProperty().get().equals(
                "Waiting for the block headers to reach the snapshot's block 385901ccbd69dff6…dcf6b9; it loads then."));
        showPage("Settings");
        waitText("#snapshot-message", "Waiting for the block headers to reach the snapshot's block 385901ccbd69dff6…dcf6b9; it loads then.");
        assertTrue(lookup("#load-snapshot").query().isDisabled(), "no second load while one waits");
        clickOn("#snapshot-cancel-wait");
        waitUntil(() -> snap.stateProperty().get() == org.bitcoinfx.gui.snapshot.SnapshotViewModel.State.NONE);
        assertFalse(lookup("#load-snapshot").query().isDisabled());
    }
}
