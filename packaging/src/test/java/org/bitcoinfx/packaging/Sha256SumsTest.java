package org.bitcoinfx.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256SumsTest {
    private static final String A = "a".repeat(64);
    private static final String B = "0123456789abcdef".repeat(4);

    @Test
    void readsBitcoinCoreStyleLines() {
        Sha256Sums s = Sha256Sums.parse(A + "  bitcoin-31.0-x86_64-linux-gnu.tar.gz\n"
                + B.toUpperCase() + " *bitcoin-31.0-aarch64-linux-gnu.tar.gz\n\n");
        assertEquals(2, s.size());
        assertEquals(Optional.of(A), s.lookup("bitcoin-31.0-x86_64-linux-gnu.tar.gz"));
        assertEquals(Optional.of(B), s.lookup("/downloads/bitcoin-31.0-aarch64-linux-gnu.tar.gz"), "directory ignored, hex lower-cased");
        assertEquals(Optional.empty(), s.lookup("bitcoin-31.0-win64.zip"));
    }

    @Test
    void namesTheBadLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sha256Sums.parse(A + "  ok.tar.gz\nnot a hash line\n"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Sha256Sums.parse("abc  short.tar.gz\n"));
    }

    @Test
    void refusesOneNameWithTwoHashes() {
        assertThrows(IllegalArgumentException.class, () -> Sha256Sums.parse(A + "  x.tar.gz\n" + B + "  ./x.tar.gz\n"));
    }

    @Test
    void writesSortedSha256sumFormatThatReadsBack(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("SHA256SUMS");
        Sha256Sums.write(f, Map.of("z.deb", A, "a.tar.gz", B));
        assertEquals(B + "  a.tar.gz\n" + A + "  z.deb\n", Files.readString(f));
        assertEquals(Optional.of(A), Sha256Sums.read(f).lookup("z.deb"));
    }
}
