package org.bitcoinfx.node.fake;

import java.util.ArrayList;
import java.util.List;

/**
 * The fake node's peer-to-peer side: whether networking is active ({@code setnetworkactive}), a
 * few made-up peers while it is, and byte totals that grow with time and blocks. Thread-safe.
 */
public final class FakeNetwork {
    /**
     * A made-up peer.
     *
     * @param id             peer id
     * @param addr           host:port
     * @param network        ipv4, ipv6, onion, i2p or cjdns
     * @param inbound        true if it connected to us
     * @param connectionType Bitcoin Core's connection type name
     * @param transport      v1 or v2
     * @param subver         user agent
     * @param pingMs         ping time in ms
     * @param conntime       connection time, seconds since the epoch
     */
    public record Peer(int id, String addr, String network, boolean inbound, String connectionType, String transport,
                       String subver, double pingMs, long conntime) {
    }

    private final long startTime;
    private final int peerCount;
    private boolean active = true;
    private long activeSince;
    private int generation;
    private long lastSeen;
    private long recv = 123_456;
    private long sent = 45_678;

    /**
     * @param startTime seconds since the epoch when the node started
     * @param peerCount how many peers to show while networking is active
     */
    public FakeNetwork(long startTime, int peerCount) {
        this.startTime = startTime;
        this.activeSince = startTime;
        this.lastSeen = startTime;
        this.peerCount = peerCount;
    }

    /** @return true unless {@code setnetworkactive false} */
    public synchronized boolean isActive() {
        return active;
    }

    /** Turns networking on or off; peers drop off and reconnect (with new ids). */
    public synchronized void setActive(boolean on, long now) {
        advance(now);
        if (on && !active) {
            activeSince = now;
            generation++;
        }
        active = on;
    }

    private void advance(long now) {
        if (now > lastSeen) {
            if (active) {
                recv += (now - lastSeen) * 1_337L * peerCount;
                sent += (now - lastSeen) * 421L * peerCount;
            }
            lastSeen = now;
        }
    }

    /** @return the peers now: none while inactive */
    public synchronized List<Peer> peers(long now) {
        List<Peer> out = new ArrayList<>();
        if (!active) {
            return out;
        }
        String[] addrs = {"127.0.0.1:18444", "203.0.113.7:18444", "198.51.100.23:52113", "vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd.onion:18444",
            "192.0.2.44:18444", "198.51.100.99:18444", "[2001:db8::17]:18444", "192.0.2.8:41234"};
        String[] nets = {"not_publicly_routable", "ipv4", "ipv4", "onion", "ipv4", "ipv4", "ipv6", "ipv4"};
        String[] types = {"outbound-full-relay", "outbound-full-relay", "inbound", "block-relay-only", "outbound-full-relay",
            "outbound-full-relay", "block-relay-only", "inbound"};
        int base = generation * 100;
        for (int i = 0; i < peerCount; i++) {
            int k = i % addrs.length;
            boolean inbound = types[k].equals("inbound");
            out.add(new Peer(base + i, addrs[k], nets[k], inbound, types[k], k % 2 == 0 ? "v2" : "v1",
                    "/Satoshi:" + (k % 3 == 0 ? "31.99.0" : "30.0.0") + "/", 12.5 + 31 * k, activeSince + i));
        }
        return out;
    }

    /** @return total bytes received: grows by the second while active, never shrinks */
    public synchronized long totalBytesRecv(long now) {
        advance(now);
        return recv;
    }

    /** @return total bytes sent: grows by the second while active, never shrinks */
    public synchronized long totalBytesSent(long now) {
        advance(now);
        return sent;
    }

    /** Counts a block's bytes as received from peers (while active). */
    public synchronized void blockRelayed(int bytes) {
        if (active) {
            recv += bytes + 24;
            sent += 61L * peerCount;
        }
    }
}
