package org.bitcoinfx.gui.mining;

import java.time.Instant;

/**
 * One line of the Mining page's change log: when and why the template was replaced.
 *
 * @param time      when the new template arrived
 * @param source    the call that gave it: {@code createNewBlock} or {@code waitNext}
 * @param reason    what changed, e.g. {@code New tip 103} or {@code Fees +2,000 sat}
 * @param height    the new template's block height
 * @param txCount   its transactions (without the coinbase)
 * @param feesSat   its total fees, sat
 * @param repeats   how many times in a row this same reason came (test-chain refreshes), at least 1
 */
public record TemplateChange(Instant time, String source, String reason, long height, int txCount, long feesSat, int repeats) {
}
