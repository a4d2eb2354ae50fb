package org.bitcoinfx.gui.blocks;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the Blocks page uses of {@code getblock <hash> 1} (Bitcoin Core {@code src/rpc/blockchain.cpp},
 * {@code getblock}, verbosity 1).
 *
 * @param hash   block hash, display hex
 * @param height block height
 * @param time   block time, seconds since the epoch
 * @param nTx    number of transactions, coinbase included
 * @param size   serialized size with witness data, bytes
 * @param weight block weight, WU (BIP 141)
 */
public record BlockInfo(String hash, int height, long time, int nTx, long size, long weight) {

    /** Parses a {@code getblock <hash> 1} reply. */
    public static BlockInfo parse(JsonNode b) {
        return new BlockInfo(b.path("hash").asText(), b.path("height").asInt(), b.path("time").asLong(),
                b.path("nTx").asInt(), b.path("size").asLong(), b.path("weight").asLong());
    }
}
