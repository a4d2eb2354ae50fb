package org.bitcoinfx.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LogRing, DebugLogTailer, InitProgress, ConnectAddress, DatadirLock. */
class LogsTest {
    @TempDir
    Path tmp;

    @Test
    void ringKeepsTheLastLines() {
        LogRing r = new LogRing(3);
        for (int i = 1; i <= 5; i++) {
            r.add("l" + i);
        }
        assertEquals(List.of("l3", "l4", "l5"), r.all());
        assertEquals(List.of("l4", "l5"), r.last(2));
        assertEquals(5, r.totalAdded());
        assertThrows(IllegalArgumentException.class, () -> new LogRing(0));
    }

    @Test
    void tailerFollowsFromTheStartPositionAndSurvivesTruncation() throws Exception {
        Path f = tmp.resolve("debug.log");
        Files.writeString(f, "old line\n");
        List<String> lines = new CopyOnWriteArrayList<>();
        try (DebugLogTailer t = new DebugLogTailer(f, DebugLogTailer.sizeOrZero(f), Duration.ofMillis(20), lines::add)) {
            Files.writeString(f, "new 1\nnew ", StandardOpenOption.APPEND);
            waitFor(() -> lines.size() == 1);
            Files.writeString(f, "2\r\n", StandardOpenOption.APPEND);
            waitFor(() -> lines.size() == 2);
            Files.writeString(f, "after shrink\n", StandardOpenOption.TRUNCATE_EXISTING);
            waitFor(() -> lines.size() == 3);
            Files.writeString(f, "unterminated", StandardOpenOption.APPEND);
        }
        assertEquals(List.of("new 1", "new 2", "after shrink", "unterminated"), lines);
    }

