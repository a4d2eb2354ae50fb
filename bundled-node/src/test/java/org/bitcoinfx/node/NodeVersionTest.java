package org.bitcoinfx.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NodeVersionTest {
    @Test
    void parsesMasterBuild() {
        NodeVersion v = NodeVersion.parse("Bitcoin Core daemon version v31.99.0-58a7869f860f bitcoin-node").orElseThrow();
        assertEquals(new NodeVersion(31, 99, 0, "-58a7869f860f"), v);
        assertTrue(v.isSupported());
        assertEquals("v31.99.0-58a7869f860f", v.toString());
    }

    @Test
    void parsesReleaseAndRc() {
        assertEquals(new NodeVersion(31, 0, 0, ""), NodeVersion.parse("Bitcoin Core daemon version v31.0.0 bitcoin-node").orElseThrow());
        assertEquals(new NodeVersion(32, 1, 0, "rc2"), NodeVersion.parse("Bitcoin Core daemon version v32.1.0rc2").orElseThrow());
    }

    @Test
    void v31ReleasesLackMakeRpcAndAreUnsupported() {
        // Init.makeRpc @4 came to master after the 31.x branch was cut: no v31.x release serves it
        for (String v : new String[] {"v31.0.0", "v31.1.0", "v31.2.0rc1", "v31.98.0"}) {
            assertFalse(NodeVersion.parse("Bitcoin Core daemon version " + v + " bitcoin-node").orElseThrow().isSupported(), v);
        }
        for (String v : new String[] {"v31.99.0-58a7869f860f", "v32.0.0", "v32.1.0rc2", "v33.99.0"}) {
            assertTrue(NodeVersion.parse("Bitcoin Core daemon version " + v + " bitcoin-node").orElseThrow().isSupported(), v);
        }
    }

    @Test
    void oldVersionsAreUnsupported() {
        assertFalse(NodeVersion.parse("Bitcoin Core daemon version v30.2.0 bitcoin-node").orElseThrow().isSupported());
        assertFalse(NodeVersion.parse("Bitcoin Core version v0.21.1").orElseThrow().isSupported());
    }

    @Test
    void lineWithoutVersionIsEmpty() {
        assertTrue(NodeVersion.parse("Usage: foo [options]").isEmpty());
        assertTrue(NodeVersion.parse("version 31.0.0").isEmpty());
    }

    @Test
    void ordersByNumbers() {
        assertTrue(new NodeVersion(31, 0, 0, "").compareTo(new NodeVersion(30, 99, 9, "")) > 0);
        assertTrue(new NodeVersion(31, 0, 1, "").compareTo(new NodeVersion(31, 1, 0, "")) < 0);
    }
}
