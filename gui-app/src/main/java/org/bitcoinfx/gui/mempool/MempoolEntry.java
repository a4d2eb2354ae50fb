package org.bitcoinfx.gui.mempool;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bitcoinfx.gui.util.Units;

/**
 * One mempool transaction as Bitcoin Core's {@code entryToJSON} writes it ({@code src/rpc/mempool.cpp}: the values of
 * {@code getrawmempool true}, {@code getmempoolentry}, {@code getmempoolancestors/descendants … true}).
 *
 * @param txid            the transaction id
 * @param vsize           {@code vsize}: sigop-adjusted virtual size, vB (what the node's fee rates divide by)
 * @param weight          weight, WU
 * @param time            when it entered the mempool, seconds since the epoch
 * @param height          the tip's height then
 * @param feeSat          {@code fees.base}, sat
 * @param modifiedFeeSat  {@code fees.modified} (with {@code prioritisetransaction} deltas), sat
 * @param ancestorCount   in-mempool ancestors, itself included
 * @param ancestorSize    their virtual size, vB, itself included
 * @param ancestorFeeSat  {@code fees.ancestor}: their modified fees, sat, itself included
 * @param descendantCount in-mempool descendants, itself included
 * @param descendantSize  their virtual size, vB, itself included
 * @param descendantFeeSat {@code fees.descendant}, sat, itself included
 * @param depends         in-mempool parents' txids
 * @param spentBy         in-mempool children's txids
 */
public record MempoolEntry(String txid, long vsize, long weight, long time, int height, long feeSat, long modifiedFeeSat,
                           long ancestorCount, long ancestorSize, long ancestorFeeSat, long descendantCount, long descendantSize,
                           long descendantFeeSat, List<String> depends, List<String> spentBy) {

    /** Parses one entry ({@code entryToJSON}) of the transaction {@code txid}. */
    public static MempoolEntry parse(String txid, JsonNode e) {
        JsonNode fees = e.path("fees");
        return new MempoolEntry(txid, e.path("vsize").asLong(), e.path("weight").asLong(), e.path("time").asLong(),
                e.path("height").asInt(), sat(fees.path("base")), sat(fees.path("modified")), e.path("ancestorcount").asLong(),
                e.path("ancestorsize").asLong(), sat(fees.path("ancestor")), e.path("descendantcount").asLong(),
                e.path("descendantsize").asLong(), sat(fees.path("descendant")), texts(e.path("depends")), texts(e.path("spentby")));
    }

    /** Parses a verbose map (txid → entry): {@code getrawmempool true}, {@code getmempoolancestors txid true}, … */
    public static List<MempoolEntry> parseMap(JsonNode map) {
        List<MempoolEntry> out = new ArrayList<>(map.size());
        for (var it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            out.add(parse(f.getKey(), f.getValue()));
        }
        return out;
    }

    /** @return its own fee rate, sat/vB: {@code fees.base / vsize} */
    public double feeRate() {
        return vsize <= 0 ? 0 : (double) feeSat / vsize;
    }

    /** @return the fee rate of it with its in-mempool ancestors, sat/vB: {@code fees.ancestor / ancestorsize} */
    public double ancestorFeeRate() {
        return ancestorSize <= 0 ? 0 : (double) ancestorFeeSat / ancestorSize;
    }

    private static long sat(JsonNode btc) {
        return Units.btcToSat(btc.asDouble());
    }

    private static List<String> texts(JsonNode arr) {
        List<String> out = new ArrayList<>(arr.size());
        arr.forEach(n -> out.add(n.asText()));
        return List.copyOf(out);
    }
}
