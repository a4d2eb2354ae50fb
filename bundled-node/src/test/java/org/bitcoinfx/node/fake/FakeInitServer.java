package org.bitcoinfx.node.fake;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.bitcoinfx.ipc.IpcException;
import org.bitcoinfx.ipc.RemoteException;
import org.bitcoinfx.ipc.rpc.CallContext;
import org.bitcoinfx.ipc.rpc.Capability;
import org.bitcoinfx.ipc.schema.EchoCapnp;
import org.bitcoinfx.ipc.schema.InitCapnp;
import org.bitcoinfx.ipc.schema.ProxyCapnp;
import org.bitcoinfx.ipc.schema.RpcCapnp;

/**
 * The fake node's bootstrap capability, one per connection: {@code Init} as bitcoin-node serves it
 * (BC {@code src/ipc/capnp/init.capnp}, {@code src/interfaces/init.h}) with libmultiprocess's
 * conventions (MP {@code proxy.capnp}, {@code type-context.h}): {@code construct} hands out the
 * connection's {@code ThreadMap}; {@code makeThread} makes {@code Thread}s; every method with a
 * {@code Context} runs on {@code context.thread}, calls on one Thread one at a time in FIFO order;
 * a null thread fails with "no thread specified and no pool configured", before the method runs,
 * unless {@code makePool} made a pool (count above 0); a thread that is not one of ours fails with
 * "invalid thread handle";
 * {@code makeMiningOld2} fails as v31 does; unknown ordinals answer UNIMPLEMENTED.
 */
final class FakeInitServer extends InitCapnp.Init.Server {
    private final FakeNodeState node;
    private final FakeThreadMap threadMap;

    FakeInitServer(FakeNodeState node) {
        this.node = node;
        this.threadMap = new FakeThreadMap(node);
    }

    /** A C++ {@code std::exception} as Cap'n Proto sends it: FAILED {@code "std::exception: " + what}. */
    static RemoteException stdException(String what) {
        return new RemoteException(IpcException.Type.FAILED, "std::exception: " + what);
    }

    /**
     * Runs {@code work} on the Thread that {@code ctx.thread} names, after the calls queued on it.
     *
     * @param c   the served call (to read the thread capability)
     * @param ctx the call's Context
     */
    static CompletableFuture<Void> onThread(CallContext.Typed<?, ?> c, ProxyCapnp.Context.Reader ctx, FakeThreadMap map,
                                            Supplier<CompletableFuture<Void>> work) {
        Capability cap = c.paramCap(ctx.getThreadCapIndex());
        if (cap == null) {
            if (map != null && map.pool != null) {
                return map.pool.run(typeName(c), work);
            }
            return CompletableFuture.failedFuture(stdException("no thread specified and no pool configured"));
        }
        try {
            if (cap.localServer().orElse(null) instanceof FakeThread t) {
                return t.run(typeName(c), work);
            }
            return CompletableFuture.failedFuture(stdException("invalid thread handle"));
        } finally {
            cap.close();
        }
    }

    /**
     * {@code Interface.method} of a call, as libmultiprocess's {@code TypeName<Params>} shows it in the node's IPC
     * lines ({@code Rpc.executeRpc$Params}): from the generated params class ({@code RpcCapnp.Rpc.ExecuteRpcParams.Reader}).
     */
    static String typeName(CallContext.Typed<?, ?> c) {
        Class<?> params = c.params().getClass().getDeclaringClass(); // ExecuteRpcParams
        String p = params.getSimpleName();
        String m = p.endsWith("Params") ? p.substring(0, p.length() - "Params".length()) : p;
        return params.getDeclaringClass().getSimpleName() + "." + Character.toLowerCase(m.charAt(0)) + m.substring(1);
    }

    @Override
    protected CompletableFuture<Void> construct(CallContext.Typed<InitCapnp.Init.ConstructParams.Reader, InitCapnp.Init.ConstructResults.Builder> c) {
        Capability theirs = c.paramCap(c.params().getThreadMapCapIndex());
        if (theirs != null) {
            theirs.close(); // the client's own ThreadMap (bitcoin-cli sends one): the fake never calls back
        }
        c.results().setThreadMapCapIndex(c.addResultCap(Capability.local(threadMap)));
        long req = FakeThread.REQUESTS.incrementAndGet(); // inline on the loop, as MP serves construct: no post line
        node.ipcDebug("IPC server recv request  #" + req + " Init.construct$Params");
        node.ipcDebug("IPC server send response #" + req + " Init.construct$Results");
        return CompletableFuture.completedFuture(null);
    }

