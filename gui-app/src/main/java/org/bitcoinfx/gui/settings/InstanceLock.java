package org.bitcoinfx.gui.settings;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One Bitcoin FX per settings directory: an exclusive lock ({@link FileChannel#tryLock()}, an
 * {@code fcntl} lock on Linux) on {@value #FILE_NAME} beside {@code settings.json}, held until the
 * process ends (the system releases it then, also after a crash or {@code kill -9}). Two instances
 * would otherwise write over each other's settings and payment requests and fight over one node.
 * The file holds the owner's process id, for the message a second start shows.
 */
public final class InstanceLock implements AutoCloseable {
    /** The lock file's name, in the settings directory. */
    public static final String FILE_NAME = "bitcoinfx.lock";

    private final FileChannel channel;
    private final FileLock lock;
    private final Path file;

    /** Another process (or this one) holds the lock. */
    public static final class AlreadyRunningException extends Exception {
        private static final long serialVersionUID = 1L;

        AlreadyRunningException(String message) {
            super(message);
        }
    }

    private InstanceLock(FileChannel channel, FileLock lock, Path file) {
        this.channel = channel;
        this.lock = lock;
        this.file = file;
    }

    /**
     * Takes the lock of {@code settingsDir} (created if missing) and writes this process's id into it.
     *
     * @param settingsDir the directory of {@code settings.json}
     * @return the held lock; {@link #close()} releases it (else the process's end does)
     * @throws AlreadyRunningException if another Bitcoin FX holds it; the message says so, with its process id
     * @throws IOException             if the lock file cannot be created or locked
     */
    public static InstanceLock acquire(Path settingsDir) throws AlreadyRunningException, IOException {
        Files.createDirectories(settingsDir);
        Path file = settingsDir.resolve(FILE_NAME);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null; // held by this very process
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        if (l == null) {
            String owner = owner(ch);
            ch.close();
            throw new AlreadyRunningException("Bitcoin FX is already running" + (owner.isEmpty() ? "" : " (process " + owner + ")")
                    + " with the settings in " + settingsDir + ". Switch to its window, or quit it first.");
        }
        try {
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            ch.force(false);
        } catch (IOException e) {
            l.release();
            ch.close();
            throw e;
        }
        return new InstanceLock(ch, l, file);
    }

    /** The process id the owner wrote, or empty. */
    private static String owner(FileChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate(32);
            ch.read(b, 0);
            String s = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).strip();
            return s.matches("[0-9]{1,10}") ? s : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** @return the lock file */
    public Path file() {
        return file;
    }

    /** Releases the lock. @throws IOException if the system refuses */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
