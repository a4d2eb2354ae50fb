package org.bitcoinfx.gui.snapshot;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code loadtxoutset}'s result (Bitcoin Core {@code src/rpc/blockchain.cpp}, {@code loadtxoutset}).
 *
 * @param coinsLoaded the coins loaded from the snapshot
 * @param tipHash     the snapshot's base block: the snapshot chainstate's tip, hex as RPC prints it
 * @param baseHeight  its height
 * @param path        the absolute path the node read
 */
public record SnapshotLoad(long coinsLoaded, String tipHash, int baseHeight, String path) {
    /** Parses a {@code loadtxoutset} reply. */
    public static SnapshotLoad parse(JsonNode n) {
        return new SnapshotLoad(n.path("coins_loaded").asLong(-1), n.path("tip_hash").asText(""), n.path("base_height").asInt(-1),
                n.path("path").asText(""));
    }
}