    @Override
    protected CompletableFuture<Void> makeEcho(CallContext.Typed<InitCapnp.Init.MakeEchoParams.Reader, InitCapnp.Init.MakeEchoResults.Builder> c) {
        return onThread(c, c.params().getContext(), threadMap, () -> {
            c.results().setResultCapIndex(c.addResultCap(Capability.local(new FakeEcho(threadMap))));
            return CompletableFuture.completedFuture(null);
        });
    }

    @Override
    protected CompletableFuture<Void> makeMining(CallContext.Typed<InitCapnp.Init.MakeMiningParams.Reader, InitCapnp.Init.MakeMiningResults.Builder> c) {
        return onThread(c, c.params().getContext(), threadMap, () -> {
            c.results().setResultCapIndex(c.addResultCap(Capability.local(new FakeMiningServer(node, threadMap))));
            return CompletableFuture.completedFuture(null);
        });
    }

    @Override
    protected CompletableFuture<Void> makeRpc(CallContext.Typed<InitCapnp.Init.MakeRpcParams.Reader, InitCapnp.Init.MakeRpcResults.Builder> c) {
        return onThread(c, c.params().getContext(), threadMap, () -> {
            c.results().setResultCapIndex(c.addResultCap(Capability.local(new FakeRpc(node, threadMap))));
            return CompletableFuture.completedFuture(null);
        });
    }

    @Override
    protected CompletableFuture<Void> makeMiningOld2(CallContext.Typed<InitCapnp.Init.MakeMiningOld2Params.Reader, InitCapnp.Init.MakeMiningOld2Results.Builder> c) {
        return CompletableFuture.failedFuture(stdException("Old mining interface (@2) not supported. Please update your client!"));
    }

    /** {@code mp.ThreadMap}: one per connection. */
    static final class FakeThreadMap extends ProxyCapnp.ThreadMap.Server {
        private final FakeNodeState node;
        private volatile FakeThread pool;

        FakeThreadMap(FakeNodeState node) {
            this.node = node;
        }

        @Override
        protected CompletableFuture<Void> makeThread(CallContext.Typed<ProxyCapnp.ThreadMap.MakeThreadParams.Reader, ProxyCapnp.ThreadMap.MakeThreadResults.Builder> c) {
            c.results().setResultCapIndex(c.addResultCap(Capability.local(new FakeThread(c.params().getName().toString(), node))));
            return CompletableFuture.completedFuture(null);
        }

        /**
         * As MP {@code ProxyServer<ThreadMap>::makePool} ({@code src/mp/proxy.cpp}): refused once the
         * connection has a pool; {@code count} 0 (empty params) makes no threads and so no pool.
         * The pool is one FakeThread whatever the count.
         */
        @Override
        protected synchronized CompletableFuture<Void> makePool(CallContext.Typed<ProxyCapnp.ThreadMap.MakePoolParams.Reader, ProxyCapnp.ThreadMap.MakePoolResults.Builder> c) {
            if (pool != null) {
                return CompletableFuture.failedFuture(stdException("makePool called on connection with existing pool"));
            }
            if (c.params().getCount() == 0) {
                return CompletableFuture.completedFuture(null);
            }
            pool = new FakeThread("pool", node);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        protected void released() {
            FakeThread p = pool;
            if (p != null) {
                p.released();
            }
        }
    }

    /**
     * {@code mp.Thread}: a thread of its own ({@code bitcoin-node (from NAME)}, as MP
     * {@code ProxyServer<ThreadMap>::makeThread} names it) that runs the calls given to it one at a
     * time, in arrival order ({@code ProxyServer<Thread>::post}, {@code Waiter}). A call keeps its
     * Thread busy until its future completes, as a blocking C++ method keeps its thread (a
     * {@code waitTipChanged} occupies its Thread for the whole wait); calls on other Threads run
     * meanwhile. The thread ends when the last reference to the Thread goes.
     */
    static final class FakeThread extends ProxyCapnp.Thread.Server {
        private static final java.util.concurrent.atomic.AtomicLong REQUESTS = new java.util.concurrent.atomic.AtomicLong();
        private final String name;
        private final FakeNodeState node;
        private final java.util.concurrent.ExecutorService thread;
        private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
        /** Requests queued and not started, and those executing: once the Thread is released (the client went away) both are canceled. */
        private final java.util.Set<Long> queued = new java.util.HashSet<>();
        private final java.util.Set<Long> executing = new java.util.HashSet<>();
        private boolean canceled;

