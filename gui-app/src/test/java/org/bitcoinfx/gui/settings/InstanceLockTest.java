package org.bitcoinfx.gui.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.gui.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One Bitcoin FX per settings directory. */
class InstanceLockTest {
    @TempDir
    Path dir;

    @Test
    void aSecondLockOfTheSameDirectoryIsRefusedUntilTheFirstIsReleased() throws Exception {
        InstanceLock first = InstanceLock.acquire(dir);
        assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(dir.resolve(InstanceLock.FILE_NAME)));
        InstanceLock.AlreadyRunningException e = assertThrows(InstanceLock.AlreadyRunningException.class, () -> InstanceLock.acquire(dir));
        assertEquals("Bitcoin FX is already running (process " + ProcessHandle.current().pid() + ") with the settings in " + dir
                + ". Switch to its window, or quit it first.", e.getMessage());
        try (InstanceLock other = InstanceLock.acquire(dir.resolve("other"))) {
            assertTrue(Files.exists(other.file()), "another settings directory has its own lock");
        }
        first.close();
        InstanceLock.acquire(dir).close();
    }

    /** Before: a second start ran a second app on the same settings, payment requests and node. */
    @Test
    void aSecondStartSaysItIsAlreadyRunningAndExitsNonZero() throws Exception {
        try (InstanceLock held = InstanceLock.acquire(dir)) {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process p = new ProcessBuilder(List.of(java.toString(), "-Djava.awt.headless=true", "-Dbitcoinfx.alreadyRunningDialog=false", "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "--settings=" + dir.resolve("settings.json")))
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            boolean exited = p.waitFor(60, TimeUnit.SECONDS);
            if (!exited) {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(exited, "the second start exits at once; output: " + out);
            assertEquals(Main.ALREADY_RUNNING, p.exitValue(), out);
            assertTrue(out.contains("bitcoinfx: Bitcoin FX is already running (process " + ProcessHandle.current().pid() + ")"), out);
        }
    }
}
