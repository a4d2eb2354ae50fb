package org.bitcoinfx.node;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Tells whether a bitcoin-node is running on a datadir: a running node holds an exclusive lock on
 * {@code <datadir>/<network subdir>/.lock} (Bitcoin Core {@code LockDirectory}, an fcntl lock).
 */
public final class DatadirLock {
    private DatadirLock() {
    }

    /**
     * Tries to take the lock and releases it at once.
     *
     * @param lockFile {@code <network dir>/.lock}
     * @return true if another process holds it; false if it is free or the file does not exist
     * @throws IOException if the file exists but cannot be opened for writing
     */
    public static boolean isLocked(Path lockFile) throws IOException {
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = ch.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (NoSuchFileException e) {
            return false;
        } catch (OverlappingFileLockException e) {
            return true; // held by this JVM
        }
    }
}
