package org.bitcoinfx.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.BlockRef;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.ipc.cli.ConformanceCheck;
import org.bitcoinfx.node.fake.FakeNode;
import org.bitcoinfx.node.fake.FakeNodeLauncherScript;
import org.bitcoinfx.node.fake.FakeNodeProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real launch path against the Java {@link FakeNode} as a process: {@link NodeLocator} checks
 * its {@code -version}, {@link NodeSupervisor} spawns it through {@link FakeNodeLauncherScript}'s
 * {@code bitcoin-node} script, {@link SocketPeerCheck} sees the child's pid, {@link IpcNodeClient}
 * talks Cap'n Proto to it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FakeNodeProcessTest {
    private static final Logger log = LoggerFactory.getLogger(FakeNodeProcessTest.class);

    @TempDir
    Path tmp;
    private NodeSupervisor supervisor;
    private Process external;

    @BeforeEach
    void script() throws Exception {
        FakeNodeLauncherScript.write(tmp.resolve("bin"));
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (supervisor != null) {
            supervisor.close();
        }
        if (external != null && external.isAlive()) {
            external.destroyForcibly().waitFor();
        }
    }

    private NodeConfig config() throws Exception {
        return NodeConfig.of(tmp.resolve("datadir"), Chain.REGTEST).withRuntimeParent(Files.createDirectories(tmp.resolve("run")))
                .withReadyTimeout(Duration.ofSeconds(30)).withStopTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(5));
    }

    private NodeSupervisor supervisor(RecordingEvents events, String... extraArgs) throws Exception {
        NodeBinary binary = NodeLocator.inspect(tmp.resolve("bin/bitcoin-node"), NodeLocator.DEFAULT_VERSION_TIMEOUT);
        assertEquals(31, binary.version().major());
        supervisor = NodeSupervisor.spawning(new NodeLauncher(binary, IpcNodeClient::connect), config().withExtraArgs(List.of(extraArgs)));
        supervisor.addListener(events);
        return supervisor;
    }

    @Test
    void spawnedFakeNodeServesIpcPassesTheConformanceCheckAndStopsCleanly() throws Exception {
        RecordingEvents events = new RecordingEvents();
        NodeSupervisor s = supervisor(events);
        NodeClient c = s.start();
        long pid = s.pid().orElseThrow();
        assertEquals(NodeSupervisor.Mode.SPAWNED, s.mode().orElseThrow());
        // progress events reach listeners on their own thread, read from debug.log: bring them up to date first
        s.catchUpInitProgress(Duration.ofSeconds(30));
        assertTrue(events.progress.contains("Loading block index…"), events.progress.toString());

        JsonNode info = c.rpc().call("getblockchaininfo").get(10, TimeUnit.SECONDS);
        assertEquals("regtest", info.path("chain").asText());
        assertEquals(0, info.path("blocks").asInt());
        assertEquals("0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206", info.path("bestblockhash").asText());

        BlockRef tip = c.mining().getTip().get(10, TimeUnit.SECONDS).orElseThrow();
        CompletableFuture<Optional<BlockRef>> woke = c.mining().waitTipChanged(tip.hash(), Duration.ofSeconds(30));
        JsonNode mined = c.rpc().call("generatetoaddress", 2, FakeNode.DEFAULT_PAYOUT).get(10, TimeUnit.SECONDS);
        // generatetoaddress has returned, so the wake is already due; 5 s only absorbs a loaded machine
        // (the conformance check below holds the real 1 s invariant)
        BlockRef changed = woke.get(5, TimeUnit.SECONDS).orElseThrow();
        assertTrue(changed.height() >= 1, "woke with " + changed);
        assertTrue(changed.hashHex().equals(mined.get(0).asText()) || changed.hashHex().equals(mined.get(1).asText()), changed + " vs " + mined);
        BlockRef after = c.mining().getTip().get(10, TimeUnit.SECONDS).orElseThrow();
        assertEquals(new BlockRef(BlockRef.fromDisplayHex(mined.get(1).asText()), 2), after);

        ByteArrayOutputStream table = new ByteArrayOutputStream();
        List<ConformanceCheck.Row> rows;
        try (IpcNodeClient checker = IpcNodeClient.connect(s.socket().orElseThrow())) {
            rows = new ConformanceCheck(checker, s.socket().orElseThrow(), new PrintStream(table, true, StandardCharsets.UTF_8)).runChecks();
        }
        log.info("conformance check against the fake node:\n{}", rows);
        assertTrue(rows.size() >= 20, rows.toString());
        for (ConformanceCheck.Row r : rows) {
            assertEquals("PASS", r.status(), r.check() + ": " + r.detail());
        }

        assertEquals(OptionalInt.of(0), s.stop());
        assertEquals(OptionalInt.of(0), events.stopped.get(5, TimeUnit.SECONDS));
        assertEquals(List.of("started", "ready", "stopping", "stopped"), events.names);
        assertFalse(c.isOpen());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "no fake node left running");
        assertFalse(DatadirLock.isLocked(config().lockFile()), "the datadir lock is released");
        assertTrue(s.lastProcess().orElseThrow().debugLog().all().stream().anyMatch(l -> l.endsWith("Shutdown requested by stop RPC")));
    }

    @Test
    void killMinus9IsSeenAsACrashWithItsExitCodeAndLastLines() throws Exception {
        RecordingEvents events = new RecordingEvents();
        NodeSupervisor s = supervisor(events);
        s.start();
        long pid = s.pid().orElseThrow();
        Instant killed = Instant.now();
        assertTrue(ProcessHandle.of(pid).orElseThrow().destroyForcibly());
        NodeCrash crash = events.crashed.get(10, TimeUnit.SECONDS);
        long ms = Duration.between(killed, crash.detectedAt()).toMillis();
        // the figure is logged, not asserted: a loaded machine may take longer than an idle one (the process reaper,
        // the exit thread); the 10 s wait above is the upper bound
        log.info("kill -9 of the fake node seen after {} ms", ms);
        assertTrue(ms >= 0, "seen after the kill: " + ms + " ms");
        assertEquals(OptionalInt.of(137), crash.exitCode());
        assertTrue(crash.lastLogLines().stream().anyMatch(l -> l.contains("init message: Done loading")), crash.lastLogLines().toString());
        assertEquals(NodeState.CRASHED, s.state());
    }

    @Test
    void fakeCrashAfterExitsWithCodeOne() throws Exception {
        Path datadir = tmp.resolve("datadir");
        Process p = new ProcessBuilder(tmp.resolve("bin/bitcoin-node").toString(), "-regtest", "-datadir=" + datadir, "-ipcbind=unix",
                "-printtoconsole=0", "-fakecrashafter=0.2").redirectErrorStream(true).redirectOutput(tmp.resolve("out").toFile()).start();
        external = p;
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the fake node did not exit");
        assertEquals(1, p.exitValue(), Files.readString(tmp.resolve("out")));
        String log = Files.readString(datadir.resolve("regtest/debug.log"));
        assertTrue(log.contains("init message: Done loading") && log.contains("-fakecrashafter: exiting with code 1"), log);
        assertFalse(log.contains("Shutdown done"), "a crash does not shut down cleanly");
    }

    @Test
    void stopWhileLoadingEndsTheNodeWithSigtermAndExitCodeZero() throws Exception {
        RecordingEvents events = new RecordingEvents();
        // the socket appears only after a 4 s load, so the stop always lands before the node is ready
        NodeSupervisor s = supervisor(events, "-fakebinddelay=4000");
        CompletableFuture<Throwable> start = CompletableFuture.supplyAsync(() -> {
            try {
                s.start();
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        long pid = events.started.get(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!events.progress.contains("Loading block index…")) {
            assertTrue(System.nanoTime() < deadline, "no progress: " + events.progress);
            Thread.sleep(20);
        }
        assertEquals(OptionalInt.of(0), s.stop(), "SIGTERM during init: the fake finishes loading, then exits 0");
        Throwable t = start.get(10, TimeUnit.SECONDS);
        assertTrue(t instanceof NodeStartException && t.getMessage().contains("cancelled"), String.valueOf(t));
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertTrue(s.lastProcess().orElseThrow().debugLog().all().stream().anyMatch(l -> l.endsWith("Shutdown requested by SIGTERM")),
                s.lastProcess().orElseThrow().debugLog().all().toString());
    }

    @Test
    void stopDuringWarmupSendsSigtermAtOnceInsteadOfARefusedStopRpc() throws Exception {
        RecordingEvents events = new RecordingEvents();
        // the socket answers echo at once, every RPC answers -28 for 8 s
        NodeSupervisor s = supervisor(events, "-fakestartdelay=8000");
        NodeClient c = s.start();
        assertEquals("ready", c.echo("ready").get(10, TimeUnit.SECONDS));
        OptionalInt code;
        try (CapturedLog captured = CapturedLog.open()) {
            code = s.stop();
            String text = captured.text();
            assertTrue(text.contains("is still starting (RPC warm-up refuses stop): sending SIGTERM"), text);
            assertFalse(text.contains("with the stop RPC over IPC"), "no stop RPC during warm-up: " + text);
            assertFalse(text.contains("Sending SIGKILL"), text);
        }
        assertEquals(OptionalInt.of(0), code, "SIGTERM during warm-up is a clean shutdown");
        assertTrue(s.lastProcess().orElseThrow().debugLog().all().stream().anyMatch(l -> l.endsWith("Shutdown requested by SIGTERM")),
                s.lastProcess().orElseThrow().debugLog().all().toString());
    }

    @Test
    void attachesToARunningFakeNodeAndLeavesItRunning() throws Exception {
        FakeNodeProcess fake = FakeNodeProcess.start(tmp, "-fakeblocks=5");
        external = fake.process();
        Path sock = fake.socket();
        assertEquals(tmp.resolve("datadir/regtest/node.sock"), sock);

        RecordingEvents events = new RecordingEvents();
        supervisor = NodeSupervisor.attaching(sock, IpcNodeClient::connect);
        supervisor.addListener(events);
        NodeClient c = supervisor.start();
        assertEquals(NodeSupervisor.Mode.ATTACHED, supervisor.mode().orElseThrow());
        assertEquals(5, c.rpc().call("getblockcount").get(10, TimeUnit.SECONDS).asInt());
        assertEquals(OptionalInt.empty(), supervisor.stop());
        events.stopped.get(5, TimeUnit.SECONDS);
        assertTrue(external.isAlive(), "an attached node keeps running");

        // the datadir is locked: a spawning supervisor attaches too
        RecordingEvents events2 = new RecordingEvents();
        supervisor = supervisor(events2);
        NodeClient c2 = supervisor.start();
        assertEquals(NodeSupervisor.Mode.ATTACHED, supervisor.mode().orElseThrow());
        assertEquals(sock, supervisor.socket().orElseThrow());
        assertEquals("Bitcoin Core stopping", c2.rpc().call("stop").get(10, TimeUnit.SECONDS).asText());
        NodeCrash lost = events2.crashed.get(10, TimeUnit.SECONDS);
        assertTrue(lost.description().contains("was lost"), lost.description());
        assertTrue(external.waitFor(10, TimeUnit.SECONDS), "the fake node exits after stop");
        assertEquals(0, external.exitValue());
        assertEquals(List.of("attached", "ready", "stopping", "stopped"), events.names);
    }
}
