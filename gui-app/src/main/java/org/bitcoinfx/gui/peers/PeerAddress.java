package org.bitcoinfx.gui.peers;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Peers page's checks of what the user types, before any call: the host of a peer's {@code addr} (what
 * {@code setban} takes: an IP or subnet, no port), an {@code addnode} address, and a custom ban time.
 */
public final class PeerAddress {
    /** The longest custom ban, days. */
    public static final long MAX_BAN_DAYS = 3650;
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(?:%[A-Za-z0-9]+)?");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(m|min|mins|minutes?|h|hours?|d|days?|w|weeks?)");

    private PeerAddress() {
    }

    /**
     * @param addr a {@code getpeerinfo} {@code addr}: {@code host:port}, {@code [ipv6]:port}, or a host alone
     * @return the host, without port or brackets (e.g. {@code 127.0.0.1}, {@code 2001:db8::17}, {@code x.onion})
     */
    public static String host(String addr) {
        String a = addr.trim();
        if (a.startsWith("[")) {
            int close = a.indexOf(']');
            return close > 0 ? a.substring(1, close) : a;
        }
        int colon = a.lastIndexOf(':');
        if (colon > 0 && a.indexOf(':') == colon) {
            return a.substring(0, colon);
        }
        return a; // no port, or a bare IPv6 address
    }

    /**
     * Checks an address for {@code addnode}: {@code host}, {@code host:port}, {@code [ipv6]} or {@code [ipv6]:port},
     * with a port 1–65535 and no spaces.
     *
     * @return what is wrong, in words; empty if it may be sent
     */
    public static Optional<String> addNodeProblem(String text) {
        String a = text == null ? "" : text.trim();
        if (a.isEmpty()) {
            return Optional.of("Type an address, e.g. 192.0.2.1:8333.");
        }
        if (a.chars().anyMatch(Character::isWhitespace)) {
            return Optional.of("An address has no spaces.");
        }
        String host;
        String port = null;
        if (a.startsWith("[")) {
            int close = a.indexOf(']');
            if (close < 0) {
                return Optional.of("An IPv6 address in [ ] needs its closing ].");
            }
            host = a.substring(1, close);
            String rest = a.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return Optional.of("After ] comes :port.");
                }
                port = rest.substring(1);
            }
            if (!IPV6.matcher(host).matches()) {
                return Optional.of("\"" + host + "\" is not an IPv6 address.");
            }
        } else {
            int colon = a.lastIndexOf(':');
            if (colon >= 0 && a.indexOf(':') != colon) {
                return IPV6.matcher(a).matches() ? Optional.empty() : Optional.of("\"" + a + "\" is not an address.");
            }
            host = colon >= 0 ? a.substring(0, colon) : a;
            port = colon >= 0 ? a.substring(colon + 1) : null;
            if (!HOST.matcher(host).matches()) {
                return Optional.of("\"" + host + "\" is not a host name or IP address.");
            }
        }
        if (port != null) {
            long p;
            try {
                p = port.matches("\\d{1,5}") ? Long.parseLong(port) : -1;
            } catch (NumberFormatException e) {
                p = -1;
            }
            if (p < 1 || p > 65535) {
                return Optional.of("The port must be a number from 1 to 65535, not \"" + port + "\".");
            }
        }
        return Optional.empty();
    }

    /**
     * Parses a custom ban time: a whole number and a unit, e.g. {@code 90m}, {@code 36h}, {@code 3d}, {@code 2 weeks}.
     *
     * @return the seconds, at least 60 and at most {@value #MAX_BAN_DAYS} days; empty if it is not such a time
     */
    public static OptionalLong banSeconds(String text) {
        if (text == null) {
            return OptionalLong.empty();
        }
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        long n = Long.parseLong(m.group(1));
        long unit = switch (m.group(2).charAt(0)) {
            case 'm' -> 60;
            case 'h' -> 3600;
            case 'd' -> 86_400;
            default -> 7 * 86_400;
        };
        long s = n * unit;
        return n < 1 || s > MAX_BAN_DAYS * 86_400 ? OptionalLong.empty() : OptionalLong.of(s);
    }

    /** @return a ban's length in words: {@code 24 hours}, {@code 1 week}, {@code 3 days}, {@code 36 hours}, {@code 90 minutes} */
    public static String banLength(long seconds) {
        if (seconds % (7 * 86_400) == 0) {
            return plural(seconds / (7 * 86_400), "week");
        }
        if (seconds % 86_400 == 0 && seconds > 86_400) {
            return plural(seconds / 86_400, "day");
        }
        if (seconds % 3600 == 0) {
            return plural(seconds / 3600, "hour");
        }
        return plural(Math.max(1, seconds / 60), "minute");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    /** What {@link #banSeconds} refuses, in words. */
    public static final String BAN_TIME_HELP = "A ban time is a whole number and m, h, d or w, e.g. 36h or 3d (at most "
            + MAX_BAN_DAYS + " days).";
}
