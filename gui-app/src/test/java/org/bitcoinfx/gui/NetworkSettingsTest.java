package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.TextField;
import org.bitcoinfx.gui.settings.SettingsStore;
import org.junit.jupiter.api.Test;

/**
 * The Settings page's connection options on FakeNode: a bad value refused in the form with the reason (Save disabled,
 * nothing saved), a good change asks before restarting (Cancel keeps the node and the saved settings), OK saves and
 * restarts the node cleanly with the new arguments.
 */
class NetworkSettingsTest extends AppTestBase {
    @Test
    void badValuesAreRefusedInTheFormAndAChangeAsksBeforeTheRestart() throws Exception {
        waitReady();
        showPage("Settings");
        @SuppressWarnings("unchecked")
        javafx.scene.control.TableView<org.bitcoinfx.gui.settings.NetworkReachability> reach =
                lookup("#settings-reachability").queryAs(javafx.scene.control.TableView.class);
        waitUntil(() -> reach.getItems().size() == 5);
        assertEquals(java.util.List.of("ipv4", "ipv6", "onion", "i2p", "cjdns"),
                rows(reach).stream().map(org.bitcoinfx.gui.settings.NetworkReachability::name).toList());
        assertTrue(rows(reach).get(0).reachable() && !rows(reach).get(2).reachable());
        interact(() -> lookup("#settings-dbcache").queryAs(TextField.class).setText("2"));
        waitText("#settings-network-error", "-dbcache=2 is below Bitcoin Core's minimum of 4 MiB");
        assertTrue(lookup("#settings-save").queryAs(Button.class).isDisabled());
        interact(() -> lookup("#settings-dbcache").queryAs(TextField.class).setText("450"));
        interact(() -> lookup("#settings-port").queryAs(TextField.class).setText("70000"));
        waitText("#settings-network-error", "-port=70000 is not a port: use 1 to 65535");
        interact(() -> lookup("#settings-port").queryAs(TextField.class).setText(""));
        interact(() -> lookup("#settings-proxy").queryAs(TextField.class).setText("127.0.0.1:9050:1"));
        waitText("#settings-network-error", "-proxy=127.0.0.1:9050:1 is not host:port (e.g. 127.0.0.1:9050)");
        interact(() -> lookup("#settings-proxy").queryAs(TextField.class).setText("127.0.0.1:9050"));
        interact(() -> lookup("#settings-maxmempool").queryAs(TextField.class).setText("4"));
        waitText("#settings-network-error", "-maxmempool=4 is below Bitcoin Core's minimum of 5 MB");
        interact(() -> lookup("#settings-maxmempool").queryAs(TextField.class).setText("50"));
        waitUntil(() -> !lookup("#settings-save").queryAs(Button.class).isDisabled());
        assertFalse(lookup("#settings-network-error").query().isVisible());

        // the same option in the extra arguments too: refused, one value in one place
        interact(() -> lookup("#settings-extra-args").queryAs(TextField.class).setText("-dbcache=100"));
        waitUntil(() -> text("#settings-extra-args-error").contains("clashes with the network setting (-dbcache=450)"));
        interact(() -> lookup("#settings-extra-args").queryAs(TextField.class).setText(""));

        // Cancel: nothing saved, the node not restarted
        clickOn("#settings-save");
        waitUntil(() -> lookup("#settings-restart-confirm").tryQuery().isPresent());
        DialogPane d = lookup("#settings-restart-confirm").queryAs(DialogPane.class);
        assertTrue(d.getContentText().contains("-dbcache: default → 450"), d.getContentText());
        assertTrue(d.getContentText().contains("-proxy: default → 127.0.0.1:9050"), d.getContentText());
        clickOn(d.lookupButton(ButtonType.CANCEL));
        assertEquals(1, backend.starts());
        assertEquals(null, new SettingsStore(settingsFile).load().networkProperty().get().dbcacheMiB());

        // OK: saved, restarted with the arguments
        saveSettings();
        waitUntil(() -> backend.starts() == 2);
        waitReady();
        assertTrue(backend.lastSettings().toArgs().containsAll(java.util.List.of("-proxy=127.0.0.1:9050", "-dbcache=450", "-maxmempool=50")),
                backend.lastSettings().toArgs().toString());
        assertEquals(450, new SettingsStore(settingsFile).load().networkProperty().get().dbcacheMiB());
    }
}
