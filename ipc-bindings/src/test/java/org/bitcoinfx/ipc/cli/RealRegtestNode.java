package org.bitcoinfx.ipc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.junit.jupiter.api.Assumptions;

/**
 * A real bitcoin-node for ipc-bindings' tests (path from {@code BITCOIN_NODE}): regtest in a temp
 * datadir with {@code -ipcbind=unix -server=0 -listen=0}, its output in {@code out.txt}. Skips the
 * test, saying why, when {@code BITCOIN_NODE} is unset. {@link #close()} kills what is still running.
 */
final class RealRegtestNode implements AutoCloseable {
    private final Path datadir;
    private final Process process;

    private RealRegtestNode(Path datadir, Process process) {
        this.datadir = datadir;
        this.process = process;
    }

    /** Starts the node (with {@code extraArgs} after ours), or skips the calling test when {@code BITCOIN_NODE} is unset. */
    static RealRegtestNode startOrSkip(Path datadir, String... extraArgs) throws IOException {
        String node = System.getenv("BITCOIN_NODE");
        Assumptions.assumeTrue(node != null && !node.isBlank(),
                "BITCOIN_NODE is not set: set it to a bitcoin-node v31.99+ built with IPC to run this test");
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(node, "-regtest", "-datadir=" + datadir, "-ipcbind=unix",
                "-server=0", "-listen=0", "-printtoconsole=0"));
        cmd.addAll(java.util.List.of(extraArgs));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(datadir.resolve("out.txt").toFile()).start();
        return new RealRegtestNode(datadir, p);
    }

    /** @return the node's socket, {@code <datadir>/regtest/node.sock} */
    Path socket() {
        return datadir.resolve("regtest").resolve("node.sock");
    }

    /**
     * Connects once the starting node's socket answers (read again every 100 ms while it does not
     * exist or refuses; at most 60 s), failing the test if the node exits first.
     */
    IpcNodeClient connect() throws InterruptedException {
        Path socket = socket();
        for (int i = 0; i < 600; i++) {
            assertTrue(process.isAlive(), () -> "bitcoin-node exited early: " + output());
            if (Files.exists(socket)) {
                try {
                    return IpcNodeClient.connect(socket, Duration.ofSeconds(30));
                } catch (IOException e) {
                    // bound but not accepting yet: read again
                }
            }
            Thread.sleep(100); // polling the socket of a node that is starting, not a synchronisation between threads
        }
        throw new AssertionError("the node's socket never answered: " + output());
    }

    /** {@code stop} over IPC after the RPC warm-up, then waits for exit code 0 (at most 120 s). */
    void stopOverIpc(IpcNodeClient c) throws Exception {
        c.rpc().awaitWarmup(Duration.ofSeconds(60)).get(90, TimeUnit.SECONDS);
        c.rpc().call("stop").get(30, TimeUnit.SECONDS);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "bitcoin-node did not exit after stop");
        assertEquals(0, process.exitValue());
    }

    /** @return what the node printed, for a failure message */
    String output() {
        try {
            return Files.readString(datadir.resolve("out.txt"));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
