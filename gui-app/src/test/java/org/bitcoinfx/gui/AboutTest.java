package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import org.bitcoinfx.gui.about.AboutView;
import org.bitcoinfx.node.BundledNodeManifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** About: opened from the sidebar; shows the experimental notice and the bundled node's version and SHA-256. */
class AboutTest extends AppTestBase {
    private String oldAppPath;

    @AfterEach
    void restoreAppPath() {
        if (oldAppPath == null) {
            System.clearProperty("jpackage.app-path");
        } else {
            System.setProperty("jpackage.app-path", oldAppPath);
        }
    }

    @Test
    void showsTheBundledNodeOfThePackage() throws Exception {
        Path image = tmp.resolve("image");
        Path nodeDir = Files.createDirectories(image.resolve("lib/node"));
        Path node = Files.writeString(nodeDir.resolve("bitcoin-node"), "#!/bin/sh\n");
        String hash = BundledNodeManifest.sha256(node);
        new BundledNodeManifest("Bitcoin Core daemon version v32.0.0 bitcoin-node", hash, BundledNodeManifest.SOURCE_BINARY, hash)
                .writeTo(nodeDir);
        oldAppPath = System.getProperty("jpackage.app-path");
        System.setProperty("jpackage.app-path", image.resolve("bin/bitcoinfx-experimental").toString());

        clickOn("#nav-about");
        waitUntil(() -> lookup("#about-node-sha256").tryQuery().isPresent());
        assertEquals(hash, lookup("#about-node-sha256").queryAs(TextField.class).getText());
        assertEquals("Bitcoin Core daemon version v32.0.0 bitcoin-node", text("#about-node-version"));
        assertTrue(text("#about-node-check").startsWith("Matches"), text("#about-node-check"));
        assertEquals(AboutView.NOTICE, text("#about-notice"));
        assertTrue(text("#about-no-network").contains("never updates itself"));
        assertEquals(tmp.resolve("datadir").toString(), text("#about-datadir"));

        // content is inset from the dialog's edges, in cards; keys are never cut
        AboutView view = lookup(".about-view").queryAs(AboutView.class);
        assertTrue(view.getPadding().getLeft() >= 16, "padding " + view.getPadding());
        javafx.geometry.Bounds hashBounds = lookup("#about-node-sha256").query().localToScene(lookup("#about-node-sha256").query().getBoundsInLocal());
        javafx.geometry.Bounds viewBounds = view.localToScene(view.getBoundsInLocal());
        assertTrue(hashBounds.getMinX() - viewBounds.getMinX() >= 16, "the hash is inset: " + hashBounds + " in " + viewBounds);
        assertTrue(hashBounds.getMaxX() <= viewBounds.getMaxX() - 16, "the hash fits: " + hashBounds + " in " + viewBounds);
        assertEquals(2, lookup(".about-view .card").queryAll().size());
        for (var k : lookup(".about-view .text-muted").queryAllAs(Label.class)) {
            assertTrue(k.getWidth() >= k.prefWidth(-1) - 0.5, "key " + k.getText() + " is cut: " + k.getWidth());
        }
        // the whole path is in the tooltip when the label elides it
        assertEquals(tmp.resolve("datadir").toString(), lookup("#about-datadir").queryAs(Label.class).getTooltip().getText());
        // the hash can be copied
        clickOn("#about-node-sha256-copy");
        assertEquals(hash, org.testfx.util.WaitForAsyncUtils.asyncFx(() -> javafx.scene.input.Clipboard.getSystemClipboard().getString()).get());
    }

    @Test
    void notPackagedSaysSo() throws Exception {
        oldAppPath = System.getProperty("jpackage.app-path");
        System.clearProperty("jpackage.app-path");
        clickOn("#nav-about");
        waitUntil(() -> lookup("#about-node-version").tryQuery().isPresent());
        assertTrue(text("#about-node-version").startsWith("None: not running from a package"), text("#about-node-version"));
        assertFalse(lookup("#about-node-sha256").tryQuery().isPresent());
        assertFalse(((Label) lookup("#about-version").query()).getText().isBlank());
    }
}
