package org.bitcoinfx.node;

import java.io.IOException;
import java.nio.file.Path;
import org.bitcoinfx.ipc.rpc.transport.UnixSockets;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies who serves a Unix socket: opens a raw connection, reads the peer's credentials
 * ({@code SO_PEERCRED}: pid and uid of the process that called listen), closes. Used before
 * talking to a socket of a node we spawned (expected pid = our child) or attached to (uid only).
 */
public final class SocketPeerCheck {
    private static final Logger log = LoggerFactory.getLogger(SocketPeerCheck.class);

    /** Pass as expected pid to check only the uid. */
    public static final long ANY_PID = -1;

    private final Path socket;
    private final long expectedPid;
    private final long expectedUid;

    /**
     * Expects the given pid and our own uid.
     *
     * @param socket      the socket path
     * @param expectedPid the pid that must serve it, or {@link #ANY_PID}
     */
    public SocketPeerCheck(Path socket, long expectedPid) {
        this(socket, expectedPid, RuntimeDir.currentUid());
    }

    /**
     * @param socket      the socket path
     * @param expectedPid the pid that must serve it, or {@link #ANY_PID}
     * @param expectedUid the uid that must serve it
     */
    public SocketPeerCheck(Path socket, long expectedPid, long expectedUid) {
        this.socket = socket;
        this.expectedPid = expectedPid;
        this.expectedUid = expectedUid;
    }

    /** The peer's credentials. @param pid its process id @param uid its user id */
    public record Peer(long pid, long uid) {
    }

    /**
     * Reads the credentials of the process serving {@code socket}.
     *
     * @throws IOException if the socket cannot be connected to (e.g. not listening yet)
     */
    public static Peer readPeer(Path socket) throws IOException {
        try (AFUNIXSocket s = AFUNIXSocket.newInstance()) {
            s.connect(AFUNIXSocketAddress.of(socket.toFile()));
            AFUNIXSocketCredentials c = s.getPeerCredentials();
            return new Peer(c.getPid(), c.getUid());
        }
    }

    /**
     * Connects, reads the peer's credentials and compares them with the expected ones.
     *
     * @return the peer's credentials
     * @throws PeerCheckException if the pid or uid differ (a process we did not start, or another user)
     * @throws IOException        if the socket cannot be connected to
     */
    public Peer verify() throws PeerCheckException, IOException {
        Peer p = readPeer(socket);
        check(p);
        return p;
    }

    /**
     * This check, for {@link NodeConnector#connect(Path, UnixSockets.PeerCheck)}: made on the
     * credentials of the connection that will be used, it refuses with a {@link Refused}.
     */
    public UnixSockets.PeerCheck onConnection() {
        return peer -> {
            try {
                check(new Peer(peer.pid(), peer.uid()));
            } catch (PeerCheckException e) {
                throw new Refused(e);
            }
        };
    }

    /** The peer check refused the connection; {@link #reason()} says why. */
    public static final class Refused extends IOException {
        /** @param reason the refusal */
        public Refused(PeerCheckException reason) {
            super(reason.getMessage(), reason);
        }

        /** @return the refusal */
        public PeerCheckException reason() {
            return (PeerCheckException) getCause();
        }
    }

    /**
     * Compares {@code p} with the expected credentials.
     *
     * @throws PeerCheckException if the pid or uid differ
     */
    public void check(Peer p) throws PeerCheckException {
        if (p.uid() != expectedUid) {
            throw new PeerCheckException("Refusing IPC socket " + socket + ": it is served by uid " + p.uid()
                    + " (pid " + p.pid() + "), expected uid " + expectedUid + ". Another user's process owns it.");
        }
        if (expectedPid != ANY_PID && p.pid() != expectedPid) {
            throw new PeerCheckException("Refusing IPC socket " + socket + ": it is served by pid " + p.pid()
                    + ", not by the bitcoin-node we started (pid " + expectedPid + ").");
        }
        log.debug("IPC socket {} is served by pid {} uid {} as expected", socket, p.pid(), p.uid());
    }
}
