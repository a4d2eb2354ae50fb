package org.bitcoinfx.gui.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.bitcoinfx.node.NodeCrash;
import org.bitcoinfx.node.NodeStartException;
import org.junit.jupiter.api.Test;

/** The node's own words in the messages for a failed start and a crash (stderr lines "Error: …", as bitcoind writes them). */
class NodeProblemMessagesTest {
    private static final List<String> TAKEN_PORT = List.of(
            "[debug.log] 2026-12-07T19:44:45Z [error] Unable to bind to 127.0.0.1:41031 on this computer. Bitcoin Core is probably already running.",
            "[stderr] Error: Unable to bind to 127.0.0.1:41031 on this computer. Bitcoin Core is probably already running.",
            "[stderr] Error: Failed to listen on any port. Use -listen=0 if you want this.",
            "[stderr] Error: Failed to listen on any port. Use -listen=0 if you want this.",
            "[debug.log] 2026-12-07T19:44:45Z Shutdown done");
    private static final String SAID = "Unable to bind to 127.0.0.1:41031 on this computer. Bitcoin Core is probably already running. "
            + "Failed to listen on any port. Use -listen=0 if you want this.";

    @Test
    void theNodesStderrErrorsInOrderWithoutRepeats() {
        assertEquals(List.of("Unable to bind to 127.0.0.1:41031 on this computer. Bitcoin Core is probably already running.",
                "Failed to listen on any port. Use -listen=0 if you want this."), NodeProblemMessages.nodeErrors(TAKEN_PORT));
        assertEquals(List.of(), NodeProblemMessages.nodeErrors(List.of("[stdout] Error: not stderr", "[stderr] Error:   ", "[debug.log] Error: x")));
    }

    @Test
    void aFailedStartAndACrashSayWhatTheNodeSaid() {
        NodeStartException exited = new NodeStartException("bitcoin-node (pid 7) exited with code 1 during startup. See the log lines below",
                OptionalInt.of(1), TAKEN_PORT, null);
        assertEquals("bitcoin-node exited with code 1 during startup: " + SAID, NodeProblemMessages.startFailure(exited, List.of()));
        NodeStartException silent = new NodeStartException("bitcoin-node (pid 7) exited with code 1 during startup. See the log lines below",
                OptionalInt.of(1), List.of("[debug.log] Shutdown done"), null);
        assertEquals(NodeProblemMessages.summary(silent), NodeProblemMessages.startFailure(silent, List.of()), "nothing said: our own sentence");
        NodeStartException killed = new NodeStartException("bitcoin-node (pid 7) was killed by signal 9 (SIGKILL) during startup. Start it again.",
                OptionalInt.of(137), TAKEN_PORT, null);
        assertEquals(NodeProblemMessages.summary(killed), NodeProblemMessages.startFailure(killed, List.of()), "a signal says nothing of the node's");

        NodeCrash crash = new NodeCrash(OptionalLong.of(7), OptionalInt.of(1), TAKEN_PORT, Instant.now(), "exited with code 1");
        assertEquals("bitcoin-node (pid 7) exited unexpectedly with exit code 1 during startup: " + SAID,
                NodeProblemMessages.crashMessage(crash, " during startup", List.of()));
        assertEquals("bitcoin-node (pid 7) exited unexpectedly with exit code 1: " + SAID, NodeProblemMessages.crashMessage(crash));
        // debug.log read in bulk after stderr: the last lines do not reach back to the errors; the child's output has them
        List<String> debugTail = TAKEN_PORT.subList(4, 5);
        NodeCrash late = new NodeCrash(OptionalLong.of(7), OptionalInt.of(1), debugTail, Instant.now(), "exited with code 1");
        assertEquals("bitcoin-node (pid 7) exited unexpectedly with exit code 1 during startup: " + SAID,
                NodeProblemMessages.crashMessage(late, " during startup", TAKEN_PORT.subList(1, 4)));
        NodeStartException lateStart = new NodeStartException("bitcoin-node (pid 7) exited with code 1 during startup.", OptionalInt.of(1), debugTail, null);
        assertEquals("bitcoin-node exited with code 1 during startup: " + SAID, NodeProblemMessages.startFailure(lateStart, TAKEN_PORT.subList(1, 4)));
        NodeCrash sigkill = new NodeCrash(OptionalLong.of(7), OptionalInt.of(137), TAKEN_PORT, Instant.now(), "killed");
        assertEquals("bitcoin-node (pid 7) was killed by signal 9 (SIGKILL) during startup", NodeProblemMessages.crashMessage(sigkill, " during startup", List.of()));
    }
}
