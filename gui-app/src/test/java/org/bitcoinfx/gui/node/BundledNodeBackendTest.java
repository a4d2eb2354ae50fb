package org.bitcoinfx.gui.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.node.Chain;
import org.bitcoinfx.node.NodeConfig;
import org.bitcoinfx.node.NodeLocator;
import org.bitcoinfx.node.NodeState;
import org.bitcoinfx.node.RuntimeDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link BundledNodeBackend} without a real node: the command line it launches; the ERROR states
 * for no binary, an old binary, a node that exits during startup and a refused extra argument
 * (shell-script stand-ins); attach mode against a FakeNode process. The spawn/crash/stop paths run
 * against a FakeNode process in the app tests ({@code FakeNodeAppTest}) and a real node in
 * {@code RealNodeBackendTest}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BundledNodeBackendTest {
    @TempDir
    Path tmp;

    private BundledNodeBackend backend(Map<String, String> env) throws Exception {
        NodeLocator locator = new NodeLocator(env, null, null, null, Duration.ofSeconds(10));
        return new BundledNodeBackend(locator, s -> {
            throw new java.io.IOException("no IPC in this test");
        }, Files.createDirectories(tmp.resolve("run")), Duration.ofSeconds(10));
    }

    /** A bitcoin-node stand-in: answers -version with {@code version}, otherwise runs {@code body}. */
    private Path script(String name, String version, String body) throws Exception {
        Path p = tmp.resolve("bin").resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "#!/bin/sh\nif [ \"$1\" = -version ]; then echo '" + version + "'; exit 0; fi\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    private static NodeSettings regtest(Path datadir, Path binary, List<String> extra) {
        return NodeSettings.of(Chain.REGTEST, datadir, 0, binary, extra);
    }

    @Test
    void commandLineHasThePrivateSocketNoRpcPortChainDatadirPruneAndExtras() throws Exception {
        BundledNodeBackend b = backend(Map.of());
        NodeSettings s = NodeSettings.of(Chain.SIGNET, tmp.resolve("dd"), 1907, null, List.of("-debug=ipc", "-listen=0"));
        NodeConfig c = b.nodeConfig(s);
        RuntimeDir rd = RuntimeDir.create(tmp.resolve("run"));
        try {
            List<String> cmd = c.commandLine(Path.of("/opt/bitcoin-node"), rd.socket());
            assertEquals(List.of("/opt/bitcoin-node", "-datadir=" + tmp.resolve("dd"), "-chain=signet",
                    "-ipcbind=unix:" + rd.path().resolve("node.sock"), "-server=0", "-printtoconsole=0", "-prune=1907",
                    "-logtimemicros", "-debug=ipc", "-listen=0"), cmd);
            assertEquals(RuntimeDir.PRIVATE, Files.getPosixFilePermissions(rd.path()), "the socket's directory is 0700");
            // what NodeSession logs is the same, minus what the launcher adds
            assertEquals(List.of("-chain=signet", "-datadir=" + tmp.resolve("dd"), "-prune=1907", "-debug=ipc", "-listen=0"), s.toArgs());
        } finally {
            rd.delete();
        }
        NodeConfig main = b.nodeConfig(NodeSettings.of(Chain.MAIN, null, 0, null, List.of()));
        assertEquals(org.bitcoinfx.gui.settings.Settings.defaultDataDir().toAbsolutePath(), main.datadir(), "no datadir: Bitcoin Core's default");
        assertTrue(main.pruneMiB().isEmpty(), "no -prune for a full node");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> b.nodeConfig(regtest(tmp, null, List.of("-rpcport=8332"))));
        assertTrue(e.getMessage().contains("-rpcport=8332"), e.getMessage());
    }

    @Test
    void noBinaryAnywhereIsAnErrorListingThePlacesTried() throws Exception {
        BundledNodeBackend b = backend(Map.of("PATH", tmp.resolve("empty").toString()));
        assertTrue(b.findNodeBinary(null).isEmpty());
        assertTrue(b.notFoundReason().startsWith(UnavailableNodeBackend.NO_NODE), b.notFoundReason());
        assertTrue(b.notFoundReason().contains("\nPlaces tried:\nBITCOIN_NODE: not set\n"), b.notFoundReason());

        List<NodeStatus> states = new CopyOnWriteArrayList<>();
        b.addStatusListener(states::add);
        ExecutionException e = assertThrows(ExecutionException.class, () -> b.start(regtest(tmp.resolve("dd"), null, List.of())).get(30, TimeUnit.SECONDS));
        assertEquals(NodeState.ERROR, b.status().state());
        assertTrue(b.status().message().startsWith("No bitcoin-node found"), "the banner offers Choose… for it: " + b.status().message());
        assertEquals(UnavailableNodeBackend.NO_NODE, b.status().message(), "short; the places are in the details");
        assertEquals("BITCOIN_NODE: not set", b.status().lastLogLines().get(0));
        assertTrue(b.status().lastLogLines().stream().anyMatch(l -> l.startsWith("PATH (" + tmp.resolve("empty") + "): no bitcoin-node")),
                b.status().lastLogLines().toString());
        assertEquals(NodeState.STARTING, states.get(0).state());
        assertEquals(NodeState.ERROR, states.get(states.size() - 1).state());
        assertTrue(b.recentLog(10).stream().anyMatch(l -> l.startsWith(BundledNodeBackend.OWN_TAG) && l.contains("No bitcoin-node found")),
                b.recentLog(10).toString());
        assertTrue(e.getCause() instanceof org.bitcoinfx.node.NodeNotFoundException, e.toString());
        b.stop().get(5, TimeUnit.SECONDS);
        assertEquals(NodeState.STOPPED, b.status().state());
    }

    @Test
    void aChosenOldNodeIsRefusedWithItsVersion() throws Exception {
        Path old = script("bitcoin-node", "Bitcoin Core daemon version v30.2.0 bitcoin-node", "exit 3");
        Path good = script("good-node", "Bitcoin Core daemon version v32.0.0 bitcoin-node", "exit 3");
        // BITCOIN_NODE has a good one, but the user's choice is the only candidate
        BundledNodeBackend b = backend(Map.of("BITCOIN_NODE", good.toString()));
        assertTrue(b.findNodeBinary(old).isEmpty());
        assertEquals(java.util.Optional.of(good), b.findNodeBinary(null));
        assertThrows(ExecutionException.class, () -> b.start(regtest(tmp.resolve("dd"), old, List.of())).get(30, TimeUnit.SECONDS));
        String m = b.status().message();
        assertEquals(NodeState.ERROR, b.status().state());
        assertEquals(UnavailableNodeBackend.NO_NODE + " The chosen " + old + ": v30.2.0 is too old, Bitcoin FX needs v32 or newer, or a v31.99 master build with makeRpc (from 2026-03-30 on).", m);
        // found through BITCOIN_NODE (not chosen): the too-old one is named in the message
        BundledNodeBackend viaEnv = backend(Map.of("BITCOIN_NODE", old.toString(), "PATH", tmp.resolve("empty").toString()));
        assertThrows(ExecutionException.class, () -> viaEnv.start(regtest(tmp.resolve("dd"), null, List.of())).get(30, TimeUnit.SECONDS));
        assertEquals(UnavailableNodeBackend.NO_NODE + " BITCOIN_NODE=" + old + ": v30.2.0 is too old, Bitcoin FX needs v32 or newer, or a v31.99 master build with makeRpc (from 2026-03-30 on).",
                viaEnv.status().message());
    }

    @Test
    void aNodeExitingDuringStartupIsAnErrorWithItsLastLines() throws Exception {
        Path bad = script("bitcoin-node", "Bitcoin Core daemon version v32.0.0 bitcoin-node",
                "echo 'Error: Cannot obtain a lock on data directory. Bitcoin Core is probably already running.' >&2; exit 1");
        BundledNodeBackend b = backend(Map.of("BITCOIN_NODE", bad.toString()));
        List<String> lines = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch heardStderr = new java.util.concurrent.CountDownLatch(1);
        b.addLogListener(l -> {
            lines.add(l);
            if (l.startsWith("[stderr] Error: Cannot obtain a lock")) {
                heardStderr.countDown();
            }
        });
        assertThrows(ExecutionException.class, () -> b.start(regtest(tmp.resolve("dd"), null, List.of())).get(30, TimeUnit.SECONDS));
        NodeStatus s = b.status();
        assertEquals(NodeState.ERROR, s.state());
        assertTrue(s.message().endsWith("exited with code 1 during startup: Cannot obtain a lock on data directory. "
                + "Bitcoin Core is probably already running."), "the node's own words: " + s.message());
        assertFalse(s.message().contains("Last log lines"), "the lines go in lastLogLines, not the message: " + s.message());
        assertTrue(s.lastLogLines().stream().anyMatch(l -> l.equals("[stderr] Error: Cannot obtain a lock on data directory. "
                + "Bitcoin Core is probably already running.")), s.lastLogLines().toString());
        // the child's stderr reaches the log feed on its own reader thread, which may come after the failed start's status
        assertTrue(heardStderr.await(30, TimeUnit.SECONDS), "log listeners hear stderr: " + lines);
        assertEquals(b.recentLog(100), lines, "recentLog holds what listeners heard");
        assertEquals(java.util.Optional.of(bad), b.nodePath());
        assertEquals(java.util.Optional.of("v32.0.0"), b.nodeVersion());
        try (Stream<Path> left = Files.list(tmp.resolve("run"))) {
            assertEquals(0, left.count(), "the runtime directory is removed");
        }
    }

    @Test
    void aRefusedExtraArgumentIsRefusedWhenTheSettingsAreMadeNamingIt() {
        // NodeConfig is the one model of node options and checks them when made, so no backend ever
        // receives a refused argument; the app shows the refusal as ERROR (BadExtraArgsAppTest)
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> regtest(tmp.resolve("dd"), null, List.of("-server=1")));
        assertTrue(e.getMessage().contains("'-server=1' is not allowed"), e.getMessage());
    }

    @Test
    void secretExtraArgumentsAreRedactedInTheLogAndTheNodeLog() throws Exception {
        Path bad = script("bitcoin-node", "Bitcoin Core daemon version v32.0.0 bitcoin-node", "exit 1");
        BundledNodeBackend b = backend(Map.of("BITCOIN_NODE", bad.toString()));
        try (org.bitcoinfx.node.CapturedLog captured = org.bitcoinfx.node.CapturedLog.open()) {
            assertThrows(ExecutionException.class, () -> b.start(regtest(tmp.resolve("dd"), null,
                    List.of("-torpassword=torsecret1", "-proxy=pxuser:pxsecret2@127.0.0.1:9050"))).get(30, TimeUnit.SECONDS));
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> regtest(tmp.resolve("dd"), null,
                    List.of("-rpcpassword=rpcsecret3")));
            assertTrue(refused.getMessage().contains("-rpcpassword=***"), refused.getMessage());
            String all = captured.text() + "\n" + String.join("\n", b.recentLog(200)) + "\n" + refused.getMessage();
            assertTrue(all.contains("-torpassword=*** -proxy=***@127.0.0.1:9050"), all);
            for (String secret : List.of("torsecret1", "pxsecret2", "rpcsecret3")) {
                assertFalse(all.contains(secret), secret + " reached a log:\n" + all);
            }
        }
    }

    @Test
    void aSecondStartWhileStartingIsRefused() throws Exception {
        Path slow = script("bitcoin-node", "Bitcoin Core daemon version v32.0.0 bitcoin-node", "exec sleep 30");
        BundledNodeBackend b = backend(Map.of("BITCOIN_NODE", slow.toString()));
        CompletableFuture<NodeClient> first = b.start(regtest(tmp.resolve("dd"), null, List.of()));
        ExecutionException e = assertThrows(ExecutionException.class, () -> b.start(regtest(tmp.resolve("dd"), null, List.of())).get(5, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().startsWith("bitcoin-node is already starting"), e.getCause().getMessage());
        // a stop cancels the start: STOPPED, not ERROR, and the child is gone
        b.stop().get(30, TimeUnit.SECONDS);
        assertThrows(ExecutionException.class, () -> first.get(30, TimeUnit.SECONDS));
        assertEquals(NodeState.STOPPED, b.status().state(), b.status().message());
        b.child().ifPresent(p -> assertFalse(p.isAlive(), "the child was stopped"));
    }

    @Test
    void attachesToARunningFakeNodeFollowsItsLogAndSeesItsSocketGo() throws Exception {
        Path dir = java.nio.file.Files.createDirectories(tmp.resolve("n"));
        try (org.bitcoinfx.node.fake.FakeNodeProcess n = org.bitcoinfx.node.fake.FakeNodeProcess.start(dir, "-fakeblocks=5", "-debug=validation")) {
            BundledNodeBackend b = new BundledNodeBackend(new NodeLocator(Map.of(), null, null, null, Duration.ofSeconds(10)),
                    org.bitcoinfx.ipc.IpcNodeClient::connect, Files.createDirectories(tmp.resolve("run")), Duration.ofSeconds(30));
            b.setAttachSocket(n.socket());
            NodeClient c = b.start(regtest(tmp.resolve("unused"), null, List.of())).get(30, TimeUnit.SECONDS);
            assertEquals(NodeState.READY, b.status().state());
            assertEquals(5, c.rpc().call("getblockcount").get(10, TimeUnit.SECONDS).asInt());
            assertTrue(b.child().isEmpty(), "nothing spawned");
            // the node's debug.log sits next to its socket: new lines reach the log listeners
            List<String> lines = new CopyOnWriteArrayList<>();
            b.addLogListener(lines::add);
            c.rpc().call("generatetoaddress", 1, org.bitcoinfx.node.fake.FakeNode.DEFAULT_PAYOUT).get(10, TimeUnit.SECONDS);
            waitFor(() -> lines.stream().anyMatch(l -> l.contains("UpdateTip: new best=") && l.contains("height=6")));
            waitFor(() -> b.nodeVersion().isPresent());
            assertEquals("v31.99.0", b.nodeVersion().get(), "from getnetworkinfo.subversion");

            c.close();
            b.stop().get(10, TimeUnit.SECONDS);
            assertEquals(NodeState.STOPPED, b.status().state());
            assertTrue(n.process().isAlive(), "an attached node is not ours to stop");

            b.start(regtest(tmp.resolve("unused"), null, List.of())).get(30, TimeUnit.SECONDS);
            n.close(); // SIGTERM: the node goes, and its socket with it
            waitFor(() -> b.status().state() == NodeState.ERROR);
            assertTrue(b.status().message().contains("IPC socket is gone"), b.status().message());
        }
    }

    @Test
    void aFailedStartShowsErrorOnlyOnceItsChildHasExited() throws Exception {
        // FakeNode in warm-up for 4 s: the supervisor's echo answers, the app's own connection is refused,
        // and the child then takes its warm-up to shut down on SIGTERM
        Path node = org.bitcoinfx.node.fake.FakeNodeLauncherScript.write(tmp.resolve("bin"), List.of("-fakestartdelay=4000"));
        java.util.concurrent.atomic.AtomicInteger connects = new java.util.concurrent.atomic.AtomicInteger();
        BundledNodeBackend b = new BundledNodeBackend(new NodeLocator(Map.of("BITCOIN_NODE", node.toString()), null, null, null, Duration.ofSeconds(10)),
                socket -> {
                    if (connects.incrementAndGet() > 1) {
                        throw new java.io.IOException("refused for this test");
                    }
                    return org.bitcoinfx.ipc.IpcNodeClient.connect(socket);
                }, Files.createDirectories(tmp.resolve("run")), Duration.ofSeconds(30));
        List<String> seen = new CopyOnWriteArrayList<>();
        b.addStatusListener(st -> {
            if (st.state() == NodeState.ERROR) {
                seen.add("ERROR with the child " + (b.child().map(ProcessHandle::isAlive).orElse(false) ? "alive" : "gone"));
            } else {
                seen.add(st.state().name());
            }
        });
        assertThrows(ExecutionException.class, () -> b.start(regtest(tmp.resolve("dd"), null, List.of())).get(60, TimeUnit.SECONDS));
        assertEquals(NodeState.ERROR, b.status().state());
        assertTrue(b.status().message().contains("refused for this test"), b.status().message());
        assertEquals("ERROR with the child gone", seen.get(seen.size() - 1), seen.toString());
        assertTrue(seen.contains("STOPPING"), "the stop is shown while it runs: " + seen);
        try (Stream<Path> left = Files.list(tmp.resolve("run"))) {
            assertEquals(0, left.count(), "the runtime directory is removed");
        }
        assertFalse(org.bitcoinfx.node.DatadirLock.isLocked(tmp.resolve("dd/regtest/.lock")), "a Restart finds the datadir free");
    }

    /** Who handles a child's exit during warm-up first: the backend's crash listener, or the start's own failure. */
    enum ExitOrder { CRASH_EVENT_FIRST, START_FAILURE_FIRST }

    @ParameterizedTest
    @EnumSource(ExitOrder.class)
    void aNodeExitingDuringWarmUpEndsAsAFailedStartWhicheverThreadSeesItFirst(ExitOrder order) throws Exception {
        // FakeNode stays in warm-up: the supervisor's Echo answers (it is READY, so its exit watcher reports a
        // crash), and the app's own connection is where this test makes the child exit
        Path node = org.bitcoinfx.node.fake.FakeNodeLauncherScript.write(tmp.resolve("bin"), List.of("-fakestartdelay=600000"));
        java.util.concurrent.CountDownLatch crashReceived = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch crashHandled = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch deliverCrash = new java.util.concurrent.CountDownLatch(order == ExitOrder.CRASH_EVENT_FIRST ? 0 : 1);
        java.util.concurrent.atomic.AtomicReference<BundledNodeBackend> backend = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicInteger connects = new java.util.concurrent.atomic.AtomicInteger();
        BundledNodeBackend b = new BundledNodeBackend(new NodeLocator(Map.of("BITCOIN_NODE", node.toString()), null, null, null, Duration.ofSeconds(10)),
                socket -> {
                    if (connects.incrementAndGet() == 1) {
                        return org.bitcoinfx.ipc.IpcNodeClient.connect(socket); // the supervisor's
                    }
                    // the app's connection: the child exits now, by a signal nobody in Bitcoin FX sent
                    try {
                        waitFor(() -> backend.get().child().isPresent());
                        backend.get().child().orElseThrow().destroyForcibly();
                        assertTrue((order == ExitOrder.CRASH_EVENT_FIRST ? crashHandled : crashReceived).await(30, TimeUnit.SECONDS),
                                "the supervisor reports the exit");
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException("interrupted");
                    }
                    throw new java.io.IOException("the node is gone (test)");
                }, Files.createDirectories(tmp.resolve("run")), Duration.ofSeconds(30));
        backend.set(b);
        b.eventTap = real -> crashHolding(real, crashReceived, deliverCrash, crashHandled);
        List<NodeState> seen = new CopyOnWriteArrayList<>();
        b.addStatusListener(st -> seen.add(st.state()));

        assertThrows(ExecutionException.class, () -> b.start(regtest(tmp.resolve("dd"), null, List.of())).get(60, TimeUnit.SECONDS));
        if (order == ExitOrder.START_FAILURE_FIRST) {
            assertEquals(NodeState.ERROR, b.status().state(), "the start's failure, with the crash still held: " + seen);
            deliverCrash.countDown();
        }
        assertTrue(crashHandled.await(30, TimeUnit.SECONDS), "the backend heard the crash");
        NodeStatus st = b.status();
        assertEquals(NodeState.ERROR, st.state(), order + ": an exit during start-up is a failed start, not a crash; states " + seen);
        assertTrue(st.message().contains("killed by signal 9 (SIGKILL) during startup"), st.message());
        assertFalse(seen.contains(NodeState.CRASHED), "never shown as a crash: " + seen);
        assertEquals(NodeState.ERROR, seen.get(seen.size() - 1), seen.toString());
        try (Stream<Path> left = Files.list(tmp.resolve("run"))) {
            assertEquals(0, left.count(), "the runtime directory is removed");
        }
        assertFalse(org.bitcoinfx.node.DatadirLock.isLocked(tmp.resolve("dd/regtest/.lock")), "a Restart finds the datadir free");
    }

    /**
     * The last check before READY: the child exits after the app's connection answered the warm-up's getblockcount
     * (here: the connection is made, the child killed, and the answer given by a test double once the backend heard
     * the crash). The start must end as a failed start with the exit, never READY with a dead node.
     */
    @Test
    void aNodeExitingAfterWarmUpIsAFailedStartNotReady() throws Exception {
        Path node = org.bitcoinfx.node.fake.FakeNodeLauncherScript.write(tmp.resolve("bin"), List.of());
        java.util.concurrent.CountDownLatch crashHandled = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<BundledNodeBackend> backend = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicInteger connects = new java.util.concurrent.atomic.AtomicInteger();
        BundledNodeBackend b = new BundledNodeBackend(new NodeLocator(Map.of("BITCOIN_NODE", node.toString()), null, null, null, Duration.ofSeconds(10)),
                socket -> {
                    NodeClient real = org.bitcoinfx.ipc.IpcNodeClient.connect(socket);
                    if (connects.incrementAndGet() == 1) {
                        return real; // the supervisor's
                    }
                    // the app's connection: the node answers getblockcount, then exits by a signal nobody in Bitcoin FX sent
                    try {
                        com.fasterxml.jackson.databind.JsonNode height = real.rpc().call("getblockcount").get(30, TimeUnit.SECONDS);
                        backend.get().child().orElseThrow().destroyForcibly();
                        assertTrue(crashHandled.await(30, TimeUnit.SECONDS), "the supervisor reports the exit");
                        return warmedUp(real, height);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException("interrupted");
                    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                        throw new java.io.IOException(e);
                    }
                }, Files.createDirectories(tmp.resolve("run")), Duration.ofSeconds(30));
        backend.set(b);
        b.eventTap = real -> crashHolding(real, new java.util.concurrent.CountDownLatch(1), new java.util.concurrent.CountDownLatch(0), crashHandled);
        List<NodeState> seen = new CopyOnWriteArrayList<>();
        b.addStatusListener(st -> seen.add(st.state()));

        ExecutionException e = assertThrows(ExecutionException.class, () -> b.start(regtest(tmp.resolve("dd"), null, List.of())).get(60, TimeUnit.SECONDS));
        NodeStatus st = b.status();
        assertEquals(NodeState.ERROR, st.state(), "states " + seen + "; " + e.getCause());
        assertTrue(st.message().contains("killed by signal 9 (SIGKILL) during startup"), st.message());
        assertFalse(seen.contains(NodeState.READY), "never READY: " + seen);
        assertFalse(seen.contains(NodeState.CRASHED), "never shown as a crash: " + seen);
        assertEquals(2, connects.get(), "the supervisor's connection and the app's");
        try (Stream<Path> left = Files.list(tmp.resolve("run"))) {
            assertEquals(0, left.count(), "the runtime directory is removed");
        }
        assertFalse(org.bitcoinfx.node.DatadirLock.isLocked(tmp.resolve("dd/regtest/.lock")), "a Restart finds the datadir free");
    }

    /**
     * Test double: {@code real}, except that getblockcount answers {@code height} (what the node answered before it
     * exited), so that the warm-up ends although the node is gone.
     */
    private static NodeClient warmedUp(NodeClient real, com.fasterxml.jackson.databind.JsonNode height) {
        org.bitcoinfx.ipc.RpcClient rpc = (org.bitcoinfx.ipc.RpcClient) java.lang.reflect.Proxy.newProxyInstance(
                BundledNodeBackendTest.class.getClassLoader(), new Class<?>[] {org.bitcoinfx.ipc.RpcClient.class}, (proxy, method, args) -> {
                    if (method.getName().equals("call") && "getblockcount".equals(args[0])) {
                        return CompletableFuture.completedFuture(height);
                    }
                    return method.isDefault() ? java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args) : method.invoke(real.rpc(), args);
                });
        return (NodeClient) java.lang.reflect.Proxy.newProxyInstance(BundledNodeBackendTest.class.getClassLoader(), new Class<?>[] {NodeClient.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("rpc")) {
                        return rpc;
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException x) {
                        throw x.getCause();
                    }
                });
    }

    /**
     * Test double: a listener that forwards every event to {@code real} and holds {@code crashed} until
     * {@code deliver} opens ({@code received} opens when it arrives, {@code handled} once {@code real} has it).
     */
    private static org.bitcoinfx.node.NodeEvents crashHolding(org.bitcoinfx.node.NodeEvents real, java.util.concurrent.CountDownLatch received,
                                                              java.util.concurrent.CountDownLatch deliver, java.util.concurrent.CountDownLatch handled) {
        return (org.bitcoinfx.node.NodeEvents) java.lang.reflect.Proxy.newProxyInstance(BundledNodeBackendTest.class.getClassLoader(),
                new Class<?>[] {org.bitcoinfx.node.NodeEvents.class}, (proxy, method, args) -> {
                    boolean crash = method.getName().equals("crashed");
                    if (crash) {
                        received.countDown();
                        if (!deliver.await(60, TimeUnit.SECONDS)) {
                            throw new AssertionError("the test never let the crash through");
                        }
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    } finally {
                        if (crash) {
                            handled.countDown();
                        }
                    }
                });
    }

    private static void waitFor(java.util.function.BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!cond.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 30 s");
            Thread.sleep(20);
        }
    }

    @Test
    void attachModeCannotBeSetOnBackendsWithoutIt() {
        NodeBackend u = new UnavailableNodeBackend(new NodeBinaryLocator(Map.of(), null));
        assertThrows(UnsupportedOperationException.class, () -> u.setAttachSocket(Path.of("/x/node.sock")));
        assertEquals("", u.notFoundReason());
    }
}
