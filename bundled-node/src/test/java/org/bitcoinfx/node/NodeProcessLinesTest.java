package org.bitcoinfx.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link NodeProcess#setLineListener}: earlier lines are replayed, later ones follow, none lost or doubled. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NodeProcessLinesTest {
    @TempDir
    Path tmp;

    @Test
    void listenerGetsKeptLinesThenNewOnesInOrder() throws Exception {
        Path script = tmp.resolve("bin/bitcoin-node");
        Files.createDirectories(script.getParent());
        Path go = tmp.resolve("go");
        NodeConfig config = NodeConfig.of(tmp.resolve("datadir"), Chain.REGTEST)
                .withRuntimeParent(Files.createDirectories(tmp.resolve("run")))
                .withStopTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1));
        // prints two lines, waits for a go file, prints a third, writes a debug.log line, then idles
        Files.writeString(script, """
                #!/bin/sh
                echo early-1
                echo early-2 >&2
                while [ ! -e "$GO" ]; do sleep 0.02; done
                echo late-3
                mkdir -p "$NET" && echo "2026-11-22T03:56:54Z init message: Done loading" >> "$NET/debug.log"
                sleep 30
                """.replace("$GO", go.toString()).replace("$NET", config.networkDir().toString()));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        NodeBinary binary = new NodeBinary(script, new NodeVersion(31, 0, 0, ""), "test");
        try (NodeProcess np = new NodeLauncher(binary, s -> {
            throw new java.io.IOException("no IPC in this test");
        }).spawn(config)) {
            waitFor(() -> np.combinedLog().totalAdded() >= 2);
            List<String> got = new CopyOnWriteArrayList<>();
            np.setLineListener(got::add);
            Files.createFile(go);
            waitFor(() -> got.size() >= 4);
            assertEquals(4, got.size(), got.toString());
            assertTrue(got.subList(0, 2).containsAll(List.of("[stdout] early-1", "[stderr] early-2")), got.toString());
            assertEquals("[stdout] late-3", got.get(2));
            assertEquals(NodeProcess.DEBUG_LOG_TAG + "2026-11-22T03:56:54Z init message: Done loading", got.get(3));
            assertEquals(np.combinedLog().all(), got);
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!cond.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 10 s");
            Thread.sleep(10);
        }
    }
}
