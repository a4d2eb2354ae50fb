package org.bitcoinfx.gui.peers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One peer from {@code getpeerinfo} (Bitcoin Core {@code src/rpc/net.cpp}, {@code getpeerinfo}).
 *
 * @param id                    the node's peer id
 * @param addr                  address:port
 * @param network               ipv4, ipv6, onion, i2p, cjdns, not_publicly_routable
 * @param subver                the peer's user agent, e.g. {@code /Satoshi:30.0.0/}
 * @param inbound               true for inbound connections
 * @param connectionType        e.g. outbound-full-relay, block-relay-only, inbound, manual
 * @param pingSeconds           last ping, seconds; -1 if none
 * @param minPingSeconds        lowest ping seen, seconds; -1 if none
 * @param bytesSent             bytes sent to the peer
 * @param bytesRecv             bytes received from the peer
 * @param syncedBlocks          last block height we have in common; -1 if unknown
 * @param syncedHeaders         last header height we have in common, if given
 * @param startingHeight        the peer's height when it connected, if given
 * @param conntime              connection time, seconds since the epoch
 * @param version               the peer's protocol version, if given
 * @param servicesNames         the services it offers, e.g. NETWORK, WITNESS
 * @param transportProtocolType v1, v2 or detecting; empty if not given
 * @param minFeeFilterSatPerVb  its fee filter ({@code minfeefilter}, BTC/kvB in the reply) in sat/vB; -1 if not given
 * @param services              the services bit field, 16 hex digits ({@code services})
 * @param relayTxes             whether we relay transactions to it ({@code relaytxes})
 * @param sessionId             the BIP324 session id, hex ({@code session_id}); empty for v1 or when not given
 * @param bytesSentPerMsg       bytes sent by message type ({@code bytessent_per_msg}), in the node's order
 * @param bytesRecvPerMsg       bytes received by message type ({@code bytesrecv_per_msg}), in the node's order
 */
public record PeerInfo(int id, String addr, String network, String subver, boolean inbound, String connectionType,
                       double pingSeconds, double minPingSeconds, long bytesSent, long bytesRecv, int syncedBlocks,
                       OptionalInt syncedHeaders, OptionalInt startingHeight, long conntime, OptionalInt version,
                       List<String> servicesNames, String transportProtocolType, double minFeeFilterSatPerVb,
                       String services, boolean relayTxes, String sessionId, Map<String, Long> bytesSentPerMsg,
                       Map<String, Long> bytesRecvPerMsg) {

    /** Parses one element of a {@code getpeerinfo} reply. */
    public static PeerInfo parse(JsonNode p) {
        List<String> services = new ArrayList<>();
        p.path("servicesnames").forEach(n -> services.add(n.asText()));
        return new PeerInfo(p.path("id").asInt(), p.path("addr").asText(""), p.path("network").asText(""),
                p.path("subver").asText(""), p.path("inbound").asBoolean(false), p.path("connection_type").asText(""),
                p.has("pingtime") ? p.path("pingtime").asDouble() : -1, p.has("minping") ? p.path("minping").asDouble() : -1,
                p.path("bytessent").asLong(), p.path("bytesrecv").asLong(), p.path("synced_blocks").asInt(-1),
                optInt(p, "synced_headers"), optInt(p, "startingheight"), p.path("conntime").asLong(), optInt(p, "version"),
                List.copyOf(services), p.path("transport_protocol_type").asText(""),
                p.has("minfeefilter") ? p.path("minfeefilter").asDouble() * 1e8 / 1000 : -1,
                p.path("services").asText(""), p.path("relaytxes").asBoolean(false), p.path("session_id").asText(""),
                perMsg(p.path("bytessent_per_msg")), perMsg(p.path("bytesrecv_per_msg")));
    }

    /** Parses a whole {@code getpeerinfo} reply (an array). */
    public static List<PeerInfo> parseAll(JsonNode arr) {
        List<PeerInfo> out = new ArrayList<>();
        arr.forEach(p -> out.add(parse(p)));
        return List.copyOf(out);
    }

    private static Map<String, Long> perMsg(JsonNode o) {
        Map<String, Long> m = new LinkedHashMap<>();
        o.fields().forEachRemaining(f -> m.put(f.getKey(), f.getValue().asLong()));
        return java.util.Collections.unmodifiableMap(m);
    }

    private static OptionalInt optInt(JsonNode p, String field) {
        return p.hasNonNull(field) ? OptionalInt.of(p.path(field).asInt()) : OptionalInt.empty();
    }
}
