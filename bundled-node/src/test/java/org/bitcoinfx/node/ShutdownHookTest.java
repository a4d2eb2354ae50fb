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

/** A JVM that exits normally with a running supervisor leaves no bitcoin-node orphan. */
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
}
