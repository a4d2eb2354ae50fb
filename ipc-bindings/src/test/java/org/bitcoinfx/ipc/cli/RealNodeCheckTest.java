package org.bitcoinfx.ipc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.ipc.JsonRpcException;
import org.bitcoinfx.ipc.RemoteException;
import org.bitcoinfx.ipc.schema.InitCapnp;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real bitcoin-node (path from {@code BITCOIN_NODE}): starts it on regtest with
 * {@code -ipcbind=unix -server=0} in a temp datadir, runs the {@code check} conformance run, and
 * stops it through {@code rpc stop} over IPC. Skips, saying why, when {@code BITCOIN_NODE} is unset.
 */
class RealNodeCheckTest {
    @TempDir
    Path datadir;

    @Test
    void checkPassesAgainstARealRegtestNodeAndStopOverIpcEndsIt() throws Exception {
        String node = System.getenv("BITCOIN_NODE");
        Assumptions.assumeTrue(node != null && !node.isBlank(),
                "BITCOIN_NODE is not set: set it to a bitcoin-node v31.99+ built with IPC to run this test");
        Process p = new ProcessBuilder(node, "-regtest", "-datadir=" + datadir, "-ipcbind=unix", "-server=0",
                "-listen=0", "-printtoconsole=0").redirectErrorStream(true).redirectOutput(datadir.resolve("out.txt").toFile()).start();
        try {
            Path socket = datadir.resolve("regtest").resolve("node.sock");
            IpcNodeClient client = null;
            for (int i = 0; i < 600 && client == null; i++) {
                assertTrue(p.isAlive(), () -> "bitcoin-node exited early: " + read(datadir.resolve("out.txt")));
                if (Files.exists(socket)) {
                    try {
                        client = IpcNodeClient.connect(socket, Duration.ofSeconds(30));
                    } catch (java.io.IOException e) {
                        Thread.sleep(100);
                    }
                } else {
                    Thread.sleep(100);
                }
            }
            assertTrue(client != null, "the node's socket never answered");
            try (IpcNodeClient c = client) {
                awaitRpcWarmup(c);
                // Mine past the first block so that the node leaves IBD on regtest.
                c.rpc().call("generatetodescriptor", 1, "raw(51)").get(60, TimeUnit.SECONDS);
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                ConformanceCheck check = new ConformanceCheck(c, socket, new PrintStream(buf, true, StandardCharsets.UTF_8));
                List<ConformanceCheck.Row> rows = check.runChecks();
                rows.forEach(r -> System.out.printf("%-4s %-40s %s: %s%n", r.status(), r.source(), r.check(), r.detail()));
                System.out.println(ConformanceCheck.summary(rows));
                assertFalse(rows.isEmpty());
                for (ConformanceCheck.Row r : rows) {
                    assertEquals("PASS", r.status(), r.check() + ": " + r.detail());
                }
                // Our generated DISPLAY_NAME is the node's own name for the interface.
                try {
                    c.callInitOrdinal((short) 9).get(30, TimeUnit.SECONDS);
                    fail("Init @9 succeeded");
                } catch (ExecutionException e) {
                    RemoteException r = assertInstanceOf(RemoteException.class, e.getCause());
                    assertEquals("Method not implemented.; interfaceName = " + InitCapnp.Init.DISPLAY_NAME + "; typeId = "
                            + Long.toUnsignedString(InitCapnp.Init.TYPE_ID) + "; methodId = 9", r.reason());
                }
                c.rpc().call("stop").get(30, TimeUnit.SECONDS);
            }
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "bitcoin-node did not exit after stop");
            assertEquals(0, p.exitValue());
        } finally {
            p.destroyForcibly();
        }
    }

    /** The socket answers before RPC warmup ends; until then every RPC is error -28 (RPC_IN_WARMUP). */
    private static void awaitRpcWarmup(IpcNodeClient c) throws Exception {
        c.rpc().awaitWarmup(java.time.Duration.ofSeconds(60)).get(90, TimeUnit.SECONDS);
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (java.io.IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
