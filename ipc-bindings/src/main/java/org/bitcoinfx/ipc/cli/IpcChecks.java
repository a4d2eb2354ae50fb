package org.bitcoinfx.ipc.cli;

import static org.bitcoinfx.ipc.cli.ConformanceCheck.expect;
import static org.bitcoinfx.ipc.cli.ConformanceCheck.failure;
import static org.bitcoinfx.ipc.cli.ConformanceCheck.get;
import static org.bitcoinfx.ipc.cli.ConformanceCheck.getServed;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.BlockCheckOptions;
import org.bitcoinfx.ipc.BlockCheckResult;
import org.bitcoinfx.ipc.BlockCreateOptions;
import org.bitcoinfx.ipc.BlockRef;
import org.bitcoinfx.ipc.BlockTemplate;
import org.bitcoinfx.ipc.CoinbaseTx;
import org.bitcoinfx.ipc.IpcException;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.ipc.JsonRpcException;
import org.bitcoinfx.ipc.RemoteException;
import org.bitcoinfx.ipc.cli.ConformanceCheck.Skip;

/**
 * The check's rows from Bitcoin Core's {@code test/functional/interface_ipc.py}, one or more per
 * assertion a client can make, each naming its test function: echo and destroy, the Mining
 * inspectors, the deprecated {@code makeMiningOld2}, a disconnect during {@code waitNext}, and
 * several {@code waitNext} queued on one server Thread.
 */
final class IpcChecks {
    static final String SOURCE = "interface_ipc.py";
    private final ConformanceCheck c;

    IpcChecks(ConformanceCheck c) {
        this.c = c;
    }

    void run() {
        c.check(SOURCE, "run_echo_test", "Echo.echo", () -> {
            for (String s : new String[] {"hallo", "", "Grüße ₿ 🚀", "x".repeat(100_000)}) {
                String back = get(c.client().echo(s));
                expect(back.equals(s), "echo of " + s.length() + " chars came back as " + back.length() + " chars");
            }
            return "4 strings, up to 100000 chars";
        });
        c.check(SOURCE, "run_mining_test", "Mining.isTestChain", () -> {
            boolean test = get(c.client().mining().isTestChain());
            expect(test == !c.chain().equals("main"), "isTestChain=" + test + " on chain " + c.chain());
            return String.valueOf(test);
        });
        c.check(SOURCE, "run_mining_test", "Mining.isInitialBlockDownload", () -> {
            boolean ibd = get(c.client().mining().isInitialBlockDownload());
            boolean rpcIbd = get(c.client().rpc().call("getblockchaininfo")).path("initialblockdownload").asBoolean();
            expect(ibd == rpcIbd, "isInitialBlockDownload=" + ibd + " but getblockchaininfo says " + rpcIbd);
            return String.valueOf(ibd);
        });
        c.check(SOURCE, "run_mining_test", "Mining.getTip = getbestblockhash", () -> {
            c.setTip(get(c.client().mining().getTip()).orElseThrow(() -> new AssertionError("no tip")));
            String best = get(c.client().rpc().call("getbestblockhash")).asText();
            int count = get(c.client().rpc().call("getblockcount")).asInt();
            expect(c.tip().hashHex().equals(best) && c.tip().height() == count,
                    "getTip " + c.tip() + " but RPC says " + count + " " + best);
            return c.tip().height() + " " + best.substring(0, 16) + "…";
        });
        c.check(SOURCE, "run_deprecated_mining_test", "Init.makeMiningOld2 refused", () -> {
            Throwable t = failure(c.client().makeMiningOld2());
            expect(t instanceof RemoteException r && r.type() == IpcException.Type.FAILED
                    && r.reason().contains("Old mining interface (@2) not supported"), "got " + t);
            return "FAILED: " + ((RemoteException) t).reason();
        });
    }
}
