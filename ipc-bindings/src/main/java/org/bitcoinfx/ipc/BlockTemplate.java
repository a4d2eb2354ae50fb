package org.bitcoinfx.ipc;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A block template held by the node: mirrors {@code interface BlockTemplate} in Bitcoin Core
 * {@code src/ipc/capnp/mining.capnp} and {@code interfaces::BlockTemplate}. {@link #close()} calls
 * {@code destroy @0} and then releases the capability; never use a template after that.
 */
public interface BlockTemplate extends AutoCloseable {
    /** {@code getBlockHeader @1}: the 80-byte serialized header. */
    CompletableFuture<byte[]> getBlockHeader();

    /** {@code getBlock @2}: the serialized block, with witness data, coinbase included. */
    CompletableFuture<byte[]> getBlock();

    /** {@code getTxFees @3}: the fee of each non-coinbase transaction, in sat. */
    CompletableFuture<List<Long>> getTxFees();

    /** {@code getTxSigops @4}: the sigop cost of each non-coinbase transaction. */
    CompletableFuture<List<Long>> getTxSigops();

    /** {@code getCoinbaseTx @5}: what the coinbase must hold. */
    CompletableFuture<CoinbaseTx> getCoinbaseTx();

    /** {@code getCoinbaseMerklePath @6}: merkle branch of the coinbase, 32-byte hashes. */
    CompletableFuture<List<byte[]>> getCoinbaseMerklePath();

    /**
     * {@code submitSolution @10}: submits the block with the given header fields and coinbase. On a
     * node whose schema predates @10 (Bitcoin Core master before 2026-06-16) the typed client submits
     * through {@code submitSolutionOld7 @7}, that schema's {@code submitSolution}, which answers only
     * accepted or not: the result's reason and debug are then empty (see
     * {@link Mining#servesSubmitSolution10()}).
     *
     * @param version   block version
     * @param timestamp block time, seconds since the epoch (UInt32)
     * @param nonce     the nonce (UInt32)
     * @param coinbase  the serialized coinbase transaction (with witness); empty counts as null
     */
    CompletableFuture<BlockCheckResult> submitSolution(int version, int timestamp, int nonce, byte[] coinbase);

    /**
     * {@code waitNext @8}: waits for a better template: fees up by {@code feeThresholdSat} or a
     * new tip. Runs on a server thread of its own.
     *
     * @param feeThresholdSat fee rise that counts, in sat
     * @param timeout         how long to wait (sent as milliseconds); null for forever
     * @return the new template, or empty on timeout or interrupt
     */
    CompletableFuture<Optional<BlockTemplate>> waitNext(long feeThresholdSat, Duration timeout);

    /** {@code interruptWait @9}: makes a pending or the next waitNext return empty. */
    CompletableFuture<Void> interruptWait();

    /** {@code destroy @0}, then Release. Waits for the destroy to be answered (bounded). */
    @Override
    void close();
}
