package org.bitcoinfx.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Launch plumbing against a real bitcoin-node (regtest): our command line is accepted, the socket
 * appears in the private runtime dir served by the child's pid, debug.log progress is seen, the
 * datadir lock is detected, the node is ready when Echo answers over IPC, {@code getblockchaininfo}
 * answers over IPC, and {@code stop} over IPC ends it with exit code 0, leaving no process or runtime
 * dir. Runs only with {@code BITCOIN_NODE} set.
 */
class RealNodeTest {
    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void launchesAndStopsARealNode() throws Exception {
        String env = System.getenv(NodeLocator.ENV_VAR);
        Assumptions.assumeTrue(env != null && !env.isBlank(), "BITCOIN_NODE not set: no real bitcoin-node to launch");
        NodeBinary binary = NodeLocator.inspect(Path.of(env), NodeLocator.DEFAULT_VERSION_TIMEOUT);
        NodeConfig config = NodeConfig.of(tmp.resolve("datadir"), Chain.REGTEST).withRuntimeParent(Files.createDirectories(tmp.resolve("run")))
                .withExtraArgs(List.of("-listen=0")).withStopTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(60));
        List<String> progress = new CopyOnWriteArrayList<>();
        NodeProcess np = new NodeLauncher(binary, NodeConnector.ipc()).launch(config, progress::add);
        try {
            assertTrue(DatadirLock.isLocked(config.lockFile()), "the running node's .lock is seen as held");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!progress.contains("Done loading")) {
                assertTrue(System.nanoTime() < deadline, "no 'Done loading': " + progress);
                Thread.sleep(50);
            }
            assertTrue(progress.contains("Loading block index…"), progress.toString());
            com.fasterxml.jackson.databind.JsonNode info = np.client().orElseThrow().rpc().call("getblockchaininfo").get(30, TimeUnit.SECONDS);
            assertEquals("regtest", info.path("chain").asText());
            assertEquals(0, info.path("blocks").asInt());
            assertTrue(np.debugLog().all().stream().anyMatch(l -> l.endsWith("Listening for IPC requests on address unix:" + np.socket())),
                    "debug.log: " + np.debugLog().all());
        } finally {
            OptionalInt code = np.stop(config.stopTimeout(), config.termTimeout());
            assertEquals(OptionalInt.of(0), code, String.join("\n", np.lastLogLines(50)));
        }
        assertFalse(DatadirLock.isLocked(config.lockFile()));
        assertFalse(Files.exists(np.runtimeDir().path()));
        assertFalse(np.isAlive(), "no bitcoin-node left behind");
    }
}
