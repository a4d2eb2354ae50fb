package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.IpcEvent;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.junit.jupiter.api.Assumptions;

/**
 * A real regtest bitcoin-node ({@code BITCOIN_NODE}; the test is skipped, saying why, without it) in a datadir of the
 * test's, with more options, and our client to it with every {@link IpcEvent} recorded from the first call on.
 * {@link #close()} stops it over IPC (SIGTERM after 120 s).
 */
public final class RealNodeForLogs implements AutoCloseable {
    private final Process process;
    private final IpcNodeClient client;
    private final Path debugLog;
    private final List<IpcEvent> events;

    private RealNodeForLogs(Process process, IpcNodeClient client, Path debugLog, List<IpcEvent> events) {
        this.process = process;
        this.client = client;
        this.debugLog = debugLog;
        this.events = events;
    }

    /** Starts the node, connects, waits out the RPC warm-up. */
    public static RealNodeForLogs start(Path datadir, String... args) throws Exception {
        String node = System.getenv("BITCOIN_NODE");
        Assumptions.assumeTrue(node != null && !node.isBlank(),
                "BITCOIN_NODE is not set: set it to a bitcoin-node v31.99+ built with IPC to run this real-node test");
        Files.createDirectories(datadir);
        List<String> cmd = new ArrayList<>(List.of(node, "-regtest", "-datadir=" + datadir, "-ipcbind=unix", "-server=0", "-listen=0",
                "-printtoconsole=0"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(datadir.resolve("out.txt").toFile()).start();
        Path socket = datadir.resolve("regtest/node.sock");
        IpcNodeClient c = null;
        try {
            for (int i = 0; i < 1200 && c == null; i++) {
                assertTrue(p.isAlive(), () -> "bitcoin-node exited early: " + read(datadir.resolve("out.txt")));
                if (Files.exists(socket)) {
                    try {
                        c = IpcNodeClient.connect(socket, Duration.ofSeconds(30));
                    } catch (java.io.IOException e) {
                        // bound, not accepting yet: try again
                    }
                }
                if (c == null) {
                    Thread.sleep(100); // polling a starting node's socket, not a synchronisation between threads
                }
            }
            assertTrue(c != null, "the node's socket never answered");
            List<IpcEvent> events = new CopyOnWriteArrayList<>();
            c.addListener(events::add);
            c.rpc().awaitWarmup(Duration.ofSeconds(90)).get(120, TimeUnit.SECONDS);
            return new RealNodeForLogs(p, c, datadir.resolve("regtest/debug.log"), events);
        } catch (Exception | AssertionError e) {
            if (c != null) {
                c.close();
            }
            p.destroy();
            p.waitFor(60, TimeUnit.SECONDS);
            throw e;
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "(" + e.getMessage() + ")";
        }
    }

    /** @return our client */
    public IpcNodeClient client() {
        return client;
    }

    /** @return the node's debug.log */
    public Path debugLog() {
        return debugLog;
    }

    /** @return every IPC call our client made after connecting (the warm-up's included) */
    public List<IpcEvent> events() {
        return events;
    }

    /** @return the debug.log's lines now */
    public List<String> lines() throws java.io.IOException {
        return Files.readAllLines(debugLog);
    }

    @Override
    public void close() throws Exception {
        try {
            client.rpc().call("stop").get(60, TimeUnit.SECONDS);
        } finally {
            client.close();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroy();
                process.waitFor(60, TimeUnit.SECONDS);
            }
        }
    }
}
