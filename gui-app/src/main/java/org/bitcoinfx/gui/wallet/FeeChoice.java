package org.bitcoinfx.gui.wallet;

import java.math.BigDecimal;

/**
 * How the fee of a send is chosen: by confirmation target (the node estimates, as
 * {@code conf_target} with {@code estimate_mode} economical) or an explicit rate in sat/vB
 * ({@code fee_rate}).
 *
 * @param confTarget blocks, or 0 when {@code satPerVb} is given
 * @param satPerVb   explicit fee rate, sat/vB (up to 3 decimals), or null
 */
public record FeeChoice(int confTarget, BigDecimal satPerVb) {
    /** Lowest explicit rate the page lets through, sat/vB (the wallet's default {@code -mintxfee}). */
    public static final BigDecimal MIN_RATE = BigDecimal.ONE;
    /** Highest explicit rate the page lets through, sat/vB. */
    public static final BigDecimal MAX_RATE = BigDecimal.valueOf(5000);

    /** @return a choice by confirmation target */
    public static FeeChoice target(int blocks) {
        return new FeeChoice(blocks, null);
    }

    /**
     * @return an explicit rate
     * @throws IllegalArgumentException if it is outside {@link #MIN_RATE}…{@link #MAX_RATE} or has more than 3 decimals
     */
    public static FeeChoice rate(BigDecimal satPerVb) {
        if (satPerVb.compareTo(MIN_RATE) < 0 || satPerVb.compareTo(MAX_RATE) > 0) {
            throw new IllegalArgumentException("Fee rate out of range: " + satPerVb.stripTrailingZeros().toPlainString()
                    + " sat/vB; use " + MIN_RATE + " to " + MAX_RATE.toPlainString() + " sat/vB.");
        }
        if (satPerVb.stripTrailingZeros().scale() > 3) {
            throw new IllegalArgumentException("At most 3 decimals in a fee rate (sat/vB).");
        }
        return new FeeChoice(0, satPerVb);
    }

    /**
     * Parses a typed fee rate.
     *
     * @throws IllegalArgumentException if it is not a number or out of range
     */
    public static FeeChoice parseRate(String text) {
        String t = text == null ? "" : text.strip().replace(',', '.');
        if (t.isEmpty()) {
            throw new IllegalArgumentException("Enter a fee rate in sat/vB.");
        }
        try {
            return rate(new BigDecimal(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + text.strip() + "\" is not a fee rate.");
        }
    }

    /** @return true for an explicit rate */
    public boolean explicit() {
        return satPerVb != null;
    }
}
