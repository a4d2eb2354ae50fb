package org.bitcoinfx.ipc.rpc.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.rpc.schema.CapnpRpc;
import org.capnproto.MessageBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link InMemoryTransport}: order, the queue bound, close and abort, as a socket behaves. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class InMemoryTransportTest {
    private static byte[] finish(int questionId) {
        MessageBuilder m = new MessageBuilder(16);
        m.initRoot(CapnpRpc.Message.factory).initFinish().setQuestionId(questionId);
        return Frames.encode(m);
    }

    private static int questionOf(Frames.Inbound m) {
        return m.message().getRoot(CapnpRpc.Message.factory).getFinish().getQuestionId();
    }

    @Test
    void framesArriveInOrderWithTheirSizes() throws IOException {
        InMemoryTransport.Pair p = InMemoryTransport.pair();
        byte[] f = finish(1);
        int size = f.length;
        assertTrue(p.a().send(f));
        assertTrue(p.a().send(finish(2)));
        assertEquals(2L * size, p.a().queuedBytes());
        assertTrue(p.b().messageBuffered());
        Frames.Inbound first = p.b().receive();
        assertEquals(1, questionOf(first));
        assertEquals(size, first.bytes());
        assertEquals(2, questionOf(p.b().receive()));
        assertFalse(p.b().messageBuffered());
        assertEquals(0, p.a().queuedBytes());
        assertTrue(p.b().send(finish(3)), "the other direction is independent");
        assertEquals(3, questionOf(p.a().receive()));
    }

    @Test
    void trySendRefusesWhatWouldPassTheBoundAndAwaitRoomWaitsForThePeer() throws Exception {
        byte[] f = finish(1);
        InMemoryTransport.Pair p = InMemoryTransport.pair(f.length);
        assertTrue(p.a().trySend(f), "a frame always goes into an empty queue");
        assertFalse(p.a().trySend(finish(2)), "a second would pass the bound");
        assertTrue(p.a().send(finish(3)), "send ignores the bound");
        CompletableFuture<Void> room = CompletableFuture.runAsync(() -> {
            try {
                p.a().awaitRoom();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(1, questionOf(p.b().receive()));
        room.get(5, TimeUnit.SECONDS); // at the bound again: room
        assertEquals(3, questionOf(p.b().receive()));
        assertTrue(p.a().trySend(finish(4)));
    }

    @Test
    void closeDeliversWhatWasQueuedThenTheEnd() throws Exception {
        InMemoryTransport.Pair p = InMemoryTransport.pair();
        p.a().send(finish(1));
        p.a().close(Duration.ofSeconds(1));
        assertTrue(p.a().closed().isDone());
        assertFalse(p.a().send(finish(2)), "nothing is taken after close");
        assertEquals(1, questionOf(p.b().receive()));
        assertNull(p.b().receive(), "then the end of the stream");
        assertFalse(p.b().closed().isDone(), "the peer's end does not close this end");
        assertThrows(IOException.class, () -> p.a().receive(), "a closed end does not read");
    }

    @Test
    void disconnectDropsTheQueuesAndFailsBothReaders() throws Exception {
        InMemoryTransport.Pair p = InMemoryTransport.pair();
        p.a().send(finish(1));
        CompletableFuture<Throwable> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                p.a().receive();
                return null;
            } catch (IOException e) {
                return e;
            }
        });
        p.disconnect();
        assertTrue(blocked.get(5, TimeUnit.SECONDS) instanceof IOException, "the blocked reader ends");
        assertThrows(IOException.class, () -> p.b().receive(), "the queued frame was dropped");
        assertEquals(0, p.a().queuedBytes());
        p.a().awaitRoom(); // returns at once on a closed end
    }
}
