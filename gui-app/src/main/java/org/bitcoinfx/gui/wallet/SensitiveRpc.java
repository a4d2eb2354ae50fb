package org.bitcoinfx.gui.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What must never reach history, logs, the feedback bundle or its window picture: RPC methods whose
 * parameters are secrets (passphrases, private keys), methods whose results are, private keys
 * written out (extended keys, WIF), and node arguments with passwords.
 *
 * <p>The always-secret methods are Bitcoin Core's GUI console filter ({@code historyFilter} in
 * {@code src/qt/rpcconsole.cpp}) plus those of {@code src/rpc} and {@code src/wallet/rpc} that take
 * a passphrase or a private key ({@code importprivkey}, {@code importdescriptors},
 * {@code sethdseed}, {@code importmulti}, {@code signrawtransactionwithkey}…). Methods that take
 * descriptors ({@code descriptorprocesspsbt}, {@code deriveaddresses}, {@code getdescriptorinfo},
 * {@code scantxoutset}, {@code scanblocks}, {@code getdescriptoractivity}) hold a secret when a
 * descriptor has a private key in it ({@code wpkh(xprv…)}, {@code wpkh(cV…)}): any line with a
 * private key written out is treated as secret, whatever the method.
 */
public final class SensitiveRpc {
    /** The methods whose parameters are always secret, lower case. */
    public static final Set<String> METHODS = Set.of("walletpassphrase", "walletpassphrasechange", "encryptwallet",
            "createwallet", "createwalletdescriptor", "importprivkey", "importdescriptors", "signmessagewithprivkey",
            "signrawtransactionwithkey", "sethdseed", "importmulti", "migratewallet");

    /**
     * The methods that take descriptors (secret when one has a private key in it), lower case:
     * {@code src/rpc/rawtransaction.cpp}, {@code src/rpc/output_script.cpp}, {@code src/rpc/blockchain.cpp}.
     */
    public static final Set<String> DESCRIPTOR_METHODS = Set.of("descriptorprocesspsbt", "deriveaddresses", "getdescriptorinfo",
            "scantxoutset", "scanblocks", "getdescriptoractivity");

    /**
     * A private key written out: a BIP32 extended private key ({@code xprv}/{@code tprv}, 111
     * base58 characters; the SLIP-132 {@code yprv}/{@code zprv}/{@code uprv}/{@code vprv} too), or
     * a WIF key (base58, 51 characters starting {@code 5} or {@code 9}, 52 starting {@code K},
     * {@code L} or {@code c}: {@code EncodeSecret} in {@code src/key_io.cpp}). The WIF pattern may
     * also match other base58 text of that length; that is redacted too.
     */
    static final Pattern PRIVATE_KEY = Pattern.compile(
            "(?<![1-9A-HJ-NP-Za-km-z])(?:[xtyzuv]prv[1-9A-HJ-NP-Za-km-z]{100,112}"
                    + "|[59][1-9A-HJ-NP-Za-km-z]{50}|[KLc][1-9A-HJ-NP-Za-km-z]{51})(?![1-9A-HJ-NP-Za-km-z])");

    /**
     * A node argument whose value is a password: {@code -rpcpassword=…}, {@code -rpcauth=…},
     * {@code -rpcuser=…}, {@code -torpassword=…}, {@code -walletpassphrase…=…}. The value runs to the
     * next white space followed by {@code -}, a comma, a closing bracket or the end, quoted parts
     * ({@code "a b"}, {@code 'a b'}) included (so that both {@code a b -x} and {@code [a, b]} lists
     * are redacted).
     */
    private static final Pattern SECRET_ARG = Pattern.compile(
            "(?i)(-{1,2}(?:rpcpassword|rpcauth|rpcuser|torpassword|walletpassphrase)[^=\\s,\\]]*=)(?:\"[^\"]*\"?|'[^']*'?|[^,\\]\"'\\s]|\\s(?!-))*");

    /** A proxy argument with a user name and password: {@code -proxy=user:pass@host:port} (also {@code -onion}, {@code -i2psam}). */
    private static final Pattern PROXY_USERINFO = Pattern.compile("(?i)(-{1,2}(?:proxy|onion|i2psam)=)[^@\\s,\\]\"']*@");

    /** A JSON-RPC request naming a method, escaped or not: {@code "method":"walletpassphrase"} or {@code \"method\":\"…\"}. */
    private static final Pattern JSON_METHOD = Pattern.compile("\\\\?\"method\\\\?\"\\s*:\\s*\\\\?\"([A-Za-z0-9_]+)\\\\?\"");

