package org.bitcoinfx.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM that exits normally with a running supervisor leaves no bitcoin-node orphan (shutdown hook);
 * nor does one killed with SIGKILL, which runs no hooks ({@link NodeWatchdog}).
 */
class ShutdownHookTest {
    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 40, unit = TimeUnit.SECONDS)
    void normalJvmExitStopsTheChild() throws Exception {
        Path script = FakePythonNode.write(tmp.resolve("bin/bitcoin-node"), "normal");
        Path run = Files.createDirectories(tmp.resolve("run"));
        Path pidFile = tmp.resolve("pid");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                ShutdownHookMain.class.getName(), script.toString(), tmp.resolve("datadir").toString(), run.toString(), pidFile.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("jvm.out").toFile()).start();
        assertTrue(jvm.waitFor(30, TimeUnit.SECONDS), "the JVM did not exit");
        String out = Files.readString(tmp.resolve("jvm.out"));
        assertEquals(0, jvm.exitValue(), out);
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "bitcoin-node (pid " + pid + ") outlived the JVM");
        assertTrue(Files.readString(tmp.resolve("datadir/regtest/debug.log")).contains("Shutdown: requested by stop RPC"), out);
        try (var s = Files.list(run)) {
            assertEquals(0, s.count(), "runtime dir left behind");
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void killedJvmLeavesNoOrphanTheWatchdogStopsTheNode() throws Exception {
        killedJvmLeavesNoOrphan("bitcoin-node");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theWatchdogAlsoStopsANodeWhoseNameHoldsASpace() throws Exception {
        // /proc/<pid>/stat field 2 is "(bitcoin node)": counting fields from the line's start is off by one
        killedJvmLeavesNoOrphan("bitcoin node");
    }

    private void killedJvmLeavesNoOrphan(String binaryName) throws Exception {
        Path script = FakePythonNode.write(tmp.resolve("bin").resolve(binaryName), "normal");
        Path run = Files.createDirectories(tmp.resolve("run"));
        Path pidFile = tmp.resolve("pid");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                ShutdownHookMain.class.getName(), script.toString(), tmp.resolve("datadir").toString(), run.toString(), pidFile.toString(), "hang")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("jvm.out").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(Files.exists(pidFile) && !Files.readString(pidFile).isBlank())) {
            assertTrue(System.nanoTime() < deadline && jvm.isAlive(), "no node started: " + Files.readString(tmp.resolve("jvm.out")));
            Thread.sleep(50);
        }
        ProcessHandle node = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).orElseThrow();
        jvm.destroyForcibly(); // SIGKILL: no shutdown hook runs
        jvm.waitFor(10, TimeUnit.SECONDS);
        assertTrue(node.onExit().get(20, TimeUnit.SECONDS) != null);
        assertFalse(node.isAlive(), "bitcoin-node (pid " + node.pid() + ") outlived the killed JVM");
        assertTrue(Files.readString(tmp.resolve("datadir/regtest/debug.log")).contains("SIGTERM"),
                "the watchdog stops the node with SIGTERM (a clean shutdown)");
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (var s = Files.list(run)) {
                if (s.count() == 0) {
                    break;
                }
            }
            assertTrue(System.nanoTime() < deadline, "runtime dir left behind");
            Thread.sleep(100);
        }
    }

    /**
     * kill -9 of the JVM at 20 seeded random points (during the node's start-up, while it runs,
     * during a shutdown already in progress, each with a random extra delay): every time the
     * watchdog stops the node and removes its runtime directory, and the next start on the same
     * datadir works (lock free, no stale socket in the way). The seed is printed; set
     * {@code -Dbitcoinfx.killSeed=N} to replay a run.
     */
    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void theJvmKilledAtRandomPointsTwentyTimesNeverLeavesANodeOrItsRuntimeDir() throws Exception {
        long seed = Long.getLong("bitcoinfx.killSeed", System.nanoTime());
        System.out.println("ShutdownHookTest kill seed: " + seed + " (replay with -Dbitcoinfx.killSeed=" + seed + ")");
        Random random = new Random(seed);
        Path script = FakePythonNode.write(tmp.resolve("bin/bitcoin-node"), "normal");
        Path run = Files.createDirectories(tmp.resolve("run"));
        Path datadir = tmp.resolve("datadir");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String[] phases = {"hang-early", "hang", "hang-stopping"};
        for (int i = 0; i < 20; i++) {
            String phase = phases[random.nextInt(phases.length)];
            int delayMs = random.nextInt(300);
            String what = "run " + i + " (seed " + seed + ", " + phase + ", +" + delayMs + " ms)";
            Path pidFile = tmp.resolve("pid" + i);
            Path out = tmp.resolve("jvm" + i + ".out");
            Process jvm = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                    ShutdownHookMain.class.getName(), script.toString(), datadir.toString(), run.toString(), pidFile.toString(), phase)
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!(Files.exists(pidFile) && !Files.readString(pidFile).isBlank())) {
                assertTrue(System.nanoTime() < deadline && jvm.isAlive(), what + ": no node started: " + Files.readString(out));
                Thread.sleep(20);
            }
            ProcessHandle node = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).orElse(null);
            Thread.sleep(delayMs); // the random point: how far the node got
            jvm.destroyForcibly();
            assertTrue(jvm.waitFor(30, TimeUnit.SECONDS), what);
            if (node != null) {
                node.onExit().get(30, TimeUnit.SECONDS);
                assertFalse(node.isAlive(), what + ": bitcoin-node (pid " + node.pid() + ") outlived the killed JVM");
            }
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                try (var s = Files.list(run)) {
                    if (s.count() == 0) {
                        break;
                    }
                }
                assertTrue(System.nanoTime() < deadline, what + ": runtime dir left behind");
                Thread.sleep(50);
            }
            assertFalse(DatadirLock.isLocked(datadir.resolve("regtest/.lock")), what + ": the datadir is still locked");
        }
        // and the datadir is usable: a normal start and stop
        NodeBinary binary = NodeLocator.inspect(script, Duration.ofSeconds(10));
        try (NodeSupervisor s = NodeSupervisor.spawning(new NodeLauncher(binary, new FakeNodeConnector()),
                NodeConfig.of(datadir, Chain.REGTEST).withRuntimeParent(run).withReadyTimeout(Duration.ofSeconds(30)))) {
            s.start();
            assertEquals(NodeSupervisor.Mode.SPAWNED, s.mode().orElseThrow(), "spawned: no stale node or lock in the way");
            assertEquals(OptionalInt.of(0), s.stop());
        }
    }

    @Test
    void startTimeReadsProcStatPastACommandNameWithSpaces() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of("/proc/self/stat")), "no /proc here");
        String a = NodeWatchdog.startTime(ProcessHandle.current().pid()).orElseThrow();
        assertEquals(a, NodeWatchdog.startTime(ProcessHandle.current().pid()).orElseThrow());
        assertTrue(a.matches("\\d+"), a);
        assertTrue(NodeWatchdog.startTime(Long.MAX_VALUE).isEmpty());
    }
}
