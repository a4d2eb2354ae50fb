package org.bitcoinfx.ipc.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.DisconnectedException;
import org.bitcoinfx.ipc.IpcException;
import org.bitcoinfx.ipc.rpc.schema.CapnpRpc;
import org.bitcoinfx.ipc.rpc.transport.WriteTimeoutException;
import org.bitcoinfx.ipc.schema.EchoCapnp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The writing side of {@link RpcConnection}: only the writer thread touches the socket, the queue is
 * bounded, a peer that stops reading is detected by the write deadline, close never waits on the
 * peer, and what was queued before a close still goes out to a peer that reads.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RpcWriterTest {
    private static final long WAIT_S = 30;

    /** Holds one write, once armed, until opened. */
    static final class GatedOutput extends FilterOutputStream {
        private volatile boolean armed;
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch open = new CountDownLatch(1);

        GatedOutput(OutputStream out) {
            super(out);
        }

        void arm() {
            armed = true;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (armed) {
                armed = false;
                entered.countDown();
                try {
                    open.await();
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
            }
            out.write(b, off, len);
        }
    }

    final List<AutoCloseable> closeAfter = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        // Peers first: closing their sockets ends any write still blocked on them.
        for (AutoCloseable c : closeAfter) {
            if (c instanceof FakePeer) {
                c.close();
            }
        }
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
    }

    FakePeer peer() throws IOException {
        FakePeer p = new FakePeer();
        closeAfter.add(p);
        return p;
    }

    RpcConnection connect(FakePeer p, OutputStream wrap, RpcConnection.Options o) throws IOException {
        RpcConnection c = p.connect(wrap, o);
        closeAfter.add(0, c);
        return c;
    }

    static CompletableFuture<?> echo(Capability echo, String text) {
        var req = new EchoCapnp.Echo.Client(echo).echoRequest();
        req.params().setEcho(text);
        return req.sendForResponse();
    }

    static Throwable failureOf(CompletableFuture<?> f) throws Exception {
        try {
            f.get(WAIT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        fail("expected a failure");
        return null;
    }

    /** Bootstraps, answers with export 0, and waits until the client has the import and sent its Finish. */
    static Capability bootstrapped(FakePeer p, RpcConnection c) throws Exception {
        Capability boot = c.bootstrap();
        int q = p.answerBootstrap(0);
        CapnpRpc.Message.Reader finish = p.read();
        assertTrue(finish.isFinish() && finish.getFinish().getQuestionId() == q, "Finish for the bootstrap: " + finish.which());
        return boot;
    }

    static List<Thread> liveThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().startsWith(prefix)).toList();
    }

    static String prefixOf(RpcConnection c) throws ReflectiveOperationException {
        return RpcRuntimeTest.readerOf(c).getName().replace("-reader", "-");
    }

    static void awaitNoThreads(String prefix) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (!liveThreads(prefix).isEmpty()) {
            if (System.nanoTime() > end) {
                fail("threads left: " + liveThreads(prefix));
            }
            Thread.sleep(10);
        }
    }

    /**
     * The cause of ReplayTest.replaysCliWalletGetBalances' flake ("recorded messages not replayed:
     * release(id=3, count=1)"): a Release queued while another thread was writing, then close(),
     * closed the stream under that write, and the Release never went out. Frames queued before
     * close() go out before the stream closes.
     */
    @Test
    void framesQueuedWhileAWriteIsInProgressGoOutBeforeClose() throws Exception {
        FakePeer p = peer();
        GatedOutput gate = new GatedOutput(p.ours.getOutputStream());
        RpcConnection c = connect(p, gate, RpcConnection.Options.DEFAULT);
        Capability boot = bootstrapped(p, c);
        gate.arm();
        Thread caller = new Thread(() -> echo(boot, "held"), "test-caller");
        caller.setDaemon(true);
        caller.start();
        assertTrue(gate.entered.await(WAIT_S, TimeUnit.SECONDS), "a write is in progress");
        boot.close(); // the Release of import 0
        c.close();
        gate.open.countDown();
        List<CapnpRpc.Message.Reader> got = p.readUntilEof();
        assertTrue(got.stream().anyMatch(m -> m.isRelease() && m.getRelease().getId() == 0 && m.getRelease().getReferenceCount() == 1),
                "the Release went out before the stream closed: " + got.stream().map(m -> m.which().toString()).toList());
    }

    /**
     * A peer that never reads: callers (the JavaFX thread among them) never block, the queue stays
     * bounded (calls beyond it fail at once with OVERLOADED), the write deadline aborts the
     * connection with WriteTimeoutException, every pending call fails with it, and close returns
     * at once and leaves no thread.
     */
    @Test
    void aPeerThatNeverReadsNeitherBlocksCallersNorGrowsTheQueue() throws Exception {
        FakePeer p = peer();
        RpcConnection.Options o = RpcConnection.Options.DEFAULT.withQueueLimitBytes(4L << 20).withWriteDeadline(Duration.ofSeconds(3));
        RpcConnection c = connect(p, null, o);
        String prefix = prefixOf(c);
        Capability boot = bootstrapped(p, c);
        // From now on the peer reads nothing. 64 calls of 256 KiB = 16 MiB, four times the bound.
        String big = "x".repeat(256 * 1024);
        List<CompletableFuture<?>> calls = new ArrayList<>();
        assertTimeoutPreemptively(Duration.ofSeconds(WAIT_S), () -> {
            for (int i = 0; i < 64; i++) {
                calls.add(echo(boot, big));
            }
        }, "callers must not wait on the socket");
        // Calls past the bound fail at once with OVERLOADED (or, on a slow machine where the
        // deadline passed while we were still sending, with the deadline's error).
        long failedAtOnce = calls.stream().filter(f -> f.isCompletedExceptionally()).count();
        assertTrue(failedAtOnce >= 40, "calls past the 4 MiB bound fail at once: " + failedAtOnce + " of 64");
        int overloaded = 0;
        for (CompletableFuture<?> f : calls) {
            if (f.isCompletedExceptionally()) {
                IpcException e = assertInstanceOf(IpcException.class, failureOf(f));
                assertTrue(e.type() == IpcException.Type.OVERLOADED || e instanceof WriteTimeoutException, e::toString);
                overloaded += e.type() == IpcException.Type.OVERLOADED ? 1 : 0;
            }
        }
        assertTrue(overloaded > 0, "some calls were refused as OVERLOADED");
        // The deadline passes: the connection is aborted, pending calls fail with the typed error.
        Throwable closed = failureOf(c.closed());
        assertInstanceOf(WriteTimeoutException.class, closed);
        for (CompletableFuture<?> f : calls) {
            Throwable t = failureOf(f);
            assertTrue(t instanceof WriteTimeoutException || (t instanceof IpcException i && i.type() == IpcException.Type.OVERLOADED), t::toString);
        }
        assertInstanceOf(DisconnectedException.class, failureOf(echo(boot, "late")), "calls after the abort fail at once");
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            c.close();
            boot.close();
        }, "close waited on the peer");
        awaitNoThreads(prefix);
    }

    /** close() and abort() return at once against a peer that does not read; the stream closes after the linger. */
    @Test
    void closeAndAbortNeverWaitOnThePeer() throws Exception {
        for (boolean abort : new boolean[] {false, true}) {
            FakePeer p = peer();
            RpcConnection.Options o = RpcConnection.Options.DEFAULT.withCloseLinger(Duration.ofMillis(300));
            RpcConnection c = connect(p, null, o);
            String prefix = prefixOf(c);
            Capability boot = bootstrapped(p, c);
            String big = "y".repeat(256 * 1024);
            assertTimeoutPreemptively(Duration.ofSeconds(WAIT_S), () -> {
                for (int i = 0; i < 16; i++) { // 4 MiB: far more than the socket buffers hold
                    echo(boot, big);
                }
            }, "callers must not wait on the socket");
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                if (abort) {
                    c.abort("test");
                } else {
                    c.close();
                }
            }, abort ? "abort waited on the peer" : "close waited on the peer");
            assertFalse(c.isOpen());
            awaitNoThreads(prefix); // the linger ended the writer and closed the stream, which ended the reader
            boot.close();
        }
    }

    /** The write-gathering buffer holds no request bytes (a wallet passphrase) once written. */
    @Test
    void theGatherBufferIsZeroedAfterEachWrite() throws Exception {
        FakePeer p = peer();
        GatedOutput gate = new GatedOutput(p.ours.getOutputStream());
        RpcConnection c = connect(p, gate, RpcConnection.Options.DEFAULT);
        Capability boot = bootstrapped(p, c);
        gate.arm();
        Thread caller = new Thread(() -> echo(boot, "first"), "test-caller");
        caller.setDaemon(true);
        caller.start();
        assertTrue(gate.entered.await(WAIT_S, TimeUnit.SECONDS), "a write is in progress");
        String secret = "correct horse battery staple";
        echo(boot, secret);
        echo(boot, "after the secret"); // queued behind it: the two are gathered into one write
        gate.open.countDown();
        int seen = 0;
        while (seen < 3) {
            CapnpRpc.Message.Reader m = p.read();
            if (m.isCall()) {
                seen++;
            }
        }
        // The peer may read before the writer's write call has returned: wait until it has.
        if (writerOf(c) instanceof org.bitcoinfx.ipc.rpc.transport.FrameWriter w) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
            while (w.queuedBytes() != 0 && System.nanoTime() < end) {
                Thread.sleep(1);
            }
            assertEquals(0, w.queuedBytes(), "the writer finished its writes");
        }
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        for (byte[] buf : gatherBuffers(c)) {
            assertFalse(contains(buf, needle), "the secret lingers in the gather buffer");
            for (byte x : buf) {
                if (x != 0) {
                    fail("the gather buffer is not zeroed");
                }
            }
        }
        boot.close();
    }

    /** The connection's gather buffers (the writer's, or the connection's own in older versions). */
    static List<byte[]> gatherBuffers(RpcConnection c) throws ReflectiveOperationException {
        List<byte[]> out = new ArrayList<>();
        for (Object owner : new Object[] {c, writerOf(c)}) {
            Object g = owner == null ? null : field(owner, "gather");
            if (g instanceof byte[] b) {
                out.add(b);
            }
        }
        assertFalse(out.isEmpty(), "no gather buffer found");
        return out;
    }

    /** The connection's {@link org.bitcoinfx.ipc.rpc.transport.FrameWriter}: its stream transport's. */
    static Object writerOf(RpcConnection c) throws IllegalAccessException {
        Object stream = field(c, "stream");
        return stream == null ? null : field(stream, "writer");
    }

    static Object field(Object o, String name) throws IllegalAccessException {
        for (Class<?> k = o.getClass(); k != null; k = k.getSuperclass()) {
            try {
                java.lang.reflect.Field f = k.getDeclaredField(name);
                f.setAccessible(true);
                return f.get(o);
            } catch (NoSuchFieldException e) {
                // look further up
            }
        }
        return null;
    }

    static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
