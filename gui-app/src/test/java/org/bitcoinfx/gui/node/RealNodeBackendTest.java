package org.bitcoinfx.gui.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.node.Chain;
import org.bitcoinfx.node.NodeConnector;
import org.bitcoinfx.node.NodeLocator;
import org.bitcoinfx.node.NodeState;
import org.bitcoinfx.node.UnixSockets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BundledNodeBackend} against a real bitcoin-node on regtest: init progress, log lines,
 * READY, {@code stop} over IPC, a crash (SIGKILL from outside) with its signal, {@link
 * BundledNodeBackend#kill()}, and attach mode ({@code --connect}) including the socket going away.
 * Runs only with {@code BITCOIN_NODE} set.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RealNodeBackendTest {
    @TempDir
    Path tmp;
    Path node;
    Path run;

    @BeforeEach
    void needsNode() throws Exception {
        String env = System.getenv("BITCOIN_NODE");
        Assumptions.assumeTrue(env != null && !env.isBlank(), "BITCOIN_NODE not set: no real bitcoin-node to run");
        node = Path.of(env);
        run = Files.createDirectories(tmp.resolve("run"));
    }

    private BundledNodeBackend backend() {
        return new BundledNodeBackend(new NodeLocator(Map.of("BITCOIN_NODE", node.toString()), null, null, null, Duration.ofSeconds(10)),
                NodeConnector.ipc(), run, Duration.ofSeconds(60));
    }

    private NodeSettings regtest() {
        return NodeSettings.of(Chain.REGTEST, tmp.resolve("dd"), 0, null, List.of("-listen=0"));
    }

    @Test
    void startsReportsProgressAndLogAndStopsOverIpc() throws Exception {
        BundledNodeBackend b = backend();
        List<NodeStatus> states = new CopyOnWriteArrayList<>();
        List<String> lines = new CopyOnWriteArrayList<>();
        b.addStatusListener(states::add);
        b.addLogListener(lines::add);
        NodeClient c = b.start(regtest()).get(90, TimeUnit.SECONDS);
        assertEquals(NodeState.READY, b.status().state());
        assertTrue(states.stream().anyMatch(s -> s.state() == NodeState.STARTING && s.message().equals("Loading block index…")), states.toString());
        assertTrue(states.stream().anyMatch(s -> s.state() == NodeState.CONNECTING), states.toString());
        assertEquals(NodeState.READY, states.get(states.size() - 1).state());
        waitFor(() -> lines.stream().anyMatch(l -> l.matches("^\\d{4}-\\d\\d-\\d\\dT.*init message: Done loading$")));
        assertTrue(b.nodeVersion().orElseThrow().startsWith("v3"), b.nodeVersion().toString());
        assertEquals(node.toAbsolutePath(), b.nodePath().orElseThrow());
        JsonNode info = c.rpc().call("getblockchaininfo").get(30, TimeUnit.SECONDS);
        assertEquals("regtest", info.path("chain").asText());
        Path socket = b.socket().orElseThrow();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
        ProcessHandle child = b.child().orElseThrow();

        c.close(); // the app closes its client first; the backend still stops over IPC
        b.stop().get(60, TimeUnit.SECONDS);
        assertEquals(NodeState.STOPPED, b.status().state());
        assertEquals("", b.status().message(), "a clean exit (code 0)");
        assertFalse(child.isAlive(), "no bitcoin-node left");
        assertFalse(Files.exists(socket.getParent()), "runtime directory removed");
        assertTrue(lines.stream().anyMatch(l -> l.contains("exited with code 0")), "noted in the log");
        assertTrue(lines.stream().anyMatch(l -> l.endsWith("Shutdown done")), "debug.log until the end: " + lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }

    @Test
    void aNetworkSettingTheNodeRefusesAtStartIsShownInTheNodesWords() throws Exception {
        BundledNodeBackend b = backend();
        // well-formed, so the form takes it; the node cannot resolve it and refuses to start
        NodeSettings s = regtest();
        s = new NodeSettings(s.config().withNetwork(new org.bitcoinfx.node.NetworkOptions("nonexistent.invalid:9050", null, null, null, null,
                null, false, null, null)), null);
        java.util.concurrent.CompletableFuture<NodeClient> f = b.start(s);
        org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class, () -> f.get(90, TimeUnit.SECONDS));
        waitFor(() -> b.status().state() == NodeState.ERROR);
        NodeStatus st = b.status();
        String all = st.message() + "\n" + String.join("\n", st.lastLogLines());
        assertTrue(all.contains("Invalid -proxy address or hostname: 'nonexistent.invalid:9050'"), all);
        // the start path or the exit watcher may see the exit first; either way the exit code is named
        assertTrue(st.message().contains("code 1 during startup: Invalid -proxy address or hostname: 'nonexistent.invalid:9050'"),
                "the node's own words: " + st.message());
        b.stop().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aKilledNodeIsCrashedWithItsSignalAndLastLines() throws Exception {
        BundledNodeBackend b = backend();
        b.start(regtest()).get(90, TimeUnit.SECONDS);
        ProcessHandle child = b.child().orElseThrow();
        Path socket = b.socket().orElseThrow();
        child.destroyForcibly(); // not through the backend: a crash
        waitFor(() -> b.status().state() == NodeState.CRASHED);
        NodeStatus s = b.status();
        assertEquals(137, s.exitCode());
        assertTrue(s.message().endsWith("was killed by signal 9 (SIGKILL)"), s.message());
        assertFalse(s.lastLogLines().isEmpty());
        waitFor(() -> !Files.exists(socket.getParent()));
        b.stop().get(10, TimeUnit.SECONDS);
        assertEquals(NodeState.STOPPED, b.status().state());
        // and it starts again on the same datadir
        b.start(regtest()).get(90, TimeUnit.SECONDS);
        assertEquals(NodeState.READY, b.status().state());
        ProcessHandle second = b.child().orElseThrow();
        b.kill();
        waitFor(() -> b.status().state() == NodeState.STOPPED);
        assertEquals("killed", b.status().message(), "kill() is no crash");
        waitFor(() -> !second.isAlive());
    }

    @Test
    void attachesToARunningNodeAndSeesItsSocketGo() throws Exception {
        Path dd = Files.createDirectories(tmp.resolve("attach"));
        Path sockDir = Files.createDirectories(tmp.resolve("s"));
        Files.setPosixFilePermissions(sockDir, PosixFilePermissions.fromString("rwx------"));
        Path socket = sockDir.resolve("node.sock");
        Process p = new ProcessBuilder(node.toString(), "-regtest", "-datadir=" + dd, "-listen=0", "-server=0", "-printtoconsole=0",
                "-ipcbind=unix:" + socket).redirectErrorStream(true).redirectOutput(tmp.resolve("out.txt").toFile()).start();
        try {
            waitFor(() -> UnixSockets.accepts(socket)); // bitcoin-node binds, then listens: the path exists a moment before it accepts
            BundledNodeBackend b = backend();
            b.setAttachSocket(socket);
            NodeClient c = b.start(regtest()).get(60, TimeUnit.SECONDS);
            assertEquals(NodeState.READY, b.status().state());
            assertEquals("hi", c.echo("hi").get(10, TimeUnit.SECONDS));
            waitFor(() -> b.nodeVersion().isPresent());
            assertTrue(b.nodeVersion().get().startsWith("v3"), b.nodeVersion().get());
            assertTrue(b.child().isEmpty(), "nothing spawned");
            b.stop().get(30, TimeUnit.SECONDS);
            assertEquals(NodeState.STOPPED, b.status().state());
            assertTrue(p.isAlive(), "an attached node is not ours to stop");

            b.start(regtest()).get(60, TimeUnit.SECONDS);
            p.destroy(); // SIGTERM: the node shuts down, the socket goes
            waitFor(() -> b.status().state() == NodeState.ERROR);
            assertTrue(b.status().message().contains("IPC socket is gone"), b.status().message());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
    }

    static void waitFor(BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!cond.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 60 s");
            Thread.sleep(20);
        }
    }
}
