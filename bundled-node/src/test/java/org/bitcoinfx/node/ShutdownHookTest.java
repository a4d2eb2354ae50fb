package org.bitcoinfx.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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

    @Test
    void startTimeReadsProcStatPastACommandNameWithSpaces() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of("/proc/self/stat")), "no /proc here");
        String a = NodeWatchdog.startTime(ProcessHandle.current().pid()).orElseThrow();
        assertEquals(a, NodeWatchdog.startTime(ProcessHandle.current().pid()).orElseThrow());
        assertTrue(a.matches("\\d+"), a);
        assertTrue(NodeWatchdog.startTime(Long.MAX_VALUE).isEmpty());
    }
}
