package org.bitcoinfx.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.rpc.schema.CapnpRpc;
import org.bitcoinfx.ipc.schema.CommonCapnp;
import org.bitcoinfx.ipc.schema.EchoCapnp;
import org.bitcoinfx.ipc.schema.InitCapnp;
import org.bitcoinfx.ipc.schema.MiningCapnp;
import org.bitcoinfx.ipc.schema.ProxyCapnp;
import org.bitcoinfx.ipc.schema.RpcCapnp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Replays recordings of real bitcoin-node connections ({@code shared/ipc-captures}, see its
 * README): our {@link IpcNodeClient} against {@link ReplayPeer} for all four captures, and our
 * decoders on every recorded server message of all four.
 *
 * <p>Where our client's messages differ from the recorded C++ plain client (asserted exactly in
 * the replay tests, everything else matches message by message, params in canonical form):
 * <ol>
 * <li>{@code ThreadMap.makeThread} name: ours "bitcoinfx", recorded "refclient".</li>
 * <li>Our client runs blocking calls (waitTipChanged, createNewBlock, waitNext) on a second server
 *     Thread: one extra {@code makeThread("bitcoinfx-wait-1")} right before the first
 *     waitTipChanged, and those calls carry that Thread in {@code context.thread} where the
 *     recorded client passed its only Thread (export 2). The peer answers the extra call with a
 *     synthetic Thread (id 1000) and treats any server Thread as standing for another.</li>
 * <li>Echo.destroy: recorded right after the three echoes (#21); {@link IpcNodeClient} has no way
 *     to destroy its Echo before {@code close()}, so it arrives at close (matched out of order).</li>
 * <li>Finish: we Finish every answered question; the recorded client kept some answers without
 *     Finish until it disconnected (plain-client-scenario: Init@9; waittipchanged: getTip and
 *     waitTipChanged) and our synthetic makeThread needs one too.</li>
 * <li>Release: we Release every import (BlockTemplate after destroy, and all caps on close());
 *     the recorded client just disconnected. Every Release count is checked against what the
 *     server handed out.</li>
 * <li>plain-client-waittipchanged: the recorded client called makeEcho and never used it; ours
 *     only calls makeEcho inside echo(), so the test sends it through the generated Init client.</li>
 * <li>createNewBlock(default options): the recorded params carry no options struct content
 *     (all defaults); ours an all-default BlockCreateOptions struct. The canonical comparison
 *     treats an all-default struct as equal to a null pointer (both read as defaults).</li>
 * </ol>
 * The cli-* captures (bitcoin-cli's own libmultiprocess client) are replayed against
 * {@code rpc().call("getblockcount")} and {@code rpc().callWallet("w", "getbalances")}. Besides 1., 4.
 * and 5. above, our plain client differs from bitcoin-cli's style exactly so (asserted):
 * <ol start="8">
 * <li>construct: bitcoin-cli exports a ThreadMap of its own (senderHosted 0); ours passes null.</li>
 * <li>Context: bitcoin-cli exports a {@code callbackThread} (senderHosted 1) in makeRpc and
 *     executeRpc; ours leaves it null (docs/IPC.md §3). The node's two Releases of that export are
 *     therefore not replayed.</li>
 * <li>makeRpc: bitcoin-cli pipelines makeThread's Thread into {@code context.thread} as
 *     {@code receiverAnswer(q, [p0])} before makeThread returns; ours awaits makeThread and passes
 *     {@code receiverHosted(2)}, the very Thread that Return holds. The peer sends makeThread's
 *     Return as soon as it matched rather than after makeRpc.</li>
 * <li>executeRpc request: ours is {@code {"jsonrpc":"2.0","id":1,…}}, bitcoin-cli's
 *     {@code {…,"id":"1","jsonrpc":"2.0"}}: same method and params.</li>
 * <li>cli-wallet-getbalances only: the node returned the bootstrap before bitcoin-cli sent
 *     construct, so our construct targets {@code importedCap 0} or {@code promisedAnswer(bootstrap)}
 *     depending on thread timing; both name Init.</li>
 * </ol>
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ReplayTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration T = Duration.ofSeconds(5);

    /** Recorded Echo.destroy of plain-client-scenario (#21): our client only sends it in close(). */
    private static final int SCENARIO_ECHO_DESTROY = 21;

    static Path capture(String name) {
        Path dir = Captures.capturesDir();
        assumeTrue(dir != null, "Assumptions: shared/ipc-captures not found above " + Path.of("").toAbsolutePath()
                + " (CI clones the repo with shared/ beside it); skipping the replay tests");
        Path f = dir.resolve(name + ".capnpcap");
        assumeTrue(Files.isRegularFile(f), "Assumptions: capture " + f + " is missing");
        return f;
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(T.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Throwable failure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(T.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        fail("expected the call to fail");
        return null;
    }

    private static void finish(ReplayPeer peer, IpcNodeClient client) throws Exception {
        client.close();
        peer.done().get(5, TimeUnit.SECONDS);
        assertNull(peer.failure(), () -> "replay mismatch: " + peer.failure() + "\ndeviations: " + peer.deviations());
        assertEquals(List.of(), peer.unmatched(), "recorded messages not replayed");
        System.out.println("replay deviations (tolerated, documented):");
        peer.deviations().forEach(d -> System.out.println("  " + d));
    }

    @Test
    void replaysPlainClientScenario() throws Exception {
        List<Captures.Rec> recs = Captures.read(capture("plain-client-scenario"));
        assertEquals("call(q=0, importedCap=3, Echo@0, caps=1)", Captures.describe(recs.get(SCENARIO_ECHO_DESTROY).root()));
        try (ReplayPeer peer = new ReplayPeer(recs, Set.of(SCENARIO_ECHO_DESTROY))) {
            IpcNodeClient client = IpcNodeClient.open(peer.clientConnection(), T);
            try {
                assertEquals("hallo", get(client.echo("hallo")));
                assertEquals("", get(client.echo("")));
                assertEquals("haha", get(client.echo("haha")));
                Mining mining = client.mining();
                assertTrue(get(mining.isTestChain()));
                assertFalse(get(mining.isInitialBlockDownload()));
                BlockRef tip = get(mining.getTip()).orElseThrow();
                assertEquals(101, tip.height());
                BlockRef after = get(mining.waitTipChanged(tip.hash(), Duration.ofMillis(200))).orElseThrow();
                assertEquals(101, after.height());
                assertTrue(java.util.Arrays.equals(tip.hash(), after.hash()));
                try (BlockTemplate t = get(mining.createNewBlock(BlockCreateOptions.DEFAULT, true)).orElseThrow()) {
                    assertEquals(80, get(t.getBlockHeader()).length);
                    assertEquals(227, get(t.getBlock()).length);
                    assertEquals(List.of(), get(t.getTxFees()));
                    assertEquals(List.of(), get(t.getTxSigops()));
                    CoinbaseTx cb = get(t.getCoinbaseTx());
                    assertEquals(2, cb.version());
                    assertEquals(5_000_000_000L, cb.blockRewardRemaining());
                    assertEquals(1, cb.requiredOutputs().size());
                    assertEquals(List.of(), get(t.getCoinbaseMerklePath()));
                    assertEquals(Optional.empty(), get(t.waitNext(2_100_000_000_000_000L, Duration.ofMillis(100))));
                }
                RpcClient rpc = client.rpc();
                JsonNode info = get(rpc.call("getblockchaininfo"));
                assertEquals(101, info.path("blocks").asInt());
                assertEquals("regtest", info.path("chain").asText());
                assertEquals(-32601, assertInstanceOf(JsonRpcException.class, failure(rpc.call("nosuchmethod"))).code());
                assertEquals(-3, assertInstanceOf(JsonRpcException.class, failure(rpc.call("getblockhash", "x"))).code());
                // "not json" cannot go through call(); the raw request text is what the recorded client sent.
                JsonRpcException parse = assertInstanceOf(JsonRpcException.class,
                        failure(rpc.executeRaw("not json", "/").thenApply(IpcRpc::result)));
                assertEquals(-32700, parse.code());
                assertEquals("Top-level object parse error", parse.rpcMessage());
                RemoteException old = assertInstanceOf(RemoteException.class, failure(client.makeMiningOld2()));
                assertEquals(IpcException.Type.FAILED, old.type());
                assertEquals("std::exception: Old mining interface (@2) not supported. Please update your client!", old.reason());
                RemoteException unimpl = assertInstanceOf(RemoteException.class, failure(client.callInitOrdinal((short) 9)));
                assertEquals(IpcException.Type.UNIMPLEMENTED, unimpl.type());
                assertEquals("Method not implemented.; interfaceName = capnp/init.capnp:Init; typeId = 9815814193794562661; methodId = 9",
                        unimpl.reason());
            } finally {
                finish(peer, client);
            }
            // Exactly these differences from the recorded C++ client, nothing else (see the class comment).
            assertEquals(List.of(
                    "makeThread name \"bitcoinfx\" where the recorded client used \"refclient\" (#6 -> call(q=0, importedCap=1, ThreadMap@0, caps=0))",
                    "extra ThreadMap.makeThread(\"bitcoinfx-wait-1\") not in the recording (before #36 -> call(q=0, importedCap=4, Mining@3, caps=1)); answered with synthetic Thread 1000",
                    "extra Finish(q=0) not in the recording (the recorded client kept that answer)",
                    "extra Release(id=5, count=1) not in the recording (counts checked)",
                    "extra Finish(q=0) not in the recording (the recorded client kept that answer)",
                    "recorded #21 -> call(q=0, importedCap=3, Echo@0, caps=1) matched out of order (floating)",
                    "extra Release(id=3, count=1) not in the recording (counts checked)",
                    "extra Release(id=4, count=1) not in the recording (counts checked)",
                    "extra Release(id=6, count=1) not in the recording (counts checked)",
                    "extra Release(id=1000, count=1) not in the recording (counts checked)",
                    "extra Release(id=2, count=1) not in the recording (counts checked)",
                    "extra Release(id=1, count=1) not in the recording (counts checked)",
                    "extra Release(id=0, count=1) not in the recording (counts checked)"), peer.deviations());
        }
    }

    @Test
    void replaysPlainClientWaitTipChanged() throws Exception {
        List<Captures.Rec> recs = Captures.read(capture("plain-client-waittipchanged"));
        try (ReplayPeer peer = new ReplayPeer(recs, Set.of())) {
            IpcNodeClient client = IpcNodeClient.open(peer.clientConnection(), T);
            try {
                // The recorded client made an Echo before makeMining (#9) and never used it.
                assertEquals("call(q=0, importedCap=0, Init@1, caps=1)", Captures.describe(recs.get(9).root()));
                Mining mining = client.mining();
                // makeEcho is only sent by our client as part of echo(): replay it through a raw call on Init.
                var req = new InitCapnp.Init.Client(initOf(client)).makeEchoRequest();
                IpcNodeClient.context(req, req.params().initContext(), client.mainThread());
                try (var r = get(req.sendForResponse())) {
                    r.cap(r.results().getResultCapIndex()).close();
                }
                BlockRef tip = get(mining.getTip()).orElseThrow();
                assertEquals(101, tip.height());
                BlockRef next = get(mining.waitTipChanged(tip.hash(), Duration.ofMillis(20_000))).orElseThrow();
                assertEquals(102, next.height());
            } finally {
                finish(peer, client);
            }
            assertEquals(List.of(
                    "makeThread name \"bitcoinfx\" where the recorded client used \"refclient\" (#6 -> call(q=0, importedCap=1, ThreadMap@0, caps=0))",
                    "extra Release(id=3, count=1) not in the recording (counts checked)",
                    "extra Finish(q=0) not in the recording (the recorded client kept that answer)",
                    "extra ThreadMap.makeThread(\"bitcoinfx-wait-1\") not in the recording (before #17 -> call(q=1, importedCap=4, Mining@3, caps=1)); answered with synthetic Thread 1000",
                    "extra Finish(q=0) not in the recording (the recorded client kept that answer)",
                    "extra Finish(q=0) not in the recording (the recorded client kept that answer)",
                    "extra Release(id=4, count=1) not in the recording (counts checked)",
                    "extra Release(id=1000, count=1) not in the recording (counts checked)",
                    "extra Release(id=2, count=1) not in the recording (counts checked)",
                    "extra Release(id=1, count=1) not in the recording (counts checked)",
                    "extra Release(id=0, count=1) not in the recording (counts checked)"), peer.deviations());
        }
    }

    private static final String CLI_NO_THREADMAP = "Init@0: no construct.threadMap of our own where the recorded client exported one"
            + " (senderHosted(0)); a plain client passes null (docs/IPC.md §3)";
    private static final String CLI_NO_CALLBACK = "no context.callbackThread of our own where the recorded client exported one"
            + " (senderHosted(1)); a plain client passes null (docs/IPC.md §3)";
    private static final String CLI_THREAD_HOSTED = "Init@4 cap 0 receiverHosted(2) where the recorded client sent receiverAnswer(q=0, [p0,]):"
            + " the same capability (thread)";

    /**
     * bitcoin-cli's {@code getblockcount} over IPC, replayed against our client's
     * {@code rpc().call("getblockcount")}: same bootstrap, construct, makeThread, makeRpc,
     * executeRpc, Finishes and the Rpc Release; the differences are bitcoin-cli's own client style.
     */
    @Test
    void replaysCliGetBlockCount() throws Exception {
        List<Captures.Rec> recs = Captures.read(capture("cli-getblockcount"));
        try (ReplayPeer peer = new ReplayPeer(recs, Set.of())) {
            IpcNodeClient client = IpcNodeClient.open(peer.clientConnection(), T);
            try {
                JsonNode count = get(client.rpc().call("getblockcount"));
                assertTrue(count.isIntegralNumber(), count::toString);
                assertEquals(101, count.asInt());
            } finally {
                finish(peer, client);
            }
            assertEquals(List.of(
                    CLI_NO_THREADMAP,
                    "makeThread name \"bitcoinfx\" where the recorded client used \"bitcoin-cli-17979/bitcoin-cli-17979\" (#6 -> call(q=0, importedCap=1, ThreadMap@0, caps=0))",
                    "recorded #8 <- return(a=0, RESULTS caps=1) sent before #7 -> call(q=1, importedCap=0, Init@4, caps=2) was matched:"
                            + " our client awaits it where the recorded client passed the result on as a receiverAnswer",
                    "Init@4: " + CLI_NO_CALLBACK,
                    CLI_THREAD_HOSTED,
                    "recorded #12 <- release(id=1, count=1) not sent: it releases the recorded client's export 1, which ours never made",
                    "Rpc@0: " + CLI_NO_CALLBACK,
                    "executeRpc request text {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getblockcount\",\"params\":[]} where the recorded"
                            + " client sent {\"method\":\"getblockcount\",\"params\":[],\"id\":\"1\",\"jsonrpc\":\"2.0\"} (same method and params)",
                    "recorded #15 <- release(id=1, count=1) not sent: it releases the recorded client's export 1, which ours never made",
                    "extra Release(id=2, count=1) not in the recording (counts checked)",
                    "extra Release(id=1, count=1) not in the recording (counts checked)",
                    "extra Release(id=0, count=1) not in the recording (counts checked)"), peer.deviations());
        }
    }

    /** bitcoin-cli {@code -rpcwallet=w getbalances}, replayed against {@code rpc().callWallet("w", "getbalances")}. */
    @Test
    void replaysCliWalletGetBalances() throws Exception {
        List<Captures.Rec> recs = Captures.read(capture("cli-wallet-getbalances"));
        try (ReplayPeer peer = new ReplayPeer(recs, Set.of())) {
            IpcNodeClient client = IpcNodeClient.open(peer.clientConnection(), T);
            try {
                JsonNode mine = get(client.rpc().callWallet("w", "getbalances")).path("mine");
                assertEquals(0, mine.path("trusted").decimalValue().compareTo(new java.math.BigDecimal("50")), mine::toString);
                assertEquals(0, mine.path("immature").decimalValue().compareTo(new java.math.BigDecimal("5000")), mine::toString);
            } finally {
                finish(peer, client);
            }
            List<String> deviations = new ArrayList<>(peer.deviations());
            // Here the node returned the bootstrap (#1) before bitcoin-cli sent construct (#2). Ours
            // sends construct right after bootstrap too, pipelined unless its reader thread has
            // already taken in that Return; then it targets the import itself. Either is right.
            deviations.remove("Init@0 target importedCap=0 where the recorded client sent promisedAnswer(q=0, []): the same capability (import 0)");
            assertEquals(List.of(
                    CLI_NO_THREADMAP,
                    "makeThread name \"bitcoinfx\" where the recorded client used \"bitcoin-cli-18026/bitcoin-cli-18026\" (#6 -> call(q=0, importedCap=1, ThreadMap@0, caps=0))",
                    "recorded #8 <- return(a=0, RESULTS caps=1) sent before #7 -> call(q=1, importedCap=0, Init@4, caps=2) was matched:"
                            + " our client awaits it where the recorded client passed the result on as a receiverAnswer",
                    "Init@4: " + CLI_NO_CALLBACK,
                    CLI_THREAD_HOSTED,
                    "Rpc@0: " + CLI_NO_CALLBACK,
                    "executeRpc request text {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getbalances\",\"params\":[]} where the recorded"
                            + " client sent {\"method\":\"getbalances\",\"params\":[],\"id\":\"1\",\"jsonrpc\":\"2.0\"} (same method and params)",
                    "recorded #13 <- release(id=1, count=1) not sent: it releases the recorded client's export 1, which ours never made",
                    "recorded #15 <- release(id=1, count=1) not sent: it releases the recorded client's export 1, which ours never made",
                    "extra Release(id=2, count=1) not in the recording (counts checked)",
                    "extra Release(id=1, count=1) not in the recording (counts checked)",
                    "extra Release(id=0, count=1) not in the recording (counts checked)"), deviations);
        }
    }

    /** The matcher is not vacuous: a different echo text is caught as a params mismatch, and the client fails fast. */
    @Test
    void replayDetectsParamsMismatch() throws Exception {
        List<Captures.Rec> recs = Captures.read(capture("plain-client-scenario"));
        try (ReplayPeer peer = new ReplayPeer(recs, Set.of(SCENARIO_ECHO_DESTROY))) {
            IpcNodeClient client = IpcNodeClient.open(peer.clientConnection(), T);
            try {
                assertInstanceOf(DisconnectedException.class, failure(client.echo("hello")));
                peer.done().get(5, TimeUnit.SECONDS);
                String f = peer.failure();
                assertTrue(f != null && f.contains("Echo@1") && f.contains("params"), String.valueOf(f));
            } finally {
                client.close();
            }
        }
    }

    /** The cli replay compares executeRpc too: another wallet is caught as a uri mismatch. */
    @Test
    void replayDetectsWrongWalletUri() throws Exception {
        List<Captures.Rec> recs = Captures.read(capture("cli-wallet-getbalances"));
        try (ReplayPeer peer = new ReplayPeer(recs, Set.of())) {
            IpcNodeClient client = IpcNodeClient.open(peer.clientConnection(), T);
            try {
                assertInstanceOf(DisconnectedException.class, failure(client.rpc().callWallet("other", "getbalances")));
                peer.done().get(5, TimeUnit.SECONDS);
                String f = peer.failure();
                assertTrue(f != null && f.contains("executeRpc uri \"/wallet/other\" != \"/wallet/w\""), String.valueOf(f));
            } finally {
                client.close();
            }
        }
    }

    private static org.bitcoinfx.ipc.rpc.Capability initOf(IpcNodeClient client) throws Exception {
        java.lang.reflect.Field f = IpcNodeClient.class.getDeclaredField("init");
        f.setAccessible(true);
        return (org.bitcoinfx.ipc.rpc.Capability) f.get(client);
    }

    // ---- decoding every recorded server message ----------------------------------------------

    /** Decodes every server message of a capture, results by the interface/method of the question they answer. */
    static List<String> decodeServer(String name) throws Exception {
        List<Captures.Rec> recs = Captures.read(capture(name));
        List<String> out = new ArrayList<>();
        for (Captures.Rec r : recs) {
            CapnpRpc.Message.Reader m = r.root();
            if (r.client()) {
                continue;
            }
            switch (m.which()) {
                case RETURN -> {
                    CapnpRpc.Return.Reader ret = m.getReturn();
                    CapnpRpc.Message.Reader q = questionOf(recs, r.index(), ret.getAnswerId());
                    assertTrue(q != null, "no question for " + r);
                    String method = q.isBootstrap() ? "bootstrap"
                            : Captures.ifaceName(q.getCall().getInterfaceId()) + "@" + q.getCall().getMethodId();
                    if (ret.isException()) {
                        out.add(method + " ! " + ret.getException().getType() + " " + ret.getException().getReason());
                    } else {
                        assertTrue(ret.isResults(), "unexpected " + r);
                        out.add(method + " = " + decodeResults(q, ret.getResults()));
                    }
                }
                case RELEASE -> out.add("release " + m.getRelease().getId() + "x" + m.getRelease().getReferenceCount());
                default -> fail("unexpected server message " + r);
            }
        }
        return out;
    }

    static CapnpRpc.Message.Reader questionOf(List<Captures.Rec> recs, int before, int qid) {
        for (int i = before - 1; i >= 0; i--) {
            CapnpRpc.Message.Reader m = recs.get(i).root();
            if (recs.get(i).client() && ((m.isCall() && m.getCall().getQuestionId() == qid)
                    || (m.isBootstrap() && m.getBootstrap().getQuestionId() == qid))) {
                return m;
            }
        }
        return null;
    }

    private static String cap(CapnpRpc.Payload.Reader p, int index) {
        if (index < 0) {
            return "null";
        }
        CapnpRpc.CapDescriptor.Reader d = p.getCapTable().get(index);
        return d.isSenderHosted() ? "cap(senderHosted " + d.getSenderHosted() + ")" : "cap(" + d.which() + ")";
    }

    static String decodeResults(CapnpRpc.Message.Reader question, CapnpRpc.Payload.Reader p) {
        if (question.isBootstrap()) {
            return cap(p, p.getContentCapIndex());
        }
        long iface = question.getCall().getInterfaceId();
        short method = question.getCall().getMethodId();
        var c = p.getContent();
        if (iface == InitCapnp.Init.TYPE_ID) {
            return switch (method) {
                case 0 -> cap(p, c.getAs(InitCapnp.Init.ConstructResults.factory).getThreadMapCapIndex());
                case 1 -> cap(p, c.getAs(InitCapnp.Init.MakeEchoResults.factory).getResultCapIndex());
                case 3 -> cap(p, c.getAs(InitCapnp.Init.MakeMiningResults.factory).getResultCapIndex());
                case 4 -> cap(p, c.getAs(InitCapnp.Init.MakeRpcResults.factory).getResultCapIndex());
                default -> "?";
            };
        } else if (iface == ProxyCapnp.ThreadMap.TYPE_ID) {
            return cap(p, c.getAs(ProxyCapnp.ThreadMap.MakeThreadResults.factory).getResultCapIndex());
        } else if (iface == EchoCapnp.Echo.TYPE_ID) {
            return method == 1 ? "\"" + c.getAs(EchoCapnp.Echo.EchoResults.factory).getResult() + "\"" : "void";
        } else if (iface == RpcCapnp.Rpc.TYPE_ID) {
            return c.getAs(RpcCapnp.Rpc.ExecuteRpcResults.factory).getResult().toString();
        } else if (iface == MiningCapnp.Mining.TYPE_ID) {
            return switch (method) {
                case 0 -> String.valueOf(c.getAs(MiningCapnp.Mining.IsTestChainResults.factory).getResult());
                case 1 -> String.valueOf(c.getAs(MiningCapnp.Mining.IsInitialBlockDownloadResults.factory).getResult());
                case 2 -> {
                    var r = c.getAs(MiningCapnp.Mining.GetTipResults.factory);
                    yield r.getHasResult() ? blockRef(r.getResult()) : "none";
                }
                case 3 -> {
                    var r = c.getAs(MiningCapnp.Mining.WaitTipChangedResults.factory);
                    yield r.hasResult() ? blockRef(r.getResult()) : "null";
                }
                case 4 -> cap(p, c.getAs(MiningCapnp.Mining.CreateNewBlockResults.factory).getResultCapIndex());
                default -> "?";
            };
        } else if (iface == MiningCapnp.BlockTemplate.TYPE_ID) {
            return switch (method) {
                case 0 -> "void";
                case 1 -> "bytes " + c.getAs(MiningCapnp.BlockTemplate.GetBlockHeaderResults.factory).getResult().size();
                case 2 -> "bytes " + c.getAs(MiningCapnp.BlockTemplate.GetBlockResults.factory).getResult().size();
                case 3 -> IpcBlockTemplate.longs(c.getAs(MiningCapnp.BlockTemplate.GetTxFeesResults.factory).getResult()).toString();
                case 4 -> IpcBlockTemplate.longs(c.getAs(MiningCapnp.BlockTemplate.GetTxSigopsResults.factory).getResult()).toString();
                case 5 -> {
                    MiningCapnp.CoinbaseTx.Reader cb = c.getAs(MiningCapnp.BlockTemplate.GetCoinbaseTxResults.factory).getResult();
                    yield "coinbase version " + cb.getVersion() + " blockRewardRemaining " + cb.getBlockRewardRemaining()
                            + " requiredOutputs " + cb.getRequiredOutputs().size();
                }
                case 6 -> "list " + c.getAs(MiningCapnp.BlockTemplate.GetCoinbaseMerklePathResults.factory).getResult().size();
                case 8 -> cap(p, c.getAs(MiningCapnp.BlockTemplate.WaitNextResults.factory).getResultCapIndex());
                default -> "?";
            };
        }
        return "?";
    }

    private static String blockRef(CommonCapnp.BlockRef.Reader r) {
        return "height " + r.getHeight() + " hash " + r.getHash().size() + "B";
    }

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s.substring(s.indexOf(" = ") + 3));
    }

    @Test
    void decodesPlainClientScenarioServerMessages() throws Exception {
        List<String> d = decodeServer("plain-client-scenario");
        assertEquals(List.of(
                "bootstrap = cap(senderHosted 0)",
                "Init@0 = cap(senderHosted 1)",
                "ThreadMap@0 = cap(senderHosted 2)",
                "Init@1 = cap(senderHosted 3)",
                "Echo@1 = \"hallo\"",
                "Echo@1 = \"\"",
                "Echo@1 = \"haha\"",
                "Echo@0 = void",
                "Init@3 = cap(senderHosted 4)",
                "Mining@0 = true",
                "Mining@1 = false",
                "Mining@2 = height 101 hash 32B",
                "Mining@3 = height 101 hash 32B",
                "Mining@4 = cap(senderHosted 5)",
                "BlockTemplate@1 = bytes 80",
                "BlockTemplate@2 = bytes 227",
                "BlockTemplate@3 = []",
                "BlockTemplate@4 = []",
                "BlockTemplate@5 = coinbase version 2 blockRewardRemaining 5000000000 requiredOutputs 1",
                "BlockTemplate@6 = list 0",
                "BlockTemplate@8 = null",
                "BlockTemplate@0 = void",
                "Init@4 = cap(senderHosted 6)"), d.subList(0, 23));
        assertEquals(101, json(d.get(23)).path("result").path("blocks").asInt());
        assertEquals(-32601, json(d.get(24)).path("error").path("code").asInt());
        assertEquals("Method not found", json(d.get(24)).path("error").path("message").asText());
        assertEquals(-3, json(d.get(25)).path("error").path("code").asInt());
        assertEquals(-32700, json(d.get(26)).path("error").path("code").asInt());
        assertEquals("Top-level object parse error", json(d.get(26)).path("error").path("message").asText());
        assertEquals(List.of(
                "Init@2 ! FAILED std::exception: Old mining interface (@2) not supported. Please update your client!",
                "Init@9 ! UNIMPLEMENTED Method not implemented.; interfaceName = capnp/init.capnp:Init; typeId = 9815814193794562661; methodId = 9"),
                d.subList(27, d.size()));
    }

    @Test
    void decodesPlainClientWaitTipChangedServerMessages() throws Exception {
        assertEquals(List.of(
                "bootstrap = cap(senderHosted 0)",
                "Init@0 = cap(senderHosted 1)",
                "ThreadMap@0 = cap(senderHosted 2)",
                "Init@1 = cap(senderHosted 3)",
                "Init@3 = cap(senderHosted 4)",
                "Mining@2 = height 101 hash 32B",
                "Mining@3 = height 102 hash 32B"), decodeServer("plain-client-waittipchanged"));
    }

    @Test
    void decodesCliGetBlockCountServerMessages() throws Exception {
        List<String> d = decodeServer("cli-getblockcount");
        assertEquals(List.of(
                "bootstrap = cap(senderHosted 0)",
                "Init@0 = cap(senderHosted 1)",
                "ThreadMap@0 = cap(senderHosted 2)",
                "Init@4 = cap(senderHosted 3)",
                "release 1x1"), d.subList(0, 5));
        assertEquals(101, json(d.get(5)).path("result").asInt());
        assertEquals("release 1x1", d.get(6));
        assertEquals(7, d.size());
    }

    @Test
    void decodesCliWalletGetBalancesServerMessages() throws Exception {
        List<String> d = decodeServer("cli-wallet-getbalances");
        assertEquals(List.of(
                "bootstrap = cap(senderHosted 0)",
                "Init@0 = cap(senderHosted 1)",
                "ThreadMap@0 = cap(senderHosted 2)",
                "Init@4 = cap(senderHosted 3)",
                "release 1x1"), d.subList(0, 5));
        JsonNode mine = json(d.get(5)).path("result").path("mine");
        assertEquals(0, mine.path("trusted").decimalValue().compareTo(new java.math.BigDecimal("50")), mine::toString);
        assertEquals(0, mine.path("immature").decimalValue().compareTo(new java.math.BigDecimal("5000")), mine::toString);
        assertEquals("release 1x1", d.get(6));
        assertEquals(7, d.size());
    }

    /** bitcoin-cli's own client style, as recorded: what our client does differently (documentation). */
    @Test
    void cliCapturesUseTheExportedThreadMapStyle() throws Exception {
        for (String name : List.of("cli-getblockcount", "cli-wallet-getbalances")) {
            List<Captures.Rec> recs = Captures.read(capture(name));
            List<CapnpRpc.Call.Reader> calls = recs.stream().filter(r -> r.client() && r.root().isCall()).map(r -> r.root().getCall()).toList();
            CapnpRpc.Call.Reader construct = calls.get(0);
            assertEquals(InitCapnp.Init.TYPE_ID, construct.getInterfaceId());
            assertEquals(0, construct.getMethodId());
            assertTrue(construct.getParams().getCapTable().get(0).isSenderHosted(), "bitcoin-cli exports its own ThreadMap");
            assertEquals(ProxyCapnp.ThreadMap.TYPE_ID, calls.get(1).getInterfaceId());
            CapnpRpc.Call.Reader makeRpc = calls.get(2);
            assertEquals(InitCapnp.Init.TYPE_ID, makeRpc.getInterfaceId());
            assertEquals(4, makeRpc.getMethodId());
            assertTrue(makeRpc.getParams().getCapTable().get(0).isReceiverAnswer(), "makeThread pipelined into Context.thread");
            var exec = questionOf(recs, recs.size(), 0).getCall().getParams().getContent().getAs(RpcCapnp.Rpc.ExecuteRpcParams.factory);
            assertEquals(name.contains("wallet") ? "/wallet/w" : "/", exec.getUri().toString());
            assertTrue(exec.getRequest().toString().contains(name.contains("wallet") ? "getbalances" : "getblockcount"));
        }
    }
}
