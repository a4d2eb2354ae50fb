package org.bitcoinfx.gui.snapshot;

import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.bitcoinfx.gui.node.ConnectionScope;
import org.bitcoinfx.gui.util.Fx;
import org.bitcoinfx.ipc.JsonRpcException;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.ipc.ServerThread;

/**
 * The node calls of loading a UTXO snapshot (AssumeUTXO). {@code loadtxoutset} runs on the node's
 * {@link ServerThread#SNAPSHOT} Thread, its own: on mainnet it takes minutes, during which the polls, the console
 * and the wallet go on, each on its Thread. Futures complete on IPC threads.
 */
public final class SnapshotService {
    /** {@code RPC_INVALID_ADDRESS_OR_KEY}: {@code getblockheader}'s "Block not found". */
    static final int BLOCK_NOT_FOUND = -5;

    private final NodeClient client;

    /** @param client the connected node */
    public SnapshotService(NodeClient client) {
        this.client = client;
    }

    /** @return the connection's one SnapshotService */
    public static SnapshotService of(ConnectionScope scope) {
        return scope.service(SnapshotService.class, s -> new SnapshotService(s.client()));
    }

    /**
     * {@code loadtxoutset <path>} ({@code src/rpc/blockchain.cpp}): loads the snapshot into a second chainstate.
     *
     * @param file the snapshot, as the node's process can read it (absolute)
     * @return the result; fails with a {@link JsonRpcException} carrying the node's refusal (e.g. -32603 "Unable to
     *         load UTXO snapshot: The base block header (…) must appear in the headers chain…", -22 "Unable to parse
     *         metadata: …", -8 "Couldn't open file … for reading.")
     */
    public CompletableFuture<SnapshotLoad> load(Path file) {
        return client.rpc(ServerThread.SNAPSHOT).call("loadtxoutset", file.toAbsolutePath().toString()).thenApply(SnapshotLoad::parse);
    }

    /**
     * {@code getblockheader <hash>} ({@code src/rpc/blockchain.cpp}) on the poll Thread: whether the node has the
     * header of a block yet.
     *
     * @return its height, or empty while the node does not know the block ("Block not found")
     */
    public CompletableFuture<OptionalInt> headerHeight(String blockHash) {
        return client.rpc(ServerThread.POLL).call("getblockheader", blockHash, true)
                .handle((h, e) -> {
                    if (e == null) {
                        return OptionalInt.of(h.path("height").asInt());
                    }
                    if (Fx.unwrap(e) instanceof JsonRpcException j && j.code() == BLOCK_NOT_FOUND) {
                        return OptionalInt.empty();
                    }
                    throw e instanceof CompletionException c ? c : new CompletionException(e);
                });
    }
}
