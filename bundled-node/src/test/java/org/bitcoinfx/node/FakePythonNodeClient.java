package org.bitcoinfx.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.bitcoinfx.ipc.DisconnectedException;
import org.bitcoinfx.ipc.IpcListener;
import org.bitcoinfx.ipc.Mining;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.ipc.RpcClient;

/**
 * Test double of {@link NodeClient}: talks the fake node's line protocol ({@code echo TEXT},
 * {@code rpc METHOD}) over the Unix socket with the JDK's SocketChannel. No Mining.
 */
final class FakePythonNodeClient implements NodeClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SocketChannel channel;
    private final ArrayDeque<CompletableFuture<String>> pending = new ArrayDeque<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private boolean open = true;

    FakePythonNodeClient(Path socket) throws IOException {
        channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        BufferedReader in = new BufferedReader(Channels.newReader(channel, StandardCharsets.UTF_8));
        Thread t = new Thread(() -> readLoop(in), "fake-node-client-reader");
        t.setDaemon(true);
        t.start();
    }

    private void readLoop(BufferedReader in) {
        try {
            String line;
            while ((line = in.readLine()) != null) {
                CompletableFuture<String> f;
                synchronized (this) {
                    f = pending.poll();
                }
                if (f != null) {
                    f.complete(line);
                }
            }
            end(new DisconnectedException("the fake node closed the connection"));
        } catch (IOException e) {
            end(new DisconnectedException("reading from the fake node failed: " + e, e));
        }
    }

    private void end(Throwable cause) {
        synchronized (this) {
            open = false;
            CompletableFuture<String> f;
            while ((f = pending.poll()) != null) {
                f.completeExceptionally(cause);
            }
        }
        if (cause == null) {
            closed.complete(null);
        } else {
            closed.completeExceptionally(cause);
        }
    }

    private synchronized CompletableFuture<String> request(String line) {
        if (!open) {
            return CompletableFuture.failedFuture(new DisconnectedException("connection closed"));
        }
        CompletableFuture<String> f = new CompletableFuture<>();
        pending.add(f);
        try {
            ByteBuffer b = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                channel.write(b);
            }
        } catch (IOException e) {
            pending.remove(f);
            f.completeExceptionally(new DisconnectedException("writing to the fake node failed: " + e, e));
        }
        return f;
    }

    @Override
    public CompletableFuture<String> echo(String text) {
        return request("echo " + text);
    }

    @Override
    public Mining mining() {
        throw new UnsupportedOperationException("FakePythonNodeClient has no Mining");
    }

    @Override
    public RpcClient rpc() {
        return new RpcClient() {
            @Override
            public CompletableFuture<JsonNode> call(String method, Object... params) {
                return request("rpc " + method).thenApply(s -> {
                    try {
                        return JSON.readTree(s);
                    } catch (IOException e) {
                        throw new CompletionException(e);
                    }
                });
            }

            @Override
            public CompletableFuture<JsonNode> callWallet(String wallet, String method, Object... params) {
                return call(method, params);
            }

            @Override
            public CompletableFuture<String> executeRaw(String request, String uri) {
                return CompletableFuture.failedFuture(new UnsupportedOperationException("FakePythonNodeClient has no executeRaw"));
            }
        };
    }

    @Override
    public void addListener(IpcListener listener) {
        // the fake reports no IPC events
    }

    @Override
    public void removeListener(IpcListener listener) {
        // the fake reports no IPC events
    }

    @Override
    public CompletableFuture<Void> closed() {
        return closed;
    }

    @Override
    public synchronized boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        synchronized (this) {
            open = false; // before the channel closes: the node may exit at once, and a test then asks isOpen()
        }
        try {
            channel.close();
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(FakePythonNodeClient.class).warn("closing the fake client's channel failed", e);
        }
        end(null);
    }
}
