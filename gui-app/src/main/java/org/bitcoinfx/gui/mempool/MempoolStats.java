package org.bitcoinfx.gui.mempool;

import com.fasterxml.jackson.databind.JsonNode;
import org.bitcoinfx.gui.util.Units;

/**
 * A {@code getmempoolinfo} reply (Bitcoin Core {@code src/rpc/mempool.cpp}, {@code MempoolInfoToJSON}).
 *
 * @param loaded              whether the mempool file was loaded ({@code loaded})
 * @param size                transactions in the mempool
 * @param bytes               sum of their virtual sizes, vB ({@code bytes})
 * @param usage               memory use of the mempool, bytes
 * @param maxMempool          the mempool's memory limit, bytes ({@code maxmempool})
 * @param totalFeeSat         sum of the transactions' fees, sat ({@code total_fee}, BTC in the reply)
 * @param mempoolMinFee       {@code mempoolminfee}, sat/vB (BTC/kvB in the reply): the lowest rate the mempool takes now
 * @param minRelayTxFee       {@code minrelaytxfee}, sat/vB (BTC/kvB in the reply)
 * @param incrementalRelayFee {@code incrementalrelayfee}, sat/vB (BTC/kvB in the reply)
 * @param unbroadcastCount    transactions not yet announced to a peer ({@code unbroadcastcount})
 */
public record MempoolStats(boolean loaded, long size, long bytes, long usage, long maxMempool, long totalFeeSat,
                           double mempoolMinFee, double minRelayTxFee, double incrementalRelayFee, long unbroadcastCount) {

    /** Parses a {@code getmempoolinfo} reply. */
    public static MempoolStats parse(JsonNode n) {
        return new MempoolStats(n.path("loaded").asBoolean(false), n.path("size").asLong(), n.path("bytes").asLong(),
                n.path("usage").asLong(), n.path("maxmempool").asLong(), Units.btcToSat(n.path("total_fee").asDouble()),
                perKvbToSatPerVb(n.path("mempoolminfee")), perKvbToSatPerVb(n.path("minrelaytxfee")),
                perKvbToSatPerVb(n.path("incrementalrelayfee")), n.path("unbroadcastcount").asLong());
    }

    /** @return a BTC/kvB fee rate from an RPC reply as sat/vB (1e-5 BTC/kvB = 1 sat/vB) */
    static double perKvbToSatPerVb(JsonNode btcPerKvb) {
        return Units.btcToSat(btcPerKvb.asDouble()) / 1000.0;
    }
}
