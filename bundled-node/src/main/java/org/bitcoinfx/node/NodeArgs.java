package org.bitcoinfx.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Node argument lists: {@link #split(String)} reads the settings' "extra node arguments" line, and
 * as they may be logged or shown, {@link #redact(List)} is the one place that
 * hides their secrets. Every log line, status message or exception message that carries bitcoin-node
 * arguments (the launch command line, the settings' extra arguments, a refused argument) goes through it.
 */
public final class NodeArgs {
    /** What a secret value is replaced with. */
    public static final String MASK = "***";
    /**
     * Options whose whole value is secret: Bitcoin Core's {@code ArgsManager::SENSITIVE} ones
     * ({@code -rpcauth}, {@code -rpcpassword}, {@code -rpcuser}, {@code -torpassword}; {@code src/init.cpp}),
     * and {@code -walletpassphrase}, which is not a node option but what a user may paste by mistake.
     */
    public static final Set<String> SECRET_OPTIONS = Set.of("rpcauth", "rpcpassword", "rpcuser", "torpassword", "walletpassphrase");
    /** {@code user:password@} in a value (a proxy or URL with credentials, e.g. {@code -proxy=socks5://u:p@host:9050}). */
    private static final Pattern USERINFO = Pattern.compile("(^|=|//)[^=/@\\s]+:[^/@\\s]*@");

    private NodeArgs() {
    }

    /**
     * @param args node arguments, e.g. a command line or the extra arguments of the settings
     * @return a copy with {@link #redact(String)} applied to each; null elements stay null
     */
    public static List<String> redact(List<String> args) {
        return args.stream().map(NodeArgs::redact).toList();
    }

    /**
     * Hides the secret part of one argument: {@code -rpcpassword=hunter2} (also {@code --rpcpassword},
     * {@code -regtest.rpcpassword}, any case) becomes {@code -rpcpassword=***}; credentials in a value,
     * {@code -proxy=socks5://user:pass@host:9050}, become {@code -proxy=socks5://***@host:9050}. Other
     * arguments are returned unchanged.
     *
     * @param arg one argument, or null
     * @return the argument fit to log or show (null for null)
     */
    public static String redact(String arg) {
        if (arg == null) {
            return null;
        }
        int eq = arg.indexOf('=');
        if (arg.startsWith("-") && eq > 0) {
            String name = arg.substring(0, eq).replaceFirst("^-+", "").toLowerCase(Locale.ROOT);
            int dot = name.indexOf('.');
            if (dot >= 0) {
                name = name.substring(dot + 1);
            }
            if (SECRET_OPTIONS.contains(name)) {
                return arg.substring(0, eq + 1) + MASK;
            }
        }
        return USERINFO.matcher(arg).replaceAll("$1" + MASK + "@");
    }

    /** @return {@code args} redacted and joined by spaces, for a log line */
    public static String toLogString(List<String> args) {
        return String.join(" ", redact(args));
    }

    // split: the "extra node arguments" line read as a POSIX shell splits a command line without
    // expansions: white space separates arguments; '…' quotes everything up to the next ';
    // "…" quotes up to the next unescaped ", inside which \" and \\ stand for " and \; outside
    // quotes \ makes the next character plain; -datadir="/my data" is the one argument
    // -datadir=/my data. Hand-written, not a library: commons-exec's CommandLine quotes arguments
    // again when read back and knows no escapes, and commons-text's StringTokenizer reads an
    // unbalanced quote to the end without a word.

    /**
     * @param line the setting, e.g. {@code -debug=ipc -datadir="/my data" -uacomment='a b'}
     * @return the arguments, e.g. {@code [-debug=ipc, -datadir=/my data, -uacomment=a b]}; empty for a blank line
     * @throws IllegalArgumentException for an unbalanced quote or a {@code \} at the end, naming its column (from 1)
     */
    public static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        if (line == null) {
            return out;
        }
        StringBuilder cur = new StringBuilder();
        boolean inArg = false;
        int n = line.length();
        for (int i = 0; i < n; i++) {
            char c = line.charAt(i);
            if (c == '\'' || c == '"') {
                int open = i;
                inArg = true;
                for (i++; i < n && line.charAt(i) != c; i++) {
                    char d = line.charAt(i);
                    if (c == '"' && d == '\\' && i + 1 < n && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
                        d = line.charAt(++i);
                    }
                    cur.append(d);
                }
                if (i >= n) {
                    throw new IllegalArgumentException("unbalanced " + c + " quote at column " + (open + 1)
                            + ": close it, or put a \\ before it to pass it as it is");
                }
            } else if (c == '\\') {
                if (i + 1 >= n) {
                    throw new IllegalArgumentException("a \\ at the end (column " + (i + 1) + ") escapes nothing");
                }
                cur.append(line.charAt(++i));
                inArg = true;
            } else if (Character.isWhitespace(c)) {
                if (inArg) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inArg = false;
                }
            } else {
                cur.append(c);
                inArg = true;
            }
        }
        if (inArg) {
            out.add(cur.toString());
        }
        return out;
    }
}
