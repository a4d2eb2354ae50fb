package org.bitcoinfx.ipc;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The node's Mining interface: mirrors {@code interface Mining} in Bitcoin Core
 * {@code src/ipc/capnp/mining.capnp} ({@code @0}…{@code @9}) and {@code interfaces::Mining} in
 * {@code src/interfaces/mining.h}. Every method is asynchronous and never blocks its caller;
 * futures fail with {@link IpcException} (or a subclass).
 *
 * <p>{@code submitBlock @7}, {@code getTransactionsByTxID @8} and {@code getTransactionsByWitnessID @9}
 * were added to Bitcoin Core master after the 31.x branch (2026-05-26 and 2026-05-28): a v31.99 node
 * built before then answers them with a {@link RemoteException} of type
 * {@link IpcException.Type#UNIMPLEMENTED}, which callers treat as "not served by this node (older schema)".
 */
public interface Mining {
    /** {@code isTestChain @0}: true on test networks (regtest, signet, testnet). */
    CompletableFuture<Boolean> isTestChain();

    /** {@code isInitialBlockDownload @1}: true while the node is in IBD. */
    CompletableFuture<Boolean> isInitialBlockDownload();

    /** {@code getTip @2}: the current tip, or empty before the chainstate has one. */
    CompletableFuture<Optional<BlockRef>> getTip();

    /**
     * {@code waitTipChanged @3}: waits until the tip is no longer {@code currentTip}, or the
     * timeout passes. Runs on a server thread of its own so that it never queues other calls.
     *
     * @param currentTip the tip hash the caller knows, 32 bytes internal order
     * @param timeout    how long to wait (sent as milliseconds); null for forever
     * @return the new tip, the current tip on timeout, or empty if {@link #interrupt()} was called
     */
    CompletableFuture<Optional<BlockRef>> waitTipChanged(byte[] currentTip, Duration timeout);

    /**
     * {@code createNewBlock @4}: a new block template on the current tip.
     *
     * @param cooldown if true, also wait for IBD and header catch-up to end
     * @return the template (close it when done), or empty if interrupted
     */
    CompletableFuture<Optional<BlockTemplate>> createNewBlock(BlockCreateOptions options, boolean cooldown);

    /** {@code checkBlock @5}: checks a serialized block (with witness data) without submitting it. */
    CompletableFuture<BlockCheckResult> checkBlock(byte[] block, BlockCheckOptions options);

    /** {@code interrupt @6}: makes waitTipChanged and createNewBlock on this object return empty; the flag stays set. */
    CompletableFuture<Void> interrupt();

    /**
     * {@code submitBlock @7} (Bitcoin Core master since 2026-05-26): submits a serialized block (with
     * witness data). Fails with UNIMPLEMENTED on an older schema.
     */
    CompletableFuture<BlockCheckResult> submitBlock(byte[] block);

    /**
     * {@code getTransactionsByTxID @8} (Bitcoin Core master since 2026-05-28): serialized mempool
     * transactions; an empty entry means not found. Ids are 32 bytes, internal order. Fails with
     * UNIMPLEMENTED on an older schema.
     */
    CompletableFuture<List<byte[]>> getTransactionsByTxID(List<byte[]> txids);

    /** {@code getTransactionsByWitnessID @9} (added with @8): as {@link #getTransactionsByTxID} by wtxid. */
    CompletableFuture<List<byte[]>> getTransactionsByWitnessID(List<byte[]> wtxids);

    /**
     * Whether this connection's node serves {@code BlockTemplate.submitSolution @10} (Bitcoin Core
     * master since 2026-06-16): empty until a {@link BlockTemplate#submitSolution} has been answered
     * on this connection, then true, or false if the node answered UNIMPLEMENTED (an older schema) and
     * {@link BlockTemplate#submitSolution} submits through {@code @7} instead (no reason or debug text).
     * The default, for clients that do not track it, is empty.
     */
    default Optional<Boolean> servesSubmitSolution10() {
        return Optional.empty();
    }
}
