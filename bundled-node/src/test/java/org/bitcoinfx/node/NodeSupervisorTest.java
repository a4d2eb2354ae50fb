package org.bitcoinfx.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.NodeClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NodeSupervisorTest {
    private static final Logger log = LoggerFactory.getLogger(NodeSupervisorTest.class);

    @TempDir
    Path tmp;
    private Process external;
    private NodeSupervisor supervisor;

    @AfterEach
    void cleanUp() throws Exception {
        if (supervisor != null) {
            supervisor.close();
        }
        if (external != null) {
            external.destroyForcibly().waitFor();
        }
    }

    private NodeConfig config() throws Exception {
        return NodeConfig.of(tmp.resolve("datadir"), Chain.REGTEST).withRuntimeParent(Files.createDirectories(tmp.resolve("run")))
                .withReadyTimeout(Duration.ofSeconds(10)).withStopTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    private NodeSupervisor supervisor(String mode, FakeNodeConnector connector, RecordingEvents events) throws Exception {
        NodeLauncher launcher = new NodeLauncher(FakePythonNode.binary(tmp.resolve("bin/bitcoin-node"), mode), connector);
        supervisor = NodeSupervisor.spawning(launcher, config());
        supervisor.addListener(events);
        return supervisor;
    }

    /** Starts a fake node outside any supervisor, listening on the default {@code <datadir>/regtest/node.sock}. */
    private Path startExternalNode(String mode) throws Exception {
        Path script = FakePythonNode.write(tmp.resolve("ext/bitcoin-node"), mode);
        external = new ProcessBuilder(script.toString(), "-datadir=" + tmp.resolve("datadir"), "-chain=regtest", "-ipcbind=unix")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("ext.out").toFile()).start();
        Path sock = tmp.resolve("datadir/regtest/node.sock");
        Path marker = mode.equals("nosocket") ? tmp.resolve("datadir/regtest/debug.log") : sock;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.exists(marker) || (mode.equals("nosocket") && !Files.readString(marker).contains("Done loading"))) {
            assertTrue(System.nanoTime() < deadline, "the external fake node did not start");
            assertTrue(external.isAlive(), "the external fake node exited: " + Files.readString(tmp.resolve("ext.out")));
            Thread.sleep(20);
        }
        return sock;
    }

    @Test
    void startsAndStopsGracefullyOverIpc() throws Exception {
        RecordingEvents events = new RecordingEvents();
        NodeSupervisor s = supervisor("normal", new FakeNodeConnector(), events);
        assertEquals(NodeState.STOPPED, s.state());
        NodeClient c = s.start();
        assertEquals(NodeState.READY, s.state());
        assertEquals(NodeSupervisor.Mode.SPAWNED, s.mode().orElseThrow());
        assertEquals("x", c.echo("x").get(5, TimeUnit.SECONDS));
        assertEquals(c, s.client().orElseThrow());
        long pid = s.pid().orElseThrow();
        assertEquals(pid, events.started.get(5, TimeUnit.SECONDS));
        // progress events reach listeners on their own thread, read from debug.log: bring them up to date
        s.catchUpInitProgress(Duration.ofSeconds(30));
        Path runtimeDir = s.socket().orElseThrow().getParent();
        assertEquals(RuntimeDir.PRIVATE, Files.getPosixFilePermissions(runtimeDir));

        assertEquals(OptionalInt.of(0), s.stop());
        assertEquals(OptionalInt.of(0), events.stopped.get(5, TimeUnit.SECONDS));
        assertEquals(NodeState.STOPPED, s.state());
        assertEquals(List.of("started", "ready", "stopping", "stopped"), events.names);
        assertTrue(events.progress.contains("Loading block index…"), events.progress.toString());
        assertFalse(Files.exists(runtimeDir));
        assertFalse(c.isOpen());
        assertTrue(ProcessHandle.of(pid).isEmpty() || !ProcessHandle.of(pid).get().isAlive());
        assertTrue(s.lastProcess().orElseThrow().debugLog().all().stream().anyMatch(l -> l.endsWith("requested by stop RPC")));
        assertEquals(OptionalInt.empty(), s.stop(), "a second stop does nothing");
    }

    /** The app opens a connection of its own after ready; one the node accepted after its Shutdown() would hold it as well. */
    @Test
    void theAppsOwnConnectionIsClosedWhenTheNodeEndsItsShutdown() throws Exception {
        RecordingEvents events = new RecordingEvents();
        FakeNodeConnector connector = new FakeNodeConnector();
        NodeSupervisor s = supervisor("heldbyclient,donelate", connector, events);
        s.start();
        try {
            NodeClient app = connector.connect(s.socket().orElseThrow()); // as BundledNodeBackend opens its own
            s.closeAtShutdownDone(app);
            app.rpc().call("getblockcount").get(10, TimeUnit.SECONDS); // the fake logs "Shutdown done" before it answers
            NodeCrash crash = events.crashed.get(20, TimeUnit.SECONDS);
            assertEquals(OptionalInt.of(1), crash.exitCode(), crash.description());
            assertFalse(app.isOpen());
            assertTrue(crash.lastLogLines().stream().anyMatch(l -> l.endsWith("Shutdown done")), crash.lastLogLines().toString());
        } finally {
            s.forceKill(); // if it failed, the held node would keep the clean-up's stop waiting forever (SIGTERM changes nothing)
        }
    }

    @Test
    void killMinus9IsReportedAsACrashAndRestartWorks() throws Exception {
        RecordingEvents events = new RecordingEvents();
        NodeSupervisor s = supervisor("normal", new FakeNodeConnector(), events);
        s.start();
        long pid = s.pid().orElseThrow();
        Path runtimeDir = s.socket().orElseThrow().getParent();

        Instant killedAt = Instant.now();
        assertTrue(ProcessHandle.of(pid).orElseThrow().destroyForcibly());
        NodeCrash crash = events.crashed.get(5, TimeUnit.SECONDS);
        log.info("kill -9 seen after {} ms", Duration.between(killedAt, crash.detectedAt()).toMillis());

        assertEquals(OptionalLong.of(pid), crash.pid());
        assertEquals(OptionalInt.of(137), crash.exitCode());
        assertTrue(crash.description().contains("killed by signal 9"), crash.description());
        assertTrue(crash.lastLogLines().stream().anyMatch(l -> l.startsWith("[debug.log] ") && l.contains("Done loading")),
                crash.lastLogLines().toString());
        assertTrue(crash.lastLogLines().size() <= NodeProcess.REPORTED_LOG_LINES);
        assertEquals(NodeState.CRASHED, s.state());
        assertTrue(s.client().isEmpty());
        assertFalse(Files.exists(runtimeDir));
        assertFalse(events.names.contains("stopped"));

        NodeClient again = s.restart();
        assertEquals("y", again.echo("y").get(5, TimeUnit.SECONDS));
        assertNotEquals(pid, s.pid().orElseThrow());
        assertEquals(OptionalInt.of(0), s.stop());
    }

    @Test
    void attachesToANodeAlreadyRunningOnTheDatadir() throws Exception {
        Path sock = startExternalNode("normal");
        assertTrue(DatadirLock.isLocked(config().lockFile()));
        FakeNodeConnector connector = new FakeNodeConnector();
        RecordingEvents events = new RecordingEvents();
        NodeSupervisor s = supervisor("normal", connector, events);

        NodeClient c = s.start();
        assertEquals(NodeSupervisor.Mode.ATTACHED, s.mode().orElseThrow());
        assertEquals(List.of(sock), connector.sockets);
        assertEquals(OptionalLong.empty(), s.pid());
        assertEquals("z", c.echo("z").get(5, TimeUnit.SECONDS));

        assertEquals(OptionalInt.empty(), s.stop());
        assertTrue(external.isAlive(), "stopping an attached supervisor must leave the node running");
        assertFalse(c.isOpen());
        events.stopped.get(5, TimeUnit.SECONDS);
        assertEquals(List.of("attached", "ready", "stopping", "stopped"), events.names);
    }

    @Test
    void datadirInUseWithoutSocketFailsClearly() throws Exception {
        startExternalNode("nosocket");
        RecordingEvents events = new RecordingEvents();
        NodeSupervisor s = supervisor("normal", new FakeNodeConnector(), events);
        NodeStartException e = assertThrows(NodeStartException.class, s::start);
        assertTrue(e.getMessage().contains("is already in use by another bitcoin-node"), e.getMessage());
        assertEquals(NodeState.ERROR, s.state());
        assertEquals(e, events.startFailed.get(5, TimeUnit.SECONDS));
    }

    @Test
    void connectModeManagesOnlyTheConnectionAndReportsItsLoss() throws Exception {
        Path sock = startExternalNode("normal");
        RecordingEvents events = new RecordingEvents();
        supervisor = NodeSupervisor.attaching(ConnectAddress.parse("unix:" + sock), new FakeNodeConnector());
        supervisor.addListener(events);
        NodeClient c = supervisor.start();
        assertEquals("w", c.echo("w").get(5, TimeUnit.SECONDS));
        assertEquals(NodeSupervisor.Mode.ATTACHED, supervisor.mode().orElseThrow());

        external.destroyForcibly();
        NodeCrash crash = events.crashed.get(5, TimeUnit.SECONDS);
        assertEquals(OptionalInt.empty(), crash.exitCode());
        assertTrue(crash.description().startsWith("The connection to the bitcoin-node at " + sock + " was lost"), crash.description());
        assertEquals(NodeState.CRASHED, supervisor.state());
    }

    @Test
    void connectModeWithoutNodeFailsClearly() throws Exception {
        NodeSupervisor s = NodeSupervisor.attaching(tmp.resolve("none.sock"), new FakeNodeConnector());
        NodeStartException e = assertThrows(NodeStartException.class, s::start);
        assertTrue(e.getMessage().startsWith("Cannot attach to the bitcoin-node at " + tmp.resolve("none.sock")), e.getMessage());
        assertEquals(NodeState.ERROR, s.state());
    }

    @Test
    void startupFailureIsPublishedAndThrown() throws Exception {
        RecordingEvents events = new RecordingEvents();
        NodeSupervisor s = supervisor("exit1", new FakeNodeConnector(), events);
        NodeStartException e = assertThrows(NodeStartException.class, s::start);
        assertEquals(OptionalInt.of(1), e.exitCode());
        assertEquals(e, events.startFailed.get(5, TimeUnit.SECONDS));
        assertEquals(NodeState.ERROR, s.state());
        s.exitHandled().get(10, TimeUnit.SECONDS); // the exit thread is done, and what it published was heard
        assertFalse(events.crashed.isDone(), "a failed start is not a crash");
        try (var dirs = Files.list(tmp.resolve("run"))) {
            assertEquals(0, dirs.count());
        }
    }

    @Test
    void stopDuringStartupCancelsTheStart() throws Exception {
        RecordingEvents events = new RecordingEvents();
        NodeSupervisor s = supervisor("nosocket", new FakeNodeConnector(), events);
        CompletableFuture<Throwable> startResult = CompletableFuture.supplyAsync(() -> {
            try {
                s.start();
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        long pid = events.started.get(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!events.progress.contains("Done loading")) { // by then the fake handles SIGTERM
            assertTrue(System.nanoTime() < deadline, "no 'Done loading' progress: " + events.progress);
            Thread.sleep(20);
        }
        assertEquals(NodeState.STARTING, s.state());
        assertEquals(OptionalInt.of(0), s.stop()); // the fake exits 0 on SIGTERM
        Throwable t = startResult.get(10, TimeUnit.SECONDS);
        assertTrue(t instanceof NodeStartException && t.getMessage().contains("cancelled"), String.valueOf(t));
        assertEquals(NodeState.STOPPED, s.state());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        events.stopped.get(5, TimeUnit.SECONDS);
        assertFalse(events.names.contains("startFailed"));
    }

    @Test
    void stopWhileAFailedStartStillClosesItsChildWaitsForTheChildSoARestartFindsTheDatadirFree() throws Exception {
        RecordingEvents events = new RecordingEvents();
        NodeLauncher launcher = new NodeLauncher(FakePythonNode.binary(tmp.resolve("bin/bitcoin-node"), "nosocket,slowstop"), new FakeNodeConnector());
        // the socket never appears: after 5 s the start gives up and closes its child, which takes until released to exit.
        // 5 s, not less: the fake must have installed its SIGTERM handler by then (python's start-up on a loaded machine)
        supervisor = NodeSupervisor.spawning(launcher, config().withReadyTimeout(Duration.ofSeconds(5)));
        NodeSupervisor s = supervisor;
        Path release = tmp.resolve("datadir/regtest/release-shutdown");
        s.addListener(events);
        CompletableFuture<Throwable> start = CompletableFuture.supplyAsync(() -> {
            try {
                s.start();
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        long pid = events.started.get(20, TimeUnit.SECONDS);
        ProcessHandle child = ProcessHandle.of(pid).orElseThrow();
        Path debugLog = tmp.resolve("datadir/regtest/debug.log");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.exists(debugLog) || !Files.readString(debugLog).contains("Shutdown: flushing")) { // the failed start's SIGTERM arrived
            assertTrue(System.nanoTime() < deadline, "the failed start did not close its child");
            Thread.sleep(20);
        }
        assertEquals(NodeState.STARTING, s.state(), "the failed start is still closing its child");
        s.addListener(new NodeEvents() {
            @Override
            public void stopping() {
                try {
                    Files.writeString(release, ""); // the flush ends only after the stop was requested
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        s.stop();
        assertFalse(child.isAlive(), "stop() returned while the child still ran");
        assertFalse(DatadirLock.isLocked(config().lockFile()), "the datadir lock is free when stop() returns");
        assertTrue(start.get(10, TimeUnit.SECONDS) instanceof NodeStartException);
        assertEquals(NodeState.STOPPED, s.state());
        // a quick Restart: spawns again (not "datadir in use"); release-shutdown stays, so its child exits on SIGTERM
        NodeStartException again = assertThrows(NodeStartException.class, s::restart);
        assertTrue(again.getMessage().contains("did not become ready"), again.getMessage());
    }

    @Test
    void eachStartLeavesNoEventThreadBehind() throws Exception {
        // kept reachable: the threads must end without relying on a GC finalizing the dropped supervisors
        List<NodeSupervisor> dropped = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            NodeLauncher launcher = new NodeLauncher(FakePythonNode.binary(tmp.resolve("bin/bitcoin-node"), "normal"), new FakeNodeConnector());
            NodeSupervisor s = NodeSupervisor.spawning(launcher, config());
            dropped.add(s);
            RecordingEvents events = new RecordingEvents();
            s.addListener(events);
            s.start();
            assertEquals(OptionalInt.of(0), s.stop()); // dropped without close(), as the app drops one supervisor per start
            events.stopped.get(10, TimeUnit.SECONDS);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (eventThreads() > 0) {
            assertTrue(System.nanoTime() < deadline, eventThreads() + " bitcoinfx-node-events threads left after 3 starts");
            Thread.sleep(50);
        }
        assertEquals(3, dropped.size());
    }

    private static long eventThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().equals("bitcoinfx-node-events")).count();
    }
}
