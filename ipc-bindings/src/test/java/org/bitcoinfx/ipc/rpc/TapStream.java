package org.bitcoinfx.ipc.rpc;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.bitcoinfx.ipc.rpc.schema.CapnpRpc;
import org.bitcoinfx.ipc.rpc.transport.Frames;
import org.bitcoinfx.ipc.rpc.transport.MessageStream;

/**
 * A {@link MessageStream} that passes everything to another and records the messages: those sent
 * (queued), and those the connection's reader has handled. A message counts as handled when the
 * reader comes back for the next one, as the reader handles one message at a time, in order; so
 * {@link #handled} lets a test wait, without sleeping, until a connection has acted on what it got.
 */
final class TapStream implements MessageStream {
    private final MessageStream inner;
    private final List<CapnpRpc.Message.Reader> sent = new ArrayList<>();    // guarded by this
    private final List<CapnpRpc.Message.Reader> handled = new ArrayList<>(); // guarded by this
    private final List<Waiter> waiters = new ArrayList<>();                  // guarded by this
    private CapnpRpc.Message.Reader inHand; // reader thread only: received, being handled

    private record Waiter(Predicate<CapnpRpc.Message.Reader> which, int count, CompletableFuture<Void> done) {
    }

    TapStream(MessageStream inner) {
        this.inner = inner;
    }

    /** The messages queued so far, in order. */
    synchronized List<CapnpRpc.Message.Reader> sent() {
        return List.copyOf(sent);
    }

    /** The messages queued so far that {@code which} accepts. */
    synchronized List<CapnpRpc.Message.Reader> sent(Predicate<CapnpRpc.Message.Reader> which) {
        return sent.stream().filter(which).toList();
    }

    /**
     * Completes once the reader has handled {@code count} messages that {@code which} accepts
     * (counting those handled before the call).
     */
    synchronized CompletableFuture<Void> handled(Predicate<CapnpRpc.Message.Reader> which, int count) {
        Waiter w = new Waiter(which, count, new CompletableFuture<>());
        if (!check(w)) {
            waiters.add(w);
        }
        return w.done();
    }

    private boolean check(Waiter w) {
        if (handled.stream().filter(w.which()).count() >= w.count()) {
            w.done().complete(null);
            return true;
        }
        return false;
    }

    private static CapnpRpc.Message.Reader parse(byte[] frame) {
        try {
            // A copy: the stream may zero the frame once it is written.
            return Frames.parse(frame.clone()).getRoot(CapnpRpc.Message.factory);
        } catch (IOException e) {
            throw new IllegalStateException("the connection queued a malformed frame", e);
        }
    }

    @Override
    public Frames.Inbound receive() throws IOException {
        if (inHand != null) {
            synchronized (this) {
                handled.add(inHand);
                waiters.removeIf(this::check);
            }
            inHand = null;
        }
        Frames.Inbound m = inner.receive();
        if (m != null) {
            inHand = m.message().getRoot(CapnpRpc.Message.factory);
        }
        return m;
    }

    @Override
    public boolean messageBuffered() {
        return inner.messageBuffered();
    }

    @Override
    public boolean send(byte[] frame) {
        CapnpRpc.Message.Reader m = parse(frame);
        synchronized (this) {
            // Under the tap's lock, so that the record keeps the order of the queue.
            if (inner.send(frame)) {
                sent.add(m);
                return true;
            }
            return false;
        }
    }

    @Override
    public boolean trySend(byte[] frame) {
        CapnpRpc.Message.Reader m = parse(frame);
        synchronized (this) {
            if (inner.trySend(frame)) {
                sent.add(m);
                return true;
            }
            return false;
        }
    }

    @Override
    public long queuedBytes() {
        return inner.queuedBytes();
    }

    @Override
    public void awaitRoom() throws InterruptedException {
        inner.awaitRoom();
    }

    @Override
    public void close(Duration linger) {
        inner.close(linger);
    }

    @Override
    public void abort() {
        inner.abort();
    }

    @Override
    public CompletableFuture<Void> closed() {
        return inner.closed();
    }
}
