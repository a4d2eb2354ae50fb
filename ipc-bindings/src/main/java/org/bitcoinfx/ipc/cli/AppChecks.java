package org.bitcoinfx.ipc.cli;

import static org.bitcoinfx.ipc.cli.ConformanceCheck.expect;
import static org.bitcoinfx.ipc.cli.ConformanceCheck.failure;
import static org.bitcoinfx.ipc.cli.ConformanceCheck.get;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.IpcException;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.ipc.JsonRpcException;
import org.bitcoinfx.ipc.RemoteException;

/**
 * The check's rows of the app's own, not taken from a Bitcoin Core test (source {@value #SOURCE}):
 * the RPC warm-up, {@code Rpc.executeRpc} answers and errors in JSON-RPC's shapes, and an
 * unknown {@code Init} ordinal. Runs first: it learns the chain the other suites look at.
 */
final class AppChecks {
    static final String SOURCE = "bitcoinfx";
    private final ConformanceCheck c;

    AppChecks(ConformanceCheck c) {
        this.c = c;
    }

    void run() {
        c.check(SOURCE, "", "Rpc warm-up over (no -28)", () -> {
            // a node just started answers IPC before its RPC warm-up ends (-28); checks start after it
            long t0 = System.nanoTime();
            c.client().rpc().awaitWarmup(Duration.ofSeconds(60)).get(90, TimeUnit.SECONDS);
            return "waited " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms";
        });
        c.check(SOURCE, "", "Rpc.executeRpc getblockchaininfo", () -> {
            JsonNode info = get(c.client().rpc().call("getblockchaininfo"));
            c.setChain(info.path("chain").asText());
            expect(info.has("blocks") && info.has("bestblockhash"), "no blocks/bestblockhash in " + info);
            return "chain " + c.chain() + ", " + info.path("blocks").asInt() + " blocks";
        });
        c.check(SOURCE, "", "Rpc.executeRpc unknown method", () -> {
            Throwable t = failure(c.client().rpc().call("nosuchmethod"));
            expect(t instanceof JsonRpcException j && j.code() == -32601, "expected error -32601, got " + t);
            return "-32601 " + ((JsonRpcException) t).rpcMessage();
        });
        c.check(SOURCE, "", "Rpc.executeRpc invalid JSON", () -> {
            String reply = get(c.client().rpc().executeRaw("not json", "/"));
            JsonNode r = new com.fasterxml.jackson.databind.ObjectMapper().readTree(reply);
            expect(r.path("error").path("code").asInt() == -32700, "expected error -32700, got " + reply);
            return "-32700";
        });
        c.check(SOURCE, "", "Rpc.executeRpc bad param", () -> {
            Throwable t = failure(c.client().rpc().call("getblockhash", "x"));
            expect(t instanceof JsonRpcException j && j.code() == -3, "expected error -3, got " + t);
            return "-3 " + ((JsonRpcException) t).rpcMessage();
        });
        c.check(SOURCE, "", "Rpc.executeRpc wallet uri", () -> {
            Throwable t = failure(c.client().rpc().callWallet("bitcoinfx-no-such-wallet", "getbalances"));
            expect(t instanceof JsonRpcException j && (j.code() == -18 || j.code() == -32601),
                    "expected -18 (wallet not found) or -32601 (no wallet support), got " + t);
            return ((JsonRpcException) t).code() + " " + ((JsonRpcException) t).rpcMessage();
        });
        c.check(SOURCE, "", "Init unknown ordinal @9", () -> {
            Throwable t = failure(c.client().callInitOrdinal((short) 9));
            expect(t instanceof RemoteException r && r.type() == IpcException.Type.UNIMPLEMENTED, "got " + t);
            return "UNIMPLEMENTED";
        });
        c.check(SOURCE, "", "A call with no Context.thread and no pool fails", () -> {
            try (IpcNodeClient fresh = IpcNodeClient.connect(c.socket())) {
                Throwable t = failure(fresh.echoWithoutThread("no thread"));
                expect(t instanceof RemoteException r && r.reason().contains("no thread specified and no pool configured"), "got " + t);
                return ((RemoteException) t).reason();
            }
        });
        c.check(SOURCE, "", "ThreadMap.makePool, then calls with no Context.thread run on the pool", () -> {
            try (IpcNodeClient fresh = IpcNodeClient.connect(c.socket())) {
                get(fresh.makePool(2));
                for (String s : new String[] {"on the pool", "again"}) {
                    String back = get(fresh.echoWithoutThread(s));
                    expect(back.equals(s), "echo on the pool answered " + back);
                }
                Throwable again = failure(fresh.makePool(1));
                expect(again instanceof RemoteException, "a second makePool on the connection was accepted: " + again);
                return "2 threads; echo answered on them; a second makePool refused: " + ((RemoteException) again).reason();
            }
        });
    }
}
