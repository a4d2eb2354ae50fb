package org.bitcoinfx.node;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Node argument lists as they may be logged or shown: {@link #redact(List)} is the one place that
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
}
