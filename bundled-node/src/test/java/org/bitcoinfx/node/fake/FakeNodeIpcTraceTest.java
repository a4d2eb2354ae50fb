package org.bitcoinfx.node.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.ipc.RpcClient;
import org.bitcoinfx.ipc.ServerThread;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code -debug=ipc -loglevel=ipc:trace} the node's libmultiprocess writes each call's
 * params, executeRpc's request JSON included, to debug.log (MP {@code proxy-types.h}
 * {@code serverInvoke} "request data", cut at 200 chars; the fake does the same). A wallet
 * passphrase must never get there: the client switches the ipc category off with the
 * {@code logging} RPC around a secret call, and on again after it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FakeNodeIpcTraceTest {
    @TempDir
    Path tmp;
    private FakeNode node;
    private IpcNodeClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private RpcClient start(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("-regtest", "-datadir=" + tmp.resolve("d"), "-ipcbind=unix", "-printtoconsole=0"));
        args.addAll(List.of(extra));
        node = FakeNode.start(FakeNodeOptions.parse(args.toArray(String[]::new)));
        client = IpcNodeClient.connect(node.sockets().get(0));
        return client.rpc(ServerThread.WALLET);
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    private String debugLog() throws Exception {
        return Files.readString(tmp.resolve("d/regtest/debug.log"));
    }

    @Test
    void aPassphraseNeverReachesTheIpcTraceLogAndIpcLoggingIsOnAgainAfterwards() throws Exception {
        RpcClient rpc = start("-debug=ipc", "-loglevel=ipc:trace");
        assertEquals(0, get(rpc.call("getblockcount")).asInt());
        assertTrue(debugLog().contains("\"method\\\\\":\\\\\"getblockcount"), "the fake logs request data at trace level:\n" + debugLog());

        assertEquals("fx", get(rpc.call("createwallet", "fx", false, false, "hunter2".toCharArray(), false, true, true)).path("name").asText());
        assertTrue(get(rpc.callWallet("fx", "walletpassphrase", "hunter2".toCharArray(), 60)).isNull());
        assertTrue(get(rpc.callWallet("fx", "getwalletinfo")).path("unlocked_until").asLong() > 0, "unlocked: the passphrase arrived intact");
        get(client.rpc(ServerThread.CONSOLE).callSecret("fx", "walletpassphrase", "hunter2", 60));

        String log = debugLog();
        assertFalse(log.contains("hunter2"), "the passphrase is in debug.log:\n" + log);
        assertTrue(get(rpc.call("logging")).path("ipc").asBoolean(), "ipc logging is on again");
        get(rpc.call("getblockcount"));
        assertTrue(debugLog().lines().filter(l -> l.contains("getblockcount")).count() >= 2, "and logs again");
    }

    @Test
    void withoutIpcLoggingNothingIsSwitched() throws Exception {
        RpcClient rpc = start();
        get(rpc.call("createwallet", "fx", false, false, "hunter2".toCharArray(), false, true, true));
        assertTrue(get(rpc.callWallet("fx", "walletpassphrase", "hunter2".toCharArray(), 60)).isNull());
        assertFalse(get(rpc.call("logging")).path("ipc").asBoolean(), "ipc logging stays off");
    }

    @Test
    void aPassphraseIsNotSentWhenIpcLoggingCannotBeSwitchedOff() throws Exception {
        RpcClient rpc = start("-debug=ipc", "-loglevel=ipc:trace");
        get(rpc.call("createwallet", "fx", false, false, "hunter2".toCharArray(), false, true, true));
        get(rpc.callWallet("fx", "walletlock"));
        // a node whose logging RPC refuses (as an older or restricted one might)
        node.state().rpc().register(new FakeRpcMethod("logging", "control", "Refuses.", List.of(), c -> {
            throw new FakeRpcException(-1, "logging is not available");
        }));
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> get(rpc.callWallet("fx", "walletpassphrase", "hunter2".toCharArray(), 60)));
        IllegalStateException refused = assertInstanceOf(IllegalStateException.class, e.getCause());
        assertEquals("walletpassphrase was not sent: the node's ipc logging, which can write a call's params to debug.log, "
                + "could not be switched off around it: RPC error -1: logging is not available", refused.getMessage());
        assertEquals(0, get(rpc.callWallet("fx", "getwalletinfo")).path("unlocked_until").asLong(), "still locked");
        assertFalse(debugLog().contains("hunter2"));
        assertEquals(JsonNodeFactory.instance.numberNode(0), get(rpc.call("getblockcount")), "other calls go on");
    }

    /**
     * The node goes away before a secret call: the call fails as a lost connection
     * ({@link org.bitcoinfx.ipc.DisconnectedException}), not as a logging refusal, so a send can tell
     * the user that nothing was sent because the node went (NodeKillTest found it).
     */
    @Test
    void aSecretCallOnALostConnectionFailsAsDisconnected() throws Exception {
        RpcClient rpc = start("-debug=ipc");
        get(rpc.call("createwallet", "fx", false, false, "hunter2".toCharArray(), false, true, true));
        node.close(); // the node's sockets close under the client
        ExecutionException gone = assertThrows(ExecutionException.class, () -> get(client.closed()));
        assertInstanceOf(org.bitcoinfx.ipc.DisconnectedException.class, gone.getCause());
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> get(rpc.callWallet("fx", "walletpassphrase", "hunter2".toCharArray(), 60)));
        assertInstanceOf(org.bitcoinfx.ipc.DisconnectedException.class, e.getCause(), String.valueOf(e.getCause()));
        assertTrue(e.getCause().getMessage().startsWith("walletpassphrase was not sent: "), e.getCause().getMessage());
    }
}
