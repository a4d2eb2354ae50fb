package org.bitcoinfx.ipc;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.bitcoinfx.ipc.rpc.Capability;
import org.bitcoinfx.ipc.rpc.Request;
import org.bitcoinfx.ipc.rpc.Response;
import org.bitcoinfx.ipc.rpc.RpcConnection;
import org.bitcoinfx.ipc.schema.EchoCapnp;
import org.bitcoinfx.ipc.schema.InitCapnp;
import org.bitcoinfx.ipc.schema.ProxyCapnp;

/**
 * The typed bitcoin-node client over {@link RpcConnection}, following libmultiprocess's conventions
 * (BC {@code src/ipc/libmultiprocess}, {@code docs/IPC.md} §3): bootstrap {@code Init}, call
 * {@code construct(threadMap = null)} and keep the ThreadMap, make one server Thread for ordinary
 * calls ({@code makeThread}), one more per {@link ServerThread} purpose on first use (console,
 * wallet, polls, liveness: the node runs the calls of one Thread one at a time, so a long console
 * call must not share a Thread with the polls), and give each blocking call (waitTipChanged,
 * waitNext) a Thread of its own from a small pool so that it never queues other calls behind it.
 */
public final class IpcNodeClient implements NodeClient {
    /** Name of the server Thread ordinary calls run on. */
    public static final String MAIN_THREAD = "bitcoinfx";

    private final RpcConnection connection;
    private final Capability init;
    private final InitCapnp.Init.Client initClient;
    private final Capability threadMap;
    private final Capability mainThread;
    private final Deque<Capability> idleWaitThreads = new ArrayDeque<>();
    private final EnumMap<ServerThread, CompletableFuture<Capability>> threads = new EnumMap<>(ServerThread.class);
    private final EnumMap<ServerThread, IpcRpc> rpcs = new EnumMap<>(ServerThread.class);
    /** Set when {@link #close()} begins: calls made from then on fail with {@link DisconnectedException}, not on a released capability. */
    private volatile boolean closing;
    private final LazyCap rpcCap = new LazyCap(this::makeRpc);
    private final java.util.concurrent.atomic.AtomicLong rpcIds = new java.util.concurrent.atomic.AtomicLong();
    private CompletableFuture<?> secretCalls = CompletableFuture.completedFuture(null); // guarded by this
    private final AtomicInteger waitThreadCount = new AtomicInteger();
    /** Each wait Thread's name, for its calls' {@link IpcEvent#thread}. */
    private final java.util.Map<Capability, String> waitThreadNames = new java.util.IdentityHashMap<>();
    private CompletableFuture<Capability> echo;
    private IpcMining mining;

    private IpcNodeClient(RpcConnection connection, Capability init, Capability threadMap, Capability mainThread) {
        this.connection = connection;
        this.init = init;
        this.initClient = new InitCapnp.Init.Client(init);
        this.threadMap = threadMap;
        this.mainThread = mainThread;
        this.threads.put(ServerThread.MAIN, CompletableFuture.completedFuture(mainThread));
    }

    /**
     * Connects to a node's IPC socket: bootstrap, {@code Init.construct}, {@code ThreadMap.makeThread}.
     *
     * @param socket  the node's {@code -ipcbind} Unix socket
     * @param timeout how long the handshake may take
     * @throws IOException if the socket cannot be reached or the handshake fails or times out
     */
    public static IpcNodeClient connect(Path socket, Duration timeout) throws IOException {
        return open(RpcConnection.connect(socket), timeout);
    }

    /**
     * {@link #connect(Path, Duration)}, with {@code check} run on the peer credentials of this very
     * connection before the handshake, so that the process checked is the one talked to.
     *
     * @param check decides whether to talk to the process serving the socket (throws to refuse)
     * @throws IOException as {@link #connect(Path, Duration)}, or {@code check}'s exception
     */
    public static IpcNodeClient connect(Path socket, Duration timeout, org.bitcoinfx.ipc.rpc.transport.UnixSockets.PeerCheck check)
            throws IOException {
        return open(RpcConnection.connect(socket, check), timeout);
    }

