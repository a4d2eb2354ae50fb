package org.bitcoinfx.gui.blocks;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the Blocks page uses of {@code getblockheader <hash>} (Bitcoin Core {@code src/rpc/blockchain.cpp},
 * {@code getblockheader}, verbose; {@code blockheaderToJSON}). The node answers it from its block index,
 * so it works for a block whose data was pruned.
 *
 * @param hash          block hash, display hex
 * @param height        block height
 * @param time          block time, seconds since the epoch
 * @param nTx           number of transactions, coinbase included; -1 if absent
 * @param confirmations confirmations, -1 if the block is not on the active chain
 */
public record BlockHeaderInfo(String hash, int height, long time, int nTx, int confirmations) {

    /** Parses a {@code getblockheader <hash>} reply. */
    public static BlockHeaderInfo parse(JsonNode h) {
        return new BlockHeaderInfo(h.path("hash").asText(), h.path("height").asInt(), h.path("time").asLong(),
                h.path("nTx").asInt(-1), h.path("confirmations").asInt(-1));
    }
}
