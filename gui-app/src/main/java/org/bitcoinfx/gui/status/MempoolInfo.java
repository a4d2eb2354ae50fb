package org.bitcoinfx.gui.status;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the Status page uses of {@code getmempoolinfo} (Bitcoin Core {@code src/rpc/mempool.cpp},
 * {@code getmempoolinfo}).
 *
 * @param size           transactions in the mempool; -1 if absent
 * @param bytes          sum of the transactions' virtual sizes, vB
 * @param usage          memory use of the mempool, bytes
 * @param minFeeSatPerVb {@code mempoolminfee} (BTC/kvB in the reply) as sat/vB; -1 if absent
 */
public record MempoolInfo(long size, long bytes, long usage, double minFeeSatPerVb) {

    /** Parses a {@code getmempoolinfo} reply. */
    public static MempoolInfo parse(JsonNode n) {
        return new MempoolInfo(n.path("size").asLong(-1), n.path("bytes").asLong(0), n.path("usage").asLong(0),
                n.has("mempoolminfee") ? n.path("mempoolminfee").asDouble() * 1e8 / 1000 : -1);
    }
}
