package org.bitcoinfx.gui.peers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of {@code listbanned} (Bitcoin Core {@code src/rpc/net.cpp}, {@code listbanned}).
 *
 * @param address     the banned IP or subnet, as the node writes it, e.g. {@code 127.0.0.1/32}
 * @param banCreated  when the ban was made, seconds since the epoch
 * @param bannedUntil when it ends, seconds since the epoch
 * @param banDuration its length, s
 * <p>The reply's {@code time_remaining} is not kept: it changes every second, so two replies about the same bans would
 * differ, and the ban table, refreshed every few seconds, would lose its selection each time (Unban disabled under the
 * user's pointer). The time left is {@code bannedUntil} minus now.
 */
public record BanEntry(String address, long banCreated, long bannedUntil, long banDuration) {

    /** Parses one element of a {@code listbanned} reply. */
    public static BanEntry parse(JsonNode b) {
        return new BanEntry(b.path("address").asText(""), b.path("ban_created").asLong(), b.path("banned_until").asLong(),
                b.path("ban_duration").asLong());
    }

    /** Parses a whole {@code listbanned} reply (an array). */
    public static List<BanEntry> parseAll(JsonNode arr) {
        List<BanEntry> out = new ArrayList<>();
        arr.forEach(b -> out.add(parse(b)));
        return List.copyOf(out);
    }
}