    /** {@link #connect(Path, Duration)} with a 30 s handshake timeout. */
    public static IpcNodeClient connect(Path socket) throws IOException {
        return connect(socket, Duration.ofSeconds(30));
    }

    /**
     * Runs the handshake on an open connection; closes it on failure.
     *
     * @throws IOException if the handshake fails or times out
     */
    public static IpcNodeClient open(RpcConnection connection, Duration timeout) throws IOException {
        Capability init = connection.bootstrap();
        try {
            InitCapnp.Init.Client client = new InitCapnp.Init.Client(init);
            Request<InitCapnp.Init.ConstructParams.Builder, InitCapnp.Init.ConstructResults.Reader> construct = client.constructRequest();
            Capability threadMap = await(construct.sendForResponse().thenApplyInline(r -> {
                try (r) {
                    return r.cap(r.results().getThreadMapCapIndex());
                }
            }), timeout, "Init.construct");
            if (threadMap == null) {
                throw new IOException("the node returned no ThreadMap from Init.construct");
            }
            Capability thread = makeThread(threadMap, MAIN_THREAD, timeout);
            return new IpcNodeClient(connection, init, threadMap, thread);
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private static Capability makeThread(Capability threadMap, String name, Duration timeout) throws IOException {
        Request<ProxyCapnp.ThreadMap.MakeThreadParams.Builder, ProxyCapnp.ThreadMap.MakeThreadResults.Reader> req =
                new ProxyCapnp.ThreadMap.Client(threadMap).makeThreadRequest();
        req.params().setName(name);
        Capability t = await(req.sendForResponse().thenApplyInline(r -> {
            try (r) {
                return r.cap(r.results().getResultCapIndex());
            }
        }), timeout, "ThreadMap.makeThread");
        if (t == null) {
            throw new IOException("the node returned no Thread from ThreadMap.makeThread");
        }
        return t;
    }

    private static <T> T await(CompletableFuture<T> f, Duration timeout, String what) throws IOException {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(false);
            throw new IOException(what + " did not answer within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(what + " interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw new IOException(what + " failed: " + (c == null ? e : c.getMessage()), c);
        }
    }

    /** The underlying connection (for its tables and listeners). */
    public RpcConnection connection() {
        return connection;
    }

    /**
     * The capabilities the handshake got, lent to callers that call methods by ordinal (the schema
     * report, {@code org.bitcoinfx.ipc.cli.SchemaProbe}). They stay this client's: do not close
     * them; {@link #close()} releases them.
     *
     * @param init       the bootstrap {@code Init} (BC {@code src/ipc/capnp/init.capnp})
     * @param threadMap  the node's {@code ThreadMap} from {@code Init.construct} (MP {@code proxy.capnp})
     * @param mainThread the {@code Thread} named {@value #MAIN_THREAD} from {@code ThreadMap.makeThread}
     */
    public record Handshake(Capability init, Capability threadMap, Capability mainThread) {
    }

    /** @return the handshake's capabilities, borrowed (see {@link Handshake}) */
    public Handshake handshake() {
        return new Handshake(init, threadMap, mainThread);
    }

    /** The main server Thread (ordinary calls run on it). */
    Capability mainThread() {
        return mainThread;
    }

    /**
     * Runs {@code call} with a server Thread of its own (borrowed from the pool or made), and puts
     * the Thread back when the call's future completes. For blocking methods.
     */
    <T> CompletableFuture<T> withWaitThread(Function<Capability, CompletableFuture<T>> call) {
        CompletableFuture<Capability> thread;
        synchronized (idleWaitThreads) {
            Capability idle = idleWaitThreads.pollFirst();
            thread = idle != null ? CompletableFuture.completedFuture(idle) : newWaitThread();
        }
        return thread.thenCompose(t -> call.apply(t).whenComplete((v, e) -> {
            if (connection.isOpen()) {
                synchronized (idleWaitThreads) {
                    idleWaitThreads.addFirst(t);
                }
            } else {
                t.close();
            }
        }));
    }

    private CompletableFuture<Capability> newWaitThread() {
        if (closing) {
            return CompletableFuture.failedFuture(closedHere());
        }
        String name = MAIN_THREAD + "-wait-" + waitThreadCount.incrementAndGet();
        return newThread(name).thenApply(t -> {
            synchronized (waitThreadNames) {
                waitThreadNames.put(t, name);
            }
            return t;
        });
    }

    /** @return the name a wait Thread was made with ({@code bitcoinfx-wait-N}, as the node's IPC lines show it), or {@code wait} */
    private String waitThreadName(Capability t) {
        synchronized (waitThreadNames) {
            return waitThreadNames.getOrDefault(t, "wait");
        }
    }

    /**
     * The server Thread for {@code purpose}: made with {@code ThreadMap.makeThread} on first use
     * (and made again if that failed), then kept until {@link #close()}.
     */
    synchronized CompletableFuture<Capability> thread(ServerThread purpose) {
        if (closing) {
            return CompletableFuture.failedFuture(closedHere());
        }
        CompletableFuture<Capability> t = threads.get(purpose);
        if (t == null || t.isCompletedExceptionally()) {
            t = newThread(purpose.threadName());
            threads.put(purpose, t);
        }
        return t;
    }

    private CompletableFuture<Capability> newThread(String name) {
        Request<ProxyCapnp.ThreadMap.MakeThreadParams.Builder, ProxyCapnp.ThreadMap.MakeThreadResults.Reader> req =
                new ProxyCapnp.ThreadMap.Client(threadMap).makeThreadRequest();
        req.params().setName(name);
        return req.sendForResponse().thenApplyInline(r -> {
            try (r) {
                Capability t = r.cap(r.results().getResultCapIndex());
                if (t == null) {
                    throw new IpcException(IpcException.Type.FAILED, "the node returned no Thread from makeThread");
                }
                return t;
            }
        });
    }

    /**
     * {@link ProxyCall#call} on the main server Thread ({@link #MAIN_THREAD}), for the methods that
     * return at once.
     */
    <P, R, T> CompletableFuture<T> onMain(Request<P, R> req, Function<P, ProxyCapnp.Context.Builder> context,
            java.util.function.Consumer<P> params, Function<R, T> decode) {
        return ProxyCall.call(req, context, mainThread, MAIN_THREAD, params, decode);
    }

    /** {@link #onMain(Request, Function, java.util.function.Consumer, Function)} with no params but the context. */
    <P, R, T> CompletableFuture<T> onMain(Request<P, R> req, Function<P, ProxyCapnp.Context.Builder> context, Function<R, T> decode) {
        return ProxyCall.call(req, context, mainThread, MAIN_THREAD, decode);
    }

    /**
     * {@link ProxyCall#call} on a wait Thread of its own ({@link #withWaitThread}), labelled
     * with that Thread's name ({@code bitcoinfx-wait-N}), for the methods that block in the node ({@code waitTipChanged},
     * {@code createNewBlock}, {@code waitNext}).
     */
    <P, R, T> CompletableFuture<T> onWait(java.util.function.Supplier<Request<P, R>> req, Function<P, ProxyCapnp.Context.Builder> context,
            java.util.function.Consumer<P> params, Function<Response<R>, T> decode) {
        return withWaitThread(thread -> ProxyCall.send(req.get(), context, thread, waitThreadName(thread), params).thenApplyInline(decode));
    }

    /** @return true once {@link #close()} began */
    boolean isClosing() {
        return closing;
    }

    /** The error of a call made after {@link #close()} began. */
    static DisconnectedException closedHere() {
        return new DisconnectedException("the connection was closed by this client");
    }

    /** Sets {@code context.thread} of a params struct to {@code thread}. */
    static void context(Request<?, ?> req, ProxyCapnp.Context.Builder ctx, Capability thread) {
        ctx.setThreadCapIndex(req.addCap(thread));
    }

    /** Reads the capability at {@code index} of a response, or fails if it is null. */
    static Capability requireCap(Response<?> r, int index, String what) {
        Capability c = r.cap(index);
        if (c == null) {
            throw new IpcException(IpcException.Type.FAILED, what + " returned a null capability");
        }
        return c;
    }

    /** Maps an UNIMPLEMENTED reply to {@link OldNodeException}. */
    static Throwable oldNode(Throwable t) {
        Throwable c = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
        if (c instanceof IpcException e && e.type() == IpcException.Type.UNIMPLEMENTED) {
            return new OldNodeException(e);
        }
        return c;
    }

    @Override
    public CompletableFuture<String> echo(String text) {
        return echo(ServerThread.MAIN, text);
    }

    /** {@inheritDoc} The Echo is made ({@code Init.makeEcho}) on the first call's Thread and kept. */
    @Override
    public CompletableFuture<String> echo(ServerThread on, String text) {
        CompletableFuture<Capability> echoCap;
        synchronized (this) {
            if (echo == null || echo.isCompletedExceptionally()) {
                echo = thread(on).thenCompose(t -> {
                    Request<InitCapnp.Init.MakeEchoParams.Builder, InitCapnp.Init.MakeEchoResults.Reader> req = initClient.makeEchoRequest();
                    context(req, req.params().initContext(), t);
                    req.threadLabel(on.threadName());
                    return req.sendForResponse().thenApplyInline(r -> {
                        try (r) {
                            return requireCap(r, r.results().getResultCapIndex(), "Init.makeEcho");
                        }
                    });
                });
            }
            echoCap = echo;
        }
        return echoCap.thenCompose(cap -> thread(on).thenCompose(t -> ProxyCall.call(new EchoCapnp.Echo.Client(cap).echoRequest(),
                p -> p.initContext(), t, on.threadName(), p -> p.setEcho(text), r -> r.getResult().toString())));
    }

    @Override
    public synchronized Mining mining() {
        if (mining == null) {
            mining = new IpcMining(this, initClient);
        }
        return mining;
    }

    @Override
    public RpcClient rpc() {
        return rpc(ServerThread.MAIN);
    }

    /** {@inheritDoc} All of them share one {@code Rpc} capability ({@code Init.makeRpc}, made on the main Thread). */
    @Override
    public synchronized RpcClient rpc(ServerThread on) {
        return rpcs.computeIfAbsent(on, t -> new IpcRpc(this, rpcCap, t));
    }

    /**
     * Runs {@code call} after the secret calls before it have ended (see {@link RpcClient#callSecret}):
     * their switching of the node's ipc logging must not interleave.
     */
    synchronized <T> CompletableFuture<T> oneSecretAtATime(java.util.function.Supplier<CompletableFuture<T>> call) {
        CompletableFuture<T> mine = secretCalls.handle((v, e) -> (Void) null).thenCompose(x -> call.get());
        secretCalls = mine;
        return mine;
    }

    /** @return the next JSON-RPC request id of this connection: 1, 2, … */
    long nextRpcId() {
        return rpcIds.incrementAndGet();
    }

    private CompletableFuture<Capability> makeRpc() {
        Request<InitCapnp.Init.MakeRpcParams.Builder, InitCapnp.Init.MakeRpcResults.Reader> req = initClient.makeRpcRequest();
        context(req, req.params().initContext(), mainThread);
        req.threadLabel(MAIN_THREAD);
        return req.sendForResponse().thenApplyInline(r -> {
            try (r) {
                return requireCap(r, r.results().getResultCapIndex(), "Init.makeRpc");
            }
        });
    }

    /** Calls {@code Init.makeMiningOld2 @2}, which current nodes refuse; for the conformance check. */
    public CompletableFuture<Void> makeMiningOld2() {
        return initClient.makeMiningOld2Request().sendForResponse().thenAccept(Response::close);
    }

    /**
     * {@code Echo.destroy} of the Echo this client keeps (made by the first {@link #echo}); the next
     * {@link #echo} makes a new one. For the conformance check ({@code interface_ipc.py run_echo_test}).
     *
     * @return completes when the node destroyed it (at once if no Echo was made); fails with the node's error
     */
    public CompletableFuture<Void> destroyEcho() {
        CompletableFuture<Capability> e;
        synchronized (this) {
            e = echo;
            echo = null;
        }
        if (e == null) {
            return CompletableFuture.completedFuture(null);
        }
        return e.thenCompose(cap -> onMain(new EchoCapnp.Echo.Client(cap).destroyRequest(), p -> p.initContext(), r -> (Void) null)
                .whenComplete((v, x) -> cap.close()));
    }

    /**
     * {@code ThreadMap.makePool @1}: the node makes {@code count} server threads for this connection,
     * which run every call whose {@code Context.thread} is null (MP {@code proxy.capnp},
     * {@code type-context.h}). A connection has at most one pool.
     *
     * @return completes when the pool exists; fails with the node's error (a second pool, an old libmultiprocess: UNIMPLEMENTED)
     */
    public CompletableFuture<Void> makePool(int count) {
        if (closing) {
            return CompletableFuture.failedFuture(closedHere());
        }
        Request<ProxyCapnp.ThreadMap.MakePoolParams.Builder, ProxyCapnp.ThreadMap.MakePoolResults.Reader> req =
                new ProxyCapnp.ThreadMap.Client(threadMap).makePoolRequest();
        req.params().setCount(count);
        req.threadLabel("pool");
        return req.sendForResponse().thenAccept(Response::close);
    }

    /**
     * {@code Echo.echo} with {@code Context.thread} left null: the node runs it on the connection's
     * pool ({@link #makePool}), or fails it with "no thread specified and no pool configured". The
     * Echo itself is made as by {@link #echo}. For the conformance check.
     */
    public CompletableFuture<String> echoWithoutThread(String text) {
        return echo("").thenCompose(x -> {
            CompletableFuture<Capability> e;
            synchronized (this) {
                e = echo;
            }
            return e.thenCompose(cap -> {
                Request<EchoCapnp.Echo.EchoParams.Builder, EchoCapnp.Echo.EchoResults.Reader> req = new EchoCapnp.Echo.Client(cap).echoRequest();
                req.params().initContext();
                req.params().setEcho(text);
                req.threadLabel("pool");
                return req.sendForResponse().thenApplyInline(r -> {
                    try (r) {
                        return r.results().getResult().toString();
                    }
                });
            });
        });
    }

    /** Calls Init method {@code @ordinal} with empty params; for the conformance check of unknown ordinals. */
    public CompletableFuture<Void> callInitOrdinal(short ordinal) {
        return init.newCall(InitCapnp.Init.TYPE_ID, ordinal, "Init", "@" + ordinal,
                InitCapnp.Init.MakeMiningOld2Params.factory, InitCapnp.Init.MakeMiningOld2Results.factory)
                .sendForResponse().thenAccept(Response::close);
    }

    @Override
    public void addListener(IpcListener listener) {
        connection.addListener(listener);
    }

    @Override
    public void removeListener(IpcListener listener) {
        connection.removeListener(listener);
    }

    @Override
    public CompletableFuture<Void> closed() {
        return connection.closed();
    }

    @Override
    public boolean isOpen() {
        return connection.isOpen();
    }

    @Override
    public void close() {
        if (!connection.isOpen()) {
            return;
        }
        synchronized (this) {
            closing = true;
            if (echo != null && echo.isDone() && !echo.isCompletedExceptionally()) {
                Capability e = echo.join();
                try {
                    onMain(new EchoCapnp.Echo.Client(e).destroyRequest(), p -> p.initContext(), r -> null).get(2, TimeUnit.SECONDS);
                } catch (Exception ex) {
                    org.slf4j.LoggerFactory.getLogger(IpcNodeClient.class).debug("Echo.destroy on close failed", ex);
                }
                e.close();
            }
            if (mining != null) {
                mining.releaseCapability();
            }
            rpcCap.release();
            threads.forEach((purpose, t) -> {
                if (purpose != ServerThread.MAIN && t.isDone() && !t.isCompletedExceptionally()) {
                    t.join().close();
                }
            });
            threads.clear();
        }
        synchronized (idleWaitThreads) {
            idleWaitThreads.forEach(Capability::close);
            idleWaitThreads.clear();
        }
        mainThread.close();
        threadMap.close();
        init.close();
        connection.close();
    }
}
