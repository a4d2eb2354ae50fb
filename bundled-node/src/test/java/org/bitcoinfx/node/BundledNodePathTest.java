package org.bitcoinfx.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where {@link NodeLocator#bundledNode} looks, for each platform's jpackage layout. */
class BundledNodePathTest {
    @Test
    void linuxImage() {
        assertEquals(Optional.of(Path.of("/opt/bitcoinfx-experimental/lib/node/bitcoin-node")),
                NodeLocator.bundledNode("/opt/bitcoinfx-experimental/bin/bitcoinfx-experimental"));
    }

    @Test
    void macAppBundle() {
        assertEquals(Optional.of(Path.of("/Applications/bitcoinfx-experimental.app/Contents/lib/node/bitcoin-node")),
                NodeLocator.bundledNode("/Applications/bitcoinfx-experimental.app/Contents/MacOS/bitcoinfx-experimental"));
    }

    @Test
    void windowsLauncherSitsAtTheImageRoot() {
        assertEquals(Optional.of(Path.of("/Users/u/AppData/Local/bitcoinfx-experimental/lib/node/bitcoin-node.exe")),
                NodeLocator.bundledNode("/Users/u/AppData/Local/bitcoinfx-experimental/bitcoinfx-experimental.exe"));
    }

    @Test
    void notPackaged() {
        assertEquals(Optional.empty(), NodeLocator.bundledNode(null));
        assertEquals(Optional.empty(), NodeLocator.bundledNode(" "));
        assertEquals(Optional.empty(), NodeLocator.bundledNode("/launcher"));
    }
}
