package org.bitcoinfx.gui.wallet;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One {@code estimatesmartfee} answer (Bitcoin Core {@code src/rpc/fees.cpp}).
 *
 * @param target      the confirmation target asked for, blocks
 * @param satPerVb    the estimate, sat/vB, or a negative number when the node has none
 * @param blocks      the target the estimate is for
 * @param error       the node's reason when there is none, e.g. {@code Insufficient data or no feerate found}
 */
public record FeeEstimate(int target, double satPerVb, int blocks, String error) {
    /** Reads the reply ({@code feerate} is BTC/kvB). */
    public static FeeEstimate from(int target, JsonNode r) {
        if (r.has("feerate")) {
            return new FeeEstimate(target, r.path("feerate").asDouble() * 1e8 / 1000, r.path("blocks").asInt(target), "");
        }
        String err = r.path("errors").isArray() && r.path("errors").size() > 0 ? r.path("errors").get(0).asText() : "no estimate";
        return new FeeEstimate(target, -1, r.path("blocks").asInt(0), err);
    }

    /** @return true if the node gave a fee rate */
    public boolean available() {
        return satPerVb >= 0;
    }
}
