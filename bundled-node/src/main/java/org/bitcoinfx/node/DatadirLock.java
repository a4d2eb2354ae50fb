package org.bitcoinfx.node;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells whether a bitcoin-node is running on a datadir: a running node holds an exclusive lock on
 * {@code <datadir>/<network subdir>/.lock} (Bitcoin Core {@code util/fs_helpers.cpp}
 * {@code LockDirectory}/{@code FileLock::TryLock}, an fcntl {@code F_SETLK} write lock).
 *
 * <p>The check never takes the lock where the kernel lists its locks ({@code /proc/locks}, Linux):
 * taking it, even briefly, would make a bitcoin-node starting at that moment fail with "Cannot
 * obtain a lock", and closing the probe's file descriptor would drop a lock this JVM itself holds
 * on the file (POSIX locks belong to the process, see {@link FileLock}). Only where {@code /proc/locks}
 * cannot be read, or cannot tell (its device numbers differ from {@code stat}'s, as on some btrfs
 * subvolumes), does it fall back to trying the lock and releasing it at once ({@link #tryLockProbe}).
 */
public final class DatadirLock {
    private static final Logger log = LoggerFactory.getLogger(DatadirLock.class);
    /** The kernel's table of file locks. */
    static final Path PROC_LOCKS = Path.of("/proc/locks");

    private DatadirLock() {
    }

    /**
     * @param lockFile {@code <network dir>/.lock}
     * @return true if a process (another one, or this JVM) holds a lock on it; false if it is free or
     *         the file does not exist
     * @throws IOException if the file exists but its attributes cannot be read, or (fallback only) it
     *                     cannot be opened for writing
     */
    public static boolean isLocked(Path lockFile) throws IOException {
        Object ino;
        Object dev;
        try {
            ino = Files.getAttribute(lockFile, "unix:ino", LinkOption.NOFOLLOW_LINKS);
            dev = Files.getAttribute(lockFile, "unix:dev", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return false;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return tryLockProbe(lockFile);
        }
        Optional<List<String>> table = procLocks();
        if (table.isPresent()) {
            Optional<Boolean> held = heldIn(table.get(), ((Number) dev).longValue(), ((Number) ino).longValue());
            if (held.isPresent()) {
                return held.get();
            }
            log.debug("/proc/locks cannot tell about {} (device numbers differ); trying the lock", lockFile);
        }
        return tryLockProbe(lockFile);
    }

    private static Optional<List<String>> procLocks() {
        try {
            return Optional.of(Files.readAllLines(PROC_LOCKS));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Reads {@code /proc/locks} lines such as {@code 4: POSIX  ADVISORY  WRITE 31531 fe:00:2146351 0 EOF}
     * ({@code MAJOR:MINOR:INODE}, device numbers in hex; {@code ->} marks a waiter, not a holder;
     * Linux {@code fs/locks.c lock_get_status}).
     *
     * @param lines the table
     * @param dev   the file's {@code st_dev}
     * @param ino   the file's inode number
     * @return true if a lock on that file is held, false if none is, empty if the table lists a lock
     *         on the same inode on another device number (it cannot tell)
     */
    static Optional<Boolean> heldIn(List<String> lines, long dev, long ino) {
        long major = ((dev >>> 8) & 0xfffL) | ((dev >>> 32) & ~0xfffL);
        long minor = (dev & 0xffL) | ((dev >>> 12) & ~0xffL);
        boolean unsure = false;
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 6 || f[1].equals("->")) {
                continue;
            }
            String[] id = f[5].split(":");
            if (id.length != 3) {
                continue;
            }
            try {
                if (Long.parseLong(id[2]) != ino) {
                    continue;
                }
                if (Long.parseLong(id[0], 16) == major && Long.parseLong(id[1], 16) == minor) {
                    return Optional.of(true);
                }
                unsure = true;
            } catch (NumberFormatException e) {
                // not a lock line
            }
        }
        return unsure ? Optional.empty() : Optional.of(false);
    }

    /**
     * The fallback where {@code /proc/locks} cannot tell: tries the lock and releases it at once. It
     * does take the lock for that instant (a bitcoin-node starting then fails with its clear "Cannot
     * obtain a lock" error; nothing is written or lost), and if this JVM holds the lock through another
     * channel, closing the probe may drop it: the app never holds a node's lock itself (only in-process
     * test doubles do), and Linux, the platform Bitcoin FX supports, always has {@code /proc/locks}.
     */
    private static boolean tryLockProbe(Path lockFile) throws IOException {
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
