package org.bitcoinfx.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The node's network and memory options the Settings page sets, checked when made as Bitcoin Core checks them at
 * start-up, so that a bad value is refused in the form, not by the node. Null (or blank, for the texts) leaves an option
 * to the node's default. Every option here takes effect only when the node starts.
 *
 * @param proxy          {@code -proxy=host:port} (SOCKS5 for every network), or {@code unix:/path}; checked as
 *                       {@link #checkHostPort}
 * @param onion          {@code -onion=host:port}: a separate proxy for Tor onion peers
 * @param listen         {@code -listen}: accept incoming connections (Bitcoin Core's default: on)
 * @param listenOnion    {@code -listenonion}: make a Tor onion service through Tor's control port (default on; Bitcoin FX
 *                       passes {@code -listenonion=0} on regtest when this is null, {@link NodeConfig#TOR_OPTIONS})
 * @param port           {@code -port}: the P2P port, 1–65535
 * @param maxConnections {@code -maxconnections}: at least 0 (BC default {@value #DEFAULT_MAX_CONNECTIONS})
 * @param blocksOnly     {@code -blocksonly}: relay no loose transactions (then Bitcoin Core's default mempool is 5 MB)
 * @param dbcacheMiB     {@code -dbcache} in MiB: at least {@value #MIN_DBCACHE_MIB} (BC {@code MIN_DBCACHE_BYTES},
 *                       {@code src/kernel/caches.h})
 * @param maxMempoolMB   {@code -maxmempool} in MB (10^6 bytes): at least {@value #MIN_MAXMEMPOOL_MB} (BC
 *                       {@code src/txmempool.cpp}: 40 × the default cluster size limit of 101 kvB, rounded up)
 */
public record NetworkOptions(String proxy, String onion, Boolean listen, Boolean listenOnion, Integer port, Integer maxConnections,
                             boolean blocksOnly, Integer dbcacheMiB, Integer maxMempoolMB) {
    /** Bitcoin Core's smallest {@code -dbcache}, MiB. */
    public static final int MIN_DBCACHE_MIB = 4;
    /** Bitcoin Core's smallest {@code -maxmempool}, MB ("-maxmempool must be at least 5 MB"). */
    public static final int MIN_MAXMEMPOOL_MB = 5;
    /** Bitcoin Core's default {@code -maxconnections} ({@code DEFAULT_MAX_PEER_CONNECTIONS}, {@code src/net.h}). */
    public static final int DEFAULT_MAX_CONNECTIONS = 200;
    /** No option set: every one at the node's default. */
    public static final NetworkOptions DEFAULTS = new NetworkOptions(null, null, null, null, null, null, false, null, null);
    /** The option names these set (and that must then not come in the extra arguments too). */
    public static final Set<String> NAMES = Set.of("proxy", "onion", "listen", "listenonion", "port", "maxconnections", "blocksonly",
            "dbcache", "maxmempool");

    private static final Pattern HOST = Pattern.compile("^(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?)(:(\\d{1,5}))?$");

    /**
     * Checks each value.
     *
     * @throws IllegalArgumentException naming the option, the value and what Bitcoin Core takes
     */
    public NetworkOptions {
        proxy = blankToNull(proxy);
        onion = blankToNull(onion);
        if (proxy != null) {
            checkHostPort("-proxy", proxy);
        }
        if (onion != null) {
            checkHostPort("-onion", onion);
        }
        if (port != null && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException("-port=" + port + " is not a port: use 1 to 65535");
        }
        if (maxConnections != null && maxConnections < 0) {
            throw new IllegalArgumentException("-maxconnections=" + maxConnections + " is negative: use 0 or more");
        }
        if (dbcacheMiB != null && dbcacheMiB < MIN_DBCACHE_MIB) {
            throw new IllegalArgumentException("-dbcache=" + dbcacheMiB + " is below Bitcoin Core's minimum of " + MIN_DBCACHE_MIB + " MiB");
        }
        if (maxMempoolMB != null && maxMempoolMB < MIN_MAXMEMPOOL_MB) {
            throw new IllegalArgumentException("-maxmempool=" + maxMempoolMB + " is below Bitcoin Core's minimum of " + MIN_MAXMEMPOOL_MB + " MB");
        }
        if (Boolean.FALSE.equals(listen) && Boolean.TRUE.equals(listenOnion)) {
            throw new IllegalArgumentException("-listenonion=1 needs -listen: Bitcoin Core refuses \"Cannot set -listen=0 together with -listenonion=1\"");
        }
    }

    /**
     * Checks a proxy address as {@code -proxy}/{@code -onion} take it: {@code host}, {@code host:port} (port 1–65535),
     * {@code [IPv6]:port}, or for {@code -proxy} and {@code -onion} a Unix socket {@code unix:/absolute/path}.
     *
     * @throws IllegalArgumentException naming the option and the value
     */
    public static void checkHostPort(String option, String value) {
        if (value.startsWith("unix:")) {
            if (!value.substring(5).startsWith("/")) {
                throw new IllegalArgumentException(option + "=" + value + ": a Unix socket proxy needs an absolute path (unix:/path)");
            }
            return;
        }
        var m = HOST.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException(option + "=" + value + " is not host:port (e.g. 127.0.0.1:9050)");
        }
        if (m.group(4) != null) {
            int p = Integer.parseInt(m.group(4));
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException(option + "=" + value + ": port " + p + " is not 1 to 65535");
            }
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** @return the option names set here (not left to the node's default) */
    public Set<String> setNames() {
        Set<String> s = new java.util.TreeSet<>();
        if (proxy != null) s.add("proxy");
        if (onion != null) s.add("onion");
        if (listen != null) s.add("listen");
        if (listenOnion != null) s.add("listenonion");
        if (port != null) s.add("port");
        if (maxConnections != null) s.add("maxconnections");
        if (blocksOnly) s.add("blocksonly");
        if (dbcacheMiB != null) s.add("dbcache");
        if (maxMempoolMB != null) s.add("maxmempool");
        return s;
    }

    /** @return the arguments, e.g. {@code [-proxy=127.0.0.1:9050, -listen=0, -dbcache=450]}; none for {@link #DEFAULTS} */
    public List<String> args() {
        List<String> a = new ArrayList<>();
        if (proxy != null) a.add("-proxy=" + proxy);
        if (onion != null) a.add("-onion=" + onion);
        if (listen != null) a.add("-listen=" + (listen ? 1 : 0));
        if (listenOnion != null) a.add("-listenonion=" + (listenOnion ? 1 : 0));
        if (port != null) a.add("-port=" + port);
        if (maxConnections != null) a.add("-maxconnections=" + maxConnections);
        if (blocksOnly) a.add("-blocksonly=1");
        if (dbcacheMiB != null) a.add("-dbcache=" + dbcacheMiB);
        if (maxMempoolMB != null) a.add("-maxmempool=" + maxMempoolMB);
        return a;
    }
}
