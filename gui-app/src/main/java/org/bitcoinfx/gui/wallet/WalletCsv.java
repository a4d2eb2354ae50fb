package org.bitcoinfx.gui.wallet;

import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;

/**
 * Writes a wallet's activity as CSV (RFC 4180, UTF-8, CRLF line ends), one line a {@link WalletTx} row:
 * {@value #HEADER}. Date in ISO-8601 UTC, amount and fee in BTC with 8 decimals (amount signed as the node gives
 * it, fee positive, empty when the wallet did not pay one). Written to a temporary file beside the target, then
 * renamed over it, so the target is either the old file or the whole new one.
 */
public final class WalletCsv {
    /** The header line. */
    public static final String HEADER = "date,txid,address,label,category,amount_btc,fee_btc,confirmations";
    /** Rows between progress reports and stop checks. */
    static final int STEP = 500;

    private WalletCsv() {
    }

    /**
     * Writes {@code rows} to {@code target}; blocks, so call it off the JavaFX thread.
     *
     * @param progress told 0…1 as rows are written
     * @param stop     asked every {@value #STEP} rows: true deletes the temporary file and ends with CancellationException
     *                 (the target is left as it was)
     * @return the file written (absolute)
     * @throws IOException if the file cannot be written or renamed (the temporary file is deleted)
     */
    public static Path write(List<WalletTx> rows, Path target, DoubleConsumer progress, BooleanSupplier stop) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        boolean done = false;
        try {
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write(HEADER);
                w.write("\r\n");
                int n = rows.size();
                for (int i = 0; i < n; i++) {
                    if (i % STEP == 0) {
                        if (stop.getAsBoolean()) {
                            throw new CancellationException("export cancelled");
                        }
                        progress.accept((double) i / Math.max(1, n));
                    }
                    w.write(line(rows.get(i)));
                    w.write("\r\n");
                }
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
            progress.accept(1);
            return abs;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** @return one row as a CSV line, without the line end */
    static String line(WalletTx t) {
        return Instant.ofEpochSecond(t.time()) + "," + t.txid() + "," + field(t.address()) + "," + field(text(t.label())) + "," + t.category() + ","
                + t.amountBtc() + "," + (t.feeSat() < 0 ? "" : BigDecimal.valueOf(t.feeSat(), 8).toPlainString()) + "," + t.confirmations();
    }

    /**
     * A text the user typed (a label), made safe for a spreadsheet: one that starts with {@code =}, {@code +},
     * {@code -}, {@code @}, a tab or a carriage return would be read as a formula when the file is opened (OWASP
     * "CSV injection"), so it gets a leading {@code '}, which spreadsheets show as text. Amounts are numbers the
     * app writes and are left as they are.
     */
    static String text(String s) {
        return !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
    }

    /** RFC 4180: a field with a comma, quote or line break goes in quotes, its quotes doubled. */
    static String field(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
