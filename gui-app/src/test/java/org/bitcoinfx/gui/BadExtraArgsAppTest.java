package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.control.DialogPane;
import javafx.scene.control.TextField;
import org.bitcoinfx.gui.settings.Settings;
import org.bitcoinfx.node.NodeState;
import org.junit.jupiter.api.Test;

/**
 * A settings file edited by hand with extra node arguments the node cannot be started with: an
 * unbalanced quote (the app used to fail in {@code Application.start}), or an option Bitcoin FX
 * refuses (a secret one too). The app opens, launches nothing, shows why in the problem banner with
 * secrets redacted, and starts the node once the arguments are fixed on the Settings page.
 */
class BadExtraArgsAppTest extends AppTestBase {
    @Override
    void customize(Settings s) {
        s.extraArgsProperty().set("-uacomment='my node");
    }

    @Test
    void theAppOpensSaysWhyAndStartsOnceTheArgumentsAreFixed() throws Exception {
        waitUntil(() -> lookup("#settings-load-warning").tryQuery().map(n -> n.isVisible()).orElse(false));
        interact(() -> ((DialogPane) lookup("#settings-load-warning").query()).getScene().getWindow().hide());
        waitUntil(() -> app.context().session().statusProperty().get().state() == NodeState.ERROR);
        waitUntil(() -> lookup("#problem-banner").query().isVisible());
        assertTrue(text("#problem-message").startsWith("Cannot start bitcoin-node: Extra node arguments: unbalanced ' quote at column 12"),
                text("#problem-message"));
        assertEquals(0, backend.starts(), "nothing launched");

        showPage("Settings");
        interact(() -> lookup("#settings-extra-args").queryAs(TextField.class).setText("-uacomment='my node'"));
        clickOn("#settings-save");
        waitUntil(() -> backend.starts() == 1);
        waitReady();
        assertTrue(backend.lastSettings().toArgs().contains("-uacomment=my node"), backend.lastSettings().toArgs().toString());
    }
}
