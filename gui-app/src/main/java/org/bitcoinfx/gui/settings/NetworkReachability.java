package org.bitcoinfx.gui.settings;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One network of {@code getnetworkinfo}'s {@code networks} (BC {@code src/rpc/net.cpp} {@code GetNetworksInfo}): whether
 * the node can reach it and through which proxy.
 *
 * @param name      {@code ipv4}, {@code ipv6}, {@code onion}, {@code i2p} or {@code cjdns}
 * @param limited   true if the node keeps off it ({@code -onlynet}, or no proxy for onion)
 * @param reachable true if the node can connect to it
 * @param proxy     the proxy ({@code host:port}) used for it, "" for none
 */
public record NetworkReachability(String name, boolean limited, boolean reachable, String proxy) {
    /** @return the {@code networks} of a {@code getnetworkinfo} reply, in its order */
    public static List<NetworkReachability> parseAll(JsonNode networkInfo) {
        List<NetworkReachability> out = new ArrayList<>();
        for (JsonNode n : networkInfo.path("networks")) {
            out.add(new NetworkReachability(n.path("name").asText(), n.path("limited").asBoolean(), n.path("reachable").asBoolean(),
                    n.path("proxy").asText("")));
        }
        return out;
    }
}
