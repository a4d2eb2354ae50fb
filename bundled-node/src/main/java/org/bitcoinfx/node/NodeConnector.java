package org.bitcoinfx.node;

import java.io.IOException;
import java.nio.file.Path;
import org.bitcoinfx.ipc.NodeClient;

/**
 * Opens an IPC connection to a bitcoin-node's Unix socket. This is where the real Cap'n Proto
 * client is plugged in: once ipc-bindings provides it, pass e.g. {@code IpcNodeClient::connect}
 * (the name it gets there) to {@link NodeLauncher} / {@link NodeSupervisor}. Tests pass doubles.
 */
@FunctionalInterface
public interface NodeConnector {
    /**
     * Connects. May be called repeatedly while the node starts; each failed attempt must release
     * whatever it opened.
     *
     * @param socket the node's socket path
     * @return an open client; the caller closes it
     * @throws IOException if the socket cannot be connected to (yet)
     */
    NodeClient connect(Path socket) throws IOException;
}
