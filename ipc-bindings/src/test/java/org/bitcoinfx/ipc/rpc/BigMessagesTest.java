package org.bitcoinfx.ipc.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.rpc.schema.CapnpRpc;
import org.bitcoinfx.ipc.rpc.transport.Frames;
import org.bitcoinfx.ipc.rpc.transport.MalformedMessageException;
import org.bitcoinfx.ipc.schema.RpcCapnp;
import org.capnproto.MessageBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Big Returns over a real Unix socket ({@link FakePeer} answers our {@code Rpc.executeRpc} call by
 * hand): a 10 MB reply in a multi-segment message is read whole, and the bytes the connection's
 * reader thread allocates for it (frame, segments, the reply's String) stay below 3 times the
 * message; the largest message bitcoin-node may send (fewer than 8 Mi words, its capnp
 * {@code traversalLimitInWords}) passes, one word more is refused, and neither side sends one of
 * 8 Mi words or more (the call fails instead); results whose pointers lie (a Text claiming more
 * than its segment, a far pointer to a missing segment, entries that all point at one blob) fail
 * the call with a {@link MalformedMessageException} and abort the connection. A many-segment
 * message of big Data is read byte for byte. Memory is measured as bytes allocated by the reader
 * thread ({@code com.sun.management.ThreadMXBean}), not time.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BigMessagesTest {
    private static final long WAIT_S = 60;
    final List<AutoCloseable> closeAfter = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
    }

    /** Our side of one executeRpc call, and the peer that answers it. */
    private final class Call {
        final FakePeer peer = new FakePeer();
        final RpcConnection connection;
        final CompletableFuture<String> reply;
        final int questionId;

        Call() throws IOException {
            closeAfter.add(peer);
            connection = peer.connect(null, RpcConnection.Options.DEFAULT);
            closeAfter.add(0, connection);
            Capability boot = connection.bootstrap();
            var req = new RpcCapnp.Rpc.Client(boot).executeRpcRequest();
            req.params().setRequest("{\"method\":\"fakebigreply\"}");
            reply = req.sendForResponse().thenApplyInline(r -> {
                try (r) {
                    return r.read(res -> Blob.of(res.getResult()).utf8()); // as IpcRpc.executeRaw
                }
            });
            peer.answerBootstrap(0);
            int q = -1;
            while (q < 0) {
                CapnpRpc.Message.Reader m = peer.read();
                if (m == null) {
                    throw new IOException("our side ended before its Call");
                }
                if (m.isCall()) {
                    q = m.getCall().getQuestionId();
                }
            }
            questionId = q;
        }
    }

    /** A Return of {@code Rpc.executeRpc} results holding {@code text} (capnproto-java puts a big one in a segment of its own). */
    static MessageBuilder executeRpcReturn(int answerId, String text) {
        MessageBuilder b = new MessageBuilder();
        CapnpRpc.Return.Builder r = b.initRoot(CapnpRpc.Message.factory).initReturn();
        r.setAnswerId(answerId);
        r.setReleaseParamCaps(false);
        CapnpRpc.Payload.Builder p = r.initResults();
        p.initCapTable(0);
        p.getContent().initAs(RpcCapnp.Rpc.ExecuteRpcResults.factory).setResult(text);
        return b;
    }

    /** A JSON-RPC reply of about {@code bytes} bytes, shaped like {@code getblock … 2}'s list of transactions. */
    static String bigJson(int bytes) {
        StringBuilder sb = new StringBuilder(bytes + 200).append("{\"result\":{\"tx\":[");
        for (int i = 0; sb.length() < bytes - 100; i++) {
            sb.append("{\"txid\":\"").append(String.format("%064x", i)).append("\",\"vsize\":").append(141 + i % 50).append("},");
        }
        return sb.append("{}]},\"error\":null,\"id\":1}").toString();
    }

    static long allocated(Thread t) {
        return RpcFaultsTest.allocated(t);
    }

    @Test
    void aTenMegabyteMultiSegmentReplyIsReadWholeWithinThreeTimesItsSize() throws Exception {
        Call call = new Call();
        String json = bigJson(10_000_000);
        MessageBuilder ret = executeRpcReturn(call.questionId, json);
        assertTrue(ret.getSegmentsForOutput().length > 1, "a multi-segment message");
        byte[] frame = Frames.encode(ret);
        Thread reader = RpcRuntimeTest.readerOf(call.connection);
        long before = allocated(reader);
        call.peer.sendRaw(frame);
        String got = call.reply.get(WAIT_S, TimeUnit.SECONDS);
        long used = allocated(reader) - before;
        assertEquals(json, got);
        if (before >= 0) {
            double ratio = (double) used / frame.length;
            System.out.printf("BigMessagesTest: 10 MB reply (%d segments, %d bytes): the reader allocated %d bytes, %.2f× the message%n",
                    ret.getSegmentsForOutput().length, frame.length, used, ratio);
            assertTrue(ratio < 3, "the reader allocated " + used + " bytes, " + ratio + "× the " + frame.length + "-byte message");
        }
        assertTrue(call.connection.isOpen());
    }

    /**
     * A Return of {@code Mining.getTransactionsByTxID} results holding 12 transactions of 700 kB,
     * built in a message whose segments start at 1 KiB (so most live in segments of their own,
     * reached through far pointers, as capnp-c++'s growing segments would put them): every one is
     * read back byte for byte (from {@link Blob}s, copied once), and the reader allocates less than
     * 3 times the message.
     */
    @Test
    void aManySegmentReturnOfBigDataIsReadInPlace() throws Exception {
        FakePeer peer = new FakePeer();
        closeAfter.add(peer);
        RpcConnection connection = peer.connect(null, RpcConnection.Options.DEFAULT);
        closeAfter.add(0, connection);
        var req = new org.bitcoinfx.ipc.schema.MiningCapnp.Mining.Client(connection.bootstrap()).getTransactionsByTxIDRequest();
        req.params().initTxids(0);
        CompletableFuture<List<byte[]>> got = req.sendForResponse().thenApplyInline(r -> {
            try (r) {
                return r.read(res -> {
                    List<byte[]> out = new ArrayList<>();
                    for (int i = 0; i < res.getResult().size(); i++) {
                        out.add(Blob.of(res.getResult().get(i)).toArray()); // the one copy the caller keeps
                    }
                    return out;
                });
            }
        });
        peer.answerBootstrap(0);
        int q = -1;
        while (q < 0) {
            CapnpRpc.Message.Reader m = peer.read();
            if (m.isCall()) {
                q = m.getCall().getQuestionId();
            }
        }
        java.util.Random random = new java.util.Random(16);
        List<byte[]> txs = new ArrayList<>();
        MessageBuilder b = new MessageBuilder(128, org.capnproto.BuilderArena.AllocationStrategy.FIXED_SIZE);
        CapnpRpc.Return.Builder r = b.initRoot(CapnpRpc.Message.factory).initReturn();
        r.setAnswerId(q);
        r.setReleaseParamCaps(false);
        CapnpRpc.Payload.Builder p = r.initResults();
        p.initCapTable(0);
        org.capnproto.DataList.Builder list = p.getContent()
                .initAs(org.bitcoinfx.ipc.schema.MiningCapnp.Mining.GetTransactionsByTxIDResults.factory).initResult(12);
        for (int i = 0; i < 12; i++) {
            byte[] tx = new byte[700_000 + i];
            random.nextBytes(tx);
            txs.add(tx);
            list.set(i, new org.capnproto.Data.Reader(tx));
        }
        int segments = b.getSegmentsForOutput().length;
        assertTrue(segments > 12, segments + " segments");
        byte[] frame = Frames.encode(b);
        Thread reader = RpcRuntimeTest.readerOf(connection);
        long before = allocated(reader);
        peer.sendRaw(frame);
        List<byte[]> read = got.get(WAIT_S, TimeUnit.SECONDS);
        long used = allocated(reader) - before;
        assertEquals(12, read.size());
        for (int i = 0; i < 12; i++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(txs.get(i), read.get(i), "tx " + i);
        }
        System.out.printf("BigMessagesTest: 12 × 700 kB in %d segments (%d bytes): the reader allocated %.2f× the message%n", segments,
                frame.length, (double) used / frame.length);
        assertTrue(before < 0 || used < 3L * frame.length, "the reader allocated " + used + " bytes for a " + frame.length + "-byte message");
    }

    /**
     * The node's capnp refuses to send a message of {@code traversalLimitInWords} (8 Mi) words or
     * more ({@code rpc-twoparty.c++}, "larger than our single-message size limit"); one of 8 Mi − 1
     * words, a 64 MiB reply, is read whole; a frame that claims one word more than the limit is
     * refused before anything is allocated for it.
     */
    @Test
    void theLargestMessageTheNodeCanSendPassesAndOneWordMoreIsRefused() throws Exception {
        Call call = new Call();
        long target = Frames.TRAVERSAL_LIMIT_WORDS - 1;
        int len = (int) (target * 8) - 200;
        long words = wordsOf(Frames.encode(executeRpcReturn(call.questionId, "x".repeat(len))));
        byte[] filler = new byte[len + (int) ((target - words) * 8)];
        java.util.Arrays.fill(filler, (byte) 'x');
        String text = new String(filler, StandardCharsets.ISO_8859_1);
        filler = null;
        byte[] frame = Frames.encode(executeRpcReturn(call.questionId, text));
        long total = wordsOf(frame);
        assertEquals(target, total, "a message of traversalLimitInWords - 1 words");
        call.peer.sendRaw(frame);
        frame = null;
        assertEquals(text.length(), call.reply.get(WAIT_S, TimeUnit.SECONDS).length());
        assertTrue(call.connection.isOpen());

        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> Frames.read(
                new ByteArrayInputStream(RpcFaultsTest.header(1, (int) Frames.TRAVERSAL_LIMIT_WORDS))));
        assertInstanceOf(MalformedMessageException.class, e, "a claim of limit + 1 words: " + e);
    }

    /**
     * Our side sends no message the node would refuse, as CP's {@code OutgoingMessageImpl::send}
     * does not: a call of 8 Mi words or more fails FAILED without being sent, and the connection
     * goes on; a Return that big (our runtime serving, as FakeNode does) goes out as an exception
     * Return instead, and the caller sees it as the node's own refusal.
     */
    @Test
    void messagesOverTheLimitAreNotSentButFailTheirCall() throws Exception {
        String huge = "x".repeat((int) (Frames.TRAVERSAL_LIMIT_WORDS * 8));
        Call call = new Call();
        var req = new RpcCapnp.Rpc.Client(call.connection.bootstrap()).executeRpcRequest();
        req.params().setRequest(huge);
        Throwable t = RpcFaultsTest.failureOf(req.sendForResponse());
        org.bitcoinfx.ipc.IpcException e = assertInstanceOf(org.bitcoinfx.ipc.IpcException.class, t);
        assertEquals(org.bitcoinfx.ipc.IpcException.Type.FAILED, e.type());
        assertTrue(e.getMessage().contains("larger than the single-message size limit"), e::getMessage);
        assertTrue(call.connection.isOpen());

        org.newsclub.net.unix.AFUNIXSocketPair<org.newsclub.net.unix.AFUNIXSocketChannel> pair = org.newsclub.net.unix.AFUNIXSocketPair.open();
        java.net.Socket a = pair.getSocket1().socket();
        java.net.Socket b = pair.getSocket2().socket();
        RpcConnection server = new RpcConnection(b.getInputStream(), b.getOutputStream(), b, new RpcCapnp.Rpc.Server() {
            @Override
            protected CompletableFuture<Void> executeRpc(CallContext.Typed<RpcCapnp.Rpc.ExecuteRpcParams.Reader,
                    RpcCapnp.Rpc.ExecuteRpcResults.Builder> c) {
                c.results().setResult(c.params().getRequest().toString().equals("huge") ? huge : "small");
                return CompletableFuture.completedFuture(null);
            }
        });
        closeAfter.add(0, server);
        RpcConnection client = new RpcConnection(a.getInputStream(), a.getOutputStream(), a, null);
        closeAfter.add(0, client);
        Capability rpc = client.bootstrap();
        var big = new RpcCapnp.Rpc.Client(rpc).executeRpcRequest();
        big.params().setRequest("huge");
        org.bitcoinfx.ipc.RemoteException r = assertInstanceOf(org.bitcoinfx.ipc.RemoteException.class,
                RpcFaultsTest.failureOf(big.sendForResponse()));
        assertEquals(org.bitcoinfx.ipc.IpcException.Type.FAILED, r.type());
        assertTrue(r.reason().contains("larger than our single-message size limit"), r::reason);
        var small = new RpcCapnp.Rpc.Client(rpc).executeRpcRequest();
        small.params().setRequest("small");
        assertEquals("small", small.sendForResponse().thenApplyInline(x -> {
            try (x) {
                return x.results().getResult().toString();
            }
        }).get(WAIT_S, TimeUnit.SECONDS), "both connections go on");
        assertTrue(client.isOpen() && server.isOpen());
    }

    /**
     * The amplification the traversal limit is for: a 74 kB Return whose 1,100 list entries all
     * point at the same 64 KiB Data (8 Mi words and more if each is read once). Reading them
     * passes the message's traversal budget part way: the call fails with a
     * {@link MalformedMessageException} ("Read limit exceeded") and the connection aborts, having
     * allocated nothing near the 72 MB the entries claim.
     */
    @Test
    void entriesThatAllPointAtOneBlobPassTheTraversalLimitAndFailTheCall() throws Exception {
        FakePeer peer = new FakePeer();
        closeAfter.add(peer);
        RpcConnection connection = peer.connect(null, RpcConnection.Options.DEFAULT);
        closeAfter.add(0, connection);
        var req = new org.bitcoinfx.ipc.schema.MiningCapnp.Mining.Client(connection.bootstrap()).getTransactionsByTxIDRequest();
        req.params().initTxids(0);
        CompletableFuture<Long> got = req.sendForResponse().thenApplyInline(r -> {
            try (r) {
                return r.read(res -> {
                    long total = 0;
                    for (int i = 0; i < res.getResult().size(); i++) {
                        total += Blob.of(res.getResult().get(i)).length();
                    }
                    return total;
                });
            }
        });
        peer.answerBootstrap(0);
        int q = -1;
        while (q < 0) {
            CapnpRpc.Message.Reader m = peer.read();
            if (m.isCall()) {
                q = m.getCall().getQuestionId();
            }
        }
        int entries = 1100;
        int blob = 64 << 10;
        MessageBuilder b = new MessageBuilder(16 << 10);
        CapnpRpc.Return.Builder r = b.initRoot(CapnpRpc.Message.factory).initReturn();
        r.setAnswerId(q);
        r.setReleaseParamCaps(false);
        CapnpRpc.Payload.Builder p = r.initResults();
        p.initCapTable(0);
        org.capnproto.DataList.Builder list = p.getContent()
                .initAs(org.bitcoinfx.ipc.schema.MiningCapnp.Mining.GetTransactionsByTxIDResults.factory).initResult(entries);
        list.set(0, new org.capnproto.Data.Reader(new byte[blob]));
        byte[] frame = Frames.encode(b);
        assertEquals(1, b.getSegmentsForOutput().length);
        ByteBuffer w = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
        int at = -1;
        for (int i = 8; i + 8 <= frame.length && at < 0; i += 8) {
            long word = w.getLong(i);
            if ((word & 3) == 1 && ((word >>> 32) & 7) == 2 && (word >>> 35) == blob) {
                at = i;
            }
        }
        assertTrue(at > 0, "entry 0's pointer");
        long first = w.getLong(at);
        int offset = (int) first >> 2; // signed, in words from the end of the pointer
        for (int i = 1; i < entries; i++) {
            long moved = (first & 0xffff_ffff_0000_0000L) | (((long) (offset - i) << 2) & 0xffff_fffcL) | 1;
            w.putLong(at + 8 * i, moved);
        }
        assertTrue(frame.length < 80_000, frame.length + " bytes on the wire");
        Thread reader = RpcRuntimeTest.readerOf(connection);
        long before = allocated(reader);
        peer.sendRaw(frame);
        Throwable t = RpcFaultsTest.failureOf(got);
        long used = allocated(reader) - before;
        assertInstanceOf(MalformedMessageException.class, t, "the call fails typed: " + t);
        assertTrue(t.getMessage().contains("Read limit exceeded"), t::getMessage);
        RpcFaultsTest.assertAborted(peer, connection, MalformedMessageException.class);
        assertTrue(before < 0 || used < 8L << 20, "the reader allocated " + used + " bytes");
    }

    /** The words a frame's segment table claims, in all. */
    static long wordsOf(byte[] frame) {
        ByteBuffer t = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
        long total = 0;
        for (int i = 0; i <= t.getInt(0); i++) {
            total += Integer.toUnsignedLong(t.getInt(4 + 4 * i));
        }
        return total;
    }

    /** Where the results' Text pointer is in {@code frame}: the list pointer (byte elements) whose count is {@code len} + 1. */
    static int textPointerAt(byte[] frame, int len) {
        ByteBuffer b = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = 8; at + 8 <= frame.length; at += 8) {
            long w = b.getLong(at);
            if ((w & 3) == 1 && ((w >>> 32) & 7) == 2 && (w >>> 35) == len + 1) {
                return at;
            }
        }
        throw new AssertionError("no Text pointer of " + len + " bytes");
    }

    @Test
    void aTextThatClaimsMoreThanItsSegmentFailsTheCallAsMalformed() throws Exception {
        lyingText((frame, at) -> {
            ByteBuffer b = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
            long w = b.getLong(at);
            b.putLong(at, (w & 0x7_ffff_ffffL) | (0x1fff_ffffL << 35)); // 512 Mi bytes, in a one-segment message
        });
    }

    @Test
    void aFarPointerToAMissingSegmentInTheResultsFailsTheCallAsMalformed() throws Exception {
        lyingText((frame, at) -> ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).putLong(at, (7L << 32) | 2));
    }

    private void lyingText(java.util.function.ObjIntConsumer<byte[]> lie) throws Exception {
        Call call = new Call();
        String text = "{\"result\":\"a reply whose pointer lies\"}";
        byte[] frame = Frames.encode(executeRpcReturn(call.questionId, text));
        lie.accept(frame, textPointerAt(frame, text.length()));
        call.peer.sendRaw(frame);
        Throwable t = RpcFaultsTest.failureOf(call.reply);
        assertInstanceOf(MalformedMessageException.class, t, "the call fails typed: " + t);
        RpcFaultsTest.assertAborted(call.peer, call.connection, MalformedMessageException.class);
    }
}
