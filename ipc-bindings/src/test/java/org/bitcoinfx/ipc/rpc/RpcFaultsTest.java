package org.bitcoinfx.ipc.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bitcoinfx.ipc.DisconnectedException;
import org.bitcoinfx.ipc.rpc.schema.CapnpRpc;
import org.bitcoinfx.ipc.rpc.transport.FrameWriter;
import org.bitcoinfx.ipc.rpc.transport.Frames;
import org.bitcoinfx.ipc.rpc.transport.MalformedMessageException;
import org.bitcoinfx.ipc.rpc.transport.WriteTimeoutException;
import org.bitcoinfx.ipc.schema.EchoCapnp;
import org.bitcoinfx.ipc.schema.MiningCapnp;
import org.capnproto.MessageBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Faults on purpose: the socket closed under every kind of pending call, and a hostile or broken
 * peer ({@link FakePeer}, speaking Cap'n Proto wrongly on purpose). Each ends in a typed error, the
 * connection aborted, no hang, no thread left, and memory bounded (bytes allocated by the
 * connection's reader thread, measured on that thread).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RpcFaultsTest {
    private static final long WAIT_S = 30;
    private static final long MEMORY_BOUND = 64L << 20;

    final List<AutoCloseable> closeAfter = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
    }

    FakePeer peer() throws IOException {
        FakePeer p = new FakePeer();
        closeAfter.add(p);
        return p;
    }

    RpcConnection serving(FakePeer p, Server bootstrap, RpcConnection.Options o) throws IOException {
        RpcConnection c = new RpcConnection(p.ours.getInputStream(), p.ours.getOutputStream(), p.ours, bootstrap, o);
        closeAfter.add(0, c);
        return c;
    }

    static Throwable failureOf(CompletableFuture<?> f) throws Exception {
        return RpcWriterTest.failureOf(f);
    }

    static long allocated(Thread t) {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean b && b.isThreadAllocatedMemorySupported()) {
            return b.getThreadAllocatedBytes(t.getId());
        }
        return -1;
    }

    /**
     * Bytes the reader thread allocates from now until it completes {@code closed()} (sampled on the
     * reader itself, as it fails the connection); -1 if the JVM cannot tell or another thread ended it.
     */
    static CompletableFuture<Long> readerAllocation(RpcConnection c) throws ReflectiveOperationException {
        Thread reader = RpcRuntimeTest.readerOf(c);
        long before = allocated(reader);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (before < 0 && allocated(Thread.currentThread()) >= 0 && System.nanoTime() < end) {
            Thread.onSpinWait(); // -1 until the reader thread has started
            before = allocated(reader);
        }
        long start = before;
        CompletableFuture<Long> out = new CompletableFuture<>();
        c.closed().whenCompleteAsync((v, e) -> {
            if (Thread.currentThread() != reader || start < 0) {
                out.completeExceptionally(new AssertionError("closed() completed on " + Thread.currentThread().getName()
                        + ", not " + reader.getName() + " (reader measured from " + start + ")"));
            } else {
                out.complete(allocated(reader) - start);
            }
        }, Runnable::run);
        return out;
    }

    /** The connection was aborted by a protocol error: closed() fails with the cause, the peer got an Abort, then the end. */
    static Throwable assertAborted(FakePeer p, RpcConnection c, Class<? extends Throwable> cause) throws Exception {
        Throwable t = failureOf(c.closed());
        assertInstanceOf(DisconnectedException.class, t);
        assertInstanceOf(cause, t.getCause(), () -> "cause of " + t);
        List<CapnpRpc.Message.Reader> got = p.readUntilEof();
        assertTrue(got.stream().anyMatch(CapnpRpc.Message.Reader::isAbort), "the peer was sent an Abort: "
                + got.stream().map(m -> m.which().toString()).toList());
        RpcWriterTest.awaitNoThreads(RpcWriterTest.prefixOf(c));
        return t;
    }

    static void assertBounded(CompletableFuture<Long> alloc) throws Exception {
        long bytes = alloc.get(WAIT_S, TimeUnit.SECONDS);
        assertTrue(bytes < MEMORY_BOUND, "the reader allocated " + bytes + " bytes");
    }

    static byte[] header(int... segmentWords) {
        int table = 4 + 4 * segmentWords.length;
        table += table % 8;
        ByteBuffer b = ByteBuffer.allocate(table).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, segmentWords.length - 1);
        for (int i = 0; i < segmentWords.length; i++) {
            b.putInt(4 + 4 * i, segmentWords[i]);
        }
        return b.array();
    }

    static MessageBuilder echoCall(int questionId, int exportId, String text) {
        MessageBuilder b = new MessageBuilder();
        CapnpRpc.Call.Builder call = b.initRoot(CapnpRpc.Message.factory).initCall();
        call.setQuestionId(questionId);
        call.initTarget().setImportedCap(exportId);
        call.setInterfaceId(EchoCapnp.Echo.TYPE_ID);
        call.setMethodId((short) 1);
        call.getSendResultsTo().setCaller();
        call.initParams().initContent().initAs(EchoCapnp.Echo.EchoParams.factory).setEcho(text);
        return b;
    }

    static MessageBuilder bootstrapMessage(int questionId) {
        MessageBuilder b = new MessageBuilder();
        b.initRoot(CapnpRpc.Message.factory).initBootstrap().setQuestionId(questionId);
        return b;
    }

    // ---- disconnect mid-call -------------------------------------------------------------------

    /**
     * The socket closed, by the peer or locally, under a plain call, a pipelined call, a long wait
     * (waitTipChanged), a call on a Bootstrap not yet answered, and a 10 MB Return half read: every
     * pending future fails with DisconnectedException, and no thread of the connection is left.
     */
    @Test
    void disconnectMidCallFailsEveryKindOfPendingCall() throws Exception {
        for (boolean byPeer : new boolean[] {true, false}) {
            FakePeer p = peer();
            RpcConnection c = p.connect(null, RpcConnection.Options.DEFAULT);
            closeAfter.add(0, c);
            String prefix = RpcWriterTest.prefixOf(c);
            Capability boot = RpcWriterTest.bootstrapped(p, c);
            List<CompletableFuture<?>> pending = new ArrayList<>();
            pending.add(RpcWriterTest.echo(boot, "plain"));
            var mk = new EchoCapnp.Echo.Client(boot).echoRequest();
            RemotePromise<EchoCapnp.Echo.EchoResults.Reader> made = mk.send();
            pending.add(made.response());
            Capability piped = made.pipelineCap((short) 0);
            pending.add(RpcWriterTest.echo(piped, "pipelined"));
            var wait = new MiningCapnp.Mining.Client(boot).waitTipChangedRequest();
            wait.params().setTimeout(1e9); // ms: a long wait, as waitTipChanged and waitNext are
            pending.add(wait.sendForResponse());
            CompletableFuture<?> big = RpcWriterTest.echo(boot, "big");
            pending.add(big);
            Capability boot2 = c.bootstrap();
            pending.add(RpcWriterTest.echo(boot2, "on a bootstrap not answered"));
            // The peer takes in all of it: 5 Calls and a Bootstrap.
            List<Integer> questions = new ArrayList<>();
            while (questions.size() < 6) {
                CapnpRpc.Message.Reader m = p.read();
                if (m.isCall()) {
                    questions.add(m.getCall().getQuestionId());
                } else if (m.isBootstrap()) {
                    questions.add(m.getBootstrap().getQuestionId());
                }
            }
            // Half of a 10 MB Return for "big": sendRaw returns once the reader has taken most of it.
            MessageBuilder ret = new MessageBuilder();
            CapnpRpc.Return.Builder r = ret.initRoot(CapnpRpc.Message.factory).initReturn();
            r.setAnswerId(questions.get(4));
            r.initResults().initContent().initAs(EchoCapnp.Echo.EchoResults.factory).setResult("z".repeat(10_000_000));
            byte[] frame = Frames.encode(ret);
            p.sendRaw(java.util.Arrays.copyOf(frame, frame.length / 2));
            if (byPeer) {
                p.theirs.close();
            } else {
                c.close();
            }
            for (CompletableFuture<?> f : pending) {
                assertInstanceOf(DisconnectedException.class, failureOf(f), "a pending call, closed " + (byPeer ? "by the peer" : "locally"));
            }
            if (byPeer) {
                Throwable t = assertInstanceOf(DisconnectedException.class, failureOf(c.closed()));
                // The stream ended inside the 10 MB frame: EOF, or a reset when the peer closed with our frames unread.
                assertInstanceOf(IOException.class, t.getCause(), t::toString);
            } else {
                c.closed().get(WAIT_S, TimeUnit.SECONDS);
            }
            piped.close();
            boot2.close();
            boot.close();
            RpcWriterTest.awaitNoThreads(prefix);
            assertEquals(List.of(0, 0, 0, 0), java.util.Arrays.stream(c.tableSizes()).boxed().toList());
        }
    }

    /** A Bootstrap that never answers: the handshake ends at the caller's timeout, the connection is closed. */
    @Test
    void aBootstrapThatNeverAnswersIsBoundedByTheCallersTimeout() throws Exception {
        FakePeer p = peer();
        RpcConnection c = p.connect(null, RpcConnection.Options.DEFAULT);
        closeAfter.add(0, c);
        long t0 = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> org.bitcoinfx.ipc.IpcNodeClient.open(c, Duration.ofMillis(500)));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(e.getMessage().contains("did not answer within 500 ms"), e::toString);
        assertTrue(ms < TimeUnit.SECONDS.toMillis(WAIT_S), "took " + ms + " ms");
        c.closed().get(WAIT_S, TimeUnit.SECONDS);
        RpcWriterTest.awaitNoThreads(RpcWriterTest.prefixOf(c));
    }

    // ---- a hostile or broken peer --------------------------------------------------------------

    /** Frames that lie about their size or segment count, or pass the size limit: MalformedMessageException, no allocation of the claim. */
    @Test
    void framesThatLieAboutSizesAreMalformed() throws Exception {
        int[][] tables = {
            {1 << 27},                                                   // 1 GiB claimed
            {-1},                                                        // 0xffffffff words
            {(int) (Frames.TRAVERSAL_LIMIT_WORDS / 2 + 1), (int) (Frames.TRAVERSAL_LIMIT_WORDS / 2 + 1)}, // over 8 Mi words in sum
            new int[600],                                                // 600 segments (limit 511)
        };
        for (int[] t : tables) {
            FakePeer p = peer();
            RpcConnection c = p.connect(null, RpcConnection.Options.DEFAULT);
            closeAfter.add(0, c);
            CompletableFuture<Long> alloc = readerAllocation(c);
            p.sendRaw(header(t));
            assertBounded(alloc); // first: a thread waiting in closed().get() may run its dependents itself
            assertAborted(p, c, MalformedMessageException.class);
        }
    }

    /** A frame that claims 32 MiB (within the limit) and then ends: EOF, and only what arrived was allocated. */
    @Test
    void aFrameThatEndsEarlyCostsOnlyWhatArrived() throws Exception {
        FakePeer p = peer();
        RpcConnection c = p.connect(null, RpcConnection.Options.DEFAULT);
        closeAfter.add(0, c);
        CompletableFuture<Long> alloc = readerAllocation(c);
        p.sendRaw(header(4 << 20));
        p.sendRaw(new byte[1024]);
        p.theirs.close();
        long bytes = alloc.get(WAIT_S, TimeUnit.SECONDS); // first: see assertBounded
        assertTrue(bytes < 8L << 20, "allocated " + bytes + " bytes for 1 KiB of a 32 MiB claim");
        Throwable t = assertInstanceOf(DisconnectedException.class, failureOf(c.closed()));
        assertInstanceOf(EOFException.class, t.getCause());
    }

    /** A far pointer to a segment the message does not have (capnproto-java: IndexOutOfBoundsException) is a MalformedMessageException. */
    @Test
    void aFarPointerToAMissingSegmentIsMalformed() throws Exception {
        FakePeer p = peer();
        RpcConnection c = p.connect(null, RpcConnection.Options.DEFAULT);
        closeAfter.add(0, c);
        CompletableFuture<Long> alloc = readerAllocation(c);
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        b.put(header(1));
        b.putLong(8, (7L << 32) | 2); // root: far pointer, landing pad at word 0 of segment 7
        p.sendRaw(b.array());
        assertBounded(alloc); // first: a thread waiting in closed().get() may run its dependents itself
        Throwable t = assertAborted(p, c, MalformedMessageException.class);
        assertInstanceOf(IndexOutOfBoundsException.class, t.getCause().getCause(), "capnproto-java's exception, kept as the cause");
    }

    /** A Return for a question never asked: a protocol violation, the connection aborted. */
    @Test
    void aReturnForAQuestionNeverAskedAborts() throws Exception {
        FakePeer p = peer();
        RpcConnection c = p.connect(null, RpcConnection.Options.DEFAULT);
        closeAfter.add(0, c);
        CompletableFuture<Long> alloc = readerAllocation(c);
        p.send(FakePeer.returnCap(42, 0));
        assertBounded(alloc); // first: a thread waiting in closed().get() may run its dependents itself
        Throwable t = assertAborted(p, c, IllegalArgumentException.class);
        assertTrue(t.getMessage().contains("Return for unknown question 42"), t::toString);
    }

    /**
     * A Finish for an answer we do not have is ignored, as CP rpc.c++ handleFinish does (it may
     * cross a Return sent with noFinishNeeded): the connection goes on serving.
     */
    @Test
    void aFinishForAnUnknownAnswerIsIgnoredAsCapnpDoes() throws Exception {
        FakePeer p = peer();
        RpcConnection c = serving(p, new RpcRuntimeTest.FakeEcho(), RpcConnection.Options.DEFAULT);
        MessageBuilder fin = new MessageBuilder();
        fin.initRoot(CapnpRpc.Message.factory).initFinish().setQuestionId(99);
        p.send(fin);
        p.send(bootstrapMessage(0));
        CapnpRpc.Message.Reader r = p.read();
        assertTrue(r.isReturn() && r.getReturn().isResults(), r.which()::toString);
        int export = r.getReturn().getResults().getCapTable().get(0).getSenderHosted();
        p.send(echoCall(1, export, "still serving"));
        CapnpRpc.Message.Reader echo = p.read();
        assertTrue(echo.isReturn() && echo.getReturn().getAnswerId() == 1, echo.which()::toString);
        assertEquals("still serving", echo.getReturn().getResults().getContent().getAs(EchoCapnp.Echo.EchoResults.factory).getResult().toString());
        assertTrue(c.isOpen());
    }

    /** Release counts below zero (a UInt32 over 2^31) or above what was handed out: protocol violation, aborted. */
    @Test
    void releaseCountsBelowZeroOrAboveTheReferencesAbort() throws Exception {
        for (int count : new int[] {-1, Integer.MIN_VALUE, 2}) {
            FakePeer p = peer();
            RpcConnection c = serving(p, new RpcRuntimeTest.FakeEcho(), RpcConnection.Options.DEFAULT);
            p.send(bootstrapMessage(0));
            CapnpRpc.Message.Reader r = p.read();
            int export = r.getReturn().getResults().getCapTable().get(0).getSenderHosted();
            CompletableFuture<Long> alloc = readerAllocation(c);
            MessageBuilder rel = new MessageBuilder();
            CapnpRpc.Release.Builder b = rel.initRoot(CapnpRpc.Message.factory).initRelease();
            b.setId(export);
            b.setReferenceCount(count);
            p.send(rel);
            assertBounded(alloc); // first: a thread waiting in closed().get() may run its dependents itself
            Throwable t = assertAborted(p, c, IllegalArgumentException.class);
            assertTrue(t.getMessage().contains("Release of export " + export), t::toString);
        }
    }

    /**
     * A peer that sends Calls endlessly and never reads our Returns: the outgoing queue stays
     * within its bound (the reader stops taking in Calls), the write deadline aborts the connection
     * with WriteTimeoutException, and the reader's allocations stay bounded.
     */
    @Test
    void aPeerThatSendsEndlesslyWithoutReadingIsCutOffWithBoundedMemory() throws Exception {
        FakePeer p = peer();
        long limit = 1L << 20;
        RpcConnection.Options o = RpcConnection.Options.DEFAULT.withQueueLimitBytes(limit).withWriteDeadline(Duration.ofSeconds(2));
        RpcConnection c = serving(p, new RpcRuntimeTest.FakeEcho(), o);
        FrameWriter writer = (FrameWriter) RpcWriterTest.writerOf(c);
        Thread reader = RpcRuntimeTest.readerOf(c);
        long before = allocated(reader);
        String text = "e".repeat(64 * 1024);
        AtomicLong sent = new AtomicLong();
        Thread flood = new Thread(() -> {
            try {
                p.send(bootstrapMessage(0));
                for (int q = 1; ; q++) {
                    p.send(echoCall(q, 0, text));
                    sent.incrementAndGet();
                }
            } catch (IOException e) {
                // our side closed: the flood ends
            }
        }, "test-flood");
        flood.setDaemon(true);
        flood.start();
        long maxQueued = 0;
        long maxAllocated = 0;
        while (!c.closed().isDone()) {
            maxQueued = Math.max(maxQueued, writer.queuedBytes());
            long a = allocated(reader);
            if (a >= 0 && before >= 0) {
                maxAllocated = Math.max(maxAllocated, a - before);
            }
            Thread.sleep(5); // sampling for the measurement, not synchronisation: closed() is awaited below
        }
        Throwable t = failureOf(c.closed());
        assertInstanceOf(WriteTimeoutException.class, t, t::toString);
        assertTrue(maxQueued <= limit + 2 * (text.length() + 1024), "queued " + maxQueued + " bytes, bound " + limit);
        assertTrue(maxAllocated < MEMORY_BOUND, "the reader allocated " + maxAllocated + " bytes");
        flood.join(TimeUnit.SECONDS.toMillis(WAIT_S));
        assertTrue(!flood.isAlive(), "the flood ended when our side closed");
        RpcWriterTest.awaitNoThreads(RpcWriterTest.prefixOf(c));
        assertTrue(sent.get() > 0);
    }
}
