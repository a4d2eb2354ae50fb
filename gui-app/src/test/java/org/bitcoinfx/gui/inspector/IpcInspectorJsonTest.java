package org.bitcoinfx.gui.inspector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Instant;
import java.util.List;
import org.bitcoinfx.ipc.IpcEvent;
import org.junit.jupiter.api.Test;

class IpcInspectorJsonTest {
    @Test
    void exportAndHistogram() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        List<IpcEvent> ev = List.of(
                new IpcEvent("Mining", "getTip", "t1", t, 50_000, 80, 120, "ok"),
                new IpcEvent("Rpc", "executeRpc", "t2", t, 2_500_000, 200, 900, "ok"),
                new IpcEvent("Mining", "waitTipChanged", "t3", t, 20_000_000_000L, 96, 0, "disconnected"));
        ArrayNode a = IpcInspectorPage.toJson(ev);
        assertEquals(3, a.size());
        assertEquals("Mining", a.get(0).path("interface").asText());
        assertEquals("getTip", a.get(0).path("method").asText());
        assertEquals(50, a.get(0).path("duration_us").asLong());
        assertEquals("2026-01-01T00:00:00Z", a.get(1).path("start").asText());
        assertEquals("disconnected", a.get(2).path("outcome").asText());
        assertArrayEquals(new int[] {1, 0, 1, 0, 0, 1}, LatencyHistogram.count(ev));
    }
}
