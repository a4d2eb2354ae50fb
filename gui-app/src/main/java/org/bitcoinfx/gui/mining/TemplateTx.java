package org.bitcoinfx.gui.mining;

/**
 * One non-coinbase transaction of a block template, as the Mining page lists it.
 *
 * @param index  position in the block (1 = first after the coinbase)
 * @param txid   display hex
 * @param wtxid  display hex
 * @param feeSat fee from {@code BlockTemplate.getTxFees}, sat
 * @param sigops sigop cost from {@code BlockTemplate.getTxSigops}
 * @param weight weight, WU (computed from the serialized transaction)
 * @param vsize  virtual size, vB
 */
public record TemplateTx(int index, String txid, String wtxid, long feeSat, long sigops, long weight, long vsize) {
    /** @return the fee rate, sat/vB */
    public double feeRate() {
        return vsize == 0 ? 0 : (double) feeSat / vsize;
    }
}
