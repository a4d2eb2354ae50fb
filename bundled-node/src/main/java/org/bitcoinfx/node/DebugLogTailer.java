package org.bitcoinfx.node;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a growing text file (bitcoin-node's {@code debug.log}) from a given byte offset, on a
 * daemon thread polling every {@code pollInterval}, and hands each complete line to a consumer.
 * The file may not exist yet. If it shrinks (rotated, or {@code -shrinkdebugfile}) the tailer
 * starts again at its beginning.
 */
public final class DebugLogTailer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DebugLogTailer.class);

    private final Path file;
    private final Consumer<String> sink;
    private final Duration pollInterval;
    private final Thread thread;
    private volatile boolean closed;
    private long position;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    /** One read buffer for every poll (a poll every few ms must not make garbage of its own). */
    private final ByteBuffer buf = ByteBuffer.allocate(64 * 1024);

    /**
     * Starts tailing.
     *
     * @param file          the file to follow; need not exist yet
     * @param startPosition the byte offset to start at (the file's size when the node was launched)
     * @param pollInterval  how often to look for new bytes
     * @param sink          receives each complete line, without its line terminator, on the tailer thread
     */
    public DebugLogTailer(Path file, long startPosition, Duration pollInterval, Consumer<String> sink) {
        this.file = file;
        this.position = startPosition;
        this.pollInterval = pollInterval;
        this.sink = sink;
        this.thread = new Thread(this::run, "bitcoinfx-debuglog-tail");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** @return the current size of {@code file}, or 0 if it does not exist */
    public static long sizeOrZero(Path file) {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            log.warn("Cannot read the size of {}; tailing it from the start", file, e);
            return 0;
        }
    }

    private void run() {
        while (!closed) {
            pollOnce();
            if (!closed) {
                // park, not sleep: close() unparks; an interrupt would close the FileChannel mid-read
                LockSupport.parkNanos(pollInterval.toNanos());
            }
        }
        pollOnce(); // whatever the node wrote last
        flushPartial();
    }

    /**
     * Reads what was appended since the last poll now, on the calling thread (the sink is called
     * here too), e.g. to decide on the file's latest state. Safe alongside the tailer thread.
     */
    public void poll() {
        if (!closed) {
            pollOnce();
        }
    }

    /** Reads what was appended since the last poll. */
    private synchronized void pollOnce() {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < position) {
                log.debug("{} shrank from {} to {} bytes; reading it from the start", file, position, size);
                position = 0;
                partial.reset();
            }
            while (position < size) {
                buf.clear();
                int n = ch.read(buf, position);
                if (n <= 0) {
                    break;
                }
                position += n;
                byte[] a = buf.array();
                int start = 0; // the first byte of a[] not yet in partial
                for (int i = 0; i < n; i++) {
                    if (a[i] == '\n' || a[i] == '\r') {
                        partial.write(a, start, i - start);
                        start = i + 1;
                        if (a[i] == '\n') {
                            emit();
                        }
                    }
                }
                partial.write(a, start, n - start);
            }
        } catch (NoSuchFileException e) {
            // not created yet: the node writes it once logging starts
        } catch (IOException e) {
            log.warn("Cannot read {}", file, e);
        }
    }

    private void emit() {
        String line = partial.toString(StandardCharsets.UTF_8);
        partial.reset();
        try {
            sink.accept(line);
        } catch (RuntimeException e) {
            log.error("debug.log line consumer failed on: {}", line, e);
        }
    }

    private synchronized void flushPartial() {
        if (partial.size() > 0) {
            emit();
        }
    }

    /** @return the file being followed */
    public Path file() {
        return file;
    }

    /**
     * Stops tailing after one last read, waiting up to 2 s for the thread to finish. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
