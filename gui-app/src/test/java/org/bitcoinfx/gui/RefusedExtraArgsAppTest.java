package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bitcoinfx.gui.settings.Settings;
import org.bitcoinfx.node.NodeState;
import org.junit.jupiter.api.Test;

/**
 * A settings file edited by hand with extra node arguments Bitcoin FX refuses, a secret among them:
 * the app opens, launches nothing, names the refused option in the problem banner, and no log holds
 * the secret (see also {@link BadExtraArgsAppTest}).
 */
class RefusedExtraArgsAppTest extends AppTestBase {
    @Override
    void customize(Settings s) {
        s.extraArgsProperty().set("-server=1 -rpcpassword=rpcsecret3");
    }

    @Test
    void theBannerNamesTheRefusedOptionAndNoLogHoldsTheSecret() throws Exception {
        waitUntil(() -> app.context().session().statusProperty().get().state() == NodeState.ERROR);
        waitUntil(() -> lookup("#problem-banner").query().isVisible());
        String m = text("#problem-message");
        assertTrue(m.startsWith("Cannot start bitcoin-node: Extra node arguments: extra argument '-server=1' is not allowed"), m);
        assertEquals(0, backend.starts(), "nothing launched");
        assertTrue(!String.join("\n", backend.recentLog(500)).contains("rpcsecret3") && !m.contains("rpcsecret3"));
    }
}
