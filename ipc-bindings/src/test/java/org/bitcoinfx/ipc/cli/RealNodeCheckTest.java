package org.bitcoinfx.ipc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.ipc.RemoteException;
import org.bitcoinfx.ipc.schema.InitCapnp;
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
        try (RealRegtestNode node = RealRegtestNode.startOrSkip(datadir)) {
            Path socket = node.socket();
            IpcNodeClient client = node.connect();
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
                node.stopOverIpc(c);
            }
        }
    }

    /** The socket answers before RPC warmup ends; until then every RPC is error -28 (RPC_IN_WARMUP). */
    private static void awaitRpcWarmup(IpcNodeClient c) throws Exception {
        c.rpc().awaitWarmup(java.time.Duration.ofSeconds(60)).get(90, TimeUnit.SECONDS);
    }
}
