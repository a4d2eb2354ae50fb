package org.bitcoinfx.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bitcoinfx.ipc.NodeClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

// an upper bound for a loaded machine (each test takes a few seconds when quiet)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class NodeLauncherTest {
    @TempDir
    Path tmp;

    private NodeConfig config() {
        return NodeConfig.of(tmp.resolve("datadir"), Chain.REGTEST).withRuntimeParent(run())
                .withReadyTimeout(Duration.ofSeconds(10)).withStopTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    private Path run() {
        try {
            return Files.createDirectories(tmp.resolve("run"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private long runtimeDirsLeft() throws Exception {
        try (Stream<Path> s = Files.list(run())) {
            return s.count();
        }
    }

    @Test
    void readyNodeAnswersReportsProgressAndStopsOverIpc() throws Exception {
        FakeNodeConnector connector = new FakeNodeConnector();
        NodeLauncher launcher = new NodeLauncher(FakePythonNode.binary(tmp.resolve("bin/bitcoin-node"), "normal"), connector);
        List<String> progress = new CopyOnWriteArrayList<>();
        NodeProcess np = launcher.launch(config(), progress::add);
        try {
            NodeClient c = np.client().orElseThrow();
            assertEquals("hi", c.echo("hi").get(5, TimeUnit.SECONDS));
            assertEquals(List.of(np.socket()), connector.sockets);
            assertEquals(np.runtimeDir().path().resolve("node.sock"), np.socket());
            assertEquals(RuntimeDir.PRIVATE, Files.getPosixFilePermissions(np.runtimeDir().path()));

            List<String> args = Files.readAllLines(tmp.resolve("datadir/regtest/args.txt"));
            assertEquals(List.of("-datadir=" + tmp.resolve("datadir"), "-chain=regtest", "-ipcbind=unix:" + np.socket(),
                    "-server=0", "-printtoconsole=0", "-listenonion=0"), args);

            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (progress.size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(List.of("Loading block index…", "Verifying blocks…", "Verifying blocks…", "Done loading"),
                    progress.subList(0, Math.min(4, progress.size())));
        } finally {
            OptionalInt code = np.stop(Duration.ofSeconds(5), Duration.ofSeconds(5));
            assertEquals(OptionalInt.of(0), code);
        }
        assertTrue(np.debugLog().all().stream().anyMatch(l -> l.endsWith("Shutdown: requested by stop RPC")), np.debugLog().all().toString());
        assertFalse(Files.exists(np.runtimeDir().path()));
        assertFalse(np.client().orElseThrow().isOpen());
    }

    @Test
    void exitDuringStartupReportsExitCodeAndStderr() throws Exception {
        NodeLauncher launcher = new NodeLauncher(FakePythonNode.binary(tmp.resolve("bin/bitcoin-node"), "exit1"), new FakeNodeConnector());
        NodeStartException e = assertThrows(NodeStartException.class, () -> launcher.launch(config(), null));
        assertEquals(OptionalInt.of(1), e.exitCode());
        String stderr = "[stderr] Error: Cannot obtain a lock on directory " + tmp.resolve("datadir/regtest")
                + ". Bitcoin Core is probably already running.";
        assertTrue(e.lastLogLines().contains(stderr), e.lastLogLines().toString());
        assertTrue(e.getMessage().contains("exited with code 1 during startup"), e.getMessage());
        assertTrue(e.getMessage().contains(stderr), e.getMessage());
        assertEquals(0, runtimeDirsLeft());
    }

    @Test
    void socketThatNeverAppearsTimesOutAndTheNodeIsStopped() throws Exception {
        NodeLauncher launcher = new NodeLauncher(FakePythonNode.binary(tmp.resolve("bin/bitcoin-node"), "nosocket"), new FakeNodeConnector());
        // SIGTERM before the fake has installed its handler would kill it unlogged: wait for its init to end
        CompletableFuture<String> doneLoading = new CompletableFuture<>();
        NodeProcess np = launcher.spawn(config(), m -> {
            if (m.equals("Done loading")) {
                doneLoading.complete(m);
            }
        });
        doneLoading.get(20, TimeUnit.SECONDS);
        NodeStartException e = assertThrows(NodeStartException.class,
                () -> np.awaitReady(new FakeNodeConnector(), Duration.ofMillis(500), () -> false));
        assertEquals(OptionalInt.empty(), e.exitCode());
        assertTrue(e.getMessage().startsWith("bitcoin-node (pid " + np.pid() + ") did not become ready within 500 ms: the socket "
                + np.socket() + " never appeared"), e.getMessage());
        assertTrue(np.isAlive());
        np.close();
        assertFalse(np.isAlive());
        assertTrue(np.debugLog().all().stream().anyMatch(l -> l.endsWith("Shutdown: requested by SIGTERM")), np.debugLog().all().toString());
        assertEquals(0, runtimeDirsLeft());

        // and launch() cleans up by itself
        assertThrows(NodeStartException.class, () -> launcher.launch(config().withReadyTimeout(Duration.ofMillis(300)), null));
        assertEquals(0, runtimeDirsLeft());
    }

    /**
     * A real bitcoin-node whose init failed on a taken P2P port accepted our start-up connection after its
     * {@code Shutdown()} had dropped the others, answered echo, and then waited for that connection to close before
     * exiting, while we waited for its exit: a start that hung, SIGTERM or not (found by the stress rounds).
     */
    @Test
    void aNodeThatEndedItsShutdownBeforeOurEchoIsNotReadyAndExits() throws Exception {
        NodeLauncher launcher = new NodeLauncher(FakePythonNode.binary(tmp.resolve("bin/bitcoin-node"), "heldbyclient"), new FakeNodeConnector());
        NodeStartException e = assertThrows(NodeStartException.class, () -> launcher.launch(config(), null));
        assertEquals(OptionalInt.of(1), e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().contains("exited with code 1 during startup"), e.getMessage());
        assertTrue(e.lastLogLines().stream().anyMatch(l -> l.contains("[error] Unable to bind to 127.0.0.1:18444")), e.lastLogLines().toString());
        assertTrue(e.lastLogLines().stream().anyMatch(l -> l.endsWith("Shutdown done")), e.lastLogLines().toString());
        assertEquals(0, runtimeDirsLeft());
    }

    @Test
    void aConnectionLeftOpenWhenTheNodeEndsItsShutdownIsClosedSoItExits() throws Exception {
        NodeLauncher launcher = new NodeLauncher(FakePythonNode.binary(tmp.resolve("bin/bitcoin-node"), "heldbyclient,donelate"),
                new FakeNodeConnector());
        NodeProcess np = launcher.launch(config(), null); // ready: its shutdown is not done until our first call
        try {
            NodeClient c = np.client().orElseThrow();
            c.rpc().call("getblockcount").get(20, TimeUnit.SECONDS); // the node logs "Shutdown done" and answers
            assertEquals(1, np.onExit().get(60, TimeUnit.SECONDS), "the node exits once our connection is closed, with no signal");
            assertFalse(c.isOpen());
        } finally {
            assertEquals(OptionalInt.of(1), np.stop(Duration.ofSeconds(5), Duration.ofSeconds(5)));
        }
        assertEquals(0, runtimeDirsLeft());
    }

    @Test
    void stopNeverSigkillsANodeThatIgnoresStopAndSigtermOnlyForceKillDoes() throws Exception {
        NodeLauncher launcher = new NodeLauncher(FakePythonNode.binary(tmp.resolve("bin/bitcoin-node"), "ignorestop"), new FakeNodeConnector());
        NodeProcess np = launcher.launch(config(), null);
        CountDownLatch slowReports = new CountDownLatch(3);
        CompletableFuture<OptionalInt> stop = CompletableFuture.supplyAsync(
                () -> np.stop(Duration.ofMillis(100), Duration.ofMillis(100), d -> slowReports.countDown()));
        assertTrue(slowReports.await(30, TimeUnit.SECONDS), "no slow-stop reports");
        assertTrue(np.isAlive(), "a plain stop must never SIGKILL bitcoin-node");
        assertFalse(stop.isDone());
        np.forceKill(); // what the UI does after the user chose "Kill bitcoin-node"
        assertEquals(OptionalInt.of(128 + 9), stop.get(30, TimeUnit.SECONDS));
        assertFalse(Files.exists(np.runtimeDir().path()));
    }

    @Test
    void aLongShutdownIsWaitedForAndNeverSigkilled() throws Exception {
        NodeLauncher launcher = new NodeLauncher(FakePythonNode.binary(tmp.resolve("bin/bitcoin-node"), "slowstop"), new FakeNodeConnector());
        NodeProcess np = launcher.launch(config(), null);
        List<Duration> reports = new CopyOnWriteArrayList<>();
        CountDownLatch slowReports = new CountDownLatch(3);
        // timeouts far below the flush time (it lasts until the test releases it): on the old path stop -> 5 s -> SIGTERM
        // -> 100 ms -> SIGKILL. 5 s for the stop RPC's answer is an upper bound: a loaded machine's slow answer would
        // otherwise bring SIGTERM first, and the node would log that reason instead
        CompletableFuture<OptionalInt> stop = CompletableFuture.supplyAsync(() -> np.stop(Duration.ofSeconds(5), Duration.ofMillis(100), d -> {
            reports.add(d);
            slowReports.countDown();
        }));
        assertTrue(slowReports.await(30, TimeUnit.SECONDS), "no slow-stop reports");
        assertTrue(np.isAlive(), "the node is still flushing");
        // the log tailer polls debug.log: wait for the line rather than read it at once
        org.bitcoinfx.node.net.RegtestNetwork.waitUntil("Shutdown: requested by stop RPC in " + np.debugLog().all(), Duration.ofSeconds(30),
                () -> np.debugLog().all().stream().anyMatch(l -> l.endsWith("Shutdown: requested by stop RPC")));
        Files.writeString(tmp.resolve("datadir/regtest/release-shutdown"), "");
        assertEquals(OptionalInt.of(0), stop.get(30, TimeUnit.SECONDS), "a clean exit, never SIGKILL");
        assertTrue(np.debugLog().all().stream().anyMatch(l -> l.endsWith("Shutdown: done")), np.debugLog().all().toString());
        assertTrue(reports.get(1).compareTo(reports.get(0)) > 0, reports.toString());
    }

    @Test
    void secretArgumentsNeverReachTheLog() throws Exception {
        NodeLauncher launcher = new NodeLauncher(FakePythonNode.binary(tmp.resolve("bin/bitcoin-node"), "normal"), new FakeNodeConnector());
        List<String> extra = List.of("-torpassword=torsecret1", "-proxy=socks5://pxuser:pxsecret2@127.0.0.1:9050", "-listen=0");
        try (CapturedLog captured = CapturedLog.open()) {
            NodeProcess np = launcher.launch(config().withExtraArgs(extra), null);
            assertEquals(OptionalInt.of(0), np.stop(Duration.ofSeconds(10), Duration.ofSeconds(10)));
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> config().withExtraArgs(List.of("-rpcpassword=rpcsecret3")));
            assertFalse(refused.getMessage().contains("rpcsecret3"), refused.getMessage());
            assertTrue(refused.getMessage().contains("'-rpcpassword=***' is not allowed"), refused.getMessage());
            String text = captured.text();
            assertTrue(text.contains("-torpassword=*** -proxy=socks5://***@127.0.0.1:9050 -listen=0"), text);
            for (String secret : List.of("torsecret1", "pxuser", "pxsecret2")) {
                assertFalse(text.contains(secret), secret + " in the log:\n" + text);
            }
        }
        assertTrue(Files.readString(tmp.resolve("datadir/regtest/args.txt")).contains("-torpassword=torsecret1"), "the node itself gets the value");
    }

    @Test
    void redactionCoversBitcoinCoresSensitiveOptionsInEverySpelling() {
        assertEquals(List.of("-rpcpassword=***", "--rpcauth=***", "-regtest.rpcuser=***", "-TORPASSWORD=***", "-walletpassphrase=***",
                        "-proxy=***@10.0.0.1:9050", "-onion=socks5://***@h:1", "-debug=ipc", "-rpcpassword"),
                NodeArgs.redact(List.of("-rpcpassword=a b", "--rpcauth=u:salt$hash", "-regtest.rpcuser=me", "-TORPASSWORD=x", "-walletpassphrase=p",
                        "-proxy=user:pw@10.0.0.1:9050", "-onion=socks5://u:p@h:1", "-debug=ipc", "-rpcpassword")));
    }

    @Test
    void socketServedByAnotherProcessIsRefused() throws Exception {
        NodeLauncher launcher = new NodeLauncher(FakePythonNode.binary(tmp.resolve("bin/bitcoin-node"), "foreign"), new FakeNodeConnector());
        NodeStartException e = assertThrows(NodeStartException.class, () -> launcher.launch(config(), null));
        assertInstanceOf(PeerCheckException.class, e);
        assertTrue(e.getMessage().contains("not by the bitcoin-node we started"), e.getMessage());
        assertEquals(0, runtimeDirsLeft());
    }
}
