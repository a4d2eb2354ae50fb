package org.bitcoinfx.gui.peers;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A {@code getnettotals} reply (Bitcoin Core {@code src/rpc/net.cpp}, {@code getnettotals}).
 *
 * @param timeMillis     the node's clock when sampled, ms since the epoch
 * @param totalBytesRecv bytes received since the node started
 * @param totalBytesSent bytes sent since the node started
 */
public record NetTotals(long timeMillis, long totalBytesRecv, long totalBytesSent) {

    /** Parses a {@code getnettotals} reply. */
    public static NetTotals parse(JsonNode n) {
        return new NetTotals(n.path("timemillis").asLong(), n.path("totalbytesrecv").asLong(), n.path("totalbytessent").asLong());
    }
}
