package org.bitcoinfx.node.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.ipc.cli.BitcoinFxIpc;
import org.bitcoinfx.ipc.cli.SchemaReport;
import org.bitcoinfx.ipc.cli.SchemaReport.Row;
import org.bitcoinfx.ipc.cli.SchemaReport.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code bitcoinfx-ipc schema} against an in-process fake node serving each {@link FakeSchema}:
 * the methods a schema lacks are "not served (older schema)", every other one "served", by the
 * null-thread probe for the Context methods (the fake fails them before they run, as MP
 * {@code type-context.h} does) and by running the harmless ones; nothing is unexpected. That a
 * method is "not probed" when its object cannot be made is {@code SchemaReportTest}'s (the fake
 * makes every object).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FakeNodeSchemaReportTest {
    /** The rows each schema answers UNIMPLEMENTED, as {@code Interface @ordinal}. */
    private static final Map<FakeSchema, List<String>> NOT_SERVED = Map.of(
            FakeSchema.CURRENT, List.of(),
            FakeSchema.PRE_SUBMITSOLUTION10, List.of("BlockTemplate @10"),
            FakeSchema.PRE_GETTRANSACTIONS8, List.of("Mining @8", "Mining @9", "BlockTemplate @10"),
            FakeSchema.PRE_SUBMITBLOCK7, List.of("Mining @7", "Mining @8", "Mining @9", "BlockTemplate @10"));

    @TempDir
    Path tmp;

    private FakeNode start(FakeSchema schema) throws Exception {
        return FakeNode.start(FakeNodeOptions.parse(new String[] {"-regtest", "-datadir=" + tmp.resolve("d"), "-ipcbind=unix",
                "-printtoconsole=0", "-fakeblocks=3", "-fakeschema=" + schema.optionValue()}));
    }

    private static Row row(List<Row> rows, String iface, int ordinal) {
        return rows.stream().filter(r -> r.iface().equals(iface) && r.ordinal() == ordinal).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(FakeSchema.class)
    void whatTheSchemaLacksIsNotServedAndTheRestIsServed(FakeSchema schema) throws Exception {
        List<Row> rows;
        try (FakeNode node = start(schema); IpcNodeClient c = IpcNodeClient.connect(node.sockets().get(0))) {
            rows = SchemaReport.probe(c);
            assertEquals("still up", c.echo("still up").get(30, TimeUnit.SECONDS), "the probe leaves the connection usable");
        }
        String table = SchemaReport.table(rows);
        assertEquals(32, rows.size(), table);
        List<String> notServed = NOT_SERVED.get(schema);
        for (Row r : rows) {
            Status want = notServed.contains(r.iface() + " @" + r.ordinal()) ? Status.NOT_SERVED : Status.SERVED;
            assertEquals(want, r.status(), r.line());
        }
        assertEquals((32 - notServed.size()) + " served, " + notServed.size() + " not served, 0 not probed", SchemaReport.summary(rows));
        // Exact rows: a Context method by the null-thread probe, the handshake's, harmless calls run.
        assertEquals(new Row("Mining", 4, "createNewBlock", Status.SERVED, ""), row(rows, "Mining", 4));
        assertEquals(new Row("ThreadMap", 0, "makeThread", Status.SERVED, "the handshake called it"), row(rows, "ThreadMap", 0));
        assertEquals(new Row("Mining", 6, "interrupt", Status.SERVED, "ran"), row(rows, "Mining", 6));
        assertEquals(new Row("Init", 2, "makeMiningOld2", Status.SERVED,
                "ran, answered FAILED: std::exception: Old mining interface (@2) not supported. Please update your client!"), row(rows, "Init", 2));
        // submitSolutionOld7: refused when it runs on the current schema, the submitSolution of older ones; the probe finds it served.
        assertEquals(new Row("BlockTemplate", 7, "submitSolutionOld7", Status.SERVED, ""), row(rows, "BlockTemplate", 7));
        if (schema != FakeSchema.CURRENT) {
            assertEquals(new Row("BlockTemplate", 10, "submitSolution", Status.NOT_SERVED,
                    "Method not implemented.; interfaceName = capnp/mining.capnp:BlockTemplate; typeId = "
                            + Long.toUnsignedString(org.bitcoinfx.ipc.schema.MiningCapnp.BlockTemplate.TYPE_ID) + "; methodId = 10"),
                    row(rows, "BlockTemplate", 10));
            assertTrue(table.contains("BlockTemplate  @10  submitSolution              not served (older schema)\n"), table);
        }
    }

    @Test
    void theCommandPrintsTheTableAndJsonAndExitsZero() throws Exception {
        try (FakeNode node = start(FakeSchema.PRE_GETTRANSACTIONS8)) {
            String socket = node.sockets().get(0).toString();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(0, BitcoinFxIpc.run(new String[] {"--socket", socket, "schema"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8)), err.toString(StandardCharsets.UTF_8));
            List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
            assertEquals(34, lines.size(), String.join("\n", lines));
            assertEquals("interface      @    method                      status", lines.get(0));
            assertTrue(lines.contains("Mining         @8   getTransactionsByTxID       not served (older schema)"), String.join("\n", lines));
            assertTrue(lines.contains("Mining         @7   submitBlock                 served"), String.join("\n", lines));
            assertTrue(lines.contains("Thread         @0   getName                     served (ran)"), String.join("\n", lines));
            assertEquals("29 served, 3 not served, 0 not probed", lines.get(33));

            ByteArrayOutputStream json = new ByteArrayOutputStream();
            assertEquals(0, BitcoinFxIpc.run(new String[] {"--socket", socket, "schema", "--json"}, new PrintStream(json, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8)), err.toString(StandardCharsets.UTF_8));
            JsonNode o = new ObjectMapper().readTree(json.toString(StandardCharsets.UTF_8));
            assertEquals(32, o.get("methods").size());
            assertEquals(List.of(29, 3, 0, 0), List.of(o.get("served").asInt(), o.get("notServed").asInt(), o.get("notProbed").asInt(),
                    o.get("unexpected").asInt()));
            JsonNode m9 = o.get("methods").get(19);
            assertEquals("Mining @9 getTransactionsByWitnessID not served", m9.get("interface").asText() + " @" + m9.get("ordinal").asInt() + " "
                    + m9.get("method").asText() + " " + m9.get("status").asText());
        }
    }
}
