package org.bitcoinfx.gui.mining;

import org.bitcoinfx.ipc.BlockCheckResult;

/**
 * The outcome of mining one block on a template.
 *
 * @param result       {@code submitSolution}'s answer: accepted, or the node's reason and debug text
 * @param blockHash    the hash of the block submitted, display hex
 * @param height       its height
 * @param nonce        the winning nonce
 * @param hashes       header hashes tried
 * @param millis       time spent grinding, ms
 * @param coinbaseTxid the coinbase's txid, display hex
 */
public record MineResult(BlockCheckResult result, String blockHash, long height, long nonce, long hashes, long millis, String coinbaseTxid) {
}
