package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The tests' {@code showPage}: a page's controls are in the scene graph when it returns, those inside a
 * {@code TabPane} too, without waiting for a pulse. The check runs in the same JavaFX event as the page's showing,
 * where no pulse can come between (a stress round found Mining's "#mining-txs" missing after {@code showPage} on a
 * loaded machine: the TabPane's skin, which puts its tabs' content in the graph, is made at the first CSS pass).
 */
class ShowPageTest extends AppTestBase {
    @Test
    void aTabbedControlIsInTheSceneGraphOnceThePageIsShown() throws Exception {
        waitReady();
        boolean[] found = new boolean[1];
        interact(() -> {
            showPageNow("Mining");
            found[0] = lookup("#mining-txs").tryQuery().isPresent();
        });
        assertTrue(found[0], "Mining's transaction table, inside its TabPane");
    }
}
