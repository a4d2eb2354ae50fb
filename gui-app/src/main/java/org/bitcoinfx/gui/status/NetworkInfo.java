package org.bitcoinfx.gui.status;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the Status page uses of {@code getnetworkinfo} (Bitcoin Core {@code src/rpc/net.cpp},
 * {@code getnetworkinfo}).
 *
 * @param connections    number of connections; -1 if absent
 * @param connectionsIn  inbound connections
 * @param connectionsOut outbound connections
 * @param networkActive  whether p2p networking is on ({@code setnetworkactive})
 * @param subversion     the node's user agent, e.g. {@code /Satoshi:31.0.0/}
 */
public record NetworkInfo(int connections, int connectionsIn, int connectionsOut, boolean networkActive, String subversion) {

    /** Parses a {@code getnetworkinfo} reply. */
    public static NetworkInfo parse(JsonNode n) {
        return new NetworkInfo(n.path("connections").asInt(-1), n.path("connections_in").asInt(0),
                n.path("connections_out").asInt(0), n.path("networkactive").asBoolean(true), n.path("subversion").asText(""));
    }
}
