package org.bitcoinfx.gui.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bitcoinfx.gui.inspector.IpcCallMatcher.Mark;
import org.bitcoinfx.ipc.IpcEvent;
import org.junit.jupiter.api.Test;

/**
 * The node-side lines here are a real bitcoin-node v31.99's ({@code -debug=ipc -logtimemicros}, one {@code bitcoinfx-ipc
 * rpc getblockcount}); {@code RealNodeIpcLinesTest} holds the format to a running node.
 */
class IpcCallMatcherTest {
    static final List<String> REAL = List.of(
            "2026-12-06T14:26:20.794806Z ipc: {bitcoin-node-1153/b-capnp-loop-1161} IPC server: socket connected.",
            "2026-12-06T14:26:20.840644Z [ipc] {bitcoin-node-1153/b-capnp-loop-1161} IPC server recv request  #1 Init.construct$Params",
            "2026-12-06T14:26:20.840693Z [ipc] {bitcoin-node-1153/b-capnp-loop-1161} IPC server send response #1 Init.construct$Results",
            "2026-12-06T14:26:20.923377Z [ipc] {bitcoin-node-1153/b-capnp-loop-1161} IPC server recv request  #2 Init.makeRpc$Params",
            "2026-12-06T14:26:20.923428Z [ipc] {bitcoin-node-1153/b-capnp-loop-1161} IPC server post request  #2 {bitcoin-node-1153/b-capnp-loop-1270 (from bitcoinfx)}",
            "2026-12-06T14:26:20.923507Z [ipc] {bitcoin-node-1153/b-capnp-loop-1270 (from bitcoinfx)} IPC server executing request #2",
            "2026-12-06T14:26:20.923644Z [ipc] {bitcoin-node-1153/b-capnp-loop-1161} IPC server send response #2 Init.makeRpc$Results",
            "2026-12-06T14:26:20.930192Z [ipc] {bitcoin-node-1153/b-capnp-loop-1161} IPC server recv request  #3 Rpc.executeRpc$Params",
            "2026-12-06T14:26:20.930227Z [ipc] {bitcoin-node-1153/b-capnp-loop-1161} IPC server post request  #3 {bitcoin-node-1153/b-capnp-loop-1270 (from bitcoinfx)}",
            "2026-12-06T14:26:20.930285Z [ipc] {bitcoin-node-1153/b-capnp-loop-1270 (from bitcoinfx)} IPC server executing request #3",
            "2026-12-06T14:26:20.930419Z [ipc] {bitcoin-node-1153/b-capnp-loop-1161} IPC server send response #3 Rpc.executeRpc$Results",
            "2026-12-06T14:26:20.966233Z ipc: {bitcoin-node-1153/b-capnp-loop-1161} IPC server: socket disconnected.");

    static IpcEvent call(String iface, String method, String thread, String start, long micros) {
        return new IpcEvent(iface, method, thread, Instant.parse(start), micros * 1000, 80, 120, "ok");
    }

    static IpcEvent rpc(String rpcMethod, String start, long micros) {
        return new IpcEvent("Rpc", "executeRpc", "bitcoinfx", Instant.parse(start), micros * 1000, 80, 120, "ok", rpcMethod);
    }

