package org.bitcoinfx.gui.wallet;

import java.util.Locale;
import java.util.Set;

/**
 * RPC methods whose parameters are secrets (passphrases, private keys), as Bitcoin Core's GUI
 * console filters them ({@code historyFilter} in {@code src/qt/rpcconsole.cpp}): their
 * parameters are shown as {@code (…)} and never kept in history or logs.
 */
public final class SensitiveRpc {
    /** The methods, lower case. */
    public static final Set<String> METHODS = Set.of("walletpassphrase", "walletpassphrasechange", "encryptwallet",
            "createwallet", "importprivkey", "importdescriptors", "signmessagewithprivkey", "signrawtransactionwithkey",
            "sethdseed", "importmulti", "migratewallet");

    private SensitiveRpc() {
    }

    /** @return true if {@code method}'s parameters may hold a secret */
    public static boolean isSensitive(String method) {
        return method != null && METHODS.contains(method.trim().toLowerCase(Locale.ROOT));
    }

    /**
     * Redacts a console command line: {@code walletpassphrase "secret" 60} becomes
     * {@code walletpassphrase (…)}; other lines are returned unchanged.
     */
    public static String redactCommandLine(String line) {
        if (line == null) {
            return null;
        }
        String t = line.strip();
        int sp = indexOfSpace(t);
        String method = sp < 0 ? t : t.substring(0, sp);
        if (!isSensitive(method) || sp < 0) {
            return line;
        }
        return method + " (…)";
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
