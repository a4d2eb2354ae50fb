package org.bitcoinfx.node;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.bitcoinfx.ipc.IpcException;
import org.bitcoinfx.ipc.IpcListener;
import org.bitcoinfx.ipc.Mining;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.ipc.RpcClient;

/**
 * Test double for runs against a real bitcoin-node before the Cap'n Proto client exists: connects a
 * raw Unix socket (so "ready" still means the node accepts connections on it), answers
 * {@code echo} locally while that connection is open, and fails every RPC with UNIMPLEMENTED (so
 * stopping falls through to SIGTERM). It speaks no Cap'n Proto.
 */
final class FakeRawSocketConnector implements NodeConnector {
    @Override
    public NodeClient connect(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        CompletableFuture<Void> closed = new CompletableFuture<>();
        return new NodeClient() {
            @Override
            public CompletableFuture<String> echo(String text) {
                return ch.isOpen() ? CompletableFuture.completedFuture(text)
                        : CompletableFuture.failedFuture(new IpcException(IpcException.Type.DISCONNECTED, "closed"));
            }

            @Override
            public Mining mining() {
                throw new UnsupportedOperationException("FakeRawSocketConnector speaks no Cap'n Proto");
            }

            @Override
            public RpcClient rpc() {
                return new RpcClient() {
                    @Override
                    public CompletableFuture<JsonNode> call(String method, Object... params) {
                        return CompletableFuture.failedFuture(new IpcException(IpcException.Type.UNIMPLEMENTED, "no Cap'n Proto in this test double"));
                    }

                    @Override
                    public CompletableFuture<JsonNode> callWallet(String wallet, String method, Object... params) {
                        return call(method);
                    }

                    @Override
                    public CompletableFuture<String> executeRaw(String request, String uri) {
                        return CompletableFuture.failedFuture(new IpcException(IpcException.Type.UNIMPLEMENTED, "no Cap'n Proto in this test double"));
                    }
                };
            }

            @Override
            public void addListener(IpcListener listener) {
                // no IPC calls, no events
            }

            @Override
            public void removeListener(IpcListener listener) {
                // no IPC calls, no events
            }

            @Override
            public CompletableFuture<Void> closed() {
                return closed;
            }

            @Override
            public boolean isOpen() {
                return ch.isOpen();
            }

            @Override
            public void close() {
                try {
                    ch.close();
                } catch (IOException e) {
                    org.slf4j.LoggerFactory.getLogger(FakeRawSocketConnector.class).warn("closing the raw socket failed", e);
                }
                closed.complete(null);
            }
        };
    }
}