    /**
     * A secret call's {@code logging} off … secret … {@code logging} on is a window: our calls in it are not paired (the
     * node logged none of them, or half of one), the {@code logging} read before it and the calls outside it are.
     */
    @Test
    void aSecretCallsLoggingOffWindowIsLeftOutOfThePairing() {
        List<IpcEvent> ours = List.of(
                rpc("getblockcount", "2026-12-06T14:26:21.000000Z", 500),
                rpc("logging", "2026-12-06T14:26:21.010000Z", 500), // the read of the categories
                rpc("logging", "2026-12-06T14:26:21.020000Z", 500), // off
                rpc("walletpassphrase", "2026-12-06T14:26:21.030000Z", 90_000),
                rpc("logging", "2026-12-06T14:26:21.130000Z", 500), // on
                rpc("getbestblockhash", "2026-12-06T14:26:21.200000Z", 500));
        List<java.time.Instant[]> w = IpcCallMatcher.loggingOffWindows(ours);
        assertEquals(1, w.size());
        assertEquals(Instant.parse("2026-12-06T14:26:21.020000Z"), w.get(0)[0]);
        assertTrue(!w.get(0)[1].isBefore(Instant.parse("2026-12-06T14:26:21.130500Z")), w.get(0)[1].toString());
        assertEquals(List.of(), IpcCallMatcher.loggingOffWindows(List.of(ours.get(0), ours.get(1), ours.get(5))), "no secret call, no window");
        // the node's lines: the first two calls and the last; the off call's recv only (no response logged)
        List<String> lines = List.of(
                "2026-12-06T14:26:21.000100Z [ipc] {n-1/l-1} IPC server recv request  #1 Rpc.executeRpc$Params",
                "2026-12-06T14:26:21.000200Z [ipc] {n-1/l-1} IPC server post request  #1 {n-1/l-2 (from bitcoinfx)}",
                "2026-12-06T14:26:21.000300Z [ipc] {n-1/l-2 (from bitcoinfx)} IPC server executing request #1",
                "2026-12-06T14:26:21.000400Z [ipc] {n-1/l-1} IPC server send response #1 Rpc.executeRpc$Results",
                "2026-12-06T14:26:21.010100Z [ipc] {n-1/l-1} IPC server recv request  #2 Rpc.executeRpc$Params",
                "2026-12-06T14:26:21.010200Z [ipc] {n-1/l-1} IPC server post request  #2 {n-1/l-2 (from bitcoinfx)}",
                "2026-12-06T14:26:21.010300Z [ipc] {n-1/l-2 (from bitcoinfx)} IPC server executing request #2",
                "2026-12-06T14:26:21.010400Z [ipc] {n-1/l-1} IPC server send response #2 Rpc.executeRpc$Results",
                "2026-12-06T14:26:21.020100Z [ipc] {n-1/l-1} IPC server recv request  #3 Rpc.executeRpc$Params",
                "2026-12-06T14:26:21.130400Z [ipc] {n-1/l-1} IPC server send response #5 Rpc.executeRpc$Results",
                "2026-12-06T14:26:21.200100Z [ipc] {n-1/l-1} IPC server recv request  #6 Rpc.executeRpc$Params",
                "2026-12-06T14:26:21.200200Z [ipc] {n-1/l-1} IPC server post request  #6 {n-1/l-2 (from bitcoinfx)}",
                "2026-12-06T14:26:21.200300Z [ipc] {n-1/l-2 (from bitcoinfx)} IPC server executing request #6",
                "2026-12-06T14:26:21.200400Z [ipc] {n-1/l-1} IPC server send response #6 Rpc.executeRpc$Results");
        NodeIpcCalls node = read(lines);
        IpcCallMatcher.Result r = IpcCallMatcher.match(ours, node.calls(), node.lastLineTime());
        assertEquals(IpcCallMatcher.Mark.MATCHED, r.markOf().get(ours.get(0)));
        assertEquals(IpcCallMatcher.Mark.MATCHED, r.markOf().get(ours.get(1)));
        for (int i = 2; i <= 4; i++) {
            assertEquals(IpcCallMatcher.Mark.NOT_COVERED, r.markOf().get(ours.get(i)), ours.get(i).toLogLine());
        }
        assertEquals(IpcCallMatcher.Mark.MATCHED, r.markOf().get(ours.get(5)));
        assertEquals(List.of(), r.nodeOnly(), "no node line is left without a call");
    }

    static NodeIpcCalls read(List<String> lines) {
        NodeIpcCalls n = new NodeIpcCalls();
        lines.forEach(n::accept);
        return n;
    }

    @Test
    void theRealLinesMakeThreeCallsWithTheirThreadTimeAndOutcome() {
        List<NodeIpcCall> calls = read(REAL).calls();
        assertEquals(3, calls.size());
        NodeIpcCall construct = calls.get(0);
        assertEquals("Init.construct", construct.call());
        assertEquals("-", construct.thread(), "construct runs inline on the loop: no post line");
        assertEquals(Duration.ofNanos(49_000), construct.nodeTime());
        NodeIpcCall rpc = calls.get(2);
        assertEquals("bitcoin-node-1153", rpc.process());
        assertEquals(3, rpc.request());
        assertEquals("Rpc.executeRpc", rpc.call());
        assertEquals("bitcoinfx", rpc.thread());
        assertEquals("ok", rpc.outcome());
        assertEquals(Duration.ofNanos(227_000), rpc.nodeTime());
    }

    @Test
    void ourCallsPairWithTheNodesByInterfaceMethodThreadAndTime() {
        NodeIpcCalls node = read(REAL);
        IpcEvent boot = call("Init", "bootstrap", "-", "2026-12-06T14:26:20.800000Z", 2000);
        IpcEvent construct = call("Init", "construct", "-", "2026-12-06T14:26:20.840000Z", 1500);
        IpcEvent makeThread = call("ThreadMap", "makeThread", "-", "2026-12-06T14:26:20.850000Z", 1500);
        IpcEvent makeRpc = call("Init", "makeRpc", "bitcoinfx", "2026-12-06T14:26:20.923000Z", 900);
        IpcEvent rpc = call("Rpc", "executeRpc", "bitcoinfx", "2026-12-06T14:26:20.930000Z", 700);
        IpcEvent lost = call("Rpc", "executeRpc", "bitcoinfx", "2026-12-06T14:26:20.940000Z", 700);
        IpcEvent later = call("Rpc", "executeRpc", "bitcoinfx", "2026-12-06T14:26:21.500000Z", 700);
        var r = IpcCallMatcher.match(List.of(later, lost, rpc, makeRpc, makeThread, construct, boot), node.calls(), node.lastLineTime());
        List<NodeIpcCall> n = node.calls();
        assertSame(n.get(0), r.nodeOf().get(construct));
        assertSame(n.get(1), r.nodeOf().get(makeRpc));
        assertSame(n.get(2), r.nodeOf().get(rpc));
        assertEquals(Mark.NO_NODE_LINE, r.markOf().get(lost), "covered by the node's lines (it read on past it), no line: marked");
        assertEquals(Mark.NOT_COVERED, r.markOf().get(later), "after the last node line read: nothing to say yet");
        assertEquals(Mark.NOT_COVERED, r.markOf().get(boot));
        assertEquals(Mark.NOT_COVERED, r.markOf().get(makeThread), "the node logs no line for ThreadMap calls");
        assertEquals(List.of(), r.nodeOnly());
        assertEquals(3, r.count(Mark.MATCHED));
    }

