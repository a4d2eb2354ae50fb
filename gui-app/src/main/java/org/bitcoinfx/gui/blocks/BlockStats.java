package org.bitcoinfx.gui.blocks;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the Blocks page uses of {@code getblockstats <hash> ["totalfee"]} (Bitcoin Core
 * {@code src/rpc/blockchain.cpp}, {@code getblockstats}).
 *
 * @param totalFee the block's total fees, sat (the reply gives sat); -1 if absent
 */
public record BlockStats(long totalFee) {

    /** Parses a {@code getblockstats} reply. */
    public static BlockStats parse(JsonNode s) {
        return new BlockStats(s.path("totalfee").asLong(-1));
    }
}
