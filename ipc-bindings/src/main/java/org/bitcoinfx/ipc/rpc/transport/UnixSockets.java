package org.bitcoinfx.ipc.rpc.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketCredentials;

/**
 * The Unix-socket connect of a client connection (bitcoin-node's {@code -ipcbind=unix} socket),
 * with the peer-credential check made on the very connection that will carry the messages.
 */
public final class UnixSockets {
    /** The longest socket path, bytes of UTF-8: {@code sun_path} holds 108 with the terminating NUL. */
    public static final int MAX_PATH_BYTES = 107;

    private UnixSockets() {
    }

    /**
     * Who serves a socket ({@code SO_PEERCRED}: the process that called {@code listen}).
     *
     * @param pid its process id
     * @param uid its user id
     */
    public record Peer(long pid, long uid) {
    }

    /** Decides whether to talk to a peer; throws to refuse it. */
    @FunctionalInterface
    public interface PeerCheck {
        /**
         * @param peer the credentials of the connection just opened
         * @throws IOException to refuse it (the connection is closed, the exception passed on)
         */
        void check(Peer peer) throws IOException;
    }

    /**
     * Connects to {@code socketPath} and, if {@code check} is not null, runs it on this
     * connection's peer credentials before anything is sent.
     *
     * @return the connected socket; the caller closes it
     * @throws IOException if the path is longer than {@link #MAX_PATH_BYTES}, the socket does not
     *                     exist or refuses, or {@code check} refuses the peer (its exception)
     */
    public static AFUNIXSocket connect(Path socketPath, PeerCheck check) throws IOException {
        if (socketPath.toString().getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw new IOException("socket path is 108 bytes or longer, which Unix sockets do not allow: " + socketPath);
        }
        AFUNIXSocket socket = AFUNIXSocket.newInstance();
        try {
            socket.connect(AFUNIXSocketAddress.of(socketPath.toFile()));
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot connect to " + socketPath + ": " + e.getMessage(), e);
        }
        if (check != null) {
            try {
                AFUNIXSocketCredentials c = socket.getPeerCredentials();
                check.check(new Peer(c.getPid(), c.getUid()));
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
        }
        return socket;
    }
}
