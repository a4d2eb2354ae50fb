package org.bitcoinfx.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.ipc.RpcClient;
import org.bitcoinfx.ipc.ServerThread;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real bitcoin-node (regtest, {@code -debug=ipc -loglevel=ipc:trace}): a call blocking
 * the console's Thread ({@code waitfornewblock}) delays no call on another Thread and holds the
 * console's next call until it returns; the node's ipc trace log carries executeRpc's request data,
 * but not a passphrase sent as a secret. Runs only with {@code BITCOIN_NODE} set.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RealNodeThreadsTest {
    @TempDir
    Path tmp;
    private NodeConfig config;
    private NodeProcess np;
    private NodeClient client;

    @BeforeEach
    void launch() throws Exception {
        String env = System.getenv(NodeLocator.ENV_VAR);
        Assumptions.assumeTrue(env != null && !env.isBlank(), "BITCOIN_NODE not set: no real bitcoin-node to launch");
        NodeBinary binary = NodeLocator.inspect(Path.of(env), NodeLocator.DEFAULT_VERSION_TIMEOUT);
        config = NodeConfig.of(tmp.resolve("datadir"), Chain.REGTEST).withRuntimeParent(Files.createDirectories(tmp.resolve("run")))
                .withDebugIpc(true).withExtraArgs(List.of("-listen=0", "-loglevel=ipc:trace"))
                .withStopTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(60));
        np = new NodeLauncher(binary, IpcNodeClient::connect).launch(config, p -> { });
        client = np.client().orElseThrow();
        client.rpc().awaitWarmup(Duration.ofSeconds(60)).get(90, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        if (np != null) {
            OptionalInt code = np.stop(config.stopTimeout(), config.termTimeout());
            assertEquals(OptionalInt.of(0), code, String.join("\n", np.lastLogLines(50)));
        }
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }

    private String debugLog() throws Exception {
        return Files.readString(config.datadir().resolve("regtest/debug.log"));
    }

    @Test
    void aBlockedConsoleThreadDelaysNoOtherThread() throws Exception {
        RpcClient poll = client.rpc(ServerThread.POLL);
        String descriptor = get(poll.call("getdescriptorinfo", "raw(51)")).path("descriptor").asText();
        // blocks its node thread until the tip differs from genesis (or 10 min): named, not "the tip when it starts", as
        // the node may begin it only after the block below is mined (it is asked from an IPC callback thread)
        String genesis = get(poll.call("getblockhash", 0)).asText();
        CompletableFuture<JsonNode> held = client.rpc(ServerThread.CONSOLE).call("waitfornewblock", 600_000, genesis);
        // a round trip on the console's Thread cannot overtake it: once this answers on another Thread, `held` is running
        CompletableFuture<JsonNode> behind = client.rpc(ServerThread.CONSOLE).call("getblockcount");
        assertEquals(0, get(poll.call("getblockcount")).asInt());
        assertEquals(0, get(client.rpc(ServerThread.WALLET).call("getblockcount")).asInt());
        assertEquals("alive", get(client.echo(ServerThread.LIVENESS, "alive")));
        assertFalse(held.isDone(), "waitfornewblock waits for a block");
        assertFalse(behind.isDone(), "the console's next call waits behind it on the node's thread");
        get(poll.call("generatetodescriptor", 1, descriptor));
        assertEquals(1, get(held).path("height").asInt());
        assertEquals(1, get(behind).asInt());
    }

    @Test
    void theIpcTraceLogCarriesRequestDataButNoSecret() throws Exception {
        RpcClient rpc = client.rpc(ServerThread.WALLET);
        get(rpc.call("echo", "plain-marker-1"));
        assertTrue(debugLog().contains("plain-marker-1"), "the node logs executeRpc's request data at trace level");
        get(rpc.call("createwallet", "fx", false, false, "hunter2-secret".toCharArray(), false, true, true));
        assertTrue(get(rpc.callWallet("fx", "walletpassphrase", "hunter2-secret".toCharArray(), 60)).isNull());
        assertTrue(get(rpc.callWallet("fx", "getwalletinfo")).path("unlocked_until").asLong() > 0, "unlocked: the passphrase arrived intact");
        assertTrue(get(rpc.call("logging")).path("ipc").asBoolean(), "ipc logging is on again");
        get(rpc.call("echo", "plain-marker-2"));
        String log = debugLog();
        assertTrue(log.contains("plain-marker-2"), "and logs again");
        assertFalse(log.contains("hunter2"), "the passphrase reached debug.log");
    }
}
