package org.bitcoinfx.gui.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipInputStream;
import org.bitcoinfx.ipc.IpcEvent;
import org.junit.jupiter.api.Test;

class FeedbackBundleTest {
    @Test
    void redactsSecrets() {
        assertEquals("-debug=ipc -rpcpassword=*** -rpcauth=*** -listen=0",
                FeedbackBundle.redact("-debug=ipc -rpcpassword=hunter2 -rpcauth=u:salt$hash -listen=0"));
        assertEquals("", FeedbackBundle.redact(""));
    }

    @Test
    void summaryAndZip() throws Exception {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        String s = FeedbackBundle.ipcSummary(List.of(
                new IpcEvent("Mining", "getTip", "t1", t, 300_000, 80, 120, "ok"),
                new IpcEvent("Mining", "getTip", "t1", t, 500_000, 80, 120, "FAILED: x")));
        assertTrue(s.contains("Mining.getTip"));
        assertTrue(s.lines().anyMatch(l -> l.startsWith("Mining.getTip") && l.contains(" 2 ") && l.contains(" 1 ")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FeedbackBundle.writeZip(Map.of("a.txt", "x".getBytes(), "b.txt", "y".getBytes()), out);
        List<String> names = new ArrayList<>();
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            for (var e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                names.add(e.getName());
            }
        }
        assertEquals(List.of("bitcoinfx-feedback/a.txt", "bitcoinfx-feedback/b.txt"), names.stream().sorted().toList());
    }
}
