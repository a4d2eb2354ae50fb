package org.bitcoinfx.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A socket served by a thread of this JVM: its peer pid is this JVM's, never a child's. */
class SocketPeerCheckTest {
    @TempDir
    Path tmp;
    private Path socket;
    private ServerSocketChannel server;
    private Thread acceptor;

    @BeforeEach
    void serve() throws IOException {
        socket = tmp.resolve("node.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        acceptor = new Thread(() -> {
            try {
                while (true) {
                    SocketChannel c = server.accept();
                    c.close();
                }
            } catch (IOException e) {
                // server closed: test over
            }
        }, "test-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void close() throws Exception {
        server.close();
        acceptor.join(2000);
    }

    @Test
    void readsOurOwnPidAndUid() throws Exception {
        SocketPeerCheck.Peer p = SocketPeerCheck.readPeer(socket);
        assertEquals(ProcessHandle.current().pid(), p.pid());
        assertEquals(RuntimeDir.currentUid(), p.uid());
        assertEquals(p, new SocketPeerCheck(socket, ProcessHandle.current().pid()).verify());
        assertEquals(p, new SocketPeerCheck(socket, SocketPeerCheck.ANY_PID).verify());
    }

    @Test
    void anotherPidIsRefused() {
        long child = ProcessHandle.current().pid() + 1;
        PeerCheckException e = assertThrows(PeerCheckException.class, () -> new SocketPeerCheck(socket, child).verify());
        assertEquals("Refusing IPC socket " + socket + ": it is served by pid " + ProcessHandle.current().pid()
                + ", not by the bitcoin-node we started (pid " + child + ").", e.getMessage());
    }

    @Test
    void anotherUidIsRefused() {
        long otherUid = RuntimeDir.currentUid() + 1;
        PeerCheckException e = assertThrows(PeerCheckException.class,
                () -> new SocketPeerCheck(socket, SocketPeerCheck.ANY_PID, otherUid).verify());
        assertTrue(e.getMessage().contains("served by uid " + RuntimeDir.currentUid()) && e.getMessage().contains("expected uid " + otherUid),
                e.getMessage());
    }

    /** On the connection a connector uses: the same refusal, carried as SocketPeerCheck.Refused; a connector double is not called. */
    @Test
    void theCheckOnTheConnectionUsedRefusesAnotherPid() {
        long child = ProcessHandle.current().pid() + 1;
        java.util.concurrent.atomic.AtomicInteger connects = new java.util.concurrent.atomic.AtomicInteger();
        NodeConnector counting = s -> {
            connects.incrementAndGet();
            throw new IOException("a double: not reached");
        };
        SocketPeerCheck.Refused e = assertThrows(SocketPeerCheck.Refused.class,
                () -> counting.connect(socket, new SocketPeerCheck(socket, child).onConnection()));
        assertTrue(e.reason().getMessage().contains("not by the bitcoin-node we started (pid " + child + ")"), e::toString);
        assertEquals(0, connects.get());
        SocketPeerCheck.Refused viaIpc = assertThrows(SocketPeerCheck.Refused.class,
                () -> NodeConnector.ipc().connect(socket, new SocketPeerCheck(socket, child).onConnection()));
        assertEquals(e.getMessage(), viaIpc.getMessage());
    }

    @Test
    void missingSocketIsAnIoError() {
        assertThrows(IOException.class, () -> SocketPeerCheck.readPeer(tmp.resolve("missing.sock")));
    }
}
