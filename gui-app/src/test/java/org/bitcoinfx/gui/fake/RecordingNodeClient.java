package org.bitcoinfx.gui.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bitcoinfx.ipc.BlockCheckOptions;
import org.bitcoinfx.ipc.BlockCheckResult;
import org.bitcoinfx.ipc.BlockCreateOptions;
import org.bitcoinfx.ipc.BlockRef;
import org.bitcoinfx.ipc.BlockTemplate;
import org.bitcoinfx.ipc.DisconnectedException;
import org.bitcoinfx.ipc.IpcException;
import org.bitcoinfx.ipc.IpcListener;
import org.bitcoinfx.ipc.Mining;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.ipc.OldNodeException;
import org.bitcoinfx.ipc.RemoteException;
import org.bitcoinfx.ipc.RpcClient;
import org.bitcoinfx.ipc.ServerThread;

/**
 * A test double decorating a real {@link NodeClient} (in tests: an {@code IpcNodeClient} talking to
 * bundled-node's in-process {@code FakeNode}): it records the RPC calls the app makes (method, server
 * thread, whether secret, {@code setnetworkactive} values) and injects the faults GUI tests need (an
 * answer held back, a lost connection, an old node). It is not an emulator: every call goes to the
 * node it wraps.
 */
public final class RecordingNodeClient implements NodeClient {
    private final NodeClient inner;
    private final List<String> rpcCalls = new CopyOnWriteArrayList<>();
    private final List<String> threadCalls = new CopyOnWriteArrayList<>();
    private final List<String> secretCalls = new CopyOnWriteArrayList<>();
    private final List<Boolean> setNetworkActiveCalls = new CopyOnWriteArrayList<>();
    private final Map<String, CompletableFuture<Void>> held = new ConcurrentHashMap<>();
    /** Answers the node gave (before any {@link #holdRpc}), by method, for calls through {@code call} and {@code callWallet}. */
    private final Map<String, Long> answeredByNode = new ConcurrentHashMap<>();
    private final Map<String, java.util.function.UnaryOperator<String>> brokenReplies = new ConcurrentHashMap<>();
    private final Map<ServerThread, RpcClient> rpcs = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final Mining mining;
    private volatile boolean oldNode;

    /** @param inner the client every call goes to */
    public RecordingNodeClient(NodeClient inner) {
        this.inner = inner;
        this.mining = new OldNodeMining(inner.mining());
        inner.closed().whenComplete((v, e) -> {
            if (e == null) {
                closed.complete(null);
            } else {
                closed.completeExceptionally(e);
            }
        });
    }

    /** @return the wrapped client */
    public NodeClient inner() {
        return inner;
    }

    /** @return the RPC methods called, in order: {@code method}, or {@code wallet/method} for a wallet call */
    public List<String> rpcCalls() {
        return List.copyOf(rpcCalls);
    }

    /** @return how many calls of {@code method} (node-level or any wallet's) were made */
    public long rpcCount(String method) {
        return rpcCalls.stream().filter(m -> m.equals(method) || m.endsWith("/" + method)).count();
    }

    /** @return the calls as {@code THREAD:method} (or {@code THREAD:wallet/method}), naming the {@link ServerThread} used */
    public List<String> threadCalls() {
        return List.copyOf(threadCalls);
    }

    /** @return the calls made through {@link RpcClient#callSecret}: {@code method} or {@code wallet/method} */
    public List<String> secretCalls() {
        return List.copyOf(secretCalls);
    }

    /** @return the values passed to {@code setnetworkactive}, in order */
    public List<Boolean> setNetworkActiveCalls() {
        return List.copyOf(setNetworkActiveCalls);
    }

    /**
     * From now on, answers to {@code method} (node-level calls, and wallet calls through {@code callWallet}) are held
     * back until {@link #releaseRpc}; the call still reaches the node, which answers it then ({@link #answered}).
     */
    public void holdRpc(String method) {
        held.putIfAbsent(method, new CompletableFuture<>());
    }

    /**
     * From now on, the node's replies to {@code method} read through {@link RpcClient#callRaw} (the console's calls)
     * are changed by {@code how} before they are read (truncated, made malformed): the call still reaches the node,
     * its reply text ({@code executeRaw} of the same request) is what {@code how} gets.
     */
    public void breakReplies(String method, java.util.function.UnaryOperator<String> how) {
        brokenReplies.put(method, how);
    }

    /**
     * Stops holding calls of {@code method} made from now on, while the answers held so far stay held: they are
     * delivered when the returned future is completed (to deliver an older answer after a newer one).
     */
    public CompletableFuture<Void> stopHoldingNewRpc(String method) {
        CompletableFuture<Void> g = held.remove(method);
        return g != null ? g : CompletableFuture.completedFuture(null);
    }

    /**
     * @return how many calls of {@code method} (node-level or any wallet's, through {@code call} or {@code callWallet})
     *         the node has answered, held answers included
     */
    public long answered(String method) {
        return answeredByNode.getOrDefault(method, 0L);
    }

    /** Delivers the held answers to {@code method} and stops holding them. */
    public void releaseRpc(String method) {
        CompletableFuture<Void> g = held.remove(method);
        if (g != null) {
            g.complete(null);
        }
    }

    /** Makes {@code Mining.getTip} fail as on a node with an older IPC schema (UNIMPLEMENTED, {@link OldNodeException}). */
    public void setOldNode(boolean old) {
        oldNode = old;
    }

    /**
     * Ends the connection as a lost socket does: {@link #closed()} and every answer held by {@link #holdRpc}
     * fail with a {@link DisconnectedException}.
     */
    public void disconnect(String why) {
        closed.completeExceptionally(new DisconnectedException(why));
        held.values().forEach(g -> g.completeExceptionally(new DisconnectedException(why))); // held answers never come now
        inner.close();
    }

