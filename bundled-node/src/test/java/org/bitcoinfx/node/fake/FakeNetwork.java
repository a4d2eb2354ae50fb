package org.bitcoinfx.node.fake;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The fake node's peer-to-peer side: whether networking is active ({@code setnetworkactive}), a
 * few made-up peers while it is, and byte totals that grow with time and blocks. Thread-safe.
 * <p>Peer management as Bitcoin Core's {@code CConnman}/{@code BanMan} behave in the real-node tests that hold these
 * shapes ({@code RealNodePeerActionsTest}, {@code FakeNodeShapesTest}): a disconnected peer leaves for good; a ban
 * ({@code setban}) of an IP drops its peers and keeps them out until lifted or expired; {@code addnode … onetry} adds a
 * {@code manual} peer with the address typed (the fake reaches every address).
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
    private final Set<Integer> disconnected = new HashSet<>();
    /** Bans by subnet as Core writes it ({@code 127.0.0.1/32}), sorted as {@code banmap_t}'s keys print. */
    private final Map<String, Ban> bans = new TreeMap<>();
    private final List<Peer> manual = new ArrayList<>();
    private int nextManualId = 50;

    /**
     * A ban.
     *
     * @param created seconds since the epoch
     * @param until   seconds since the epoch
     */
    public record Ban(long created, long until) {
    }

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
        bans.values().removeIf(b -> b.until() <= now);
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
        out.addAll(manual);
        out.removeIf(p -> {
            String key = subnet(host(p.addr())); // null for an onion address: never banned here
            return disconnected.contains(p.id()) || key != null && bans.containsKey(key);
        });
        return out;
    }

    /** @return the host of {@code host:port} or {@code [ipv6]:port} */
    static String host(String addr) {
        if (addr.startsWith("[")) {
            return addr.substring(1, addr.indexOf(']'));
        }
        int c = addr.lastIndexOf(':');
        return c > 0 && addr.indexOf(':') == c ? addr.substring(0, c) : addr;
    }

    /**
     * @return an IP (or IP/prefix) as Core's {@code CSubNet::ToString} writes a single address: {@code 1.2.3.4/32},
     *         {@code 2001:db8::17/128}; null if it is no IPv4/IPv6 literal (Core: "Error: Invalid IP/Subnet")
     */
    static String subnet(String ipOrSubnet) {
        String ip = ipOrSubnet;
        String prefix = null;
        int slash = ipOrSubnet.indexOf('/');
        if (slash >= 0) {
            ip = ipOrSubnet.substring(0, slash);
            prefix = ipOrSubnet.substring(slash + 1);
        }
        boolean v4 = ip.matches("(\\d{1,3}\\.){3}\\d{1,3}");
        boolean v6 = !v4 && ip.contains(":") && ip.matches("[0-9A-Fa-f:]+");
        if (!v4 && !v6) {
            return null;
        }
        try {
            String canon = java.net.InetAddress.getByName(ip).getHostAddress();
            if (v6) {
                canon = compressV6(canon);
            }
            return canon + "/" + (prefix != null ? prefix : v4 ? "32" : "128");
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }

    private static String compressV6(String full) {
        String s = full.replaceAll("(^|:)0+([0-9a-f])", "$1$2");
        String best = null;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(^|:)(0(:0)+)(:|$)").matcher(s);
        while (m.find()) {
            if (best == null || m.group(2).length() > best.length()) {
                best = m.group(2);
            }
        }
        return best == null ? s : s.replaceFirst("(^|:)" + java.util.regex.Pattern.quote(best) + "(:|$)", "::");
    }

    /** {@code disconnectnode}: @return false if no connected peer has this id */
    public synchronized boolean disconnect(int id, long now) {
        if (peers(now).stream().noneMatch(p -> p.id() == id)) {
            return false;
        }
        disconnected.add(id);
        return true;
    }

    /**
     * {@code setban … add}.
     *
     * @param key     {@link #subnet} of the address
     * @param seconds length (0: Core's default 24 h)
     * @return false if already banned
     */
    public synchronized boolean ban(String key, long seconds, long now) {
        bans.values().removeIf(b -> b.until() <= now);
        if (bans.containsKey(key)) {
            return false;
        }
        bans.put(key, new Ban(now, now + (seconds <= 0 ? 86_400 : seconds)));
        return true;
    }

    /** {@code setban … remove}: @return false if it was not banned */
    public synchronized boolean unban(String key) {
        return bans.remove(key) != null;
    }

    /** {@code clearbanned}. */
    public synchronized void clearBanned() {
        bans.clear();
    }

    /** @return the bans, by subnet ({@code listbanned}) */
    public synchronized Map<String, Ban> bans(long now) {
        bans.values().removeIf(b -> b.until() <= now);
        return new TreeMap<>(bans);
    }

    /** {@code addnode address onetry}: a manual outbound peer with this address (a port-less address gets 18444). */
    public synchronized void addManual(String address, long now) {
        String addr = address.startsWith("[") || address.indexOf(':') == address.lastIndexOf(':') && address.contains(":")
                ? address : address.contains(":") ? "[" + address + "]:18444" : address + ":18444";
        manual.add(new Peer(generation * 100 + nextManualId++, addr, addr.startsWith("[") ? "ipv6" : "ipv4", false, "manual",
                "v2", "/Satoshi:31.99.0/", 20.0, now));
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
