package org.bitcoinfx.node.fake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.BlockCheckResult;
import org.bitcoinfx.ipc.BlockCreateOptions;
import org.bitcoinfx.ipc.BlockRef;
import org.bitcoinfx.ipc.BlockTemplate;
import org.bitcoinfx.ipc.CoinbaseTx;
import org.bitcoinfx.ipc.IpcException;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.ipc.RemoteException;
import org.bitcoinfx.ipc.primitives.Bytes;
import org.bitcoinfx.ipc.primitives.Hashes;
import org.bitcoinfx.ipc.rpc.Capability;
import org.bitcoinfx.ipc.rpc.Request;
import org.bitcoinfx.ipc.rpc.Response;
import org.bitcoinfx.ipc.rpc.RpcConnection;
import org.bitcoinfx.ipc.schema.EchoCapnp;
import org.bitcoinfx.ipc.schema.InitCapnp;
import org.bitcoinfx.ipc.schema.ProxyCapnp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The fake node's Cap'n Proto side in this JVM, through the typed client and raw calls. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FakeNodeIpcTest {
    @TempDir
    Path tmp;
    private FakeNode node;
    private IpcNodeClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private IpcNodeClient start(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("-regtest", "-datadir=" + tmp.resolve("d"), "-ipcbind=unix", "-printtoconsole=0"));
        args.addAll(List.of(extra));
        node = FakeNode.start(FakeNodeOptions.parse(args.toArray(String[]::new)));
        client = IpcNodeClient.connect(node.sockets().get(0));
        return client;
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    /** A miner's coinbase from the template's fields: prefix + extranonce, reward to OP_TRUE, required outputs, witness. */
    static FakeTx coinbase(CoinbaseTx c, long extraNonce) {
        byte[] extra = new Bytes.Writer().u8(8).i64(extraNonce).toByteArray();
        FakeTx.Input in = new FakeTx.Input(new byte[32], FakeTx.NULL_INDEX, Bytes.concat(c.scriptSigPrefix(), extra), c.sequence(),
                c.witness() == null ? List.of() : List.of(c.witness()));
        List<FakeTx.Output> outs = new ArrayList<>();
        outs.add(new FakeTx.Output(c.blockRewardRemaining(), new byte[] {0x51}));
        for (byte[] o : c.requiredOutputs()) {
            Bytes.Reader r = new Bytes.Reader(o);
            outs.add(new FakeTx.Output(r.i64(), r.varBytes()));
        }
        return new FakeTx((int) c.version(), List.of(in), outs, c.lockTime());
    }

    /** The header with the coinbase's merkle root (from the merkle path) and {@code nonce}. */
    static FakeBlock header(byte[] templateHeader, FakeTx cb, List<byte[]> path, long nonce) {
        Bytes.Reader r = new Bytes.Reader(templateHeader);
        int version = (int) r.u32();
        byte[] prev = r.bytes(32);
        r.bytes(32);
        long time = r.u32();
        long bits = r.u32();
        byte[] root = cb.txid();
        for (byte[] sibling : path) {
            root = Hashes.sha256d(Bytes.concat(root, sibling));
        }
        return new FakeBlock(version, prev, root, time, bits, nonce, List.of());
    }

    @Test
    void aMinerBuildsItsCoinbaseAndSubmitsASolution() throws Exception {
        IpcNodeClient c = start("-fakeblocks=20");
        FakeTx tx = FakeChainTest.spend(1, 90_000);
        node.state().chain().addToMempool(tx, 3_000);
        BlockTemplate t = get(c.mining().createNewBlock(BlockCreateOptions.DEFAULT, true)).orElseThrow();
        assertEquals(List.of(3_000L), get(t.getTxFees()));
        CoinbaseTx cbt = get(t.getCoinbaseTx());
        assertEquals(FakeChain.subsidy(21) + 3_000, cbt.blockRewardRemaining());
        assertEquals("0115", Hashes.hex(cbt.scriptSigPrefix()), "BIP34 push of height 21");
        assertEquals(20L, cbt.lockTime());
        assertEquals(1, cbt.requiredOutputs().size());
        List<byte[]> path = get(t.getCoinbaseMerklePath());
        assertEquals(1, path.size());
        assertArrayEquals(tx.txid(), path.get(0));
        byte[] hdr = get(t.getBlockHeader());
        assertArrayEquals(Arrays.copyOf(get(t.getBlock()), 80), hdr);
        assertArrayEquals(tx.serialize(), get(c.mining().getTransactionsByTxID(List.of(tx.txid()))).get(0));
        assertArrayEquals(tx.serialize(), get(c.mining().getTransactionsByWitnessID(List.of(tx.wtxid()))).get(0));

        FakeTx cb = coinbase(cbt, 42);
        long good = 0;
        while (!header(hdr, cb, path, good).meetsTarget()) {
            good++;
        }
        long bad = 0;
        while (header(hdr, cb, path, bad).meetsTarget()) {
            bad++;
        }
        FakeBlock h = header(hdr, cb, path, good);
        CompletableFuture<Optional<BlockTemplate>> next = t.waitNext(FakeBlockTemplateServer.MAX_MONEY, Duration.ofSeconds(20));
        CompletableFuture<Optional<BlockRef>> tipWait = c.mining().waitTipChanged(node.state().chain().tip().hash(), Duration.ofSeconds(20));
        BlockCheckResult r = get(t.submitSolution(h.version(), (int) h.time(), (int) bad, cb.serialize()));
        assertEquals(new BlockCheckResult(false, "high-hash", "proof of work failed"), r);
        assertFalse(tipWait.isDone());
        r = get(t.submitSolution(h.version(), (int) h.time(), (int) good, cb.serialize()));
        assertTrue(r.valid(), r.toString());
        BlockRef tip = get(tipWait).orElseThrow();
        assertEquals(new BlockRef(h.hash(), 21), tip);
        assertEquals(21, get(c.rpc().call("getblockcount")).asInt());
        assertTrue(node.state().chain().mempool().isEmpty());
        try (BlockTemplate n = get(next).orElseThrow()) {
            assertArrayEquals(h.hash(), Arrays.copyOfRange(get(n.getBlockHeader()), 4, 36), "the new template builds on the new tip");
        }
        assertFalse(get(t.submitSolution(h.version(), (int) h.time(), (int) good, new byte[0])).valid(), "an empty coinbase");
        t.close();
    }

    /** A good and a bad nonce for {@code cb} on the template header {@code hdr}: [good, bad]. */
    private static long[] goodAndBadNonce(byte[] hdr, FakeTx cb, List<byte[]> path) {
        long good = 0;
        while (!header(hdr, cb, path, good).meetsTarget()) {
            good++;
        }
        long bad = 0;
        while (header(hdr, cb, path, bad).meetsTarget()) {
            bad++;
        }
        return new long[] {good, bad};
    }

    @Test
    void onASchemaWithoutSubmitSolution10TheClientSubmitsThroughAt7AndRemembersItForTheConnection() throws Exception {
        IpcNodeClient c = start("-fakeblocks=20", "-fakeschema=pre-submitsolution10");
        java.util.concurrent.BlockingQueue<org.bitcoinfx.ipc.IpcEvent> calls = new java.util.concurrent.LinkedBlockingQueue<>();
        c.addListener(e -> {
            if (e.interfaceName().equals("BlockTemplate") && e.method().startsWith("submitSolution")) {
                calls.add(e);
            }
        });
        BlockTemplate t = get(c.mining().createNewBlock(BlockCreateOptions.DEFAULT, true)).orElseThrow();
        assertEquals(Optional.empty(), c.mining().servesSubmitSolution10(), "nothing known before the first submitSolution");
        CoinbaseTx cbt = get(t.getCoinbaseTx());
        List<byte[]> path = get(t.getCoinbaseMerklePath());
        byte[] hdr = get(t.getBlockHeader());
        FakeTx cb = coinbase(cbt, 7);
        long[] nonce = goodAndBadNonce(hdr, cb, path);
        FakeBlock h = header(hdr, cb, path, nonce[0]);

        assertEquals(new BlockCheckResult(false, "", ""), get(t.submitSolution(h.version(), (int) h.time(), (int) nonce[1], cb.serialize())),
                "@7 answers only result: no reason, no debug");
        assertEquals(Optional.of(false), c.mining().servesSubmitSolution10());
        assertTrue(get(t.submitSolution(h.version(), (int) h.time(), (int) nonce[0], cb.serialize())).valid());
        assertEquals(new BlockRef(h.hash(), 21), get(c.mining().getTip()).orElseThrow(), "the block went in through @7");

        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            org.bitcoinfx.ipc.IpcEvent e = calls.poll(30, TimeUnit.SECONDS);
            assertTrue(e != null, "only " + seen + " seen");
            seen.add(e.method() + (e.ok() ? "" : " " + e.outcome().split(":")[0]));
        }
        assertEquals(List.of("submitSolution UNIMPLEMENTED", "submitSolutionOld7", "submitSolutionOld7"), seen,
                "@10 is tried once per connection, then @7 only");
        t.close();
    }

    @Test
    void eachExecuteRpcEventCarriesItsJsonRpcMethodAndNoParameters() throws Exception {
        IpcNodeClient c = start("-fakeblocks=3");
        java.util.concurrent.BlockingQueue<org.bitcoinfx.ipc.IpcEvent> calls = new java.util.concurrent.LinkedBlockingQueue<>();
        c.addListener(e -> {
            if (e.interfaceName().equals("Rpc") && e.method().equals("executeRpc")) {
                calls.add(e);
            }
        });
        get(c.rpc().call("getblockhash", 2));
        get(c.rpc().executeRaw("{\"jsonrpc\":\"2.0\",\"id\":9,\"params\":[{\"method\":\"x\"}],\"method\":\"getblockcount\"}", "/"));
        get(c.rpc().executeRaw("not json", "/"));
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            org.bitcoinfx.ipc.IpcEvent e = calls.poll(30, TimeUnit.SECONDS);
            assertTrue(e != null, "only " + seen + " seen");
            seen.add(e.call());
            assertFalse(e.toLogLine().contains("\"2\"") || e.toLogLine().contains("params"), e.toLogLine());
        }
        assertEquals(List.of("Rpc.executeRpc getblockhash", "Rpc.executeRpc getblockcount", "Rpc.executeRpc"), seen,
                "the typed call's method, the raw request's top-level method (not one nested in params), none for a text that is not JSON");
    }

    @Test
    void onTheCurrentSchemaAFailedSubmitSolutionIsReportedAndNeverRetriedThroughAt7() throws Exception {
        IpcNodeClient c = start("-fakeblocks=1");
        try (BlockTemplate t = get(c.mining().createNewBlock(BlockCreateOptions.DEFAULT, true)).orElseThrow()) {
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> get(t.submitSolution(0x20000000, 0, 0, new byte[] {1, 2, 3})));
            RemoteException r = assertInstanceOf(RemoteException.class, e.getCause());
            assertEquals(IpcException.Type.FAILED, r.type());
            assertTrue(r.reason().startsWith("std::exception: SpanReader::read(): end of data"), r.reason());
            assertEquals(Optional.empty(), c.mining().servesSubmitSolution10(), "a FAILED says nothing about the schema");
            assertFalse(get(t.submitSolution(0x20000000, 0, 0, new byte[0])).valid());
            assertEquals(Optional.of(true), c.mining().servesSubmitSolution10());
        }
    }

    @Test
    void aSchemaFromBeforeSubmitBlock7AnswersTheNewerMiningOrdinalsUnimplemented() throws Exception {
        IpcNodeClient c = start("-fakeschema=pre-submitblock7");
        for (CompletableFuture<?> f : List.of(c.mining().submitBlock(new byte[80]), c.mining().getTransactionsByTxID(List.of(new byte[32])),
                c.mining().getTransactionsByWitnessID(List.of(new byte[32])))) {
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> get(f));
            RemoteException r = assertInstanceOf(RemoteException.class, e.getCause());
            assertEquals(IpcException.Type.UNIMPLEMENTED, r.type());
            assertTrue(r.reason().startsWith("Method not implemented.; interfaceName = capnp/mining.capnp:Mining"), r.reason());
        }
        assertTrue(get(c.mining().isTestChain()), "the older methods are served");
    }

    @Test
    void waitNextReturnsWhenFeesRiseByTheThresholdOrNullOnTimeoutAndInterrupt() throws Exception {
        IpcNodeClient c = start();
        BlockTemplate t = get(c.mining().createNewBlock(BlockCreateOptions.DEFAULT, false)).orElseThrow();
        assertEquals(Optional.empty(), get(t.waitNext(1_000, Duration.ofMillis(50))));
        CompletableFuture<Optional<BlockTemplate>> rise = t.waitNext(1_000, Duration.ofSeconds(20));
        node.state().chain().addToMempool(FakeChainTest.spend(1, 10_000), 999);
        assertFalse(rise.isDone() && rise.get().isPresent(), "999 sat is below the threshold");
        node.state().chain().addToMempool(FakeChainTest.spend(2, 10_000), 1);
        try (BlockTemplate n = get(rise).orElseThrow()) {
            assertEquals(List.of(999L, 1L), get(n.getTxFees()));
        }
        get(t.interruptWait());
        assertEquals(Optional.empty(), get(t.waitNext(0, Duration.ofSeconds(20))), "the interrupt flag was set");
        CompletableFuture<Optional<BlockTemplate>> pending = t.waitNext(FakeBlockTemplateServer.MAX_MONEY, Duration.ofSeconds(20));
        get(t.interruptWait());
        assertEquals(Optional.empty(), get(pending));
        t.close();
    }

    @Test
    void waitTipChangedTimesOutWithTheTipAndInterruptsWithNull() throws Exception {
        IpcNodeClient c = start();
        BlockRef tip = get(c.mining().getTip()).orElseThrow();
        assertEquals(Optional.of(tip), get(c.mining().waitTipChanged(tip.hash(), Duration.ofMillis(50))));
        CompletableFuture<Optional<BlockRef>> pending = c.mining().waitTipChanged(tip.hash(), Duration.ofSeconds(20));
        get(c.mining().interrupt());
        assertEquals(Optional.empty(), get(pending));
        get(c.mining().interrupt());
        assertEquals(Optional.empty(), get(c.mining().waitTipChanged(tip.hash(), Duration.ofSeconds(20))), "the flag stays set until a wait takes it");
        get(c.mining().interrupt());
        assertEquals(Optional.empty(), get(c.mining().createNewBlock(BlockCreateOptions.DEFAULT, false)), "createNewBlock takes the flag too");
        assertEquals(Optional.of(tip), get(c.mining().waitTipChanged(tip.hash(), Duration.ofMillis(10))));
    }

    @Test
    void createNewBlockWithCooldownWaitsForTheEndOfIbd() throws Exception {
        IpcNodeClient c = start("-fakeibd=5", "-fakeibdblockms=3600000");
        assertTrue(get(c.mining().isInitialBlockDownload()));
        var info = get(c.rpc().call("getblockchaininfo"));
        assertEquals(5, info.path("headers").asInt());
        assertEquals(0, info.path("blocks").asInt());
        assertTrue(info.path("initialblockdownload").asBoolean());
        assertTrue(info.path("verificationprogress").asDouble() < 1);
        CompletableFuture<Optional<BlockTemplate>> cooled = c.mining().createNewBlock(BlockCreateOptions.DEFAULT, true);
        try (BlockTemplate now = get(c.mining().createNewBlock(BlockCreateOptions.DEFAULT, false)).orElseThrow()) {
            assertTrue(now.getBlock().get().length > 80, "without cooldown: a template at once");
        }
        assertFalse(cooled.isDone());
        node.state().chain().generate(4, FakeChainTest.PAYOUT);
        assertFalse(cooled.isDone());
        node.state().chain().generate(1, FakeChainTest.PAYOUT);
        try (BlockTemplate t = get(cooled).orElseThrow()) {
            assertArrayEquals(node.state().chain().tip().hash(), Arrays.copyOfRange(get(t.getBlockHeader()), 4, 36));
        }
        assertFalse(get(c.mining().isInitialBlockDownload()));
    }

    @Test
    void contextThreadsFollowLibmultiprocess() throws Exception {
        start();
        try (RpcConnection conn = RpcConnection.connect(node.sockets().get(0))) {
            Capability init = conn.bootstrap();
            InitCapnp.Init.Client ic = new InitCapnp.Init.Client(init);
            Capability map;
            try (Response<InitCapnp.Init.ConstructResults.Reader> r = get(ic.constructRequest().sendForResponse())) {
                map = r.cap(r.results().getThreadMapCapIndex());
            }
            Request<ProxyCapnp.ThreadMap.MakeThreadParams.Builder, ProxyCapnp.ThreadMap.MakeThreadResults.Reader> mt =
                    new ProxyCapnp.ThreadMap.Client(map).makeThreadRequest();
            mt.params().setName("t1");
            Capability thread;
            try (var r = get(mt.sendForResponse())) {
                thread = r.cap(r.results().getResultCapIndex());
            }
            try (var r = get(new ProxyCapnp.Thread.Client(thread).getNameRequest().sendForResponse())) {
                assertEquals("t1", r.results().getResult().toString());
            }

            var noThread = ic.makeEchoRequest();
            noThread.params().initContext();
            assertFailure("std::exception: no thread specified and no pool configured", noThread.sendForResponse());

            var foreign = ic.makeEchoRequest();
            foreign.params().initContext().setThreadCapIndex(foreign.addCap(Capability.local(new ProxyCapnp.Thread.Server() { })));
            assertFailure("std::exception: invalid thread handle", foreign.sendForResponse());

            var ok = ic.makeEchoRequest();
            ok.params().initContext().setThreadCapIndex(ok.addCap(thread));
            Capability echo;
            try (var r = get(ok.sendForResponse())) {
                echo = r.cap(r.results().getResultCapIndex());
            }
            var e = new EchoCapnp.Echo.Client(echo).echoRequest();
            e.params().initContext().setThreadCapIndex(e.addCap(thread));
            e.params().setEcho("hallo");
            try (var r = get(e.sendForResponse())) {
                assertEquals("hallo", r.results().getResult().toString());
            }

            var pool = new ProxyCapnp.ThreadMap.Client(map).makePoolRequest();
            pool.params().setCount(1);
            get(pool.sendForResponse()).close();
            var again = new ProxyCapnp.ThreadMap.Client(map).makePoolRequest();
            again.params().setCount(1);
            assertFailure("std::exception: makePool called on connection with existing pool", again.sendForResponse());
            var pooled = new EchoCapnp.Echo.Client(echo).echoRequest();
            pooled.params().initContext();
            pooled.params().setEcho("via pool");
            try (var r = get(pooled.sendForResponse())) {
                assertEquals("via pool", r.results().getResult().toString());
            }
            assertFailure("std::exception: Old mining interface (@2) not supported. Please update your client!",
                    ic.makeMiningOld2Request().sendForResponse());
            echo.close();
            thread.close();
            map.close();
            init.close();
        }
    }

    private static void assertFailure(String reason, CompletableFuture<?> f) throws Exception {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            RemoteException r = assertInstanceOf(RemoteException.class, e.getCause());
            assertEquals(IpcException.Type.FAILED, r.type());
            assertEquals(reason, r.reason());
            return;
        }
        throw new AssertionError("expected failure " + reason);
    }

    @Test
    void fakeBlockEveryMinesOnItsOwn() throws Exception {
        IpcNodeClient c = start("-fakeblockevery=0.05", "-fakeblocks=3");
        BlockRef tip = get(c.mining().getTip()).orElseThrow();
        // the timer may already have mined past the 3 pre-mined blocks when getTip runs
        assertTrue(tip.height() >= 3, tip.toString());
        BlockRef next = get(c.mining().waitTipChanged(tip.hash(), Duration.ofSeconds(20))).orElseThrow();
        assertTrue(next.height() > tip.height(), next + " after " + tip);
        var pre = get(c.rpc().call("getblockheader", node.state().chain().atHeight(1).orElseThrow().hashHex()));
        assertTrue(pre.path("time").asLong() < node.state().chain().now() - 600, "pre-mined blocks lie in the past: " + pre);
    }

    @Test
    void stopRpcClosesConnectionsAndReleasesTheDatadir() throws Exception {
        IpcNodeClient c = start();
        assertEquals("Bitcoin Core stopping", get(c.rpc().call("stop")).asText());
        assertEquals(0, node.exited().get(10, TimeUnit.SECONDS));
        c.closed().handle((v, e) -> null).get(10, TimeUnit.SECONDS);
        assertFalse(c.isOpen());
        assertFalse(org.bitcoinfx.node.DatadirLock.isLocked(tmp.resolve("d/regtest/.lock")));
        String log = Files.readString(tmp.resolve("d/regtest/debug.log"));
        assertTrue(log.contains("init message: Done loading") && log.contains("Shutdown done"), log);
    }

    /**
     * A call made after {@code close()} fails as a lost connection does ({@link org.bitcoinfx.ipc.DisconnectedException}),
     * whether its capability was made before the close (Rpc, Mining) or would be made after it (a new server Thread).
     */
    @Test
    void callsAfterCloseFailAsDisconnected() throws Exception {
        IpcNodeClient c = start();
        get(c.rpc().call("getblockcount"));
        get(c.mining().isTestChain());
        c.close();
        for (CompletableFuture<?> f : List.<CompletableFuture<?>>of(c.rpc().call("getblockcount"),
                c.rpc(org.bitcoinfx.ipc.ServerThread.WALLET).call("listwallets"), c.mining().getTip(), c.echo("after close"),
                c.mining().waitTipChanged(new byte[32], java.time.Duration.ofSeconds(1)))) {
            java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
            Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException && e.getCause().getCause() != null
                    ? e.getCause().getCause() : e.getCause();
            org.junit.jupiter.api.Assertions.assertInstanceOf(org.bitcoinfx.ipc.DisconnectedException.class, cause, String.valueOf(cause));
        }
    }
}
