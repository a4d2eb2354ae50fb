package org.bitcoinfx.ipc.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bitcoinfx.ipc.IpcException;
import org.bitcoinfx.ipc.rpc.schema.CapnpRpc;
import org.bitcoinfx.ipc.schema.EchoCapnp;
import org.capnproto.MessageBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Defects of the runtime's tables and locks, each against a {@link FakePeer} driven message by message. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RpcDefectsTest {
    private static final long WAIT_S = 30;

    FakePeer peer;
    RpcConnection client;

    @AfterEach
    void tearDown() throws Exception {
        if (peer != null) {
            peer.close();
        }
        if (client != null) {
            client.close();
        }
    }

    void connect() throws Exception {
        peer = new FakePeer();
        client = peer.connect(null, RpcConnection.Options.DEFAULT);
    }

    static void awaitBlocked(Thread t) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (t.getState() != Thread.State.BLOCKED) {
            if (System.nanoTime() > end || !t.isAlive()) {
                fail(t.getName() + " did not block on the lock: " + t.getState());
            }
            Thread.sleep(1);
        }
    }

    CapnpRpc.Message.Reader nextNot(CapnpRpc.Message.Which skip) throws Exception {
        CapnpRpc.Message.Reader m;
        do {
            m = peer.read();
        } while (m != null && m.which() == skip);
        return m;
    }

    /**
     * The last reference to an import goes while the reader receives that ID again: the entry is
     * replaced, and the old entry's Release used to be dropped (its {@code imports.remove} found the
     * new entry), so the peer's export leaked. Each entry sends its own Release, as CP rpc.c++'s
     * {@code ~ImportClient} does: the counts add up to the times the ID arrived.
     */
    @Test
    void aReleaseIsSentWhenTheImportArrivesAgainWhileItsLastReferenceGoes() throws Exception {
        connect();
        Capability boot = RpcWriterTest.bootstrapped(peer, client);
        // A handle on the import itself, not on the bootstrap promise resolved to it.
        CapHook imp = boot.hook.resolvedHook();
        assertInstanceOf(ImportHook.class, imp);
        imp.addRef();
        Capability direct = new Capability(imp);
        boot.close();
        Imports imports = (Imports) RpcWriterTest.field(client, "imports");
        Capability again;
        Thread closer = new Thread(direct::close, "test-closer");
        synchronized (client) {
            closer.start();
            awaitBlocked(closer); // its count is at zero; its Release waits for the connection lock
            again = imports.receive(client, 0, false); // the reader, receiving export 0 once more
        }
        closer.join(TimeUnit.SECONDS.toMillis(WAIT_S));
        again.close();
        client.close(); // after what is queued: the peer's reads end
        int released = 0;
        while (released < 2) {
            CapnpRpc.Message.Reader m = peer.read();
            assertTrue(m != null, "stream ended after " + released + " of 2 Releases");
            if (m.isRelease()) {
                assertEquals(0, m.getRelease().getId());
                released += m.getRelease().getReferenceCount();
            }
        }
        assertEquals(2, released, "one reference per time export 0 arrived");
    }

    /** An Unimplemented reply to our Call fails it, and frees its question ID (no Finish is due). */
    @Test
    void anUnimplementedReplyToACallFreesTheQuestion() throws Exception {
        connect();
        Capability boot = RpcWriterTest.bootstrapped(peer, client);
        CompletableFuture<?> call = RpcWriterTest.echo(boot, "hello");
        CapnpRpc.Message.Reader m = peer.read();
        assertTrue(m.isCall(), m.which()::toString);
        MessageBuilder b = new MessageBuilder();
        b.initRoot(CapnpRpc.Message.factory).setUnimplemented(m);
        peer.send(b);
        IpcException e = assertInstanceOf(IpcException.class, RpcWriterTest.failureOf(call));
        assertEquals(IpcException.Type.UNIMPLEMENTED, e.type());
        assertEquals(0, client.tableSizes()[0], "the question ID is free");
        boot.close();
    }

    /**
     * cancel() with a capability pipelined on the call still held sends no Finish: calls on that
     * capability still need the answer. The Finish goes out when the last of them is released.
     */
    @Test
    void cancelSendsNoFinishWhilePipelinedCapabilitiesAreHeld() throws Exception {
        connect();
        Capability boot = RpcWriterTest.bootstrapped(peer, client);
        var req = new EchoCapnp.Echo.Client(boot).echoRequest();
        req.params().setEcho("to cancel");
        RemotePromise<EchoCapnp.Echo.EchoResults.Reader> p = req.send();
        int q = peer.read().getCall().getQuestionId();
        Capability piped = p.pipelineCap((short) 0);
        p.cancel();
        assertTrue(p.response().isCancelled());
        RpcWriterTest.echo(boot, "barrier");
        CapnpRpc.Message.Reader next = peer.read();
        assertTrue(next.isCall(), "no Finish while the pipelined capability is held, got " + next.which());
        piped.close();
        CapnpRpc.Message.Reader fin = peer.read();
        assertTrue(fin.isFinish(), "the Finish goes out with the last pipelined capability: " + fin.which());
        assertEquals(q, fin.getFinish().getQuestionId());
        assertTrue(fin.getFinish().getReleaseResultCaps());
        boot.close();
    }

    /**
     * Lock order CallContext → connection (closing an import param under the context's lock)
     * against connection → CallContext (reading the result caps under the connection lock, as a
     * pipelined call on the answer does): a deadlock of Java-hosted servers. The context no longer
     * holds its lock while closing capabilities.
     */
    @Test
    void aCallContextNeverHoldsItsLockWhileTakingTheConnectionLock() throws Exception {
        connect();
        RpcConnection client = this.client;
        this.client = null; // not closed by tearDown: if this test fails, its lock is held for ever
        Capability boot = RpcWriterTest.bootstrapped(peer, client);
        CallContext ctx = new CallContext(null, new ArrayList<>(List.of(boot)), client);
        AtomicInteger done = new AtomicInteger();
        Thread reader = new Thread(() -> {
            synchronized (client) {
                Thread releaser = new Thread(ctx::releaseParams, "test-releaser");
                releaser.setDaemon(true);
                releaser.start();
                try {
                    awaitBlocked(releaser); // closing the import: waiting for the connection lock
                } catch (InterruptedException e) {
                    return;
                }
                ctx.resultCapsView(); // what answerCap does under the connection lock
                done.incrementAndGet();
            }
        }, "test-connection-lock-holder");
        reader.setDaemon(true);
        reader.start();
        reader.join(TimeUnit.SECONDS.toMillis(WAIT_S));
        long[] deadlocked = java.lang.management.ManagementFactory.getThreadMXBean().findMonitorDeadlockedThreads();
        assertEquals(1, done.get(), "deadlock: " + (deadlocked == null ? 0 : deadlocked.length) + " threads deadlocked");
        CapnpRpc.Message.Reader rel = peer.read();
        assertTrue(rel.isRelease(), rel.which()::toString);
        client.close();
    }

    /** Blocking dependents cannot make the callback pool grow without bound. */
    @Test
    void theCallbackPoolHasACap() throws Exception {
        int tasks = 3 * IpcFuture.MAX_CALLBACK_THREADS;
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        IpcFuture<Void> f = IpcFuture.completed(null);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            all.add(f.thenRunAsync(() -> {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ran.incrementAndGet();
            }));
        }
        long live = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("capnp-rpc-callback-")).count();
        gate.countDown();
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(WAIT_S, TimeUnit.SECONDS);
        assertEquals(tasks, ran.get(), "every dependent ran");
        assertTrue(live <= IpcFuture.MAX_CALLBACK_THREADS, live + " callback threads for " + tasks + " blocked dependents");
        assertFalse(live == 0);
    }
}