    @Test
    void aNodeCallOnAnotherThreadOrOutsideOurCallsTimeIsANodeLineWithoutACall() {
        NodeIpcCalls node = read(REAL);
        IpcEvent otherThread = call("Rpc", "executeRpc", "bitcoinfx-console", "2026-12-06T14:26:20.930000Z", 700);
        IpcEvent tooEarly = call("Init", "makeRpc", "bitcoinfx", "2026-12-06T14:26:20.940000Z", 100);
        var r = IpcCallMatcher.match(List.of(otherThread, tooEarly), node.calls(), node.lastLineTime());
        assertNull(r.nodeOf().get(otherThread));
        assertEquals(Mark.NO_NODE_LINE, r.markOf().get(otherThread));
        assertEquals(Mark.NO_NODE_LINE, r.markOf().get(tooEarly), "the node received makeRpc before this call was sent");
        assertEquals(List.of("Init.construct", "Init.makeRpc", "Rpc.executeRpc"), r.nodeOnly().stream().map(NodeIpcCall::call).toList());
    }

    @Test
    void wholeSecondTimesMatchWithinTheirSecondAndInOrder() {
        NodeIpcCalls node = read(List.of(
                "2026-12-06T14:22:47Z [ipc] {bitcoin-node-22861/b-capnp-loop-22874} IPC server recv request  #9 Rpc.executeRpc$Params",
                "2026-12-06T14:22:47Z [ipc] {bitcoin-node-22861/b-capnp-loop-22874} IPC server post request  #9 {bitcoin-node-22861/b-capnp-loop-23892 (from bitcoinfx)}",
                "2026-12-06T14:22:47Z [ipc] {bitcoin-node-22861/b-capnp-loop-22874} IPC server send response #9 Rpc.executeRpc$Results",
                "2026-12-06T14:22:47Z [ipc] {bitcoin-node-22861/b-capnp-loop-22874} IPC server recv request  #10 Rpc.executeRpc$Params",
                "2026-12-06T14:22:47Z [ipc] {bitcoin-node-22861/b-capnp-loop-22874} IPC server post request  #10 {bitcoin-node-22861/b-capnp-loop-23892 (from bitcoinfx)}",
                "2026-12-06T14:22:48Z [ipc] {bitcoin-node-22861/b-capnp-loop-22874} IPC server send response #10 Rpc.executeRpc$Results",
                "2026-12-06T14:22:49Z something later"));
        IpcEvent a = call("Rpc", "executeRpc", "bitcoinfx", "2026-12-06T14:22:47.400Z", 300);
        IpcEvent b = call("Rpc", "executeRpc", "bitcoinfx", "2026-12-06T14:22:47.900Z", 200_000);
        var r = IpcCallMatcher.match(List.of(b, a), node.calls(), node.lastLineTime());
        assertEquals(9, r.nodeOf().get(a).request());
        assertEquals(10, r.nodeOf().get(b).request());
        assertEquals(Duration.ofSeconds(1), r.nodeOf().get(b).nodeTime(), "whole seconds on both ends");
    }

    @Test
    void errorsAndCancelsEndANodeCallInTheNodesWords() {
        NodeIpcCalls node = read(List.of(
                "2026-12-06T14:30:00.000100Z [ipc] {bitcoin-node-7/b-capnp-loop-8} IPC server recv request  #12 BlockTemplate.submitSolution$Params",
                "2026-12-06T14:30:00.000200Z [ipc] {bitcoin-node-7/b-capnp-loop-8} IPC server post request  #12 {bitcoin-node-7/b-capnp-loop-9 (from bitcoinfx-mining)}",
                "2026-12-06T14:30:00.000900Z [error] ipc: {bitcoin-node-7/b-capnp-loop-8} IPC server error request #12 BlockTemplate.submitSolution$Results kj::Exception: std::exception: SpanReader::read(): end of data",
                "2026-12-06T14:30:01.000100Z [ipc] {bitcoin-node-7/b-capnp-loop-8} IPC server recv request  #13 Mining.waitTipChanged$Params",
                "2026-12-06T14:30:02.000100Z ipc: {bitcoin-node-7/b-capnp-loop-8} IPC server request #13 canceled while executing."));
        List<NodeIpcCall> c = node.calls();
        assertEquals("error: kj::Exception: std::exception: SpanReader::read(): end of data", c.get(0).outcome());
        assertEquals("bitcoinfx-mining", c.get(0).thread());
        assertEquals("canceled: canceled while executing", c.get(1).outcome());
    }
}
