package org.bitcoinfx.gui.mempool;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.bitcoinfx.gui.node.ConnectionScope;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.ipc.RpcClient;
import org.bitcoinfx.ipc.ServerThread;

/**
 * The Mempool page's node calls, as records ({@code src/rpc/mempool.cpp}, {@code src/rpc/rawtransaction.cpp}), on the
 * node's {@link ServerThread#POLL} thread. Futures complete on IPC threads, except {@link #snapshot}'s, which
 * reduces the whole mempool on the {@code bitcoinfx-mempool} thread (never the JavaFX thread). Failures are the
 * client's: {@link org.bitcoinfx.ipc.JsonRpcException} with the node's words for a refusal (e.g. "Transaction not in
 * mempool" once it was mined).
 */
public final class MempoolService {
    /** Entries kept in {@link MempoolSnapshot#recent()}. */
    public static final int RECENT = 100;
    /** One daemon thread for every connection's reductions: the histogram of 50,000 entries takes milliseconds. */
    private static final ExecutorService REDUCE = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "bitcoinfx-mempool");
        t.setDaemon(true);
        return t;
    });

    private final NodeClient client;

    /** @param client the connected node */
    public MempoolService(NodeClient client) {
        this.client = client;
    }

    /** @return the connection's one MempoolService */
    public static MempoolService of(ConnectionScope scope) {
        return scope.service(MempoolService.class, s -> new MempoolService(s.client()));
    }

    private RpcClient rpc() {
        return client.rpc(ServerThread.POLL);
    }

    /** {@code getmempoolinfo}. */
    public CompletableFuture<MempoolStats> stats() {
        return rpc().call("getmempoolinfo").thenApply(MempoolStats::parse);
    }

    /** {@code getrawmempool true}, parsed and reduced to a {@link MempoolSnapshot} off the JavaFX thread. */
    public CompletableFuture<MempoolSnapshot> snapshot() {
        return rpc().call("getrawmempool", true)
                .thenApplyAsync(map -> MempoolSnapshot.of(MempoolEntry.parseMap(map), RECENT), REDUCE);
    }

    /**
     * The transaction's details: {@code getmempoolentry}, {@code getrawtransaction txid 1},
     * {@code getmempoolancestors txid true} and {@code getmempooldescendants txid true} (the last three together, once
     * the entry is there).
     *
     * @throws org.bitcoinfx.ipc.JsonRpcException (in the future) the node's refusal, e.g. the transaction left the mempool
     */
    public CompletableFuture<TxDetails> details(String txid) {
        // the entry first: once it is there, a refusal of the others is about the same transaction; if it is
        // refused (mined, evicted), its words are the ones shown
        return rpc().call("getmempoolentry", txid).thenApply(e -> MempoolEntry.parse(txid, e)).thenCompose(entry -> {
            CompletableFuture<DecodedTx> tx = rpc().call("getrawtransaction", txid, 1).thenApply(DecodedTx::parse);
            CompletableFuture<List<MempoolEntry>> anc = rpc().call("getmempoolancestors", txid, true).thenApply(m -> family(m, txid));
            CompletableFuture<List<MempoolEntry>> desc = rpc().call("getmempooldescendants", txid, true).thenApply(m -> family(m, txid));
            return CompletableFuture.allOf(tx, anc, desc).thenApply(v -> new TxDetails(entry, tx.join(), anc.join(), desc.join()));
        });
    }

    private static List<MempoolEntry> family(com.fasterxml.jackson.databind.JsonNode map, String self) {
        return MempoolEntry.parseMap(map).stream().filter(e -> !e.txid().equals(self))
                .sorted(Comparator.comparing(MempoolEntry::txid)).toList();
    }
}
