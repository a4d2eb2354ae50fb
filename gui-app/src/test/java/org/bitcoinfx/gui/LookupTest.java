package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The tests' {@code lookup}: a control that joined the page in the same JavaFX event, inside a {@code TabPane}, is
 * found without waiting for a pulse. The page is shown and looked up in one event, where no pulse can come between (a
 * stress round found Mining's "#mining-txs" missing right after {@code showPage} on a loaded machine: the TabPane's
 * skin, which puts its tabs' content in the scene graph, is made at the first CSS pass).
 */
class LookupTest extends AppTestBase {
    @Test
    void aTabbedControlOfAPageJustShownIsFound() throws Exception {
        waitReady();
        boolean[] found = new boolean[1];
        interact(() -> {
            app.mainWindow().showPage("Mining");
            found[0] = lookup("#mining-txs").tryQuery().isPresent();
        });
        assertTrue(found[0], "Mining's transaction table, inside its TabPane");
    }
}
