package org.bitcoinfx.node;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.ipc.rpc.transport.UnixSockets;

/**
 * Opens an IPC connection to a bitcoin-node's Unix socket. This is where the real Cap'n Proto
 * client is plugged in: pass {@link #ipc()} to {@link NodeLauncher} / {@link NodeSupervisor}.
 * Tests pass doubles.
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

    /**
     * Connects, with {@code check} run on the peer credentials of the connection used
     * ({@link SocketPeerCheck}). This default, for connectors that cannot do that (test doubles),
     * runs the check on a connection of its own first; {@link #ipc()} checks the one it uses.
     *
     * @throws IOException as {@link #connect(Path)}, or {@code check}'s exception
     */
    default NodeClient connect(Path socket, UnixSockets.PeerCheck check) throws IOException {
        UnixSockets.connect(socket, check).close();
        return connect(socket);
    }

    /** The real client, {@link IpcNodeClient}, whose peer check is made on the connection it then uses. */
    static NodeConnector ipc() {
        return new NodeConnector() {
            @Override
            public NodeClient connect(Path socket) throws IOException {
                return IpcNodeClient.connect(socket);
            }

            @Override
            public NodeClient connect(Path socket, UnixSockets.PeerCheck check) throws IOException {
                return IpcNodeClient.connect(socket, Duration.ofSeconds(30), check);
            }
        };
    }
}
