package org.bitcoinfx.gui.wallet;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Parses amounts typed by the user into sat, strictly: BTC with at most 8 decimals, sat as a whole
 * number; never negative, never above 21,000,000 BTC ({@code MAX_MONEY}). Errors are
 * IllegalArgumentException with a sentence to show under the field.
 */
public final class Amounts {
    /** sat per BTC. */
    public static final long COIN = 100_000_000L;
    /** Bitcoin Core's {@code MAX_MONEY}, sat. */
    public static final long MAX_MONEY = 21_000_000L * COIN;

    /** The unit an amount is typed in. */
    public enum Unit {
        /** bitcoin, 8 decimals */
        BTC,
        /** satoshi, whole numbers */
        SAT
    }

    private Amounts() {
    }

    /** Longest amount text accepted, characters (after spaces and {@code _} are dropped): 21000000.00000000 is 17. */
    static final int MAX_LENGTH = 40;
    /** A plain decimal in ASCII digits: {@code 12}, {@code 12.5}, {@code 12.}, {@code .5}; no sign, no exponent. */
    private static final java.util.regex.Pattern PLAIN_DECIMAL = java.util.regex.Pattern.compile("[0-9]+(\\.[0-9]*)?|\\.[0-9]+");

    /**
     * Parses an amount as the user typed it. Only a plain decimal is accepted: ASCII digits with
     * at most one decimal point; no sign, no exponent ({@code 1e3} is refused, not read as 1,000),
     * no other digits than 0–9, at most {@value #MAX_LENGTH} characters.
     *
     * @param text what the user typed (spaces and {@code _} ignored; {@code ,} accepted as the decimal point)
     * @return the amount in sat, 0 … {@link #MAX_MONEY}
     * @throws IllegalArgumentException if it is not a valid amount in {@code unit}; the message is a
     *         sentence to show under the field (empty, negative, an exponent, not a number, more than
     *         8 decimals or a fraction of a sat, more than 21,000,000 BTC)
     */
    public static long parse(String text, Unit unit) {
        String t = text == null ? "" : text.strip().replaceAll("[\\s_\u00a0]", "");
        if (t.isEmpty()) {
            throw new IllegalArgumentException("Enter an amount.");
        }
        if (unit == Unit.BTC) {
            t = t.replace(',', '.');
        }
        if (t.startsWith("-") || t.startsWith("\u2212")) {
            throw new IllegalArgumentException("The amount cannot be negative.");
        }
        if (t.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("Too long for an amount (at most " + MAX_LENGTH + " characters).");
        }
        if (!PLAIN_DECIMAL.matcher(t).matches()) {
            if (t.matches("[0-9.]*[eE][-+0-9.]*")) {
                throw new IllegalArgumentException("Write the amount as a plain number, without an exponent (\"" + text.strip() + "\").");
            }
            throw new IllegalArgumentException("\"" + text.strip() + "\" is not a number: use the digits 0-9 and one decimal point.");
        }
        BigDecimal d = new BigDecimal(t.endsWith(".") ? t.substring(0, t.length() - 1) : t);
        BigDecimal sat = unit == Unit.BTC ? d.movePointRight(8) : d;
        if (sat.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException(unit == Unit.BTC ? "At most 8 decimals (1 sat = 0.00000001 BTC)." : "sat are whole numbers.");
        }
        if (sat.compareTo(BigDecimal.valueOf(MAX_MONEY)) > 0) {
            throw new IllegalArgumentException("More than 21,000,000 BTC.");
        }
        return sat.longValueExact();
    }

    /** @return {@code sat} as a plain BTC decimal without trailing zeros, e.g. {@code 0.001} (BIP21, RPC parameters) */
    public static String plainBtc(long sat) {
        BigDecimal d = BigDecimal.valueOf(sat, 8).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0, RoundingMode.UNNECESSARY).toPlainString() : d.toPlainString();
    }

    /** @return {@code sat} as a BigDecimal BTC with 8 decimals (what Jackson sends as the RPC amount) */
    public static BigDecimal btcDecimal(long sat) {
        return BigDecimal.valueOf(sat, 8);
    }

    /** @return {@code sat} as text in {@code unit}, for the amount field: {@code 0.001} or {@code 100000} */
    public static String format(long sat, Unit unit) {
        return unit == Unit.BTC ? plainBtc(sat) : Long.toString(sat);
    }

    /**
     * The dust threshold of an output paying to {@code scriptPubKey} at the default dust relay fee
     * of 3000 sat/kvB: {@code GetDustThreshold} in Bitcoin Core {@code src/policy/policy.cpp}
     * (546 sat for P2PKH, 540 for P2SH, 294 for P2WPKH, 330 for P2WSH and P2TR).
     *
     * @param scriptPubKey raw script bytes
     * @return the smallest amount that is not dust, sat
     */
    public static long dustThreshold(byte[] scriptPubKey) {
        if (scriptPubKey.length > 0 && (scriptPubKey[0] & 0xff) == 0x6a) {
            return 0; // OP_RETURN: unspendable
        }
        long size = 8 + compactSizeLength(scriptPubKey.length) + scriptPubKey.length;
        size += isWitnessProgram(scriptPubKey) ? 32 + 4 + 1 + 107 / 4 + 4 : 32 + 4 + 1 + 107 + 4;
        return size * 3000 / 1000;
    }

    private static int compactSizeLength(long n) {
        return n < 0xfd ? 1 : n <= 0xffff ? 3 : n <= 0xffffffffL ? 5 : 9;
    }

    /** {@code CScript::IsWitnessProgram}: OP_0…OP_16 then one push of 2…40 bytes. */
    static boolean isWitnessProgram(byte[] s) {
        if (s.length < 4 || s.length > 42) {
            return false;
        }
        int op = s[0] & 0xff;
        if (op != 0 && (op < 0x51 || op > 0x60)) {
            return false;
        }
        return (s[1] & 0xff) + 2 == s.length;
    }
}
