package org.bitcoinfx.gui.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Lines as a real bitcoin-node v31.99 wrote them to debug.log (with and without -logtimemicros). */
class NodeLogLineTest {
    @Test
    void aCategoryDebugLineHasTheCategoryAndNoLevelInItsPrefix() {
        NodeLogLine l = NodeLogLine.parse("2026-12-06T14:22:47Z [ipc] {bitcoin-node-22861/b-capnp-loop-22874} IPC server recv request  #9 Rpc.executeRpc$Params");
        assertEquals(Instant.parse("2026-12-06T14:22:47Z"), l.time());
        assertFalse(l.micros());
        assertEquals("ipc", l.category());
        assertEquals("debug", l.level());
        assertEquals("{bitcoin-node-22861/b-capnp-loop-22874} IPC server recv request  #9 Rpc.executeRpc$Params", l.message());
    }

    @Test
    void anUncategorisedWarningHasOnlyItsLevelAndAnInfoLineNoPrefix() {
        NodeLogLine w = NodeLogLine.parse("2026-12-06T14:22:59.177619Z [warning] tor: Error connecting to address 127.0.0.1:9051");
        assertEquals("", w.category());
        assertEquals("warning", w.level());
        assertTrue(w.micros());
        assertEquals(Instant.parse("2026-12-06T14:22:59.177619Z"), w.time());
        assertEquals("tor: Error connecting to address 127.0.0.1:9051", w.message());
        NodeLogLine i = NodeLogLine.parse("2026-12-06T14:26:20.794806Z ipc: {bitcoin-node-1153/b-capnp-loop-1161} IPC server: socket connected.");
        assertEquals("", i.category());
        assertEquals("info", i.level());
        assertEquals(2, i.levelRank());
    }

    @Test
    void aCategoryWithALevelAndTheAppsOwnTaggedLines() {
        NodeLogLine l = NodeLogLine.parse("2026-12-06T14:22:59Z [net:info] something");
        assertEquals("net", l.category());
        assertEquals("info", l.level());
        NodeLogLine own = NodeLogLine.parse("[bitcoinfx] 2026-12-06T14:22:59Z Starting bitcoin-node");
        assertEquals("bitcoinfx", own.source());
        assertEquals("", own.category());
        assertEquals("Starting bitcoin-node", own.message());
        NodeLogLine odd = NodeLogLine.parse("not a log line");
        assertNull(odd.time());
        assertEquals("info", odd.level());
        assertEquals("not a log line", odd.message());
    }
}
