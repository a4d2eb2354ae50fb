package org.bitcoinfx.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeLocatorTest {
    static final String MASTER = "Bitcoin Core daemon version v31.99.0-58a7869f860f bitcoin-node";
    static final String OLD = "Bitcoin Core daemon version v30.2.0 bitcoin-node";

    @TempDir
    Path tmp;

    private NodeLocator locator(Map<String, String> env, Path home, String appPath, Path libexec) {
        return new NodeLocator(env, home, appPath, libexec, Duration.ofSeconds(10));
    }

    private NodeLocator emptyLocator() {
        return locator(Map.of("PATH", tmp.resolve("nobin").toString()), tmp.resolve("home"), null, tmp.resolve("usr-local/bitcoin-node"));
    }

    @Test
    void explicitWrongPathFailsWithoutFallback() throws Exception {
        Path good = FakeScripts.versionOnly(tmp.resolve("bin/bitcoin-node"), MASTER);
        NodeLocator l = locator(Map.of(NodeLocator.ENV_VAR, good.toString()), null, null, null);
        NodeNotFoundException e = assertThrows(NodeNotFoundException.class, () -> l.locate(Optional.of(tmp.resolve("nope"))));
        assertEquals(1, e.attempts().size());
        assertEquals("--node " + tmp.resolve("nope") + ": does not exist", e.attempts().get(0));
    }

    @Test
    void notExecutable() throws Exception {
        Path p = tmp.resolve("bitcoin-node");
        Files.writeString(p, "#!/bin/sh\necho '" + MASTER + "'\n");
        NodeException e = assertThrows(NodeException.class, () -> NodeLocator.inspect(p, Duration.ofSeconds(5)));
        assertTrue(e.getMessage().startsWith("is not executable"), e.getMessage());
    }

    @Test
    void directoryIsNotARegularFile() throws Exception {
        Path d = Files.createDirectory(tmp.resolve("bitcoin-node"));
        NodeException e = assertThrows(NodeException.class, () -> NodeLocator.inspect(d, Duration.ofSeconds(5)));
        assertEquals("is not a regular file", e.getMessage());
    }

    @Test
    void oldVersionIsRejected() throws Exception {
        Path p = FakeScripts.versionOnly(tmp.resolve("bitcoin-node"), OLD);
        NodeException e = assertThrows(NodeException.class, () -> NodeLocator.inspect(p, Duration.ofSeconds(5)));
        assertEquals("v30.2.0 is too old, Bitcoin FX needs v32 or newer, or a v31.99 master build with makeRpc (from 2026-03-30 on)", e.getMessage());
    }

    @Test
    void versionLineIsParsed() throws Exception {
        Path p = FakeScripts.versionOnly(tmp.resolve("bitcoin-node"), MASTER);
        NodeBinary b = NodeLocator.inspect(p, Duration.ofSeconds(5));
        assertEquals(p.toAbsolutePath(), b.path());
        assertEquals(MASTER, b.versionLine());
        assertEquals(new NodeVersion(31, 99, 0, "-58a7869f860f"), b.version());
    }

    @Test
    void failingVersionAndGarbageAreRejected() throws Exception {
        Path fails = FakeScripts.bash(tmp.resolve("a/bitcoin-node"), "echo 'Error: unknown option' >&2; exit 1");
        NodeException e1 = assertThrows(NodeException.class, () -> NodeLocator.inspect(fails, Duration.ofSeconds(5)));
        assertEquals("'-version' exited with code 1: Error: unknown option", e1.getMessage());
        Path garbage = FakeScripts.bash(tmp.resolve("b/bitcoin-node"), "echo hello");
        NodeException e2 = assertThrows(NodeException.class, () -> NodeLocator.inspect(garbage, Duration.ofSeconds(5)));
        assertTrue(e2.getMessage().contains("printed 'hello', which has no version"), e2.getMessage());
    }

    @Test
    void hangingVersionTimesOut() throws Exception {
        Path p = FakeScripts.bash(tmp.resolve("bitcoin-node"), "exec sleep 30");
        long t0 = System.nanoTime();
        NodeException e = assertThrows(NodeException.class, () -> NodeLocator.inspect(p, Duration.ofMillis(300)));
        assertEquals("'-version' did not finish within 300 ms", e.getMessage());
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos());
    }

    @Test
    void noneFoundListsEveryPlaceAndWhy() throws Exception {
        Path oldOnPath = FakeScripts.versionOnly(tmp.resolve("usr/bin/bitcoin-node"), OLD);
        Path home = Files.createDirectories(tmp.resolve("home"));
        NodeLocator l = locator(Map.of(NodeLocator.ENV_VAR, "/x", "PATH", tmp.resolve("nobin") + ":" + oldOnPath.getParent()),
                home, null, tmp.resolve("usr-local/bitcoin-node"));
        NodeNotFoundException e = assertThrows(NodeNotFoundException.class, () -> l.locate(Optional.empty()));
        assertEquals(java.util.List.of(
                "BITCOIN_NODE=/x: does not exist",
                "app image: not running from a packaged app (jpackage.app-path is not set)",
                "PATH " + oldOnPath + ": v30.2.0 is too old, Bitcoin FX needs v32 or newer, or a v31.99 master build with makeRpc (from 2026-03-30 on)",
                home + "/bitcoin-*/libexec/bitcoin-node: no match",
                tmp.resolve("usr-local/bitcoin-node") + ": does not exist"), e.attempts());
        assertTrue(e.getMessage().contains("  - BITCOIN_NODE=/x: does not exist"), e.getMessage());
    }

    @Test
    void envVariableComesFirst() throws Exception {
        Path env = FakeScripts.versionOnly(tmp.resolve("env/bitcoin-node"), MASTER);
        FakeScripts.versionOnly(tmp.resolve("path/bitcoin-node"), MASTER);
        NodeLocator l = locator(Map.of(NodeLocator.ENV_VAR, env.toString(), "PATH", tmp.resolve("path").toString()), null, null, null);
        assertEquals(env, l.locate(Optional.empty()).path());
    }

    @Test
    void findsTheAppImageBundledNode() throws Exception {
        Path image = tmp.resolve("BitcoinFX");
        Path node = FakeScripts.versionOnly(image.resolve(NodeLocator.BUNDLED_NODE_PATH), MASTER);
        NodeLocator l = locator(Map.of("PATH", ""), null, image.resolve("bin/BitcoinFX").toString(), null);
        assertEquals(node, l.locate(Optional.empty()).path());
        assertEquals(Optional.empty(), NodeLocator.bundledNode(null));
    }

    @Test
    void fallsBackToPathThenHomeTarballThenLibexec() throws Exception {
        Path onPath = FakeScripts.versionOnly(tmp.resolve("path/bitcoin-node"), MASTER);
        NodeLocator l = locator(Map.of("PATH", onPath.getParent().toString()), tmp.resolve("home"), null, null);
        assertEquals(onPath, l.locate(Optional.empty()).path());

        Path home = tmp.resolve("home");
        FakeScripts.versionOnly(home.resolve("bitcoin-30.2/libexec/bitcoin-node"), OLD);
        Path tarball = FakeScripts.versionOnly(home.resolve("bitcoin-31.0/libexec/bitcoin-node"), MASTER);
        assertEquals(tarball, emptyLocator().locate(Optional.empty()).path());

        Path libexec = FakeScripts.versionOnly(tmp.resolve("usr-local/libexec/bitcoin-node"), MASTER);
        NodeLocator l3 = locator(Map.of("PATH", ""), tmp.resolve("nohome"), null, libexec);
        assertEquals(libexec, l3.locate(Optional.empty()).path());
    }

    /** Runs only with a real node: {@code BITCOIN_NODE=/path/to/bitcoin-node mvn verify}. */
    @Test
    void realNodeVersion() throws Exception {
        String env = System.getenv(NodeLocator.ENV_VAR);
        Assumptions.assumeTrue(env != null && !env.isBlank(), "BITCOIN_NODE not set: no real bitcoin-node to check");
        NodeBinary b = NodeLocator.inspect(Path.of(env), NodeLocator.DEFAULT_VERSION_TIMEOUT);
        assertTrue(b.versionLine().startsWith("Bitcoin Core"), b.versionLine());
        assertTrue(b.version().isSupported(), b.version().toString());
    }
}
