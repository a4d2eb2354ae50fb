package org.bitcoinfx.gui.blocks;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.concurrent.CompletableFuture;
import org.bitcoinfx.gui.node.ConnectionScope;
import org.bitcoinfx.gui.util.Fx;
import org.bitcoinfx.ipc.JsonRpcException;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.ipc.RpcClient;
import org.bitcoinfx.ipc.ServerThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Blocks page's node calls, as records, on the node's {@link ServerThread#POLL} thread. A block whose
 * data the node pruned is a {@link BlockRow#pruned()} row built from its header, not a failure. Futures
 * complete on IPC threads.
 */
public final class BlocksService {
    private static final Logger LOG = LoggerFactory.getLogger(BlocksService.class);
    /**
     * The node's words for a block whose data was pruned, with {@code RPC_MISC_ERROR} (-1): Bitcoin Core
     * {@code src/rpc/blockchain.cpp} {@code CheckBlockDataAvailability}.
     */
    public static final String PRUNED_MESSAGE = "Block not available (pruned data)";
    /** {@code RPC_MISC_ERROR} ({@code src/rpc/protocol.h}). */
    static final int RPC_MISC_ERROR = -1;
    /** A block hash in display hex. */
    private static final Pattern HASH = Pattern.compile("[0-9a-fA-F]{64}");
    /** A height as typed: digits, at most 9 (a billion blocks; {@code getblockhash} takes an int). */
    private static final Pattern HEIGHT = Pattern.compile("[0-9]{1,9}");
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

    /** {@code getblockheader <hash>} ({@code src/rpc/blockchain.cpp}): answered from the block index, pruned or not. */
    public CompletableFuture<BlockHeaderInfo> header(String hash) {
        return rpc().call("getblockheader", hash).thenApply(BlockHeaderInfo::parse);
    }

    /** {@code getblockstats <hash> ["totalfee"]} ({@code src/rpc/blockchain.cpp}). */
    public CompletableFuture<BlockStats> blockStats(String hash) {
        return rpc().call("getblockstats", hash, List.of("totalfee")).thenApply(BlockStats::parse);
    }

    /**
     * @param e a failure of {@link #block} (wrapped or not)
     * @return true if it is the node's answer for a block whose data was pruned ({@link #PRUNED_MESSAGE}, code -1)
     */
    public static boolean isPruned(Throwable e) {
        return Fx.unwrap(e) instanceof JsonRpcException j && j.code() == RPC_MISC_ERROR && PRUNED_MESSAGE.equals(j.rpcMessage());
    }

    /**
     * One row: {@link #block} and {@link #blockStats}; the fee is -1 (unknown) when the stats fail
     * (pruned, no undo data: logged at debug; any other failure at warn). A block the node pruned
     * ({@link #isPruned}) is a {@link BlockRow#pruned} row from {@link #header}.
     *
     * @throws java.util.concurrent.CompletionException (in the future) with the node's {@link JsonRpcException} for
     *         any other refusal (e.g. "Block not found"), or the IPC failure
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
        return block(hash).thenCombine(fee, BlockRow::of).exceptionallyCompose(e -> isPruned(e)
                ? header(hash).thenApply(BlockRow::pruned)
                : CompletableFuture.failedFuture(Fx.unwrap(e)));
    }

    /**
     * A block by height or hash, as the Blocks page's "find" field takes it: {@code getblockhash} or
     * {@code getblockheader}, then {@link #row} (so a pruned block is a pruned row).
     *
     * @param query a height ({@code 0}…) or a block hash (64 hex digits), spaces around it ignored
     * @return the row; fails with {@link IllegalArgumentException} for a query that is neither (nothing is
     *         asked of the node), or with the node's {@link JsonRpcException} in its words (e.g. "Block height
     *         out of range", "Block not found")
     */
    public CompletableFuture<BlockRow> find(String query) {
        String q = query == null ? "" : query.strip();
        if (HEIGHT.matcher(q).matches()) {
            int height = Integer.parseInt(q);
            return blockHash(height).thenCompose(hash -> row(height, hash));
        }
        if (HASH.matcher(q).matches()) {
            String hash = q.toLowerCase(Locale.ROOT);
            return header(hash).thenCompose(h -> row(h.height(), hash));
        }
        return CompletableFuture.failedFuture(new IllegalArgumentException(
                "Type a block height (a whole number, 0 for genesis) or a block hash (64 hexadecimal digits)"));
    }
}
