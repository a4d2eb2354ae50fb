package org.bitcoinfx.gui.blocks;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.bitcoinfx.gui.node.ConnectionScope;
import org.bitcoinfx.gui.util.Fx;
import org.bitcoinfx.ipc.JsonRpcException;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.ipc.RpcClient;
import org.bitcoinfx.ipc.ServerThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Blocks page's node calls, as records, on the node's {@link ServerThread#POLL} thread. Futures complete on IPC threads. */
public final class BlocksService {
    private static final Logger LOG = LoggerFactory.getLogger(BlocksService.class);
    private final NodeClient client;

    /** @param client the connected node */
    public BlocksService(NodeClient client) {
        this.client = client;
    }

    /** @return the connection's one BlocksService */
    public static BlocksService of(ConnectionScope scope) {
        return scope.service(BlocksService.class, s -> new BlocksService(s.client()));
    }

    private RpcClient rpc() {
        return client.rpc(ServerThread.POLL);
    }

    /** {@code getblockhash <height>} ({@code src/rpc/blockchain.cpp}): the hash, display hex. */
    public CompletableFuture<String> blockHash(int height) {
        return rpc().call("getblockhash", height).thenApply(n -> n.asText());
    }

    /** {@code getblock <hash> 1} ({@code src/rpc/blockchain.cpp}). */
    public CompletableFuture<BlockInfo> block(String hash) {
        return rpc().call("getblock", hash, 1).thenApply(BlockInfo::parse);
    }

    /** {@code getblockstats <hash> ["totalfee"]} ({@code src/rpc/blockchain.cpp}). */
    public CompletableFuture<BlockStats> blockStats(String hash) {
        return rpc().call("getblockstats", hash, List.of("totalfee")).thenApply(BlockStats::parse);
    }

    /**
     * One row: {@link #block} and {@link #blockStats}; the fee is -1 (unknown) when the stats fail
     * (pruned, no undo data: logged at debug; any other failure at warn).
     */
    public CompletableFuture<BlockRow> row(int height, String hash) {
        CompletableFuture<Long> fee = blockStats(hash).thenApply(BlockStats::totalFee).exceptionally(e -> {
            if (Fx.unwrap(e) instanceof JsonRpcException) {
                LOG.debug("getblockstats {}: {}", height, Fx.message(e));
            } else {
                LOG.warn("getblockstats {} failed: {}", height, Fx.message(e));
            }
            return -1L;
        });
        return block(hash).thenCombine(fee, BlockRow::of);
    }
}
