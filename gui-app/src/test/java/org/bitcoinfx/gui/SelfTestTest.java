package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.gui.node.BundledNodeBackend;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.node.NodeLocator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --self-test}: passes against a real node (with {@code BITCOIN_NODE}), fails with the reason without one. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SelfTestTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String out() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private BundledNodeBackend backend(Map<String, String> env) throws Exception {
        return new BundledNodeBackend(new NodeLocator(env, null, null, null, Duration.ofSeconds(10)), IpcNodeClient::connect,
                Files.createDirectories(tmp.resolve("run")), Duration.ofSeconds(60));
    }

    private String settings() {
        return "--settings=" + tmp.resolve("no-settings.json");
    }

    @Test
    void passesAgainstARealNode() throws Exception {
        String node = System.getenv("BITCOIN_NODE");
        Assumptions.assumeTrue(node != null && !node.isBlank(), "BITCOIN_NODE not set: no real bitcoin-node for the self-test");
        Path dd = tmp.resolve("dd");
        int code = SelfTest.run(List.of(settings(), "--datadir=" + dd), out, backend(Map.of("BITCOIN_NODE", node)));
        assertEquals(0, code, out());
        assertTrue(out().contains("chain=regtest blocks=0"), out());
        assertTrue(out().contains("no process or runtime directory left"), out());
        assertTrue(out().strip().endsWith("self-test passed"), out());
        assertTrue(Files.isDirectory(dd.resolve("regtest")), "a given datadir is kept");
        try (var left = Files.list(tmp.resolve("run"))) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void failsWithTheReasonWhenNoNodeIsFound() throws Exception {
        int code = SelfTest.run(List.of(settings()), out, backend(Map.of("PATH", tmp.toString())));
        assertEquals(1, code, out());
        assertTrue(out().contains("self-test FAILED at \"find bitcoin-node\": No bitcoin-node found"), out());
        assertTrue(out().contains("BITCOIN_NODE: not set"), out());
        assertFalse(out().contains("passed"), out());
    }

    @Test
    void failsWithTheNodesLinesWhenItCannotStart() throws Exception {
        Path bad = tmp.resolve("bitcoin-node");
        Files.writeString(bad, "#!/bin/sh\nif [ \"$1\" = -version ]; then echo 'Bitcoin Core daemon version v32.0.0'; exit 0; fi\n"
                + "echo 'Error: Error initializing block database.' >&2\nexit 1\n");
        bad.toFile().setExecutable(true);
        int code = SelfTest.run(List.of(settings()), out, backend(Map.of("BITCOIN_NODE", bad.toString())));
        assertEquals(1, code, out());
        assertTrue(out().contains("self-test FAILED at \"start bitcoin-node on regtest\""), out());
        assertTrue(out().contains("exited with code 1 during startup"), out());
        assertTrue(out().contains("[stderr] Error: Error initializing block database."), out());
    }

    @Test
    void refusesUnknownOptions() {
        assertEquals(2, SelfTest.run(List.of("--frobnicate"), out));
        assertTrue(out().contains("unknown option --frobnicate"), out());
    }
}