    /** The start of a JSON-RPC request's parameters. */
    private static final Pattern JSON_PARAMS = Pattern.compile("\\\\?\"params\\\\?\"\\s*:");

    /** What replaces a secret. */
    public static final String REDACTED = "***";

    private SensitiveRpc() {
    }

    /** @return true if {@code method}'s parameters are always secret (a passphrase or a private key) */
    public static boolean isSensitive(String method) {
        return method != null && METHODS.contains(method.trim().toLowerCase(Locale.ROOT));
    }

    /** @return true if {@code text} has a private key written out in it (an extended private key or a WIF key) */
    public static boolean containsPrivateKey(String text) {
        return text != null && PRIVATE_KEY.matcher(text).find();
    }

    /**
     * Whether a call's result holds private keys: {@code dumpprivkey}, {@code listdescriptors true},
     * {@code gethdkeys {"private": true}}, {@code derivehdkey path {"private": true}}
     * ({@code src/wallet/rpc/backup.cpp}, {@code src/wallet/rpc/wallet.cpp}).
     *
     * @param method the RPC method
     * @param params its positional parameters
     * @return true if the result will show private keys
     */
    public static boolean returnsSecret(String method, List<JsonNode> params) {
        if (method == null) {
            return false;
        }
        String m = method.trim().toLowerCase(Locale.ROOT);
        return switch (m) {
            case "dumpprivkey" -> true;
            case "listdescriptors" -> !params.isEmpty() && params.get(0).asBoolean(false);
            case "gethdkeys" -> !params.isEmpty() && params.get(0).path("private").asBoolean(false);
            case "derivehdkey" -> params.size() > 1 && params.get(1).path("private").asBoolean(false);
            default -> false;
        };
    }

    /**
     * Redacts a console command line: {@code walletpassphrase "secret" 60} becomes
     * {@code walletpassphrase (…)}, and so does any line with a private key written out
     * ({@code getdescriptorinfo "wpkh(tprv…)"}); other lines are returned unchanged.
     */
    public static String redactCommandLine(String line) {
        if (line == null) {
            return null;
        }
        String t = line.strip();
        int sp = indexOfSpace(t);
        String method = sp < 0 ? t : t.substring(0, sp);
        if (sp < 0 || !(isSensitive(method) || containsPrivateKey(t))) {
            return line;
        }
        return method + " (…)";
    }

    /**
     * Redacts secrets in node arguments: {@code -rpcpassword=hunter2} becomes {@code -rpcpassword=***},
     * {@code -proxy=alice:pw@host} becomes {@code -proxy=***@host}; private keys become {@code ***}.
     *
     * @param args arguments as one line (space separated, or a list's {@code [a, b]} text)
     * @return the line with the secrets replaced; null for null
     */
    public static String redactArgs(String args) {
        if (args == null) {
            return null;
        }
        String s = SECRET_ARG.matcher(args).replaceAll("$1" + REDACTED);
        s = PROXY_USERINFO.matcher(s).replaceAll("$1" + REDACTED + "@");
        return PRIVATE_KEY.matcher(s).replaceAll(REDACTED);
    }

    /**
     * Redacts one line of the app's or the node's log for the feedback bundle: node arguments with
     * passwords ({@link #redactArgs}), private keys written out, and the parameters of a JSON-RPC
     * request for a secret method ({@code "method":"walletpassphrase","params":["hunter2",60]}, as
     * bitcoin-node's {@code -debug=ipc} trace writes {@code Rpc.executeRpc} requests; also for a
     * descriptor method, whose parameters may hold a private key that is not written out whole).
     * Everything after the method name (or after {@code "params"}, if it comes first) is replaced.
     *
     * @param line a log line
     * @return the line without the secrets; null for null
     */
    public static String redactLogLine(String line) {
        if (line == null) {
            return null;
        }
        String s = line;
        Matcher m = JSON_METHOD.matcher(s);
        while (m.find()) {
            String method = m.group(1).toLowerCase(Locale.ROOT);
            if (METHODS.contains(method) || DESCRIPTOR_METHODS.contains(method)) {
                Matcher p = JSON_PARAMS.matcher(s);
                int cut = p.find() ? Math.min(p.start(), m.end()) : m.end();
                s = s.substring(0, cut) + " " + REDACTED + " (parameters of " + method + " redacted)";
                break;
            }
        }
        return redactArgs(s);
    }

    private static int indexOfSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i)) || s.charAt(i) == '(') {
                return i;
            }
        }
        return -1;
    }
}
