package org.bitcoinfx.gui.blocks;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One row of the Blocks page.
 *
 * @param height   block height
 * @param hash     block hash, display hex
 * @param time     block time, seconds since the epoch
 * @param txCount  number of transactions, coinbase included
 * @param size     serialized size with witness data, bytes
 * @param weight   block weight, WU
 * @param totalFee total fees of the block's transactions, sat; -1 if unknown (e.g. pruned)
 */
public record BlockRow(int height, String hash, long time, int txCount, long size, long weight, long totalFee) {

    /** From a {@code getblock <hash> 1} reply and, if known, {@code getblockstats.totalfee} (sat, or -1). */
    public static BlockRow fromGetBlock(JsonNode b, long totalFee) {
        return new BlockRow(b.path("height").asInt(), b.path("hash").asText(), b.path("time").asLong(),
                b.path("nTx").asInt(), b.path("size").asLong(), b.path("weight").asLong(), totalFee);
    }

    /** @return the block's virtual size, vB (weight / 4, rounded up) */
    public long vsize() {
        return (weight + 3) / 4;
    }
}