    @Test
    void tailerReadsLinesAcrossItsReadBufferWhole() throws Exception {
        // 3,000 lines of 1 to 199 bytes, some CRLF, some with a 3-byte UTF-8 character: the 64 KiB reads of one
        // poll cut lines and characters at many places; each line comes out whole, in order
        Path f = tmp.resolve("big.log");
        List<String> expected = new java.util.ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            String line = i + " " + "x".repeat(i * 7 % 190) + (i % 5 == 0 ? " \u20ac" : "");
            expected.add(line);
            text.append(line).append(i % 3 == 0 ? "\r\n" : "\n");
        }
        Files.writeString(f, "");
        List<String> lines = new CopyOnWriteArrayList<>();
        try (DebugLogTailer t = new DebugLogTailer(f, 0, Duration.ofMillis(20), lines::add)) {
            Files.writeString(f, text, StandardOpenOption.APPEND);
            assertTrue(Files.size(f) > 3 * 64 * 1024, "the file spans several reads");
            t.poll();
            waitFor(() -> lines.size() == expected.size());
        }
        assertEquals(expected, lines);
    }

    @Test
    void tailerWaitsForTheFileToAppear() throws Exception {
        Path f = tmp.resolve("later/debug.log");
        List<String> lines = new CopyOnWriteArrayList<>();
        try (DebugLogTailer t = new DebugLogTailer(f, DebugLogTailer.sizeOrZero(f), Duration.ofMillis(20), lines::add)) {
            Thread.sleep(50);
            Files.createDirectories(f.getParent());
            Files.writeString(f, "first\n");
            waitFor(() -> lines.size() == 1);
        }
        assertEquals(List.of("first"), lines);
    }

    private static void waitFor(java.util.function.BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!cond.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 5 s");
            Thread.sleep(10);
        }
    }

    @Test
    void initProgressLines() {
        assertEquals(Optional.of("Loading block index…"), InitProgress.parse("2026-11-22T03:56:54Z init message: Loading block index…"));
        assertEquals(Optional.of("Verifying blocks…"), InitProgress.parse("2026-11-22T03:56:54.123456Z [init] Verifying blocks…"));
        assertEquals(Optional.of("Loading wallet…"), InitProgress.parse("2026-11-22T03:56:54Z [walletload] Loading wallet…"));
        assertEquals(Optional.of("Done loading"), InitProgress.parse("2026-11-22T03:56:54Z init message: Done loading"));
        assertEquals(Optional.empty(), InitProgress.parse("2026-11-22T03:56:54Z UpdateTip: new best=00ab height=5"));
        assertEquals(Optional.empty(), InitProgress.parse("init message: "));
        assertEquals(Optional.empty(), InitProgress.parse("2026-11-22T04:08:06Z Loading block index db: last block file = 0"));
        assertEquals(Optional.of("Verifying last 6 blocks at level 3"), InitProgress.parse("2026-11-22T04:08:06Z Verifying last 6 blocks at level 3"));
        assertEquals(Optional.of("Verification progress: 50%"), InitProgress.parse("2026-11-22T04:08:06Z [init] Verification progress: 50%"));
        assertEquals(Optional.of("Loading wallet..."), InitProgress.parse("2026-11-22T04:08:06Z Loading wallet..."));
    }

    @Test
    void connectAddress() {
        assertEquals(Path.of("/home/u/.bitcoin/regtest/node.sock"), ConnectAddress.parse("unix:/home/u/.bitcoin/regtest/node.sock"));
        assertEquals(Path.of("x.sock").toAbsolutePath(), ConnectAddress.parse(" unix:x.sock "));
        for (String bad : List.of("unix:", "unix", "/tmp/node.sock", "tcp:127.0.0.1:8332")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConnectAddress.parse(bad));
            assertTrue(e.getMessage().startsWith("--connect expects unix:<path to node.sock>"), e.getMessage());
        }
    }

    @Test
    void datadirLock() throws Exception {
        Path lock = tmp.resolve(".lock");
        assertFalse(DatadirLock.isLocked(lock), "a missing file is not locked");
        Files.createFile(lock);
        assertFalse(DatadirLock.isLocked(lock));
        try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.WRITE); FileLock l = ch.lock()) {
            assertTrue(DatadirLock.isLocked(lock), "held by this JVM");
        }
        assertFalse(DatadirLock.isLocked(lock));
    }

    @Test
    void datadirLockCheckNeverTakesNorDropsTheLock() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(DatadirLock.PROC_LOCKS), "no /proc/locks here");
        Path lock = tmp.resolve(".lock");
        Files.createFile(lock);
        // this JVM holds the lock, as an in-process FakeNode does; POSIX locks belong to the process, so a
        // probe that opens and closes the file would drop it and another process could then take it
        try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.WRITE); FileLock l = ch.lock()) {
            assertTrue(DatadirLock.isLocked(lock), "held by this JVM");
            String python = FakePythonNode.python();
            Process other = new ProcessBuilder(python, "-c", "import fcntl,sys\nf=open(sys.argv[1],'a')\n"
                    + "try:\n  fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB); print('took it')\nexcept OSError:\n  print('held')",
                    lock.toString()).redirectErrorStream(true).start();
            String out = new String(other.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            assertTrue(other.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals("held", out, "after isLocked this JVM still holds the lock");
        }
        assertFalse(DatadirLock.isLocked(lock));
    }

    @Test
    void procLocksLinesAreMatchedByDeviceAndInode() {
        long dev = (0xfeL << 8); // fe:00
        List<String> table = List.of("1: FLOCK  ADVISORY  WRITE 31482 fe:00:2155072 0 EOF",
                "2: POSIX  ADVISORY  WRITE 31531 fe:00:2146351 0 EOF",
                "3: -> POSIX  ADVISORY  WRITE 31600 fe:00:777 0 EOF",
                "4: OFDLCK ADVISORY  WRITE -1 00:2a:888 0 EOF");
        assertEquals(Optional.of(true), DatadirLock.heldIn(table, dev, 2146351));
        assertEquals(Optional.of(false), DatadirLock.heldIn(table, dev, 12345), "no lock on that inode");
        assertEquals(Optional.of(false), DatadirLock.heldIn(table, dev, 777), "a waiter does not hold the lock");
        assertEquals(Optional.empty(), DatadirLock.heldIn(table, dev, 888), "same inode, other device: cannot tell");
        assertEquals(Optional.of(true), DatadirLock.heldIn(table, 0x2aL, 888));
    }
}
