package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import org.bitcoinfx.gui.peers.PeerRow;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/** Peers page: getpeerinfo in a table, details on selection. */
class PeersPageTest extends AppTestBase {
    @SuppressWarnings("unchecked")
    private TableView<PeerRow> table() {
        return lookup("#peers-table").queryAs(TableView.class);
    }

    @Test
    void peersTableAndDetails() throws Exception {
        waitReady();
        showPage("Peers");
        waitUntil(() -> table().getItems().size() == 3);
        assertEquals("127.0.0.1:18444", WaitForAsyncUtils.asyncFx(() -> table().getItems().get(0).addr()).get());
        assertEquals("inbound", WaitForAsyncUtils.asyncFx(() -> table().getItems().get(2).connectionType()).get());

        interact(() -> table().getSelectionModel().select(1));
        waitUntil(() -> lookup("#peer-details").lookup(".label").queryAll().stream()
                .anyMatch(n -> "203.0.113.7:18444".equals(((Label) n).getText())));
    }
}
