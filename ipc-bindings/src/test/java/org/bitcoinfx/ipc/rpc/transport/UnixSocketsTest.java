package org.bitcoinfx.ipc.rpc.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.bitcoinfx.ipc.rpc.RpcConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** The peer-credential check runs on the connection that then carries the messages, not on one of its own. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UnixSocketsTest {
    @TempDir
    Path dir;

    /** A listening socket that counts and keeps the connections it accepts. */
    static final class FakeListener implements AutoCloseable {
        final AFUNIXServerSocket server;
        final LinkedBlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();
        final Thread thread;

        FakeListener(Path path) throws IOException {
            server = AFUNIXServerSocket.newInstance();
            server.bind(AFUNIXSocketAddress.of(path.toFile()));
            thread = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(server.accept());
                    }
                } catch (IOException e) {
                    // closed
                }
            }, "test-listener");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @Test
    void theCheckSeesThisProcessOnTheOneConnectionUsed() throws Exception {
        Path sock = dir.resolve("node.sock");
        try (FakeListener l = new FakeListener(sock)) {
            List<UnixSockets.Peer> seen = new CopyOnWriteArrayList<>();
            RpcConnection c = RpcConnection.connect(sock, seen::add);
            try {
                Socket first = l.accepted.poll(30, TimeUnit.SECONDS);
                assertTrue(first != null, "accepted");
                assertEquals(List.of(new UnixSockets.Peer(ProcessHandle.current().pid(), seen.get(0).uid())), seen);
                c.bootstrap().close(); // the Bootstrap arrives on the connection the check was made on
                assertTrue(first.getInputStream().read() >= 0, "the checked connection carries the messages");
                assertEquals(0, l.accepted.size(), "no second connection was opened");
            } finally {
                c.close();
            }
        }
    }

    @Test
    void aRefusedPeerClosesTheConnectionAndPassesTheErrorOn() throws Exception {
        Path sock = dir.resolve("node.sock");
        try (FakeListener l = new FakeListener(sock)) {
            IOException refusal = new IOException("not the node we started");
            AtomicReference<UnixSockets.Peer> seen = new AtomicReference<>();
            IOException e = assertThrows(IOException.class, () -> RpcConnection.connect(sock, p -> {
                seen.set(p);
                throw refusal;
            }));
            assertSame(refusal, e);
            Socket s = l.accepted.poll(30, TimeUnit.SECONDS);
            assertEquals(-1, s.getInputStream().read(), "the refused connection was closed before anything was sent");
            assertEquals(ProcessHandle.current().pid(), seen.get().pid());
        }
    }

    @Test
    void aPathOf108BytesIsRefused() {
        Path p = Path.of("/tmp/" + "s".repeat(103));
        assertEquals(108, p.toString().length());
        IOException e = assertThrows(IOException.class, () -> UnixSockets.connect(p, null));
        assertTrue(e.getMessage().contains("108 bytes"), e::toString);
        assertTrue(!Files.exists(p));
    }
}
