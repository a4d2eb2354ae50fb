package org.bitcoinfx.ipc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's parts that need no node: socket paths, argument parsing, usage and errors. */
class BitcoinFxIpcTest {
    @TempDir
    Path dir;

    @Test
    void socketPathFollowsBitcoinNodesNetworkDirectories() {
        Path d = Path.of("/data");
        assertEquals(Path.of("/data/node.sock"), BitcoinFxIpc.socketPath(d, "main"));
        assertEquals(Path.of("/data/testnet3/node.sock"), BitcoinFxIpc.socketPath(d, "test"));
        assertEquals(Path.of("/data/testnet4/node.sock"), BitcoinFxIpc.socketPath(d, "testnet4"));
        assertEquals(Path.of("/data/signet/node.sock"), BitcoinFxIpc.socketPath(d, "signet"));
        assertEquals(Path.of("/data/regtest/node.sock"), BitcoinFxIpc.socketPath(d, "regtest"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BitcoinFxIpc.socketPath(d, "mainnet"));
        assertTrue(e.getMessage().contains("mainnet"));
    }

    @Test
    void argumentsAreJsonWhenTheyParseElseStrings() {
        assertEquals(101, ((JsonNode) BitcoinFxIpc.cliArg("101")).asInt());
        assertTrue(((JsonNode) BitcoinFxIpc.cliArg("true")).isBoolean());
        assertTrue(((JsonNode) BitcoinFxIpc.cliArg("[1,2]")).isArray());
        assertEquals("raw(51)", BitcoinFxIpc.cliArg("raw(51)"));
        assertEquals("bcrt1qxyz", BitcoinFxIpc.cliArg("bcrt1qxyz"));
    }

    @Test
    void subsidyHalvesOnSchedule() {
        assertEquals(5_000_000_000L, ConformanceCheck.subsidy(1, 150));
        assertEquals(2_500_000_000L, ConformanceCheck.subsidy(150, 150));
        assertEquals(312_500_000L, ConformanceCheck.subsidy(840_000, 210_000));
        assertEquals(0L, ConformanceCheck.subsidy(64 * 150, 150));
    }

    private int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        return BitcoinFxIpc.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void usageErrorsExitWithTwo() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, run(out, err));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: bitcoinfx-ipc"));
        assertEquals(2, run(out, err, "tip"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--socket"));
        assertEquals(2, run(out, err, "--datadir", "/x", "--chain", "nonet", "tip"));
        assertEquals(0, run(out, err, "--help"));
    }

    @Test
    void aMissingSocketIsAClearErrorWithStatusOne() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path sock = dir.resolve("regtest").resolve("node.sock");
        assertEquals(1, run(out, err, "--datadir", dir.toString(), "--chain", "regtest", "tip"));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("cannot connect to " + sock), e);
    }

    /**
     * No node on the socket (interface_ipc_cli.py test_cli, the node stopped): exit 1 and bitcoin-cli's
     * hint, for a socket file nobody listens on (connection refused) and for a missing one.
     */
    @Test
    void noNodeOnTheSocketSaysHowToStartOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path stale = tmp.resolve("node.sock");
        try (org.newsclub.net.unix.AFUNIXServerSocket server = org.newsclub.net.unix.AFUNIXServerSocket.newInstance()) {
            server.setDeleteOnClose(false);
            server.bind(org.newsclub.net.unix.AFUNIXSocketAddress.of(stale.toFile()));
        }
        for (java.nio.file.Path socket : java.util.List.of(stale, tmp.resolve("missing/node.sock"))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(1, run(out, err, "--socket", socket.toString(), "echo", "foo"));
            String e = err.toString(StandardCharsets.UTF_8);
            assertTrue(e.startsWith("error: cannot connect to " + socket + ": "), e);
            assertTrue(e.contains("\n\nProbably bitcoin-node is not running or not listening on this unix socket. Can be started with:\n\n"
                    + "    bitcoin-node -chain=main -ipcbind=unix\n"), e);
            assertEquals("", out.toString(StandardCharsets.UTF_8));
        }
    }
}
