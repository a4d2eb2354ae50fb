package org.bitcoinfx.gui.wallet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WalletCsv: the columns, RFC 4180 quoting, progress, cancel and failure leaving the target as it was. */
class WalletCsvTest {
    @TempDir
    Path tmp;

    private static List<WalletTx> rows(int n) {
        List<WalletTx> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new WalletTx("%064x".formatted(i), i % 2 == 0 ? "receive" : "send", i % 2 == 0 ? 1_000 + i : -(1_000 + i),
                    i % 2 == 0 ? -1 : 141, i % 5, i == 0 ? "rent, \"May\"" : "", "bcrt1q" + i, 1_735_689_600L + i, 0, i % 5 == 0 ? -1 : 100));
        }
        return rows;
    }

    @Test
    void writesEveryRowWithHeaderAndQuoting() throws Exception {
        List<Double> progress = new ArrayList<>();
        Path out = WalletCsv.write(rows(1234), tmp.resolve("a.csv"), progress::add, () -> false);
        List<String> lines = Files.readAllLines(out);
        assertEquals(1235, lines.size());
        assertEquals(WalletCsv.HEADER, lines.get(0));
        assertEquals("2025-01-01T00:00:00Z," + "%064x".formatted(0) + ",bcrt1q0,\"rent, \"\"May\"\"\",receive,0.00001000,,0", lines.get(1));
        assertEquals("2025-01-01T00:00:01Z," + "%064x".formatted(1) + ",bcrt1q1,,send,-0.00001001,0.00000141,1", lines.get(2));
        assertTrue(Files.readString(out).contains("\r\n"));
        assertEquals(1.0, progress.get(progress.size() - 1));
        try (var s = Files.list(tmp)) {
            assertEquals(1, s.count(), "no temporary file left");
        }
    }

    @Test
    void cancelLeavesTheOldFileAndNoTemporary() throws Exception {
        Path target = Files.writeString(tmp.resolve("a.csv"), "old");
        AtomicInteger asked = new AtomicInteger();
        assertThrows(CancellationException.class, () -> WalletCsv.write(rows(5000), target, p -> { }, () -> asked.incrementAndGet() > 3));
        assertEquals("old", Files.readString(target));
        try (var s = Files.list(tmp)) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void aDirectoryThatIsNotThereFailsWithIoException() {
        assertThrows(java.io.IOException.class, () -> WalletCsv.write(rows(3), tmp.resolve("no/such/dir/a.csv"), p -> { }, () -> false));
    }

    /** A label that a spreadsheet would run as a formula is written as text (a leading '); plain labels unchanged. */
    @Test
    void aLabelThatLooksLikeAFormulaIsWrittenAsText() {
        assertEquals("'=HYPERLINK(\"http://x\")", WalletCsv.text("=HYPERLINK(\"http://x\")"));
        assertEquals("'+1", WalletCsv.text("+1"));
        assertEquals("'-2+3", WalletCsv.text("-2+3"));
        assertEquals("'@SUM(A1)", WalletCsv.text("@SUM(A1)"));
        assertEquals("rent", WalletCsv.text("rent"));
        assertEquals("", WalletCsv.text(""));
        assertEquals("\"'=1,2\"", WalletCsv.field(WalletCsv.text("=1,2")), "then quoted as any field");
    }
}
