package org.bitcoinfx.gui.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.BlockCreateOptions;
import org.bitcoinfx.ipc.BlockTemplate;
import org.bitcoinfx.ipc.IpcEvent;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.node.fake.FakeNode;
import org.bitcoinfx.node.fake.FakeNodeOptions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's {@code -debug=ipc} lines, read by {@link NodeIpcCalls} and matched with our calls by {@link IpcCallMatcher}:
 * against a real bitcoin-node ({@code BITCOIN_NODE}; the format is the node's, not a guess) and against FakeNode, which
 * writes them for the GUI tests and must read the same. The same calls on both: an executeRpc, a Mining.getTip,
 * a createNewBlock and a BlockTemplate.submitSolution the node refuses (an error line).
 */
class NodeIpcLinesTest {
    @TempDir
    Path tmp;

    @Test
    void aRealNodesIpcLinesMatchEveryCallOfOurs() throws Exception {
        try (org.bitcoinfx.gui.RealNodeForLogs n = org.bitcoinfx.gui.RealNodeForLogs.start(tmp.resolve("real"), "-debug=ipc", "-logtimemicros")) {
            check(n.client(), n.events(), n.debugLog());
        }
    }

    @Test
    void fakeNodeWritesTheSameLines() throws Exception {
        Path dd = tmp.resolve("fake");
        try (FakeNode n = FakeNode.start(FakeNodeOptions.parse(new String[] {"-regtest", "-datadir=" + dd, "-ipcbind=unix", "-printtoconsole=0",
                "-debug=ipc", "-logtimemicros", "-fakeblocks=3"}));
             IpcNodeClient client = IpcNodeClient.connect(n.sockets().get(0))) {
            List<IpcEvent> ours = new CopyOnWriteArrayList<>();
            client.addListener(ours::add);
            check(client, ours, n.state().log().path());
        }
    }

    /** Makes the calls, waits for the node's line of the last one, and matches. */
    private static void check(IpcNodeClient client, List<IpcEvent> ours, Path debugLog) throws Exception {
        client.rpc().call("getblockcount").get(60, TimeUnit.SECONDS);
        client.mining().getTip().get(60, TimeUnit.SECONDS);
        try (BlockTemplate t = client.mining().createNewBlock(BlockCreateOptions.DEFAULT, false).get(60, TimeUnit.SECONDS).orElseThrow()) {
            ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> t.submitSolution(0x20000000, 0, 0, new byte[] {1, 2, 3}).get(60, TimeUnit.SECONDS));
            assertTrue(refused.getCause().getMessage().contains("end of data"), refused.getCause().toString());
        }
        client.rpc().call("getblockcount").get(60, TimeUnit.SECONDS); // its Return came after the node logged the send line
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        NodeIpcCalls node;
        IpcCallMatcher.Result r;
        List<IpcEvent> expected;
        do {
            node = new NodeIpcCalls();
            for (String l : Files.readAllLines(debugLog)) {
                node.accept(l);
            }
            expected = ours.stream().filter(IpcCallMatcher::expectsNodeLine).toList();
            r = IpcCallMatcher.match(new ArrayList<>(ours), node.calls(), node.lastLineTime());
            if (r.count(IpcCallMatcher.Mark.MATCHED) == expected.size()) {
                break;
            }
            Thread.sleep(100); // debug.log is written by the node's own threads: read it again
        } while (System.nanoTime() < deadline);
        List<String> calls = expected.stream().map(IpcEvent::call).toList();
        assertTrue(calls.containsAll(List.of("Rpc.executeRpc getblockcount", "Mining.getTip", "Mining.createNewBlock", "BlockTemplate.submitSolution")),
                calls.toString());
        for (IpcEvent e : expected) {
            NodeIpcCall n = r.nodeOf().get(e);
            assertTrue(n != null, "no node line for " + e.toLogLine() + "; node calls: " + node.calls());
            assertEquals(e.interfaceName() + "." + e.method(), n.call());
            assertEquals(e.thread(), n.thread(), e.toLogLine());
            assertTrue(n.micros());
            assertTrue(!n.nodeTime().isNegative() && n.nodeTime().toNanos() <= e.durationNanos() + 5_000_000L,
                    "the node's time within ours: " + n + " vs " + e.toLogLine());
            if (e.method().equals("submitSolution")) {
                assertTrue(n.outcome().startsWith("error: ") && n.outcome().contains("end of data"), n.outcome());
            } else {
                assertEquals("ok", n.outcome(), e.toLogLine());
            }
        }
        assertEquals(List.of("Init.construct"), r.nodeOnly().stream().map(NodeIpcCall::call).toList(),
                "every node line has a call of ours but the construct of the connect, made before our listener was added");
    }
}
