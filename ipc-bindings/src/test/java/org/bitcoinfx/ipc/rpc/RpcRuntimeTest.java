package org.bitcoinfx.ipc.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.bitcoinfx.ipc.DisconnectedException;
import org.bitcoinfx.ipc.IpcException;
import org.bitcoinfx.ipc.RemoteException;
import org.bitcoinfx.ipc.rpc.schema.CapnpRpc;
import org.bitcoinfx.ipc.rpc.transport.Frames;
import org.bitcoinfx.ipc.schema.EchoCapnp;
import org.bitcoinfx.ipc.schema.InitCapnp;
import org.bitcoinfx.ipc.schema.MiningCapnp;
import org.bitcoinfx.ipc.schema.ProxyCapnp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketPair;

/**
 * Conformance of the two-party RPC runtime against an in-process server built from the generated
 * skeletons ({@code Fake…}), two {@link RpcConnection}s over a Unix socket pair.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class RpcRuntimeTest {
    private static final long WAIT_MS = 5000;

    // ---- fakes --------------------------------------------------------------------------------

    static final class FakeThread extends ProxyCapnp.Thread.Server {
        final String name;

        FakeThread(String name) {
            this.name = name;
        }

        @Override
        protected CompletableFuture<Void> getName(CallContext.Typed<ProxyCapnp.Thread.GetNameParams.Reader, ProxyCapnp.Thread.GetNameResults.Builder> c) {
            c.results().setResult(name);
            return CompletableFuture.completedFuture(null);
        }
    }

    static final class FakeThreadMap extends ProxyCapnp.ThreadMap.Server {
        volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);
        volatile String refuse;
        volatile IpcException.Type refuseType = IpcException.Type.FAILED;
        final AtomicInteger released = new AtomicInteger();
        final List<String> names = new CopyOnWriteArrayList<>();

        @Override
        protected CompletableFuture<Void> makeThread(CallContext.Typed<ProxyCapnp.ThreadMap.MakeThreadParams.Reader, ProxyCapnp.ThreadMap.MakeThreadResults.Builder> c) {
            if (refuse != null) {
                if (refuseType != IpcException.Type.FAILED) {
                    return CompletableFuture.failedFuture(new RemoteException(refuseType, refuse));
                }
                throw new IllegalStateException(refuse);
            }
            String name = c.params().getName().toString();
            names.add(name);
            return gate.thenRun(() -> c.results().setResultCapIndex(c.addResultCap(Capability.local(new FakeThread(name)))));
        }

        @Override
        protected void released() {
            released.incrementAndGet();
        }
    }

    static final class FakeEcho extends EchoCapnp.Echo.Server {
        final AtomicInteger released = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();
        final List<CapHook> threadsSeen = new CopyOnWriteArrayList<>();
        final List<String> texts = new CopyOnWriteArrayList<>();

        @Override
        protected CompletableFuture<Void> echo(CallContext.Typed<EchoCapnp.Echo.EchoParams.Reader, EchoCapnp.Echo.EchoResults.Builder> c) {
            calls.incrementAndGet();
            String text = c.params().getEcho().toString();
            texts.add(text);
            Capability thread = c.paramCap(c.params().getContext().getThreadCapIndex());
            if (thread != null) {
                threadsSeen.add(thread.hook.resolvedHook());
            }
            switch (text) {
                case "boom" -> {
                    closeQuietly(thread);
                    throw new IllegalStateException("boom");
                }
                case "overloaded" -> {
                    closeQuietly(thread);
                    return CompletableFuture.failedFuture(new RemoteException(IpcException.Type.OVERLOADED, "too busy"));
                }
                case "thread-name" -> {
                    if (thread == null) {
                        return CompletableFuture.failedFuture(new IllegalStateException("no thread"));
                    }
                    return new ProxyCapnp.Thread.Client(thread).getNameRequest().sendForResponse().thenAccept(r -> {
                        try (r) {
                            c.results().setResult(r.results().getResult().toString());
                        }
                    }).whenComplete((v, e) -> thread.close());
                }
                default -> {
                    closeQuietly(thread);
                    c.results().setResult(text);
                    return CompletableFuture.completedFuture(null);
                }
            }
        }

        @Override
        protected CompletableFuture<Void> destroy(CallContext.Typed<EchoCapnp.Echo.DestroyParams.Reader, EchoCapnp.Echo.DestroyResults.Builder> c) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        protected void released() {
            released.incrementAndGet();
        }
    }

    static final class FakeInit extends InitCapnp.Init.Server {
        final FakeThreadMap threadMap = new FakeThreadMap();
        final Capability threadMapCap = Capability.local(threadMap);
        final FakeEcho echo = new FakeEcho();
        final Capability echoCap = Capability.local(echo);
        volatile CompletableFuture<Void> echoGate = CompletableFuture.completedFuture(null);
        volatile CompletableFuture<Void> constructGate = CompletableFuture.completedFuture(null);
        final List<CompletableFuture<Void>> hanging = new CopyOnWriteArrayList<>();
        final List<Capability> clientThreadMaps = new CopyOnWriteArrayList<>();

        @Override
        protected CompletableFuture<Void> construct(CallContext.Typed<InitCapnp.Init.ConstructParams.Reader, InitCapnp.Init.ConstructResults.Builder> c) {
            Capability theirs = c.paramCap(c.params().getThreadMapCapIndex());
            if (theirs != null) {
                clientThreadMaps.add(theirs);
            }
            return constructGate.thenRun(() -> c.results().setThreadMapCapIndex(c.addResultCap(threadMapCap.dup())));
        }

        @Override
        protected CompletableFuture<Void> makeEcho(CallContext.Typed<InitCapnp.Init.MakeEchoParams.Reader, InitCapnp.Init.MakeEchoResults.Builder> c) {
            return echoGate.thenRun(() -> c.results().setResultCapIndex(c.addResultCap(echoCap.dup())));
        }

        /** Never completes on its own: for cancellation and disconnect. */
        @Override
        protected CompletableFuture<Void> makeMining(CallContext.Typed<InitCapnp.Init.MakeMiningParams.Reader, InitCapnp.Init.MakeMiningResults.Builder> c) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            hanging.add(f);
            return f;
        }
    }

    // ---- harness ------------------------------------------------------------------------------

    /** Records every byte a connection writes (whole frames, one or several per write). */
    static final class Tap extends FilterOutputStream {
        final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();

        Tap(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            synchronized (bytes) {
                bytes.write(b, off, len);
            }
            out.write(b, off, len);
        }

        /** The messages written so far, in order. */
        List<CapnpRpc.Message.Reader> messages() {
            byte[] all;
            synchronized (bytes) {
                all = bytes.toByteArray();
            }
            List<CapnpRpc.Message.Reader> l = new ArrayList<>();
            java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(all);
            try {
                Frames.Inbound m;
                while ((m = Frames.read(in)) != null) {
                    l.add(m.message().getRoot(CapnpRpc.Message.factory));
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return l;
        }
    }

    /**
     * Holds reads until opened (to keep Returns from reaching the client): a read that has not
     * begun waits, and bytes a read got while the gate was shut are held until it opens.
     */
    static final class GatedInput extends FilterInputStream {
        volatile CountDownLatch gate = new CountDownLatch(0);

        GatedInput(InputStream in) {
            super(in);
        }

        private void await() throws IOException {
            try {
                gate.await();
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            }
        }

        @Override
        public int read() throws IOException {
            await();
            int r = super.read();
            await();
            return r;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            await();
            int r = super.read(b, off, len);
            await();
            return r;
        }
    }

    final FakeInit init = new FakeInit();
    RpcConnection client;
    RpcConnection server;
    Tap clientTap;
    GatedInput clientIn;

    void connect() throws IOException {
        AFUNIXSocketPair<AFUNIXSocketChannel> pair = AFUNIXSocketPair.open();
        Socket c = pair.getSocket1().socket();
        Socket s = pair.getSocket2().socket();
        clientTap = new Tap(c.getOutputStream());
        clientIn = new GatedInput(c.getInputStream());
        client = new RpcConnection(clientIn, clientTap, c, null);
        server = new RpcConnection(s.getInputStream(), s.getOutputStream(), s, init);
    }

    @AfterEach
    void tearDown() {
        if (clientIn != null) {
            clientIn.gate.countDown();
        }
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(WAIT_MS, TimeUnit.MILLISECONDS);
    }

    static Throwable failureOf(CompletableFuture<?> f) throws Exception {
        try {
            f.get(WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (CancellationException e) {
            return e;
        }
        fail("expected a failure");
        return null;
    }

    static void closeQuietly(Capability c) {
        if (c != null) {
            c.close();
        }
    }

    static void eventually(String what, java.util.function.BooleanSupplier cond) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("timed out waiting for: " + what);
            }
            Thread.sleep(5);
        }
    }

    /** Closes {@code caps}, then waits until both sides' four tables are empty (every Release went through). */
    void closeThenBothTablesEmpty(Capability... caps) throws InterruptedException {
        for (Capability c : caps) {
            c.close();
        }
        eventually("both tables empty", () -> allZero(client.tableSizes()) && allZero(server.tableSizes()));
    }

    static boolean allZero(int[] t) {
        for (int x : t) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    Capability threadMap(Capability initCap) throws Exception {
        var req = new InitCapnp.Init.Client(initCap).constructRequest();
        try (var r = get(req.sendForResponse())) {
            return r.cap(r.results().getThreadMapCapIndex());
        }
    }

    Capability makeThread(Capability threadMap, String name) throws Exception {
        var req = new ProxyCapnp.ThreadMap.Client(threadMap).makeThreadRequest();
        req.params().setName(name);
        try (var r = get(req.sendForResponse())) {
            return r.cap(r.results().getResultCapIndex());
        }
    }

    Capability makeEcho(Capability initCap, Capability thread) throws Exception {
        var req = new InitCapnp.Init.Client(initCap).makeEchoRequest();
        req.params().initContext().setThreadCapIndex(req.addCap(thread));
        try (var r = get(req.sendForResponse())) {
            return r.cap(r.results().getResultCapIndex());
        }
    }

    static CompletableFuture<String> echo(Capability echo, Capability thread, String text) {
        var req = new EchoCapnp.Echo.Client(echo).echoRequest();
        req.params().initContext().setThreadCapIndex(req.addCap(thread));
        req.params().setEcho(text);
        return req.sendForResponse().thenApply(r -> {
            try (r) {
                return r.results().getResult().toString();
            }
        });
    }

    private List<CapnpRpc.Message.Reader> sent(Predicate<CapnpRpc.Message.Reader> p) {
        return clientTap.messages().stream().filter(p).toList();
    }

    // ---- tests --------------------------------------------------------------------------------

    @Test
    void pipelinesACallOnAResultNotYetReturned() throws Exception {
        connect();
        Capability boot = client.bootstrap();
        Capability tm = threadMap(boot);
        Capability thread = makeThread(tm, "main");
        init.echoGate = new CompletableFuture<>();
        var makeEcho = new InitCapnp.Init.Client(boot).makeEchoRequest();
        makeEcho.params().initContext().setThreadCapIndex(makeEcho.addCap(thread));
        RemotePromise<InitCapnp.Init.MakeEchoResults.Reader> promise = makeEcho.send();
        Capability echoPipe = promise.pipelineCap((short) 0);
        CompletableFuture<String> reply = echo(echoPipe, thread, "pipelined");
        // both calls on the wire (the writer thread sends them; the tap records what it wrote), makeEcho's still gated
        eventually("makeEcho and the pipelined call written", () -> sent(m -> m.isCall() && m.getCall().getInterfaceId() == EchoCapnp.Echo.TYPE_ID).size() == 1
                && sent(m -> m.isCall() && m.getCall().getInterfaceId() == InitCapnp.Init.TYPE_ID && m.getCall().getMethodId() == 1).size() == 1);
        assertFalse(promise.response().isDone());
        assertFalse(reply.isDone());
        assertEquals(0, init.echo.calls.get(), "the pipelined call must wait for makeEcho to return");
        // On the wire: a Call targeting promisedAnswer{makeEcho's question, [getPointerField 0]}.
        int makeEchoQ = sent(m -> m.isCall() && m.getCall().getInterfaceId() == InitCapnp.Init.TYPE_ID && m.getCall().getMethodId() == 1)
                .get(0).getCall().getQuestionId();
        List<CapnpRpc.Message.Reader> piped = sent(m -> m.isCall() && m.getCall().getInterfaceId() == EchoCapnp.Echo.TYPE_ID);
        assertEquals(1, piped.size());
        CapnpRpc.MessageTarget.Reader target = piped.get(0).getCall().getTarget();
        assertTrue(target.isPromisedAnswer());
        assertEquals(makeEchoQ, target.getPromisedAnswer().getQuestionId());
        assertEquals(1, target.getPromisedAnswer().getTransform().size());
        assertEquals(0, target.getPromisedAnswer().getTransform().get(0).getGetPointerField());
        init.echoGate.complete(null);
        assertEquals("pipelined", get(reply));
        get(promise.response()).close();
        assertEquals("again", get(echo(echoPipe, thread, "again")), "the pipelined cap resolves to the Echo");
        closeThenBothTablesEmpty(echoPipe, thread, tm, boot);
    }

    /** receiverAnswer in params: the Thread from a makeThread whose Return the client has not seen yet. */
    @Test
    void passesAPipelinedCapabilityInParamsAsReceiverAnswer() throws Exception {
        connect();
        Capability boot = client.bootstrap();
        Capability tm = threadMap(boot);
        Capability main = makeThread(tm, "main");
        Capability echoCap = makeEcho(boot, main);
        clientIn.gate = new CountDownLatch(1); // hold every Return from now on
        var mt = new ProxyCapnp.ThreadMap.Client(tm).makeThreadRequest();
        mt.params().setName("piped-thread");
        RemotePromise<ProxyCapnp.ThreadMap.MakeThreadResults.Reader> made = mt.send();
        Capability pipedThread = made.pipelineCap((short) 0);
        CompletableFuture<String> name = echo(echoCap, pipedThread, "thread-name");
        eventually("the server served the echo call", () -> init.echo.calls.get() == 1);
        clientIn.gate.countDown();
        assertEquals("piped-thread", get(name));
        int mtQ = sent(m -> m.isCall() && m.getCall().getInterfaceId() == ProxyCapnp.ThreadMap.TYPE_ID).get(1).getCall().getQuestionId();
        CapnpRpc.Call.Reader call = sent(m -> m.isCall() && m.getCall().getInterfaceId() == EchoCapnp.Echo.TYPE_ID).get(0).getCall();
        CapnpRpc.CapDescriptor.Reader d = call.getParams().getCapTable().get(0);
        assertTrue(d.isReceiverAnswer(), "context.thread goes out as receiverAnswer: " + d.which());
        assertEquals(mtQ, d.getReceiverAnswer().getQuestionId());
        assertEquals(0, d.getReceiverAnswer().getTransform().get(0).getGetPointerField());
        assertTrue(init.echo.threadsSeen.get(0) instanceof LocalHook l && l.server instanceof FakeThread ft && ft.name.equals("piped-thread"));
        get(made.response()).close();
        closeThenBothTablesEmpty(pipedThread, echoCap, main, tm, boot);
    }

    /**
     * As bitcoin-cli does (ipc-captures/cli-*): the receiverAnswer names a question the server has
     * not answered yet. Cap'n Proto C++ (rpc.c++ receiveCap: answer.pipeline->getPipelinedCap)
     * turns it into a promise that resolves when the answer returns; calls on it wait till then.
     */
    @Test
    void receiverAnswerOnAnUnreturnedServerAnswerIsAPromise() throws Exception {
        connect();
        Capability boot = client.bootstrap();
        Capability tm = threadMap(boot);
        Capability main = makeThread(tm, "main");
        Capability echoCap = makeEcho(boot, main);
        init.threadMap.gate = new CompletableFuture<>();
        var mt = new ProxyCapnp.ThreadMap.Client(tm).makeThreadRequest();
        mt.params().setName("late-thread");
        RemotePromise<ProxyCapnp.ThreadMap.MakeThreadResults.Reader> made = mt.send();
        Capability pipedThread = made.pipelineCap((short) 0);
        CompletableFuture<String> name = echo(echoCap, pipedThread, "thread-name");
        eventually("the server got the echo call", () -> init.echo.calls.get() == 1);
        Thread.sleep(50);
        assertFalse(name.isDone(), "the echo waits for the Thread its context names");
        init.threadMap.gate.complete(null);
        assertEquals("late-thread", get(name));
        CapnpRpc.CapDescriptor.Reader d = sent(m -> m.isCall() && m.getCall().getInterfaceId() == EchoCapnp.Echo.TYPE_ID)
                .get(0).getCall().getParams().getCapTable().get(0);
        assertTrue(d.isReceiverAnswer(), "context.thread went out as receiverAnswer: " + d.which());
        get(made.response()).close();
        closeThenBothTablesEmpty(pipedThread, echoCap, main, tm, boot);
    }

    /**
     * Calls a server makes on a receiverAnswer promise before the answer returns reach the
     * resolution in the order they were made, even when the server dropped its handle meanwhile.
     */
    @Test
    void callsOnAReceiverAnswerPromiseAreDeliveredInOrder() throws Exception {
        connect();
        Capability boot = client.bootstrap();
        init.constructGate = new CompletableFuture<>();
        RemotePromise<InitCapnp.Init.ConstructResults.Reader> first = new InitCapnp.Init.Client(boot).constructRequest().send();
        Capability pipedMap = first.pipelineCap((short) 0);
        var second = new InitCapnp.Init.Client(boot).constructRequest();
        second.params().setThreadMapCapIndex(second.addCap(pipedMap));
        CompletableFuture<Response<InitCapnp.Init.ConstructResults.Reader>> secondDone = second.sendForResponse();
        eventually("the server got the second construct", () -> init.clientThreadMaps.size() == 1);
        Capability promise = init.clientThreadMaps.remove(0);
        assertFalse(promise.isBroken(), "a receiverAnswer on an unreturned answer is a promise, not broken");
        List<CompletableFuture<String>> names = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            var mt = new ProxyCapnp.ThreadMap.Client(promise).makeThreadRequest();
            mt.params().setName("t" + i);
            names.add(mt.sendForResponse().thenCompose(r -> {
                try (r) {
                    Capability t = r.cap(r.results().getResultCapIndex());
                    return new ProxyCapnp.Thread.Client(t).getNameRequest().sendForResponse().thenApply(n -> {
                        try (n) {
                            return n.results().getResult().toString();
                        } finally {
                            t.close();
                        }
                    });
                }
            }));
        }
        promise.close();
        Thread.sleep(50);
        assertEquals(List.of(), init.threadMap.names, "no call reaches the ThreadMap before the answer returns");
        init.constructGate.complete(null);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            expected.add("t" + i);
            assertEquals("t" + i, get(names.get(i)));
        }
        assertEquals(expected, init.threadMap.names, "delivery order");
        get(first.response()).close();
        get(secondDone).close();
        CapnpRpc.CapDescriptor.Reader d = sent(m -> m.isCall() && m.getCall().getInterfaceId() == InitCapnp.Init.TYPE_ID)
                .get(1).getCall().getParams().getCapTable().get(0);
        assertTrue(d.isReceiverAnswer(), d.which().toString());
        pipedMap.close();
        boot.close();
        eventually("both tables empty", () -> allZero(client.tableSizes()) && allZero(server.tableSizes()));
    }

    /** Pipelining on a local call (no connection): calls made before it returns arrive in order. */
    @Test
    void callsPipelinedOnALocalCallAreDeliveredInOrder() throws Exception {
        FakeInit local = new FakeInit();
        local.echoGate = new CompletableFuture<>();
        Capability initCap = Capability.local(local);
        RemotePromise<InitCapnp.Init.MakeEchoResults.Reader> made = new InitCapnp.Init.Client(initCap).makeEchoRequest().send();
        Capability echoPipe = made.pipelineCap((short) 0);
        List<CompletableFuture<String>> replies = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            expected.add("e" + i);
            replies.add(echo(echoPipe, null, "e" + i));
        }
        assertEquals(List.of(), local.echo.texts);
        local.echoGate.complete(null);
        for (int i = 0; i < 20; i++) {
            assertEquals("e" + i, get(replies.get(i)));
        }
        assertEquals(expected, local.echo.texts, "delivery order");
        get(made.response()).close();
        echoPipe.close();
        initCap.close();
    }

    /** A receiverAnswer on an answer that fails: calls on it fail with the answer's exception, type and reason. */
    @Test
    void receiverAnswerOnAFailedAnswerCarriesTheAnswersException() throws Exception {
        connect();
        Capability boot = client.bootstrap();
        Capability tm = threadMap(boot);
        Capability main = makeThread(tm, "main");
        Capability echoCap = makeEcho(boot, main);
        init.threadMap.gate = new CompletableFuture<>();
        var mt = new ProxyCapnp.ThreadMap.Client(tm).makeThreadRequest();
        mt.params().setName("never");
        RemotePromise<ProxyCapnp.ThreadMap.MakeThreadResults.Reader> made = mt.send();
        Capability pipedThread = made.pipelineCap((short) 0);
        CompletableFuture<String> name = echo(echoCap, pipedThread, "thread-name");
        eventually("the server got the echo call", () -> init.echo.calls.get() == 1);
        init.threadMap.gate.completeExceptionally(new RemoteException(IpcException.Type.OVERLOADED, "no threads today"));
        RemoteException e = assertInstanceOf(RemoteException.class, failureOf(name));
        assertEquals(IpcException.Type.OVERLOADED, e.type());
        assertEquals("no threads today", e.reason());
        assertInstanceOf(RemoteException.class, failureOf(made.response()));
        closeThenBothTablesEmpty(pipedThread, echoCap, main, tm, boot);
    }

    /**
     * The reader thread completes response futures itself, but dependents added with the
     * non-async methods run elsewhere, so one that blocks on another call cannot stall the
     * connection; thenApplyInline (the runtime's own decoding) may run on the reader.
     */
    @Test
    void dependentsNeverRunOnTheReaderThreadAndMayBlockOnOtherCalls() throws Exception {
        connect();
        Capability boot = client.bootstrap();
        Capability tm = threadMap(boot);
        Capability main = makeThread(tm, "main");
        Capability e = makeEcho(boot, main);
        clientIn.gate = new CountDownLatch(1); // the Return arrives after the dependents are added
        var req = new EchoCapnp.Echo.Client(e).echoRequest();
        req.params().initContext().setThreadCapIndex(req.addCap(main));
        req.params().setEcho("first");
        IpcFuture<Response<EchoCapnp.Echo.EchoResults.Reader>> response = req.sendForResponse();
        List<String> threads = new CopyOnWriteArrayList<>();
        CompletableFuture<String> inline = response.thenApplyInline(r -> {
            threads.add("inline " + Thread.currentThread().getName());
            return r.results().getResult().toString();
        });
        CompletableFuture<String> blocking = inline.thenApply(v -> {
            threads.add("thenApply " + Thread.currentThread().getName());
            try {
                return v + "+" + get(echo(e, main, "second")); // waits for another Return on this connection
            } catch (Exception x) {
                throw new IllegalStateException(x);
            }
        });
        CompletableFuture<String> composed = inline.thenCompose(v -> {
            threads.add("thenCompose " + Thread.currentThread().getName());
            return echo(e, main, v + "-again");
        });
        CompletableFuture<Object> handled = response.handle((r, x) -> threads.add("handle " + Thread.currentThread().getName()));
        CompletableFuture<?> whenDone = response.whenComplete((r, x) -> threads.add("whenComplete " + Thread.currentThread().getName()));
        Thread.sleep(50);
        assertEquals(List.of(), threads, "nothing runs before the Return");
        clientIn.gate.countDown();
        assertEquals("first+second", get(blocking));
        assertEquals("first-again", get(composed));
        get(handled);
        get(whenDone);
        get(response).close();
        assertEquals(5, threads.size(), threads::toString);
        for (String t : threads) {
            // thenApplyInline may run on the reader (or on a thread helping to complete the future)
            assertTrue(t.startsWith("inline ") || !t.contains("-reader"), "a dependent ran on the reader thread: " + threads);
        }
        assertInstanceOf(IpcFuture.class, blocking, "derived futures keep the guard");
    }

    @Test
    void releasesReachZeroOnBothSidesAndServerReleasedOnce() throws Exception {
        connect();
        Capability boot = client.bootstrap();
        Capability tm = threadMap(boot);
        Capability main = makeThread(tm, "main");
        Capability e1 = makeEcho(boot, main);
        Capability e2 = makeEcho(boot, main); // the same server object, exported twice
        assertEquals("x", get(echo(e1, main, "x")));
        assertEquals("y", get(echo(e2, main, "y")));
        int[] c = client.tableSizes();
        assertEquals(0, c[0], "no questions left open");
        assertEquals(4, c[2], "imports: Init, ThreadMap, Thread, Echo (one entry, received twice)");
        init.echoCap.close(); // the server's own reference: only the client's remain
        for (Capability x : List.of(e1, e2, main, tm, boot)) {
            x.close();
        }
        eventually("both tables empty", () -> allZero(client.tableSizes()) && allZero(server.tableSizes()));
        eventually("Echo released", () -> init.echo.released.get() == 1);
        Thread.sleep(50);
        assertEquals(1, init.echo.released.get(), "Server.released() exactly once");
        List<CapnpRpc.Message.Reader> echoReleases = sent(m -> m.isRelease());
        assertEquals(4, echoReleases.size(), "one Release per import: " + echoReleases.size());
        assertTrue(echoReleases.stream().anyMatch(m -> m.getRelease().getReferenceCount() == 2),
                "the Echo received twice is released with referenceCount 2");
        for (CapnpRpc.Message.Reader m : sent(CapnpRpc.Message.Reader::isFinish)) {
            assertFalse(m.getFinish().getReleaseResultCaps(), "Finish after Return must not release result caps");
        }
    }

    @Test
    void cancelSendsFinishAndCancelsTheServerSide() throws Exception {
        connect();
        Capability boot = client.bootstrap();
        Capability tm = threadMap(boot);
        Capability main = makeThread(tm, "main");
        var req = new InitCapnp.Init.Client(boot).makeMiningRequest();
        req.params().initContext().setThreadCapIndex(req.addCap(main));
        RemotePromise<InitCapnp.Init.MakeMiningResults.Reader> p = req.send();
        eventually("the server got the call", () -> init.hanging.size() == 1);
        p.cancel();
        Throwable t = failureOf(p.response());
        // Documented: CancellationException. Racy in the runtime (see cancelAlwaysFailsWithCancellationException):
        // the peer's "canceled" Return can complete the future first, with IpcException "call canceled".
        assertTrue(t instanceof CancellationException || (t instanceof IpcException i && i.getMessage().contains("canceled")), t::toString);
        eventually("the server-side future is canceled", () -> init.hanging.get(0).isCancelled());
        List<CapnpRpc.Message.Reader> all = clientTap.messages();
        int at = 0;
        while (!(all.get(at).isCall() && all.get(at).getCall().getInterfaceId() == InitCapnp.Init.TYPE_ID && all.get(at).getCall().getMethodId() == 3)) {
            at++;
        }
        int q = all.get(at).getCall().getQuestionId();
        List<CapnpRpc.Message.Reader> finishes = all.subList(at + 1, all.size()).stream()
                .filter(m -> m.isFinish() && m.getFinish().getQuestionId() == q).toList();
        assertEquals(1, finishes.size(), "exactly one Finish for the canceled question");
        eventually("the canceled question is freed", () -> client.tableSizes()[0] == 0 && server.tableSizes()[1] == 0);
        assertEquals("still fine", get(echo(makeEcho(boot, main), main, "still fine")));
    }

    /**
     * RemotePromise.cancel() sends the Finish (and flushes it) before it cancels the future, so the
     * server's {@code canceled} Return can complete the future first with IpcException("call
     * canceled") instead of the documented CancellationException.
     */
    @Test
    void cancelAlwaysFailsWithCancellationException() throws Exception {
        connect();
        Capability boot = client.bootstrap();
        Capability tm = threadMap(boot);
        Capability main = makeThread(tm, "main");
        int other = 0;
        for (int i = 0; i < 200; i++) {
            var req = new InitCapnp.Init.Client(boot).makeMiningRequest();
            req.params().initContext().setThreadCapIndex(req.addCap(main));
            RemotePromise<InitCapnp.Init.MakeMiningResults.Reader> p = req.send();
            int n = i + 1;
            eventually("the server got the call", () -> init.hanging.size() == n);
            p.cancel();
            if (!(failureOf(p.response()) instanceof CancellationException)) {
                other++;
            }
        }
        assertEquals(0, other, "cancellations that failed with something other than CancellationException");
    }

    @Test
    void disconnectMidCallFailsPendingCallsAndEndsThreads() throws Exception {
        connect();
        Capability boot = client.bootstrap();
        Capability tm = threadMap(boot);
        Capability main = makeThread(tm, "main");
        var req = new InitCapnp.Init.Client(boot).makeMiningRequest();
        req.params().initContext().setThreadCapIndex(req.addCap(main));
        CompletableFuture<?> pending = req.sendForResponse();
        eventually("the server got the call", () -> init.hanging.size() == 1);
        server.close();
        assertInstanceOf(DisconnectedException.class, failureOf(pending));
        assertInstanceOf(DisconnectedException.class, failureOf(client.closed()));
        assertNotNull(get(server.closed().handle((v, e) -> "done")));
        assertFalse(client.isOpen());
        eventually("the server-side call is canceled", () -> init.hanging.get(0).isCancelled());
        assertInstanceOf(DisconnectedException.class, failureOf(echo(boot, main, "late")),
                "calls after the disconnect fail at once");
        for (RpcConnection c : List.of(client, server)) {
            Thread reader = readerOf(c);
            reader.join(WAIT_MS);
            assertFalse(reader.isAlive(), reader.getName() + " still running");
        }
        assertArrayEquals(new int[] {0, 0, 0, 0}, client.tableSizes());
    }

    static Thread readerOf(RpcConnection c) throws ReflectiveOperationException {
        java.lang.reflect.Field f = RpcConnection.class.getDeclaredField("reader");
        f.setAccessible(true);
        return (Thread) f.get(c);
    }

    @Test
    void sixteenThreadsTimesTwoHundredEchoes() throws Exception {
        connect();
        Capability boot = client.bootstrap();
        Capability tm = threadMap(boot);
        Capability main = makeThread(tm, "main");
        Capability e = makeEcho(boot, main);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int id = t;
                results.add(pool.submit(() -> {
                    start.await();
                    List<CompletableFuture<String>> fs = new ArrayList<>();
                    for (int i = 0; i < 200; i++) {
                        fs.add(echo(e, main, "t" + id + "-" + i));
                    }
                    int ok = 0;
                    for (int i = 0; i < 200; i++) {
                        assertEquals("t" + id + "-" + i, get(fs.get(i)));
                        ok++;
                    }
                    return ok;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : results) {
                total += f.get(15, TimeUnit.SECONDS);
            }
            assertEquals(3200, total);
            assertEquals(3200, init.echo.calls.get());
        } finally {
            pool.shutdownNow();
        }
        eventually("all questions finished", () -> client.tableSizes()[0] == 0 && server.tableSizes()[1] == 0);
    }

    @Test
    void serverExceptionsReachTheClientWithTypeAndReason() throws Exception {
        connect();
        Capability boot = client.bootstrap();
        Capability tm = threadMap(boot);
        Capability main = makeThread(tm, "main");
        Capability e = makeEcho(boot, main);
        RemoteException boom = assertInstanceOf(RemoteException.class, failureOf(echo(e, main, "boom")));
        assertEquals(IpcException.Type.FAILED, boom.type());
        assertEquals("boom", boom.reason());
        RemoteException busy = assertInstanceOf(RemoteException.class, failureOf(echo(e, main, "overloaded")));
        assertEquals(IpcException.Type.OVERLOADED, busy.type());
        assertEquals("too busy", busy.reason());
        // A call on a pipelined cap of a failed call fails with the same error.
        init.threadMap.refuse = "no threads today";
        var mt = new ProxyCapnp.ThreadMap.Client(tm).makeThreadRequest();
        mt.params().setName("x");
        RemotePromise<ProxyCapnp.ThreadMap.MakeThreadResults.Reader> p = mt.send();
        Capability broken = p.pipelineCap((short) 0);
        var gn = new ProxyCapnp.Thread.Client(broken).getNameRequest();
        IpcException viaPipe = assertInstanceOf(IpcException.class, failureOf(gn.sendForResponse()));
        assertEquals(IpcException.Type.FAILED, viaPipe.type());
        assertEquals("no threads today", assertInstanceOf(RemoteException.class, failureOf(p.response())).reason());
        assertEquals("still", get(echo(e, main, "still")), "the connection survives");
    }

    /**
     * A call pipelined on a question that fails: Cap'n Proto C++ answers it with the question's own
     * exception (rpc.c++ sendErrorReturn keeps answer.pipeline so that pipelined calls "propagate
     * the exception"), type and reason.
     */
    @Test
    void pipelinedCallOnFailedAnswerCarriesTheAnswersException() throws Exception {
        connect();
        Capability boot = client.bootstrap();
        Capability tm = threadMap(boot);
        init.threadMap.refuse = "no threads today";
        init.threadMap.refuseType = IpcException.Type.OVERLOADED;
        clientIn.gate = new CountDownLatch(1); // the client must not see the Return before it pipelines
        var mt = new ProxyCapnp.ThreadMap.Client(tm).makeThreadRequest();
        mt.params().setName("x");
        RemotePromise<ProxyCapnp.ThreadMap.MakeThreadResults.Reader> p = mt.send();
        var gn = new ProxyCapnp.Thread.Client(p.pipelineCap((short) 0)).getNameRequest();
        CompletableFuture<?> piped = gn.sendForResponse();
        eventually("the pipelined getName written", () -> sent(m -> m.isCall() && m.getCall().getInterfaceId() == ProxyCapnp.Thread.TYPE_ID).size() == 1);
        clientIn.gate.countDown();
        RemoteException e = assertInstanceOf(RemoteException.class, failureOf(piped));
        assertEquals("no threads today", e.reason());
        assertEquals(IpcException.Type.OVERLOADED, e.type());
        int mtQ = sent(m -> m.isCall() && m.getCall().getInterfaceId() == ProxyCapnp.ThreadMap.TYPE_ID).get(0).getCall().getQuestionId();
        CapnpRpc.MessageTarget.Reader target = sent(m -> m.isCall() && m.getCall().getInterfaceId() == ProxyCapnp.Thread.TYPE_ID)
                .get(0).getCall().getTarget();
        assertTrue(target.isPromisedAnswer(), "the call went out pipelined, before the Return: " + target.which());
        assertEquals(mtQ, target.getPromisedAnswer().getQuestionId());
        assertEquals(IpcException.Type.OVERLOADED, assertInstanceOf(RemoteException.class, failureOf(p.response())).type());
    }

    @Test
    void clientHostedCapabilityExceptionsReachTheServer() throws Exception {
        connect();
        Capability boot = client.bootstrap();
        FakeThreadMap mine = new FakeThreadMap();
        mine.refuse = "client says no";
        Capability mineCap = Capability.local(mine);
        var req = new InitCapnp.Init.Client(boot).constructRequest();
        req.params().setThreadMapCapIndex(req.addCap(mineCap));
        get(req.sendForResponse()).close();
        assertEquals(1, init.clientThreadMaps.size());
        assertEquals(1, client.tableSizes()[3], "the client exports its ThreadMap");
        Capability theirs = init.clientThreadMaps.get(0);
        var mt = new ProxyCapnp.ThreadMap.Client(theirs).makeThreadRequest();
        mt.params().setName("from-server");
        RemoteException e = assertInstanceOf(RemoteException.class, failureOf(mt.sendForResponse()));
        assertEquals(IpcException.Type.FAILED, e.type());
        assertEquals("client says no", e.reason());
        mine.refuse = null;
        mt = new ProxyCapnp.ThreadMap.Client(theirs).makeThreadRequest();
        mt.params().setName("from-server");
        try (var r = get(mt.sendForResponse())) {
            Capability t = r.cap(r.results().getResultCapIndex());
            var gn = new ProxyCapnp.Thread.Client(t).getNameRequest();
            try (var n = get(gn.sendForResponse())) {
                assertEquals("from-server", n.results().getResult().toString());
            }
            t.close();
        }
        mineCap.close();
        theirs.close();
        init.clientThreadMaps.clear();
        eventually("the server releases the client's export", () -> client.tableSizes()[3] == 0);
        eventually("ThreadMap released on the client", () -> mine.released.get() == 1);
        boot.close();
    }

    @Test
    void unknownMethodAndInterfaceAnswerUnimplementedInTheCppFormat() throws Exception {
        connect();
        Capability boot = client.bootstrap();
        Capability tm = threadMap(boot);
        Capability main = makeThread(tm, "main");
        Capability e = makeEcho(boot, main);
        var call = e.newCall(EchoCapnp.Echo.TYPE_ID, (short) 7, "Echo", "@7",
                EchoCapnp.Echo.DestroyParams.factory, EchoCapnp.Echo.DestroyResults.factory);
        RemoteException u = assertInstanceOf(RemoteException.class, failureOf(call.sendForResponse()));
        assertEquals(IpcException.Type.UNIMPLEMENTED, u.type());
        // The display name as bitcoin-node prints it (capnp/echo.capnp:Echo, checked against the real node).
        assertEquals("Method not implemented.; interfaceName = capnp/echo.capnp:Echo; typeId = 15234421227331863449; methodId = 7", u.reason());
        var wrong = e.newCall(MiningCapnp.Mining.TYPE_ID, (short) 0, "Mining", "isTestChain",
                MiningCapnp.Mining.IsTestChainParams.factory, MiningCapnp.Mining.IsTestChainResults.factory);
        RemoteException w = assertInstanceOf(RemoteException.class, failureOf(wrong.sendForResponse()));
        assertEquals(IpcException.Type.UNIMPLEMENTED, w.type());
        assertEquals("Requested interface not implemented.; actualInterfaceName = capnp/echo.capnp:Echo; requestedTypeId = "
                + Long.toUnsignedString(MiningCapnp.Mining.TYPE_ID), w.reason());
        // A Return, not an Unimplemented message; the connection stays usable.
        assertEquals("ok", get(echo(e, main, "ok")));
        assertThrows(IllegalStateException.class, () -> {
            Capability c = makeEcho(boot, main);
            c.close();
            c.dup();
        });
    }
}