    @Override
    public CompletableFuture<String> echo(String text) {
        return inner.echo(text);
    }

    @Override
    public CompletableFuture<String> echo(ServerThread on, String text) {
        return inner.echo(on, text);
    }

    @Override
    public Mining mining() {
        return mining;
    }

    @Override
    public RpcClient rpc() {
        return rpc(ServerThread.MAIN);
    }

    @Override
    public RpcClient rpc(ServerThread on) {
        return rpcs.computeIfAbsent(on, t -> new Recording(t, inner.rpc(t)));
    }

    @Override
    public void addListener(IpcListener listener) {
        inner.addListener(listener);
    }

    @Override
    public void removeListener(IpcListener listener) {
        inner.removeListener(listener);
    }

    @Override
    public CompletableFuture<Void> closed() {
        return closed;
    }

    @Override
    public boolean isOpen() {
        return !closed.isDone() && inner.isOpen();
    }

    @Override
    public void close() {
        inner.close();
    }

    private final class Recording implements RpcClient {
        private final ServerThread thread;
        private final RpcClient rpc;

        Recording(ServerThread thread, RpcClient rpc) {
            this.thread = thread;
            this.rpc = rpc;
        }

        private void record(String wallet, String method, Object[] params) {
            String name = wallet == null ? method : wallet + "/" + method;
            threadCalls.add(thread + ":" + name);
            rpcCalls.add(name);
            if (method.equals("setnetworkactive") && params.length > 0 && params[0] instanceof Boolean on) {
                setNetworkActiveCalls.add(on);
            }
        }

        private CompletableFuture<JsonNode> gated(String method, CompletableFuture<JsonNode> answer) {
            answer.whenComplete((v, e) -> answeredByNode.merge(method, 1L, Long::sum));
            CompletableFuture<Void> gate = held.get(method);
            return gate == null ? answer : answer.thenCombine(gate, (v, x) -> v);
        }

        @Override
        public CompletableFuture<JsonNode> call(String method, Object... params) {
            record(null, method, params);
            return gated(method, rpc.call(method, params));
        }

        @Override
        public CompletableFuture<JsonNode> callWallet(String wallet, String method, Object... params) {
            record(wallet, method, params);
            return gated(method, rpc.callWallet(wallet, method, params));
        }

        @Override
        public CompletableFuture<JsonNode> callSecret(String wallet, String method, Object... params) {
            secretCalls.add(wallet == null ? method : wallet + "/" + method);
            record(wallet, method, params);
            return rpc.callSecret(wallet, method, params);
        }

        @Override
        public CompletableFuture<org.bitcoinfx.ipc.RawResult> callRaw(String wallet, String method, Object... params) {
            record(wallet, method, params);
            java.util.function.UnaryOperator<String> broken = brokenReplies.get(method);
            if (broken != null) {
                String request;
                try {
                    request = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
                            Map.of("jsonrpc", "2.0", "id", 1, "method", method, "params", List.of(params)));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    return CompletableFuture.failedFuture(e);
                }
                return rpc.executeRaw(request, wallet == null ? "/" : "/wallet/" + wallet)
                        .thenApplyAsync(reply -> org.bitcoinfx.ipc.RawResult.ofReply(
                                broken.apply(reply).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
            CompletableFuture<Void> gate = wallet == null ? held.get(method) : null;
            CompletableFuture<org.bitcoinfx.ipc.RawResult> answer = rpc.callRaw(wallet, method, params);
            return gate == null ? answer : answer.thenCombine(gate, (v, x) -> v);
        }

        @Override
        public CompletableFuture<String> executeRaw(String request, String uri) {
            return rpc.executeRaw(request, uri);
        }
    }

    /** Passes Mining through, except {@code getTip} on an "old node". */
    private final class OldNodeMining implements Mining {
        private final Mining m;

        OldNodeMining(Mining m) {
            this.m = m;
        }

        @Override
        public CompletableFuture<Boolean> isTestChain() {
            return m.isTestChain();
        }

        @Override
        public CompletableFuture<Boolean> isInitialBlockDownload() {
            return m.isInitialBlockDownload();
        }

        @Override
        public CompletableFuture<Optional<BlockRef>> getTip() {
            if (oldNode) {
                return CompletableFuture.failedFuture(new OldNodeException(new RemoteException(IpcException.Type.UNIMPLEMENTED, "Method not implemented")));
            }
            return m.getTip();
        }

        @Override
        public CompletableFuture<Optional<BlockRef>> waitTipChanged(byte[] currentTip, Duration timeout) {
            return m.waitTipChanged(currentTip, timeout);
        }

        @Override
        public CompletableFuture<Optional<BlockTemplate>> createNewBlock(BlockCreateOptions options, boolean cooldown) {
            return m.createNewBlock(options, cooldown);
        }

        @Override
        public CompletableFuture<BlockCheckResult> checkBlock(byte[] block, BlockCheckOptions options) {
            return m.checkBlock(block, options);
        }

        @Override
        public CompletableFuture<Void> interrupt() {
            return m.interrupt();
        }

        @Override
        public CompletableFuture<BlockCheckResult> submitBlock(byte[] block) {
            return m.submitBlock(block);
        }

        @Override
        public CompletableFuture<List<byte[]>> getTransactionsByTxID(List<byte[]> txids) {
            return m.getTransactionsByTxID(txids);
        }

        @Override
        public CompletableFuture<List<byte[]>> getTransactionsByWitnessID(List<byte[]> wtxids) {
            return m.getTransactionsByWitnessID(wtxids);
        }

        @Override
        public Optional<Boolean> servesSubmitSolution10() {
            return m.servesSubmitSolution10();
        }
    }
}
