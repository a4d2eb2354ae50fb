package org.bitcoinfx.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bitcoinfx.ipc.NodeClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attaching to a bitcoin-node someone else runs, for {@link NodeSupervisor}: finding the node that
 * already holds a datadir ({@code <net>/.lock}, Bitcoin Core's {@code LockDataDirectory}) and its
 * socket, and connecting to it with the peer-credential check on the connection then used.
 */
final class NodeAttach {
    private static final Logger log = LoggerFactory.getLogger(NodeAttach.class);

    /** How long an attach may wait for the echo answer: 10 s. */
    static final Duration ECHO_TIMEOUT = Duration.ofSeconds(10);

    private NodeAttach() {
    }

    /**
     * If a node holds the datadir's lock, the socket to attach to.
     *
     * @throws NodeStartException if the datadir is in use but offers no socket
     */
    static Optional<Path> runningNodeSocket(NodeConfig config) throws NodeStartException {
        boolean locked;
        try {
            locked = DatadirLock.isLocked(config.lockFile());
        } catch (IOException e) {
            log.warn("Cannot check the lock {}; starting bitcoin-node anyway, it will report a datadir in use", config.lockFile(), e);
            return Optional.empty();
        }
        if (!locked) {
            return Optional.empty();
        }
        Path s = config.networkDir().resolve(RuntimeDir.SOCKET_NAME);
        log.info("{} is locked: a bitcoin-node already runs on {}; trying its socket {}", config.lockFile(), config.datadir(), s);
        if (!Files.exists(s)) {
            throw new NodeStartException("The datadir " + config.datadir() + " is already in use by another bitcoin-node ("
                    + config.lockFile() + " is locked), and it offers no IPC socket at " + s
                    + ". Stop that node, or restart it with -ipcbind=unix, or choose another datadir.");
        }
        return Optional.of(s);
    }

    /**
     * Connects to the node at {@code s}: the socket's peer must run as our uid (any pid), and
     * {@code Echo.echo("ready")} must answer within {@link #ECHO_TIMEOUT}.
     *
     * @param why why we attach (for the message): {@code --connect} or {@code datadir in use}
     * @return the connected client
     * @throws NodeStartException if the peer check refuses the socket, or the node does not answer
     */
    static NodeClient connect(NodeConnector connector, Path s, String why) throws NodeStartException {
        NodeClient c = null;
        try {
            c = connector.connect(s, new SocketPeerCheck(s, SocketPeerCheck.ANY_PID).onConnection());
            String answer = c.echo("ready").get(ECHO_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!"ready".equals(answer)) {
                throw new NodeStartException("The node at " + s + " answered echo(\"ready\") with \"" + answer + "\"");
            }
        } catch (SocketPeerCheck.Refused e) {
            throw e.reason();
        } catch (IOException | RuntimeException | ExecutionException | TimeoutException e) {
            closeQuietly(c);
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new NodeStartException("Cannot attach to the bitcoin-node at " + s + " (" + why + "): " + cause
                    + ". Is a bitcoin-node running with -ipcbind=unix:" + s + "?", cause);
        } catch (InterruptedException e) {
            closeQuietly(c);
            Thread.currentThread().interrupt();
            throw new NodeStartException("Interrupted while attaching to " + s, e);
        } catch (NodeStartException e) {
            closeQuietly(c);
            throw e;
        }
        return c;
    }

    /** Closes {@code c} (if not null); a failure to close is logged, not thrown. */
    static void closeQuietly(NodeClient c) {
        if (c != null) {
            try {
                c.close();
            } catch (RuntimeException e) {
                log.warn("Closing the IPC client failed", e);
            }
        }
    }
}