        private static final java.util.concurrent.atomic.AtomicLong IDS = new java.util.concurrent.atomic.AtomicLong(1000);
        private final long id = IDS.incrementAndGet();

        FakeThread(String name, FakeNodeState node) {
            this.name = name;
            this.node = node;
            this.thread = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "bitcoin-node (from " + name + ")");
                t.setDaemon(true);
                return t;
            });
        }

        /**
         * Queues {@code work} after the calls before it; it runs on this Thread's own thread. With {@code -debug=ipc} at
         * start, logs the call's recv, post, executing and send-response (or error) lines as a real node does
         * ({@link FakeNodeState#ipcDebug}; the format held to a real node by {@code RealNodeIpcLinesTest}).
         *
         * @param type the call's {@code Interface.method}
         */
        synchronized CompletableFuture<Void> run(String type, Supplier<CompletableFuture<Void>> work) {
            long req = REQUESTS.incrementAndGet();
            long pid = ProcessHandle.current().pid();
            String worker = "bitcoin-node-" + pid + "/b-capnp-loop-" + id + " (from " + name + ")";
            node.ipcDebug("IPC server recv request  #" + req + " " + type + "$Params");
            node.ipcDebug("IPC server post request  #" + req + " {" + worker + "}");
            queued.add(req);
            node.countPostedCall();
            CompletableFuture<Void> mine = tail.handle((v, e) -> (Void) null).thenCompose(x -> node.answering()).thenComposeAsync(x -> {
                synchronized (this) {
                    if (!queued.remove(req)) { // canceled before it could be executed: MP does not invoke it
                        return CompletableFuture.<Void>failedFuture(new IllegalStateException("canceled"));
                    }
                    executing.add(req);
                }
                node.ipcDebugOn(worker, "IPC server executing request #" + req);
                CompletableFuture<Void> f;
                try {
                    f = work.get();
                    f = f != null ? f : CompletableFuture.<Void>failedFuture(new IllegalStateException("no result"));
                } catch (RuntimeException e) {
                    f = CompletableFuture.<Void>failedFuture(e);
                }
                return f.whenComplete((v, e) -> {
                    if (e == null) {
                        node.ipcDebug("IPC server send response #" + req + " " + type + "$Results");
                    } else {
                        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                        node.ipcError("IPC server error request #" + req + " " + type + "$Results kj::Exception: "
                                + (cause instanceof org.bitcoinfx.ipc.RemoteException re ? re.reason() : cause.getMessage()));
                    }
                    boolean wasCanceled;
                    synchronized (this) {
                        executing.remove(req);
                        wasCanceled = canceled;
                    }
                    if (wasCanceled) {
                        // MP type-context.h: the method returns, finds its request canceled and logs InterruptException
                        node.log().info("ipc: {bitcoin-node-" + ProcessHandle.current().pid() + "/" + Thread.currentThread().getName()
                                + "} IPC server request #" + req + " interrupted (canceled)");
                    }
                });
            }, thread);
            tail = mine;
            return mine;
        }

        @Override
        protected CompletableFuture<Void> getName(CallContext.Typed<ProxyCapnp.Thread.GetNameParams.Reader, ProxyCapnp.Thread.GetNameResults.Builder> c) {
            c.results().setResult(name);
            return CompletableFuture.completedFuture(null);
        }

        /**
         * The client's last reference went (it released the Thread, or its connection closed): a call
         * executing now is canceled, as MP's cancel monitor logs it ({@code type-context.h}), and
         * logs "interrupted (canceled)" when it returns; a call queued behind it is canceled before it
         * could be executed and never runs. (MP cancels per request, when its caller drops it or the
         * connection goes; the fake ties it to the Thread's release, which the app's client makes only
         * when its connection goes.)
         */
        @Override
        protected void released() {
            long pid = ProcessHandle.current().pid();
            synchronized (this) {
                canceled = true;
                for (long req : executing) {
                    node.log().info("ipc: {bitcoin-node-" + pid + "/b-capnp-loop-" + pid + "} IPC server request #" + req + " canceled while executing.");
                }
                for (long req : queued) {
                    node.log().info("ipc: {bitcoin-node-" + pid + "/b-capnp-loop-" + pid + "} IPC server request #" + req
                            + " canceled before it could be executed");
                }
                queued.clear();
            }
            thread.shutdown(); // the thread ends after what it runs now
        }
    }

    /** {@code Echo} (BC {@code src/ipc/capnp/echo.capnp}). */
    static final class FakeEcho extends EchoCapnp.Echo.Server {
        private final FakeThreadMap map;
        private volatile boolean destroyed;

        FakeEcho(FakeThreadMap map) {
            this.map = map;
        }

        @Override
        protected CompletableFuture<Void> echo(CallContext.Typed<EchoCapnp.Echo.EchoParams.Reader, EchoCapnp.Echo.EchoResults.Builder> c) {
            return onThread(c, c.params().getContext(), map, () -> {
                if (destroyed) {
                    return CompletableFuture.failedFuture(stdException("Echo object already destroyed"));
                }
                c.results().setResult(c.params().getEcho().toString());
                return CompletableFuture.completedFuture(null);
            });
        }

        @Override
        protected CompletableFuture<Void> destroy(CallContext.Typed<EchoCapnp.Echo.DestroyParams.Reader, EchoCapnp.Echo.DestroyResults.Builder> c) {
            return onThread(c, c.params().getContext(), map, () -> {
                destroyed = true;
                return CompletableFuture.completedFuture(null);
            });
        }
    }

    /** {@code Rpc.executeRpc} (BC {@code src/ipc/capnp/rpc.capnp}) over {@link FakeRpcHandlers}. */
    static final class FakeRpc extends RpcCapnp.Rpc.Server {
        private static final java.util.concurrent.atomic.AtomicLong REQUESTS = new java.util.concurrent.atomic.AtomicLong();
        private final FakeNodeState node;
        private final FakeThreadMap map;

        FakeRpc(FakeNodeState node, FakeThreadMap map) {
            this.node = node;
            this.map = map;
        }

        @Override
        protected CompletableFuture<Void> executeRpc(CallContext.Typed<RpcCapnp.Rpc.ExecuteRpcParams.Reader, RpcCapnp.Rpc.ExecuteRpcResults.Builder> c) {
            traceRequest(c.params());
            return onThread(c, c.params().getContext(), map, () -> {
                String request = c.params().getRequest().toString();
                String uri = c.params().getUri().toString();
                node.log().debug("rpc", "ThreadRPCServer method=" + methodOf(request) + " uri=" + uri);
                c.results().setResult(node.rpc().execute(request, uri));
                return CompletableFuture.completedFuture(null);
            });
        }

        /**
         * With ipc trace logging, the call's params as libmultiprocess logs them on receipt (MP
         * {@code proxy-types.h} {@code serverInvoke}: {@code "request data: " << LogEscape(params.toString(), 200)}),
         * request JSON included.
         */
        private void traceRequest(RpcCapnp.Rpc.ExecuteRpcParams.Reader p) {
            if (!node.ipcTraceLoop() || !node.log().traceEnabled("ipc")) {
                return;
            }
            long pid = ProcessHandle.current().pid();
            String params = "(context = (thread = <external capability>), request = \""
                    + p.getRequest().toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\", uri = \"" + p.getUri()
                    + "\", user = \"" + p.getUser() + "\")";
            node.log().info("[ipc:trace] {bitcoin-node-" + pid + "/b-capnp-loop-" + pid + "} IPC server recv request  #"
                    + REQUESTS.incrementAndGet() + " ExecuteRpcParams");
            node.log().info("[ipc:trace] {bitcoin-node-" + pid + "/b-capnp-loop-" + pid + "} request data: " + logEscape(params, 200));
        }

        /** MP {@code LogEscape}: backslashes doubled, bytes outside 0x20–0x7e as {@code \xx}, cut after {@code max} chars with "...". */
        static String logEscape(String s, int max) {
            StringBuilder b = new StringBuilder();
            for (byte x : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                int c = x & 0xff;
                if (c == '\\') {
                    b.append("\\\\");
                } else if (c < 0x20 || c > 0x7e) {
                    b.append(String.format("\\%02x", c));
                } else {
                    b.append((char) c);
                }
                if (b.length() > max) {
                    return b.append("...").toString();
                }
            }
            return b.toString();
        }

        private static String methodOf(String request) {
            int i = request.indexOf("\"method\"");
            if (i < 0) {
                return "?";
            }
            int q1 = request.indexOf('"', request.indexOf(':', i) + 1);
            int q2 = q1 < 0 ? -1 : request.indexOf('"', q1 + 1);
            return q1 < 0 || q2 < 0 ? "?" : request.substring(q1 + 1, q2);
        }
    }
}
