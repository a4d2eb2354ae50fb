package org.bitcoinfx.node;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test helper (bundled-node's test-jar): what tests waiting for a starting node's socket need. */
public final class UnixSockets {
    private UnixSockets() {
    }

    /**
     * Whether a Unix socket at {@code socket} accepts a connection now; the connection is closed at once.
     * bitcoin-node binds its socket and then listens: between the two the path exists but refuses, so a
     * test waits for this rather than for the path.
     */
    public static boolean accepts(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
