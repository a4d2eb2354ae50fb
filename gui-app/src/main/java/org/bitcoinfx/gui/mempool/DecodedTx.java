package org.bitcoinfx.gui.mempool;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.bitcoinfx.gui.util.Units;

/**
 * A decoded transaction from {@code getrawtransaction txid 1} (Bitcoin Core {@code src/rpc/rawtransaction.cpp},
 * {@code TxToUniv} in {@code src/core_io.cpp}).
 *
 * @param txid     transaction id
 * @param wtxid    witness transaction id ({@code hash})
 * @param version  {@code version}
 * @param size     serialized size, bytes
 * @param vsize    virtual size (BIP 141), vB
 * @param weight   weight, WU
 * @param locktime {@code locktime}
 * @param inputs   the outpoints it spends, {@code txid:vout} ({@code coinbase} for a coinbase input)
 * @param outputs  its outputs
 */
public record DecodedTx(String txid, String wtxid, long version, long size, long vsize, long weight, long locktime,
                        List<String> inputs, List<Output> outputs) {

    /**
     * One output.
     *
     * @param n        index
     * @param valueSat amount, sat ({@code value}, BTC in the reply)
     * @param type     {@code scriptPubKey.type}, e.g. witness_v0_keyhash
     * @param address  {@code scriptPubKey.address}; empty if it has none
     */
    public record Output(int n, long valueSat, String type, String address) {
    }

    /** Parses a verbose {@code getrawtransaction} (or {@code decoderawtransaction}) reply. */
    public static DecodedTx parse(JsonNode t) {
        List<String> in = new ArrayList<>();
        t.path("vin").forEach(i -> in.add(i.has("coinbase") ? "coinbase" : i.path("txid").asText() + ":" + i.path("vout").asInt()));
        List<Output> out = new ArrayList<>();
        t.path("vout").forEach(o -> out.add(new Output(o.path("n").asInt(), Units.btcToSat(o.path("value").asDouble()),
                o.path("scriptPubKey").path("type").asText(""), o.path("scriptPubKey").path("address").asText(""))));
        return new DecodedTx(t.path("txid").asText(), t.path("hash").asText(), t.path("version").asLong(), t.path("size").asLong(),
                t.path("vsize").asLong(), t.path("weight").asLong(), t.path("locktime").asLong(), List.copyOf(in), List.copyOf(out));
    }

    /** @return the sum of its outputs, sat */
    public long totalOutSat() {
        return outputs.stream().mapToLong(Output::valueSat).sum();
    }
}
