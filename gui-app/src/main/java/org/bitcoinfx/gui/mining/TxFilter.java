package org.bitcoinfx.gui.mining;

import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Mining page's transaction filter, parsed from what the user types:
 * <ul>
 *   <li>empty: every transaction;</li>
 *   <li>hex (at least 4 digits): transactions whose txid or wtxid contains it (any case);</li>
 *   <li>a fee-rate range in sat/vB: {@code 10-20} (or {@code 10–20}, both ends included), {@code >=10} / {@code ≥10} /
 *       {@code >10}, {@code <=5} / {@code ≤5} / {@code <5}; a unit {@code sat/vB} after the numbers may be given.</li>
 * </ul>
 *
 * @param text      what was typed, trimmed
 * @param predicate which transactions it keeps
 */
public record TxFilter(String text, Predicate<TemplateTx> predicate) {
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{4,64}");
    private static final String NUM = "(\\d+(?:\\.\\d+)?)";
    private static final String UNIT = "\\s*(?:sat/vb)?";
    private static final Pattern RANGE = Pattern.compile(NUM + UNIT + "\\s*[-–]\\s*" + NUM + UNIT);
    private static final Pattern BOUND = Pattern.compile("(>=|≥|>|<=|≤|<)\\s*" + NUM + UNIT);

    /** Keeps every transaction. */
    public static final TxFilter ALL = new TxFilter("", t -> true);

    /**
     * @param input what the user typed (null as empty)
     * @return the filter
     * @throws IllegalArgumentException saying what is accepted, for anything else (e.g. {@code 20-10}, {@code abc})
     */
    public static TxFilter parse(String input) {
        String s = input == null ? "" : input.trim();
        if (s.isEmpty()) {
            return ALL;
        }
        if (HEX.matcher(s).matches()) {
            String h = s.toLowerCase(Locale.ROOT);
            return new TxFilter(s, t -> t.txid().contains(h) || t.wtxid().contains(h));
        }
        String lower = s.toLowerCase(Locale.ROOT);
        Matcher r = RANGE.matcher(lower);
        if (r.matches()) {
            double lo = Double.parseDouble(r.group(1));
            double hi = Double.parseDouble(r.group(2));
            if (lo > hi) {
                throw new IllegalArgumentException("The fee-rate range " + s + " is empty: write the lower rate first, e.g. "
                        + r.group(2) + "-" + r.group(1) + ".");
            }
            return new TxFilter(s, t -> t.feeRate() >= lo && t.feeRate() <= hi);
        }
        Matcher b = BOUND.matcher(lower);
        if (b.matches()) {
            double v = Double.parseDouble(b.group(2));
            Predicate<TemplateTx> p = switch (b.group(1)) {
                case ">=", "≥" -> t -> t.feeRate() >= v;
                case ">" -> t -> t.feeRate() > v;
                case "<=", "≤" -> t -> t.feeRate() <= v;
                default -> t -> t.feeRate() < v;
            };
            return new TxFilter(s, p);
        }
        throw new IllegalArgumentException("Filter by txid (4 or more hex digits) or by fee rate in sat/vB: 10-20, >=10, <5.");
    }

    /** @return true if {@code t} passes */
    public boolean test(TemplateTx t) {
        return predicate.test(t);
    }
}
