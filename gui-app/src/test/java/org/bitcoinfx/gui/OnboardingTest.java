package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bitcoinfx.gui.settings.Settings;
import org.bitcoinfx.gui.settings.SettingsStore;
import org.bitcoinfx.node.Chain;
import org.junit.jupiter.api.Test;

/** First run: onboarding, then the Status page with the node running. */
class OnboardingTest extends AppTestBase {
    @Override
    boolean onboarded() {
        return false;
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
}
