package org.bitcoinfx.gui.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.EOFException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The snapshot records from a real node's output (bitcoin-node v31.99, regtest): the header of the snapshot
 * {@code dumptxoutset} wrote at height 200 of bundled-node's snapshot chain, {@code loadtxoutset}'s reply, and the
 * node's {@code [snapshot]} log lines ({@code src/validation.cpp}).
 */
class SnapshotRecordsTest {
    private static final ObjectMapper M = new ObjectMapper();
    /** The first 51 bytes of {@code utxo-200.dat} as the node wrote it. */
    static final String HEADER_200 = "7574786fff0200fabfb5dab9f6dcb1f98438447203fe7cdede64e4a9b81fd06500d0bbf6df69bdcc015938c800000000000000";

    @TempDir
    Path tmp;

    @Test
    void theHeaderOfARealSnapshot() throws Exception {
        Path f = tmp.resolve("utxo-200.dat");
        Files.write(f, HexFormat.of().parseHex(HEADER_200 + "00112233"));
        SnapshotMetadata m = SnapshotMetadata.read(f);
        assertEquals(2, m.version());
        assertEquals(Optional.of("regtest"), m.network());
        assertEquals("385901ccbd69dff6bbd00065d01fb8a9e464dede7cfe0372443884f9b1dcf6b9", m.baseBlockHash());
        assertEquals(200, m.coins());
        assertEquals("utxo-200.dat · the UTXO set at block 385901ccbd69dff6…dcf6b9 · 200 coins · regtest", SnapshotPane.describe(f, m));
        assertEquals("utxo-200.dat", SnapshotPane.describe(f, null));
    }

    @Test
    void notASnapshot() throws Exception {
        Path text = tmp.resolve("notes.txt");
        Files.writeString(text, "this is not a UTXO snapshot, but it is longer than fifty-one bytes of header");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SnapshotMetadata.read(text));
        assertEquals("not a UTXO snapshot: it does not start with the snapshot magic bytes", e.getMessage());
        Path shortFile = tmp.resolve("short.dat");
        Files.writeString(shortFile, "utxo");
        assertThrows(EOFException.class, () -> SnapshotMetadata.read(shortFile));
        byte[] mainnet = HexFormat.of().parseHex(HEADER_200.replace("fabfb5da", "f9beb4d9"));
        assertEquals(Optional.of("main"), SnapshotMetadata.parse(mainnet).network());
        byte[] custom = HexFormat.of().parseHex(HEADER_200.replace("fabfb5da", "01020304"));
        assertEquals(Optional.empty(), SnapshotMetadata.parse(custom).network());
    }

    @Test
    void loadtxoutsetsReply() throws Exception {
        SnapshotLoad r = SnapshotLoad.parse(M.readTree("""
                {"coins_loaded":200,"tip_hash":"385901ccbd69dff6bbd00065d01fb8a9e464dede7cfe0372443884f9b1dcf6b9",
                 "base_height":200,"path":"/tmp/junit-8160666273777970233/utxo-200.dat"}"""));
        assertEquals(200, r.coinsLoaded());
        assertEquals("385901ccbd69dff6bbd00065d01fb8a9e464dede7cfe0372443884f9b1dcf6b9", r.tipHash());
        assertEquals(200, r.baseHeight());
        assertEquals("/tmp/junit-8160666273777970233/utxo-200.dat", r.path());
    }

    @Test
    void theNodesSnapshotLogLines() {
        String loaded = "2026-01-02T03:04:05Z [snapshot] 3000000 coins loaded (1.71%, 391.20 MB)";
        assertEquals("3000000 coins loaded (1.71%, 391.20 MB)", SnapshotViewModel.snapshotText(loaded));
        assertEquals(0.0171, SnapshotViewModel.percent(SnapshotViewModel.snapshotText(loaded)), 1e-12);
        String start = "2026-01-02T03:04:05Z [snapshot] loading 200 coins from snapshot 385901ccbd69dff6bbd00065d01fb8a9e464dede7cfe0372443884f9b1dcf6b9";
        assertEquals(-1, SnapshotViewModel.percent(SnapshotViewModel.snapshotText(start)));
        assertNull(SnapshotViewModel.snapshotText("2026-01-02T03:04:05Z UpdateTip: new best=…"));
        assertEquals("0.1 s", SnapshotViewModel.took(65));
        assertEquals("42.0 s", SnapshotViewModel.took(42_000));
        assertEquals("12 min", SnapshotViewModel.took(12 * 60_000));
    }
}
