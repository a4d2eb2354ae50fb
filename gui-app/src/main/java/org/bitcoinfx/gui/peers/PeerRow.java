package org.bitcoinfx.gui.peers;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One peer from {@code getpeerinfo}.
 *
 * @param id             the node's peer id
 * @param addr           address:port
 * @param network        ipv4, ipv6, onion, i2p, cjdns, not_publicly_routable
 * @param subver         the peer's user agent, e.g. {@code /Satoshi:30.0.0/}
 * @param inbound        true for inbound connections
 * @param connectionType e.g. outbound-full-relay, block-relay-only, inbound, manual
 * @param pingSeconds    last ping, seconds; -1 if none
 * @param bytesSent      bytes sent to the peer
 * @param bytesRecv      bytes received from the peer
 * @param syncedBlocks   last block height we have in common; -1 if unknown
 * @param conntime       connection time, seconds since the epoch
 * @param raw            the full reply object, for the details pane
 */
public record PeerRow(int id, String addr, String network, String subver, boolean inbound, String connectionType,
                      double pingSeconds, long bytesSent, long bytesRecv, int syncedBlocks, long conntime, JsonNode raw) {

    /** From one element of a {@code getpeerinfo} reply. */
    public static PeerRow from(JsonNode p) {
        return new PeerRow(p.path("id").asInt(), p.path("addr").asText(""), p.path("network").asText(""),
                p.path("subver").asText(""), p.path("inbound").asBoolean(false), p.path("connection_type").asText(""),
                p.has("pingtime") ? p.path("pingtime").asDouble() : -1, p.path("bytessent").asLong(),
                p.path("bytesrecv").asLong(), p.path("synced_blocks").asInt(-1), p.path("conntime").asLong(), p);
    }
}
