package org.bitcoinfx.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeConfigTest {
    private final Path datadir = Path.of("/data/btc");
    private final Path node = Path.of("/opt/bitcoin-node");
    private final Path sock = Path.of("/run/user/1000/bitcoinfx-0badcafe/node.sock");

    @Test
    void minimalCommandLine() {
        assertEquals(List.of("/opt/bitcoin-node", "-datadir=/data/btc", "-chain=main", "-ipcbind=unix:" + sock, "-server=0", "-printtoconsole=0"),
                NodeConfig.of(datadir, Chain.MAIN).commandLine(node, sock));
    }

    @Test
    void fullCommandLine() {
        NodeConfig c = NodeConfig.of(datadir, Chain.TESTNET4).withPrune(2000).withDebugIpc(true).withExtraArgs(List.of("-dbcache=450", "-listen=0"));
        assertEquals(List.of("/opt/bitcoin-node", "-datadir=/data/btc", "-chain=testnet4", "-ipcbind=unix:" + sock, "-server=0",
                "-printtoconsole=0", "-prune=2000", "-debug=ipc", "-logtimemicros", "-dbcache=450", "-listen=0"), c.commandLine(node, sock));
    }

    @Test
    void onRegtestTheNodeIsToldNotToTryTorsControlPortUnlessTheExtraArgumentsSaySomething() {
        assertEquals(List.of("/opt/bitcoin-node", "-datadir=/data/btc", "-chain=regtest", "-ipcbind=unix:" + sock, "-server=0", "-printtoconsole=0",
                "-listenonion=0"), NodeConfig.of(datadir, Chain.REGTEST).commandLine(node, sock));
        for (String a : List.of("-listenonion=1", "-torcontrol=127.0.0.1:9999", "-listen=0", "-nolisten")) {
            List<String> cmd = NodeConfig.of(datadir, Chain.REGTEST).withExtraArgs(List.of(a)).commandLine(node, sock);
            assertEquals(a, cmd.get(cmd.size() - 1));
            assertEquals(false, cmd.contains("-listenonion=0"), a + " decides it");
        }
        assertEquals(false, NodeConfig.of(datadir, Chain.SIGNET).commandLine(node, sock).contains("-listenonion=0"), "only regtest");
    }

    @Test
    void filesLiveInTheNetworkDir() {
        assertEquals(Path.of("/data/btc/debug.log"), NodeConfig.of(datadir, Chain.MAIN).debugLog());
        assertEquals(Path.of("/data/btc/testnet3/.lock"), NodeConfig.of(datadir, Chain.TEST).lockFile());
        assertEquals(Path.of("/data/btc/signet/debug.log"), NodeConfig.of(datadir, Chain.SIGNET).debugLog());
        assertEquals(Path.of("/data/btc/regtest"), NodeConfig.of(datadir, Chain.REGTEST).networkDir());
        assertEquals(Path.of("/data/btc/testnet4"), Chain.fromCliName("TestNet4").networkDir(datadir));
    }

    @Test
    void rpcPortAndManagedOptionsAreRefused() {
        NodeConfig c = NodeConfig.of(datadir, Chain.MAIN);
        for (String bad : List.of("-server=1", "-server", "--server=1", "-noserver", "-rpcport=8332", "-regtest.rpcport=1", "-rpcbind=0.0.0.0",
                "-ipcbind=unix", "-datadir=/x", "-chain=main", "-testnet", "-printtoconsole", "-conf=/etc/x")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.withExtraArgs(List.of(bad)), bad);
            assertTrue(e.getMessage().contains("is not allowed: "), e.getMessage());
            String why = bad.contains("rpc") || bad.contains("server") ? "TCP RPC port" : "Bitcoin FX sets it itself";
            assertTrue(e.getMessage().contains(why), bad + " says why: " + e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> c.withExtraArgs(List.of("dbcache=4")));
        assertThrows(IllegalArgumentException.class, () -> c.withPrune(-1));
        assertThrows(IllegalArgumentException.class, () -> c.withReadyTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> Chain.fromCliName("testnet5"));
        c.withExtraArgs(List.of("-notes=1", "-debuglogfile2=1")); // look-alikes are fine
    }

    /** The app reads debug.log in the network directory: an option that moves it or turns it off is refused, saying why. */
    @Test
    void debugLogOptionsAreRefused() {
        NodeConfig c = NodeConfig.of(datadir, Chain.MAIN);
        for (String bad : List.of("-nodebuglogfile", "-debuglogfile=/tmp/other.log", "--debuglogfile=x", "-main.debuglogfile=x", "-debuglogfile=0")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.withExtraArgs(List.of(bad)), bad);
            assertTrue(e.getMessage().endsWith("is not allowed: Bitcoin FX reads the node's debug.log in its data directory (start-up progress, "
                    + "errors, shutdown)"), e.getMessage());
        }
    }

    @Test
    void pruneTakesWhatBitcoinCoreTakes() {
        NodeConfig c = NodeConfig.of(datadir, Chain.REGTEST);
        for (int ok : new int[] {0, 1, 550, 2000, Integer.MAX_VALUE}) {
            assertEquals(java.util.OptionalInt.of(ok), c.withPrune(ok).pruneMiB());
        }
        // src/node/blockmanager_args.cpp: "Prune configured below the minimum of 550 MiB", and no negative value
        for (int bad : new int[] {2, 100, 549, -1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.withPrune(bad), "-prune=" + bad);
            assertTrue(e.getMessage().startsWith("-prune=" + bad + " is "), e.getMessage());
        }
        assertEquals("-prune=549 is below Bitcoin Core's minimum prune target of 550 MiB (0 turns pruning off, 1 allows manual pruning "
                + "with pruneblockchain)", assertThrows(IllegalArgumentException.class, () -> c.withPrune(549)).getMessage());
    }

    @Test
    void pruneInTheExtraArgumentsIsCheckedAndNeverClashesWithTheSetting() {
        NodeConfig c = NodeConfig.of(datadir, Chain.REGTEST);
        // without the setting, the extra arguments may prune (the real-node tests use -prune=1 -fastprune)
        for (String ok : List.of("-prune=1", "-prune", "-prune=550", "-noprune", "-regtest.prune=0")) {
            assertEquals(List.of(ok, "-fastprune"), c.withExtraArgs(List.of(ok, "-fastprune")).extraArgs(), ok);
        }
        for (String bad : List.of("-prune=2", "-prune=-5", "-prune=abc", "-prune=99999999999", "--prune=300")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.withExtraArgs(List.of(bad)), bad);
            assertTrue(e.getMessage().contains("-prune"), e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.withExtraArgs(List.of("-prune=abc"))).getMessage()
                .contains("takes a whole number of MiB"));
        // with it, a second -prune would leave the node to pick one of two values
        NodeConfig pruned = c.withPrune(2000);
        for (String clash : List.of("-prune=1", "-noprune", "-prune=2000")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pruned.withExtraArgs(List.of(clash)), clash);
            assertEquals("extra argument '" + clash + "' clashes with the prune setting (-prune=2000): set the prune target in one place",
                    e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> c.withExtraArgs(List.of("-prune=1")).withPrune(550));
        assertEquals(List.of("-fastprune"), pruned.withExtraArgs(List.of("-fastprune")).extraArgs());
    }

    @Test
    void defaults() {
        NodeConfig c = NodeConfig.of(Path.of("rel"), Chain.MAIN);
        assertTrue(c.datadir().isAbsolute());
        assertEquals(Duration.ofSeconds(60), c.readyTimeout());
        assertEquals(Duration.ofSeconds(120), c.stopTimeout());
        assertEquals(Duration.ofSeconds(10), c.termTimeout());
    }

    @Test
    void signerIsEmittedAndClashesWithASignerInTheExtraArguments() {
        NodeConfig c = NodeConfig.of(Path.of("/tmp/d"), Chain.REGTEST).withSigner(" /opt/hwi --debug ");
        assertEquals("/opt/hwi --debug", c.signer());
        List<String> cmd = c.commandLine(Path.of("/bin/bitcoin-node"), Path.of("/run/s"));
        assertTrue(cmd.contains("-signer=/opt/hwi --debug"), cmd.toString());
        assertTrue(NodeConfig.of(Path.of("/tmp/d"), Chain.REGTEST).commandLine(Path.of("/bin/bitcoin-node"), Path.of("/run/s")).stream()
                .noneMatch(a -> a.startsWith("-signer")), "none by default");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.withExtraArgs(List.of("-signer=/other")));
        assertTrue(e.getMessage().contains("clashes with the external signer setting"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.withSigner("a\nb"));
        // without the setting, -signer in the extra arguments is passed through
        assertTrue(NodeConfig.of(Path.of("/tmp/d"), Chain.REGTEST).withExtraArgs(List.of("-signer=/x")).commandLine(Path.of("/b"), Path.of("/s"))
                .contains("-signer=/x"));
    }
}
