package org.bitcoinfx.gui.console;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.bitcoinfx.gui.node.ConnectionScope;
import org.bitcoinfx.gui.wallet.SensitiveRpc;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.ipc.RawResult;
import org.bitcoinfx.ipc.RpcClient;
import org.bitcoinfx.ipc.ServerThread;

/**
 * The console's node calls: any method by name, as typed (raw JSON by nature), on the node's
 * {@link ServerThread#CONSOLE} thread, and {@code help} for completion. Futures complete on IPC threads.
 */
public final class ConsoleService {
    private final NodeClient client;

    /** @param client the connected node */
    public ConsoleService(NodeClient client) {
        this.client = client;
    }

    /** @return the connection's one ConsoleService */
    public static ConsoleService of(ConnectionScope scope) {
        return scope.service(ConsoleService.class, s -> new ConsoleService(s.client()));
    }

    /**
     * Runs a typed command. A method that takes a passphrase or key ({@link SensitiveRpc#isSensitive})
     * is sent with the node's ipc trace logging off ({@link RpcClient#callSecret}); any other is sent with
     * {@link RpcClient#callRaw}: the answer stays the reply's bytes (no tree of a multi-MB {@code getblock}), read
     * through once on an IPC thread so a truncated or malformed reply fails here.
     *
     * @param wallet the wallet for wallet calls ({@code /wallet/<name>}), or null for none
     * @return the node's {@code result}; fails with {@link org.bitcoinfx.ipc.JsonRpcException} (the node's refusal,
     *     in its words) or {@link org.bitcoinfx.ipc.IpcException} (the call or its reply failed)
     */
    public CompletableFuture<RawResult> execute(String wallet, CommandLine cmd) {
        RpcClient rpc = client.rpc(ServerThread.CONSOLE);
        Object[] params = cmd.params().toArray();
        return SensitiveRpc.isSensitive(cmd.method())
                ? rpc.callSecret(wallet, cmd.method(), params).thenApply(RawResult::of)
                : rpc.callRaw(wallet, cmd.method(), params);
    }

    /** {@code help} ({@code src/rpc/server.cpp}): the node's method names. */
    public CompletableFuture<List<String>> commands() {
        return client.rpc().call("help").thenApply(r -> parseHelp(r.asText()));
    }

    /** @return the method names in a {@code help} reply */
    static List<String> parseHelp(String help) {
        List<String> out = new ArrayList<>();
        for (String line : help.split("\n")) {
            String t = line.trim();
            if (t.isEmpty() || t.startsWith("==")) {
                continue;
            }
            out.add(t.split("\\s+", 2)[0]);
        }
        return out;
    }
}
