package org.bitcoinfx.ipc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.ipc.cli.SchemaReport.Row;
import org.bitcoinfx.ipc.cli.SchemaReport.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bitcoinfx-ipc schema} against a real bitcoin-node (path from {@code BITCOIN_NODE}), started
 * on regtest with {@code -ipcbind=unix -server=0} in a temp datadir as {@link RealNodeCheckTest}
 * starts it: every method the app calls is served, no answer is unexpected, the command exits 0,
 * and the node is still up and answering afterwards. Skips, saying why, when {@code BITCOIN_NODE}
 * is unset.
 */
class RealNodeSchemaReportTest {
    /** Every method the app calls ({@code org.bitcoinfx.ipc.Ipc*}), as {@code Interface.method}. */
    static final Set<String> APP_USES = Set.of(
            "Init.construct", "Init.makeEcho", "Init.makeMining", "Init.makeRpc", "Init.makeMiningOld2",
            "ThreadMap.makeThread", "ThreadMap.makePool",
            "Echo.destroy", "Echo.echo",
            "Mining.isTestChain", "Mining.isInitialBlockDownload", "Mining.getTip", "Mining.waitTipChanged", "Mining.createNewBlock",
            "Mining.checkBlock", "Mining.interrupt", "Mining.submitBlock", "Mining.getTransactionsByTxID", "Mining.getTransactionsByWitnessID",
            "BlockTemplate.destroy", "BlockTemplate.getBlockHeader", "BlockTemplate.getBlock", "BlockTemplate.getTxFees",
            "BlockTemplate.getTxSigops", "BlockTemplate.getCoinbaseTx", "BlockTemplate.getCoinbaseMerklePath",
            "BlockTemplate.submitSolutionOld7", "BlockTemplate.waitNext", "BlockTemplate.interruptWait", "BlockTemplate.submitSolution",
            "Rpc.executeRpc");

    @TempDir
    Path datadir;

    @Test
    void aRealNodeServesEveryMethodTheAppUses() throws Exception {
        try (RealRegtestNode node = RealRegtestNode.startOrSkip(datadir)) {
            Path socket = node.socket();
            IpcNodeClient first = node.connect();
            List<Row> rows;
            try (IpcNodeClient c = first) {
                rows = SchemaReport.probe(c);
            }
            System.out.print(SchemaReport.table(rows));
            assertEquals(32, rows.size());
            for (Row r : rows) {
                assertNotEquals(Status.UNEXPECTED, r.status(), r.line());
                if (APP_USES.contains(r.iface() + "." + r.method())) {
                    assertEquals(Status.SERVED, r.status(), r.line());
                }
            }
            assertEquals(APP_USES.size(), rows.stream().filter(r -> APP_USES.contains(r.iface() + "." + r.method())).count(),
                    "every name in APP_USES is a method of the schemas");

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(0, BitcoinFxIpc.run(new String[] {"--socket", socket.toString(), "schema"},
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)), err.toString(StandardCharsets.UTF_8));
            List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
            assertEquals(SchemaReport.summary(rows), lines.get(lines.size() - 1));
            assertTrue(lines.contains("BlockTemplate  @10  submitSolution              served"), String.join("\n", lines));

            try (IpcNodeClient c = IpcNodeClient.connect(socket, Duration.ofSeconds(30))) {
                assertEquals("still up", c.echo("still up").get(30, TimeUnit.SECONDS));
                node.stopOverIpc(c);
            }
        }
    }
}
