package org.bitcoinfx.gui.status;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the Status page uses of {@code getpeerinfo} (Bitcoin Core {@code src/rpc/net.cpp},
 * {@code getpeerinfo}): how far the peers' chains reach, to tell the sync's phase (connecting to
 * peers, headers, blocks) and how many headers are still to come.
 *
 * @param peers         peers in the reply
 * @param bestHeight    the highest height a peer has shown: the most of its {@code startingheight} (its
 *                      height in its {@code version} message, which it may inflate) and
 *                      {@code synced_headers} (headers we have in common); -1 if none says
 * @param presyncHeight the highest {@code presynced_headers}: the height of a headers pre-synchronization
 *                      (the low-work check of {@code HeadersSyncState}, before headers are stored); -1 when
 *                      no peer is in one
 */
public record PeerHeights(int peers, int bestHeight, int presyncHeight) {
    /** No peers known. */
    public static final PeerHeights NONE = new PeerHeights(0, -1, -1);

    /** Parses a whole {@code getpeerinfo} reply (an array); anything else gives {@link #NONE}. */
    public static PeerHeights parse(JsonNode arr) {
        if (arr == null || !arr.isArray()) {
            return NONE;
        }
        int best = -1;
        int presync = -1;
        for (JsonNode p : arr) {
            best = Math.max(best, Math.max(p.path("startingheight").asInt(-1), p.path("synced_headers").asInt(-1)));
            presync = Math.max(presync, p.path("presynced_headers").asInt(-1));
        }
        return new PeerHeights(arr.size(), best, presync);
    }
}
