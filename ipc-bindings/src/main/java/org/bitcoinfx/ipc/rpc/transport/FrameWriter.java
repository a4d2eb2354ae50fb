package org.bitcoinfx.ipc.rpc.transport;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.bitcoinfx.ipc.DisconnectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writing half of a connection: a queue of framed messages, bounded by bytes, and the one
 * thread that writes them to the stream ({@code <name>-writer}). No other thread touches the
 * stream, so a peer that stops reading blocks only this thread; callers queue and go on.
 *
 * <p>Frames queued together go out in one write, up to {@link #GATHER_BYTES} (as Cap'n Proto C++
 * batches a turn's messages into one {@code write} of its {@code AsyncOutputStream}); larger ones
 * in {@link #GATHER_BYTES} chunks. Each frame's bytes and the gather buffer are zeroed once written,
 * so a request's contents (a wallet passphrase) do not linger in memory this class owns.
 *
 * <p>Deadline: when one chunk has been in {@code write} longer than the write deadline, the peer is
 * taken to have stopped reading: the stream is closed (which ends the blocked write) and the
 * failure handler gets a {@link WriteTimeoutException}. A watchdog on a shared daemon thread
 * ({@code capnp-rpc-deadlines}, ended when no connection is open) checks this a few times per
 * deadline.
 *
 * <p>Close: {@link #close(Duration)} never blocks. The writer writes what was queued before it,
 * then closes the stream; if the peer does not take those bytes within the linger bound, the
 * stream is closed anyway and they are dropped. {@link #abort()} drops the queue and closes at once.
 */
public final class FrameWriter {
    private static final Logger LOG = LoggerFactory.getLogger(FrameWriter.class);
    /** The largest write made of several frames, and the chunk size of larger frames, bytes. */
    public static final int GATHER_BYTES = 64 * 1024;
    private static final AtomicInteger DEADLINE_THREADS = new AtomicInteger();
    private static final ScheduledThreadPoolExecutor DEADLINES = deadlineScheduler();

    private final OutputStream out;
    private final Closeable stream;
    private final long limitBytes;
    private final long deadlineNanos;
    private final Consumer<DisconnectedException> onFailure;
    private final AtomicBoolean failed = new AtomicBoolean();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition room = lock.newCondition();
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>(); // guarded by lock
    private long queuedBytes;     // guarded by lock: queued or being written
    private boolean closing;      // guarded by lock: no more frames; close the stream once drained
    private boolean streamClosed; // guarded by lock
    private long closeByNanos;    // guarded by lock: when closing, the linger bound
    private volatile long writingSince; // System.nanoTime() when the current chunk's write began; 0 when idle
    private final byte[] gather = new byte[GATHER_BYTES]; // writer thread only
    private final Thread thread;
    private final ScheduledFuture<?> watchdog;

    private static ScheduledThreadPoolExecutor deadlineScheduler() {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "capnp-rpc-deadlines-" + DEADLINE_THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true);
        s.setKeepAliveTime(1, TimeUnit.SECONDS);
        s.allowCoreThreadTimeOut(true);
        return s;
    }

    /**
     * Starts the writer thread.
     *
     * @param out           where frames go
     * @param stream        closed when the writer ends (normally the socket {@code out} belongs to)
     * @param name          the connection's thread-name prefix; the thread is {@code name + "-writer"}
     * @param limitBytes    the queue bound, bytes: {@link #tryAdd} refuses a frame that would pass it
     *                      (a single frame is always taken into an empty queue)
     * @param writeDeadline how long one chunk may take to write before the peer counts as not reading
     * @param onFailure     told once, on the writer or watchdog thread, when a write fails (a
     *                      {@link DisconnectedException} whose cause is the {@link IOException}) or
     *                      passes the deadline ({@link WriteTimeoutException}); not told of failures
     *                      after {@link #close}/{@link #abort}
     */
    public FrameWriter(OutputStream out, Closeable stream, String name, long limitBytes, Duration writeDeadline,
            Consumer<DisconnectedException> onFailure) {
        if (limitBytes <= 0 || writeDeadline.isNegative() || writeDeadline.isZero()) {
            throw new IllegalArgumentException("queue limit and write deadline must be positive");
        }
        this.out = out;
        this.stream = stream;
        this.limitBytes = limitBytes;
        this.deadlineNanos = writeDeadline.toNanos();
        this.onFailure = onFailure;
        this.thread = new Thread(this::writeLoop, name + "-writer");
        this.thread.setDaemon(true);
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(5), Math.min(deadlineNanos / 4, TimeUnit.SECONDS.toNanos(1)));
        this.watchdog = DEADLINES.scheduleWithFixedDelay(this::checkDeadlines, period, period, TimeUnit.NANOSECONDS);
        this.thread.start();
    }

    /** The writer thread (for tests and thread dumps). */
    public Thread thread() {
        return thread;
    }

    /** @return bytes queued or being written */
    public long queuedBytes() {
        lock.lock();
        try {
            return queuedBytes;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues a frame unless that would pass the queue bound (backpressure for new calls).
     *
     * @return false if the queue is full (the frame was not taken) or the writer is closing
     */
    public boolean tryAdd(byte[] frame) {
        lock.lock();
        try {
            if (closing || (queuedBytes > 0 && queuedBytes + frame.length > limitBytes)) {
                return false;
            }
            push(frame);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues a frame whatever the bound (Return, Finish, Release, Abort: messages the protocol may
     * not drop; what bounds them is that the reader waits in {@link #awaitRoom}).
     *
     * @return false if the writer is closing (the frame was dropped)
     */
    public boolean add(byte[] frame) {
        lock.lock();
        try {
            if (closing) {
                return false;
            }
            push(frame);
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void push(byte[] frame) {
        boolean wasEmpty = queue.isEmpty();
        queue.add(frame);
        queuedBytes += frame.length;
        if (wasEmpty) {
            work.signal();
        }
    }

    /**
     * Waits while the queue is over its bound: the reader calls this before it takes in more of the
     * peer's messages, so that a peer that sends without reading cannot make the queue grow without
     * bound. Ends when there is room, or when the stream is closed (the write deadline passed, or
     * the connection ended).
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void awaitRoom() throws InterruptedException {
        lock.lock();
        try {
            while (queuedBytes > limitBytes && !streamClosed) {
                room.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends the writer without blocking: frames queued so far are written, then the stream is
     * closed; if that takes longer than {@code linger}, the stream is closed anyway. Later frames
     * are dropped. Idempotent (a second call does not extend the linger).
     */
    public void close(Duration linger) {
        lock.lock();
        try {
            if (closing) {
                return;
            }
            closing = true;
            closeByNanos = System.nanoTime() + linger.toNanos();
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Drops the queue and closes the stream now (a blocked write ends). Never blocks on the peer. */
    public void abort() {
        lock.lock();
        try {
            closing = true;
            dropQueue();
        } finally {
            lock.unlock();
        }
        closeStream();
    }

    private void dropQueue() {
        for (byte[] f : queue) {
            Arrays.fill(f, (byte) 0);
        }
        queue.clear();
        queuedBytes = 0;
        room.signalAll();
    }

    private void writeLoop() {
        try {
            while (true) {
                byte[] first;
                lock.lock();
                try {
                    while (queue.isEmpty() && !closing) {
                        work.await();
                    }
                    first = queue.poll();
                    if (first == null) {
                        break; // closing and drained
                    }
                } finally {
                    lock.unlock();
                }
                long written = write(first);
                lock.lock();
                try {
                    queuedBytes -= written;
                    room.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        } catch (IOException e) {
            fail(new DisconnectedException("write failed: " + e.getMessage(), e));
        } catch (InterruptedException e) {
            fail(new DisconnectedException("writer interrupted", e));
        } finally {
            lock.lock();
            try {
                dropQueue();
                closing = true;
            } finally {
                lock.unlock();
            }
            closeStream();
        }
    }

    /**
     * Writes {@code first} and, gathered into one write, the frames queued behind it that fit.
     *
     * @return the bytes written (taken off the queue)
     */
    private long write(byte[] first) throws IOException {
        if (first.length > GATHER_BYTES / 2) {
            writeChunked(first);
            Arrays.fill(first, (byte) 0);
            return first.length;
        }
        System.arraycopy(first, 0, gather, 0, first.length);
        Arrays.fill(first, (byte) 0);
        int n = first.length;
        lock.lock();
        try {
            byte[] next;
            while ((next = queue.peek()) != null && n + next.length <= GATHER_BYTES) {
                queue.poll();
                System.arraycopy(next, 0, gather, n, next.length);
                Arrays.fill(next, (byte) 0);
                n += next.length;
            }
        } finally {
            lock.unlock();
        }
        try {
            writingSince = System.nanoTime();
            out.write(gather, 0, n);
            out.flush();
        } finally {
            writingSince = 0;
            Arrays.fill(gather, 0, n, (byte) 0);
        }
        return n;
    }

    private void writeChunked(byte[] frame) throws IOException {
        try {
            for (int off = 0; off < frame.length; off += GATHER_BYTES) {
                writingSince = System.nanoTime();
                out.write(frame, off, Math.min(GATHER_BYTES, frame.length - off));
            }
            out.flush();
        } finally {
            writingSince = 0;
        }
    }

    private void checkDeadlines() {
        long now = System.nanoTime();
        long since = writingSince;
        if (since != 0 && now - since > deadlineNanos) {
            fail(new WriteTimeoutException("the peer has not read for " + TimeUnit.NANOSECONDS.toMillis(now - since)
                    + " ms (write deadline " + TimeUnit.NANOSECONDS.toMillis(deadlineNanos) + " ms)"));
            closeStream();
            return;
        }
        boolean lingerOver;
        lock.lock();
        try {
            lingerOver = closing && !streamClosed && now - closeByNanos > 0;
            if (lingerOver) {
                dropQueue();
            }
        } finally {
            lock.unlock();
        }
        if (lingerOver) {
            LOG.debug("{}: the peer did not take the last frames within the close linger; closing anyway", thread.getName());
            closeStream();
        }
    }

    private void fail(DisconnectedException e) {
        boolean report;
        lock.lock();
        try {
            report = !closing;
        } finally {
            lock.unlock();
        }
        if (failed.compareAndSet(false, true) && report) {
            onFailure.accept(e);
        }
    }

    private void closeStream() {
        lock.lock();
        try {
            if (streamClosed) {
                return;
            }
            streamClosed = true;
            closing = true;
            work.signalAll();
            room.signalAll();
        } finally {
            lock.unlock();
        }
        watchdog.cancel(false);
        try {
            stream.close();
        } catch (IOException e) {
            LOG.debug("closing the IPC stream failed", e);
        }
    }

    /** @return true once the stream is closed */
    public boolean isStreamClosed() {
        lock.lock();
        try {
            return streamClosed;
        } finally {
            lock.unlock();
        }
    }
}
