package org.bitcoinfx.gui.mining;

import java.time.Instant;

/**
 * One line of the Mining page's change log: when and why the template was replaced.
 *
 * @param time      when the new template arrived
 * @param reason    e.g. {@code New tip 103: template for block 104} or {@code Fees rose by 2,000 sat}
 * @param height    the new template's block height
 * @param txCount   its transactions (without the coinbase)
 * @param feesSat   its total fees, sat
 * @param repeats   how many times in a row this same reason came (test-chain refreshes), at least 1
 */
public record TemplateChange(Instant time, String reason, long height, int txCount, long feesSat, int repeats) {
}
