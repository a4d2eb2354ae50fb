package org.bitcoinfx.ipc.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.DisconnectedException;
import org.bitcoinfx.ipc.IpcException;
import org.bitcoinfx.ipc.RemoteException;
import org.bitcoinfx.ipc.rpc.RpcRuntimeTest.FakeInit;
import org.bitcoinfx.ipc.rpc.schema.CapnpRpc;
import org.bitcoinfx.ipc.rpc.transport.InMemoryTransport;
import org.bitcoinfx.ipc.schema.EchoCapnp;
import org.bitcoinfx.ipc.schema.InitCapnp;
import org.bitcoinfx.ipc.schema.MiningCapnp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two {@link RpcConnection}s over an {@link InMemoryTransport} pair, as capnproto-c++'s
 * {@code rpc-test.c++} runs two vats over its {@code TestNetwork}: bootstrap, a call and its
 * Return, pipelining, the Finish and Release each side sends, and a disconnect failing every
 * pending call. Both ends are tapped ({@link TapStream}), so a test waits until a side has handled
 * a message, never for a while.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class RpcInMemoryTest {
    private static final long WAIT_MS = 5000;

    final FakeInit init = new FakeInit();
    InMemoryTransport.Pair pair;
    TapStream clientTap;
    TapStream serverTap;
    RpcConnection client;
    RpcConnection server;

    void connect(RpcRuntimeTest.FakeInit bootstrap) {
        pair = InMemoryTransport.pair();
        clientTap = new TapStream(pair.a());
        serverTap = new TapStream(pair.b());
        client = new RpcConnection(clientTap, null);
        server = new RpcConnection(serverTap, bootstrap);
    }

    @AfterEach
    void tearDown() {
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

    /** Waits until {@code side} has handled {@code count} messages of a kind. */
    static void handled(TapStream side, java.util.function.Predicate<CapnpRpc.Message.Reader> which, int count) throws Exception {
        get(side.handled(which, count));
    }

    /** Calls Echo.echo on {@code echo} (no thread: the fake does not need one) and returns the reply. */
    static CompletableFuture<String> echo(Capability echo, String text) {
        var req = new EchoCapnp.Echo.Client(echo).echoRequest();
        req.params().setEcho(text);
        return req.sendForResponse().thenApply(r -> {
            try (r) {
                return r.results().getResult().toString();
            }
        });
    }

    static Capability makeEcho(Capability boot) throws Exception {
        var req = new InitCapnp.Init.Client(boot).makeEchoRequest();
        try (var r = get(req.sendForResponse())) {
            return r.cap(r.results().getResultCapIndex());
        }
    }

    /** The Release counts {@code tap}'s side sent, summed by import ID. */
    static Map<Integer, Integer> releases(TapStream tap) {
        Map<Integer, Integer> byId = new HashMap<>();
        for (CapnpRpc.Message.Reader m : tap.sent(CapnpRpc.Message.Reader::isRelease)) {
            byId.merge(m.getRelease().getId(), m.getRelease().getReferenceCount(), Integer::sum);
        }
        return byId;
    }

    // ---- tests --------------------------------------------------------------------------------

    @Test
    void bootstrapsAndCallsAndTheReturnComesBack() throws Exception {
        connect(init);
        Capability boot = client.bootstrap();
        Capability echo = makeEcho(boot);
        assertEquals("hello", get(echo(echo, "hello")));
        // On the wire: Bootstrap, then Calls whose Returns each got a Finish with releaseResultCaps=false.
        List<CapnpRpc.Message.Reader> sent = clientTap.sent();
        assertTrue(sent.get(0).isBootstrap(), sent.get(0).which()::toString);
        int bootQ = sent.get(0).getBootstrap().getQuestionId();
        List<CapnpRpc.Message.Reader> calls = clientTap.sent(CapnpRpc.Message.Reader::isCall);
        assertEquals(2, calls.size());
        assertEquals(InitCapnp.Init.TYPE_ID, calls.get(0).getCall().getInterfaceId());
        assertEquals(EchoCapnp.Echo.TYPE_ID, calls.get(1).getCall().getInterfaceId());
        handled(serverTap, CapnpRpc.Message.Reader::isFinish, 3);
        List<CapnpRpc.Message.Reader> finishes = clientTap.sent(CapnpRpc.Message.Reader::isFinish);
        assertEquals(3, finishes.size(), "one Finish per question: bootstrap, makeEcho, echo");
        assertEquals(bootQ, finishes.get(0).getFinish().getQuestionId());
        for (CapnpRpc.Message.Reader f : finishes) {
            assertFalse(f.getFinish().getReleaseResultCaps(), "Finish after a Return keeps our result caps");
        }
        echo.close();
        boot.close();
        handled(serverTap, CapnpRpc.Message.Reader::isRelease, 2);
        assertArrayEquals(new int[] {0, 0, 0, 0}, client.tableSizes());
        assertArrayEquals(new int[] {0, 0, 0, 0}, server.tableSizes());
    }

    @Test
    void aVatWithNoBootstrapInterfaceFailsTheBootstrap() throws Exception {
        connect(null);
        Capability boot = client.bootstrap();
        Throwable e = RpcRuntimeTest.failureOf(echo(boot, "anyone there?"));
        assertInstanceOf(RemoteException.class, e);
        assertEquals("This vat has no bootstrap interface.", ((RemoteException) e).reason());
        boot.close();
    }

    @Test
    void aCallPipelinedOnAnAnswerNotYetReturnedWaitsForIt() throws Exception {
        connect(init);
        Capability boot = client.bootstrap();
        init.echoGate = new CompletableFuture<>();
        RemotePromise<InitCapnp.Init.MakeEchoResults.Reader> made = new InitCapnp.Init.Client(boot).makeEchoRequest().send();
        Capability echoPipe = made.pipelineCap((short) 0);
        CompletableFuture<String> reply = echo(echoPipe, "pipelined");
        // The server has taken in both Calls; the second targets the first's answer.
        handled(serverTap, CapnpRpc.Message.Reader::isCall, 2);
        CapnpRpc.Message.Reader piped = clientTap.sent(m -> m.isCall() && m.getCall().getInterfaceId() == EchoCapnp.Echo.TYPE_ID).get(0);
        CapnpRpc.Message.Reader first = clientTap.sent(m -> m.isCall() && m.getCall().getInterfaceId() == InitCapnp.Init.TYPE_ID).get(0);
        assertTrue(piped.getCall().getTarget().isPromisedAnswer());
        assertEquals(first.getCall().getQuestionId(), piped.getCall().getTarget().getPromisedAnswer().getQuestionId());
        assertEquals(0, piped.getCall().getTarget().getPromisedAnswer().getTransform().get(0).getGetPointerField());
        assertEquals(0, init.echo.calls.get(), "the pipelined call waits for makeEcho's answer");
        assertFalse(reply.isDone());
        init.echoGate.complete(null);
        assertEquals("pipelined", get(reply));
        get(made.response()).close();
        assertEquals("again", get(echo(echoPipe, "again")), "the pipelined cap resolved to the Echo");
        echoPipe.close();
        boot.close();
        // Both sides settle: every Return finished, every import released, both tables empty.
        int questions = 1 + 3; // bootstrap, makeEcho, two echoes
        handled(clientTap, CapnpRpc.Message.Reader::isReturn, questions);
        handled(serverTap, CapnpRpc.Message.Reader::isFinish, questions);
        int released = releases(clientTap).values().stream().mapToInt(Integer::intValue).sum();
        handled(serverTap, CapnpRpc.Message.Reader::isRelease, clientTap.sent(CapnpRpc.Message.Reader::isRelease).size());
        assertEquals(2, released, "Init and Echo, each released once");
        assertArrayEquals(new int[] {0, 0, 0, 0}, client.tableSizes());
        assertArrayEquals(new int[] {0, 0, 0, 0}, server.tableSizes());
    }

    /**
     * An import received N times is released with count N, once its last local reference goes;
     * the server's export then goes, and its object is released.
     */
    @Test
    void releaseCountsAreTheTimesAnImportArrived() throws Exception {
        connect(init);
        Capability boot = client.bootstrap();
        List<Capability> echoes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            echoes.add(makeEcho(boot)); // the same Echo, export ID the same each time
        }
        assertEquals(2, server.tableSizes()[3], "two exports: Init and the one Echo");
        assertEquals(2, client.tableSizes()[2], "two imports: Init and Echo");
        for (Capability e : echoes) {
            e.close();
        }
        boot.close();
        handled(serverTap, CapnpRpc.Message.Reader::isRelease, 2);
        Map<Integer, Integer> byId = releases(clientTap);
        assertEquals(2, byId.size());
        assertTrue(byId.containsValue(3), "the Echo arrived 3 times and is released by 3: " + byId);
        assertTrue(byId.containsValue(1), "Init arrived once: " + byId);
        assertEquals(0, server.tableSizes()[3]);
        assertEquals(0, init.echo.released.get(), "FakeInit itself still holds the Echo");
        handled(serverTap, CapnpRpc.Message.Reader::isFinish, 4);
        assertArrayEquals(new int[] {0, 0, 0, 0}, server.tableSizes());
        assertArrayEquals(new int[] {0, 0, 0, 0}, client.tableSizes());
    }

    /** A disconnect fails every pending call, pipelined ones too, and ends both connections. */
    @Test
    void aDisconnectFailsEveryPendingFuture() throws Exception {
        connect(init);
        Capability boot = client.bootstrap();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        List<Capability> pipes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RemotePromise<InitCapnp.Init.MakeMiningResults.Reader> p = new InitCapnp.Init.Client(boot).makeMiningRequest().send();
            pending.add(p.response());
            Capability mining = p.pipelineCap((short) 0);
            pipes.add(mining);
            pending.add(new MiningCapnp.Mining.Client(mining).isTestChainRequest().sendForResponse());
        }
        handled(serverTap, CapnpRpc.Message.Reader::isCall, 6);
        assertEquals(3, init.hanging.size());
        for (CompletableFuture<?> f : pending) {
            assertFalse(f.isDone());
        }
        pair.disconnect();
        for (CompletableFuture<?> f : pending) {
            assertInstanceOf(DisconnectedException.class, RpcRuntimeTest.failureOf(f));
        }
        assertInstanceOf(DisconnectedException.class, RpcRuntimeTest.failureOf(client.closed()));
        assertInstanceOf(DisconnectedException.class, RpcRuntimeTest.failureOf(server.closed()));
        assertFalse(client.isOpen());
        for (CompletableFuture<Void> f : init.hanging) {
            assertTrue(f.isCancelled(), "the server's work is canceled");
        }
        assertArrayEquals(new int[] {0, 0, 0, 0}, client.tableSizes());
        assertArrayEquals(new int[] {0, 0, 0, 0}, server.tableSizes());
        // A call after the end fails at once.
        Throwable late = RpcRuntimeTest.failureOf(echo(pipes.get(0), "too late"));
        assertInstanceOf(IpcException.class, late);
        pipes.forEach(Capability::close);
        boot.close();
    }

    /** close() on one side: its closed() completes normally, the peer's fails (closed by peer). */
    @Test
    void aLocalCloseEndsThePeerToo() throws Exception {
        connect(init);
        Capability boot = client.bootstrap();
        Capability echo = makeEcho(boot);
        assertEquals("x", get(echo(echo, "x")));
        client.close();
        get(client.closed());
        Throwable e = RpcRuntimeTest.failureOf(server.closed());
        assertInstanceOf(DisconnectedException.class, e);
        assertArrayEquals(new int[] {0, 0, 0, 0}, server.tableSizes());
        echo.close(); // after the end: no Release goes out
        boot.close();
        assertEquals(0, clientTap.sent(CapnpRpc.Message.Reader::isRelease).size());
    }
}
