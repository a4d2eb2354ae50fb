package org.bitcoinfx.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.bitcoinfx.node.NodeLocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppImageLayoutTest {
    @Test
    void theNodeIsWhereTheLocatorLooks() {
        Path image = Path.of("/opt/bitcoinfx-experimental");
        assertEquals(AppImageLayout.node(image),
                NodeLocator.bundledNode(AppImageLayout.launcher(image).toString()).orElseThrow());
    }

    @Test
    void anEmptyDirectoryFailsWithEveryMissingPiece(@TempDir Path dir) throws Exception {
        Files.createDirectories(AppImageLayout.appDir(dir));
        List<String> problems = AppImageLayout.check(dir, "gui-app.jar");
        String all = String.join("\n", problems);
        for (String piece : List.of("bin/bitcoinfx-experimental", "lib/app/gui-app.jar", "lib/runtime/release",
                "lib/node/bitcoin-node", "org.bitcoinfx.experimental.desktop", "org.bitcoinfx.experimental.metainfo.xml",
                "16x16/apps/org.bitcoinfx.experimental.png", "lib/desktop-integration.sh")) {
            assertTrue(all.contains(piece), "reports " + piece + " in:\n" + all);
        }
    }

    @Test
    void readsRuntimeModules(@TempDir Path dir) throws Exception {
        Path release = dir.resolve("release");
        Files.writeString(release, "JAVA_VERSION=\"17.0.21\"\nMODULES=\"java.base java.desktop javafx.controls\"\n");
        assertEquals(Set.of("java.base", "java.desktop", "javafx.controls"), AppImageLayout.runtimeModules(release));
    }
}
