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

    /**
     * A secret call switches the node's {@code ipc} logging off around itself ({@code RpcClient.callSecret}): its calls
     * ({@code createwallet} with a passphrase, {@code walletpassphrase}) are not paired — the node's lines do not name the
     * JSON-RPC method, and before the windows were known the pairing shifted: a {@code createwallet} was shown with a
     * {@code logging} call's node line. The calls before the first window match their own lines. After it, this node
     * (master 58a7869f86) logs no more IPC call lines even though {@code logging} turned the category on again
     * (libmultiprocess takes its log level when the IPC loop starts): those calls are "not covered", never "no node line".
     */
    @Test
    void aSecretCallsWindowIsNotPaired() throws Exception {
        try (org.bitcoinfx.gui.RealNodeForLogs n = org.bitcoinfx.gui.RealNodeForLogs.start(tmp.resolve("secret"), "-debug=ipc", "-logtimemicros")) {
            var rpc = n.client().rpc();
            rpc.call("getblockcount").get(60, TimeUnit.SECONDS);
            rpc.call("getbestblockhash").get(60, TimeUnit.SECONDS);
            rpc.callSecret(null, "createwallet", "enc", false, false, "pass word".toCharArray()).get(60, TimeUnit.SECONDS);
            rpc.callSecret("enc", "walletpassphrase", "pass word".toCharArray(), 10).get(60, TimeUnit.SECONDS);
            rpc.callWallet("enc", "walletlock").get(60, TimeUnit.SECONDS);
            rpc.call("getblockcount").get(60, TimeUnit.SECONDS);
            List<IpcEvent> ours = new ArrayList<>(n.events());
            IpcCallMatcher.Result r = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                NodeIpcCalls node = new NodeIpcCalls();
                for (String l : Files.readAllLines(n.debugLog())) {
                    node.accept(l);
                }
                r = IpcCallMatcher.match(ours, node.calls(), node.lastLineTime());
                IpcCallMatcher.Result now = r;
                if (ours.stream().filter(e -> e.rpcMethod().equals("getbestblockhash")).allMatch(e -> now.markOf().get(e) == IpcCallMatcher.Mark.MATCHED)) {
                    break;
                }
                Thread.sleep(100); // debug.log is written by the node's own threads: read it again
            }
            StringBuilder all = new StringBuilder();
            for (IpcEvent e : ours) {
                all.append(r.markOf().get(e)).append(' ').append(e.toLogLine()).append('\n');
            }
            IpcEvent firstSecret = ours.stream().filter(e -> e.rpcMethod().equals("createwallet")).findFirst().orElseThrow();
            for (IpcEvent e : ours) {
                IpcCallMatcher.Mark m = r.markOf().get(e);
                if (e.rpcMethod().equals("createwallet") || e.rpcMethod().equals("walletpassphrase")) {
                    assertEquals(IpcCallMatcher.Mark.NOT_COVERED, m, "a secret call is not paired:\n" + all);
                } else if (IpcCallMatcher.expectsNodeLine(e) && !e.rpcMethod().equals("logging") && e.start().isBefore(firstSecret.start())) {
                    assertEquals(IpcCallMatcher.Mark.MATCHED, m, e.toLogLine() + "\n" + all);
                }
                assertTrue(m != IpcCallMatcher.Mark.NO_NODE_LINE, "no call is blamed on the node:\n" + all);
                NodeIpcCall c = r.nodeOf().get(e);
                if (c != null) {
                    assertEquals(e.interfaceName() + "." + e.method(), c.call());
                    assertTrue(IpcCallMatcher.fits(c, e), e.toLogLine() + " paired with " + c);
                }
            }
            assertTrue(r.nodeOnly().stream().allMatch(c -> c.call().equals("Init.construct")), "node lines without a call: " + r.nodeOnly());
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
