package org.bitcoinfx.gui.about;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bitcoinfx.node.BundledNodeManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AboutInfoTest {
    private static final String VERSION = "Bitcoin Core daemon version v32.0.0 bitcoin-node";

    /** An app image with a bundled node and the manifest the packager writes; returns the launcher path. */
    private static String image(Path root, String nodeBytes) throws Exception {
        Path nodeDir = Files.createDirectories(root.resolve("lib/node"));
        Path node = Files.writeString(nodeDir.resolve("bitcoin-node"), nodeBytes);
        new BundledNodeManifest(VERSION, BundledNodeManifest.sha256(node), "bitcoin-31.0-x86_64-linux-gnu.tar.gz", "d".repeat(64))
                .writeTo(nodeDir);
        Files.createDirectories(root.resolve("bin"));
        return root.resolve("bin/bitcoinfx-experimental").toString();
    }

    @Test
    void notPackagedWithoutAppPath() {
        AboutInfo i = AboutInfo.collect(null, Path.of("/d"), Path.of("/s.json"));
        assertEquals(AboutInfo.Status.NOT_PACKAGED, i.bundledNode().status());
        assertNull(i.bundledNode().path());
        assertTrue(i.runtime().startsWith("Java 17"), i.runtime());
        assertEquals(Path.of("/d"), i.dataDir());
    }

    @Test
    void bundledNodeMatchesItsRecordedHash(@TempDir Path dir) throws Exception {
        AboutInfo.BundledNode n = AboutInfo.bundledNode(image(dir, "node bytes"));
        assertEquals(AboutInfo.Status.MATCHES, n.status());
        assertEquals(dir.resolve("lib/node/bitcoin-node"), n.path());
        assertEquals(VERSION, n.manifest().versionLine());
        assertEquals(n.manifest().sha256(), n.actualSha256());
    }

    @Test
    void aNodeChangedAfterPackagingDiffers(@TempDir Path dir) throws Exception {
        String launcher = image(dir, "node bytes");
        Files.writeString(dir.resolve("lib/node/bitcoin-node"), "other bytes");
        AboutInfo.BundledNode n = AboutInfo.bundledNode(launcher);
        assertEquals(AboutInfo.Status.DIFFERS, n.status());
        assertEquals(BundledNodeManifest.sha256(dir.resolve("lib/node/bitcoin-node")), n.actualSha256());
    }

    @Test
    void missingOrBrokenManifestSaysWhy(@TempDir Path dir) throws Exception {
        String launcher = image(dir, "node bytes");
        Path manifest = dir.resolve("lib/node/" + BundledNodeManifest.FILE_NAME);
        Files.writeString(manifest, "{\"versionLine\": \"x\"}");
        AboutInfo.BundledNode broken = AboutInfo.bundledNode(launcher);
        assertEquals(AboutInfo.Status.UNREADABLE, broken.status());
        assertTrue(broken.detail().contains("sha256"), broken.detail());
        Files.delete(manifest);
        AboutInfo.BundledNode missing = AboutInfo.bundledNode(launcher);
        assertEquals(AboutInfo.Status.MISSING, missing.status());
        assertTrue(missing.detail().contains(BundledNodeManifest.FILE_NAME), missing.detail());
    }
}
