package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.bitcoinfx.gui.node.NodeBackend;
import org.bitcoinfx.gui.node.NodeBinaryLocator;
import org.bitcoinfx.gui.node.UnavailableNodeBackend;
import org.junit.jupiter.api.Test;

/** Without a node backend or binary the app starts and offers "Choose bitcoin-node…". */
class NoNodeTest extends AppTestBase {
    @Override
    NodeBackend makeBackend() {
        return new UnavailableNodeBackend(new NodeBinaryLocator(Map.of("PATH", ""), null));
    }

    @Test
    void showsNoNodeFound() throws Exception {
        waitUntil(() -> lookup("#problem-banner").query().isVisible());
        assertTrue(text("#problem-message").startsWith("No bitcoin-node found"));
        assertTrue(lookup("#problem-choose").tryQuery().isPresent());
        waitText("#sync-state", "Not running");
    }
}
