package org.bitcoinfx.node.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.ipc.cli.ConformanceCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code bitcoinfx-ipc check} against a fake node serving each {@link FakeSchema}: the rows of
 * methods an older v31.99 schema lacks are skipped as "not served by this node (older schema)",
 * none fails, and every other row passes.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FakeNodeOlderSchemaCheckTest {
    private static final String SUBMIT_SOLUTION = "BlockTemplate.submitSolution with no coinbase";
    private static final String OLD7 = "BlockTemplate.submitSolutionOld7 refused";
    private static final String GET_TRANSACTIONS = "Mining.getTransactionsByTxID/ByWitnessID unknown ids";
    private static final String SUBMIT_BLOCK = "Mining.submitBlock of a corrupted block";
    /** Rows that hold submitSolution's reason text, which {@code @7} does not answer. */
    private static final Set<String> SUBMIT_SOLUTION_REASONS = Set.of(SUBMIT_SOLUTION, OLD7,
            "BlockTemplate.submitSolution of a bad-version block",
            "BlockTemplate.submitSolution of a coinbase without witness",
            "BlockTemplate.submitSolution after submitBlock: duplicate",
            "submitSolution and submitBlock of valid stale blocks: inconclusive");
    /** Rows of getTransactionsByTxID @8 / ByWitnessID @9. */
    private static final Set<String> GET_TRANSACTIONS_ROWS = Set.of(GET_TRANSACTIONS,
            "Mining.getTransactionsByTxID/ByWitnessID of mempool and mined transactions");
    /** Rows of submitBlock @7. */
    private static final Set<String> SUBMIT_BLOCK_ROWS = Set.of(SUBMIT_BLOCK,
            "Mining.submitBlock of a bad-version block",
            "Mining.submitBlock of a block whose coinbase lacks the witness",
            "Mining.submitBlock of the block just mined: duplicate",
            "Mining.submitBlock of a non-final block, twice: bad-txns-nonfinal, duplicate-invalid",
            "Mining.submitBlock of a truncated block",
            "Mining.submitBlock of empty data; the node stays up");

    /** The rows each schema skips as older. */
    private static final Map<FakeSchema, Set<String>> SKIPPED = Map.of(
            FakeSchema.CURRENT, Set.of(),
            FakeSchema.PRE_SUBMITSOLUTION10, SUBMIT_SOLUTION_REASONS,
            FakeSchema.PRE_GETTRANSACTIONS8, union(SUBMIT_SOLUTION_REASONS, GET_TRANSACTIONS_ROWS),
            FakeSchema.PRE_SUBMITBLOCK7, union(SUBMIT_SOLUTION_REASONS, GET_TRANSACTIONS_ROWS, SUBMIT_BLOCK_ROWS));

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        return java.util.Arrays.stream(sets).flatMap(Set::stream).collect(Collectors.toUnmodifiableSet());
    }

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(FakeSchema.class)
    void theCheckSkipsWhatTheSchemaLacksAndPassesTheRest(FakeSchema schema) throws Exception {
        FakeNode node = FakeNode.start(FakeNodeOptions.parse(new String[] {"-regtest", "-datadir=" + tmp.resolve("d"), "-ipcbind=unix",
                "-printtoconsole=0", "-fakeblocks=3", "-fakeschema=" + schema.optionValue()}));
        List<ConformanceCheck.Row> rows;
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        try (node; IpcNodeClient c = IpcNodeClient.connect(node.sockets().get(0))) {
            ConformanceCheck check = new ConformanceCheck(c, node.sockets().get(0), new PrintStream(table, true, StandardCharsets.UTF_8));
            assertEquals(0, check.run(), "exit status 0: no failures\n" + table.toString(StandardCharsets.UTF_8));
            rows = check.rows();
        }
        Set<String> names = rows.stream().map(ConformanceCheck.Row::check).collect(Collectors.toSet());
        assertTrue(names.containsAll(SKIPPED.get(FakeSchema.PRE_SUBMITBLOCK7)), names.toString());
        for (ConformanceCheck.Row r : rows) {
            if (SKIPPED.get(schema).contains(r.check())) {
                assertEquals("SKIP", r.status(), r.check() + ": " + r.detail());
                assertTrue(r.detail().startsWith(ConformanceCheck.OLDER_SCHEMA), r.check() + ": " + r.detail());
            } else {
                assertEquals("PASS", r.status(), r.check() + ": " + r.detail());
            }
        }
        String printed = table.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains(SKIPPED.get(schema).size() + " skipped"), printed);
    }

    @Test
    void anUnknownSchemaIsRefusedNamingTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FakeNodeOptions.parse(new String[] {"-fakeschema=v30"}));
        assertEquals("Invalid -fakeschema 'v30': one of pre-submitblock7, pre-gettransactions8, pre-submitsolution10, current", e.getMessage());
    }
}
