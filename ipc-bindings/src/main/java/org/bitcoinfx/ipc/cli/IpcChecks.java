package org.bitcoinfx.ipc.cli;

import static org.bitcoinfx.ipc.cli.ConformanceCheck.expect;
import static org.bitcoinfx.ipc.cli.ConformanceCheck.failure;
import static org.bitcoinfx.ipc.cli.ConformanceCheck.get;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.bitcoinfx.ipc.BlockCreateOptions;
import org.bitcoinfx.ipc.BlockTemplate;
import org.bitcoinfx.ipc.IpcException;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.ipc.RemoteException;
import org.bitcoinfx.ipc.ServerThread;
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
        c.check(SOURCE, "run_echo_test", "Echo.echo of \"hallo\", \"\", \"haha\"", () -> {
            for (String s : new String[] {"hallo", "", "haha"}) {
                String back = get(c.client().echo(s));
                expect(back.equals(s), "echo of \"" + s + "\" came back as \"" + back + "\"");
            }
            return "3 strings back as sent";
        });
        c.check(SOURCE, "run_echo_test", "Echo.echo of non-ASCII text and 100000 chars", () -> {
            for (String s : new String[] {"Grüße ₿ 🚀 日本語", "x".repeat(100_000)}) {
                String back = get(c.client().echo(s));
                expect(back.equals(s), "echo of " + s.length() + " chars came back as " + back.length() + " chars");
            }
            return "UTF-8 text and 100000 chars back as sent";
        });
        c.check(SOURCE, "run_echo_test", "Echo.destroy, then a new Echo answers", () -> {
            get(c.client().destroyEcho());
            String back = get(c.client().echo("after destroy"));
            expect(back.equals("after destroy"), "a new Echo answered " + back);
            return "destroyed; Init.makeEcho made another";
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
        c.check(SOURCE, "run_mining_test", "Mining.getTip = getbestblockhash, height of getchaintips", () -> {
            c.setTip(get(c.client().mining().getTip()).orElseThrow(() -> new AssertionError("getTip has no result")));
            expect(c.tip().hash().length == 32, "a hash of " + c.tip().hash().length + " bytes");
            String best = get(c.client().rpc().call("getbestblockhash")).asText();
            JsonNode tips = get(c.client().rpc().call("getchaintips"));
            int height = tips.path(0).path("height").asInt(-1);
            expect(c.tip().hashHex().equals(best) && c.tip().height() == height,
                    "getTip " + c.tip() + " but RPC says " + height + " " + best);
            return c.tip().height() + " " + best.substring(0, 16) + "…";
        });
        c.check(SOURCE, "run_deprecated_mining_test", "Init.makeMiningOld2 refused", () -> {
            Throwable t = failure(c.client().makeMiningOld2());
            expect(t instanceof RemoteException r && r.type() == IpcException.Type.FAILED
                    && r.reason().equals("std::exception: Old mining interface (@2) not supported. Please update your client!"), "got " + t);
            return "FAILED: " + ((RemoteException) t).reason();
        });
        c.check(SOURCE, "run_unclean_disconnect_test", "Disconnect during BlockTemplate.waitNext: canceled, the node stays up", this::uncleanDisconnect);
        c.check(SOURCE, "run_thread_busy_test", "Three BlockTemplate.waitNext queued on one server Thread all return after a block", this::threadBusy);
    }

    /**
     * A second connection sends {@code waitNext} and goes away while it waits; the node logs the
     * disconnect and the cancel, and once a block ends the wait, that it was interrupted; it stays up
     * (bitcoin/bitcoin#34250 made it crash).
     */
    private String uncleanDisconnect() throws Exception {
        if (!c.regtest()) {
            throw new Skip("would mine a block: regtest only (chain " + c.chain() + ")");
        }
        NodeDebugLog log = NodeDebugLog.of(c.client());
        long mark = log.mark();
        CompletableFuture<Optional<BlockTemplate>> wait;
        try (IpcNodeClient second = IpcNodeClient.connect(c.socket())) {
            BlockTemplate t = get(second.mining().createNewBlock(BlockCreateOptions.DEFAULT, false))
                    .orElseThrow(() -> new AssertionError("no template"));
            wait = t.waitNext(1, Duration.ofSeconds(60));
            // the node reads one connection's messages in order: once this answer is in, waitNext was received and posted
            get(second.echo(ServerThread.CONSOLE, "after waitNext"));
        }
        Throwable gone = failure(wait);
        expect(gone instanceof org.bitcoinfx.ipc.DisconnectedException, "the pending waitNext ended with " + gone);
        log.await(mark, Duration.ofSeconds(30), "IPC server: socket disconnected");
        // the cancel: "while executing" once the node's thread runs the call (the Python test's case, after it saw the
        // post in -debug=ipc output a client does not have), "before it could be executed" if the disconnect came first
        String cancel = log.awaitAny(mark, Duration.ofSeconds(30), "canceled while executing", "canceled before it could be executed");
        get(c.client().rpc().call("generatetodescriptor", 1, "raw(51)"));
        if (cancel.contains("while executing")) {
            log.await(mark, Duration.ofSeconds(30), "interrupted (canceled)");
        }
        expect(get(c.client().echo("still up")).equals("still up"), "the node does not answer");
        c.setTip(get(c.client().mining().getTip()).orElse(null)); // a block was mined: later rows start from the new tip
        return cancel.contains("while executing")
                ? "logged the disconnect, the cancel while executing and, after a block, the interrupt; still answering"
                : "logged the disconnect and the cancel before it could be executed; still answering";
    }

    /**
     * Three {@code waitNext} on one server Thread of a second connection: the first executes, the
     * other two queue behind it (bitcoin/bitcoin#33923 made the third fail); one block ends all three
     * with a new template.
     */
    private String threadBusy() throws Exception {
        if (!c.regtest()) {
            throw new Skip("would mine a block: regtest only (chain " + c.chain() + ")");
        }
        try (IpcNodeClient second = IpcNodeClient.connect(c.socket())) {
            BlockTemplate t = get(second.mining().createNewBlock(BlockCreateOptions.DEFAULT, false))
                    .orElseThrow(() -> new AssertionError("no template"));
            if (!(t instanceof org.bitcoinfx.ipc.IpcBlockTemplate ipc)) {
                throw new AssertionError("not an IPC template: " + t);
            }
            List<CompletableFuture<Optional<BlockTemplate>>> waits = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                waits.add(ipc.waitNextOn(ServerThread.POLL, 1, Duration.ofSeconds(60)));
            }
            get(second.echo(ServerThread.CONSOLE, "after three waitNext")); // all three received and posted
            expect(waits.stream().noneMatch(CompletableFuture::isDone), "a waitNext returned before the block");
            get(c.client().rpc().call("generatetodescriptor", 1, "raw(51)"));
            int n = 0;
            for (CompletableFuture<Optional<BlockTemplate>> w : waits) {
                Optional<BlockTemplate> next = get(w);
                expect(next.isPresent(), "waitNext #" + (n + 1) + " returned no template after the block");
                next.get().close();
                n++;
            }
            t.close();
            c.setTip(get(c.client().mining().getTip()).orElse(null)); // a block was mined: later rows start from the new tip
            return n + " new templates, one per queued waitNext";
        }
    }
}
