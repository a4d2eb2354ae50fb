package org.bitcoinfx.gui.wallet;

/**
 * What {@link FeeBumpService#bump} did: {@code bumpfee}'s answer, or for a watch-only wallet the unsigned PSBT of
 * {@code psbtbumpfee} (to sign elsewhere).
 *
 * @param txid      the replacement's txid, or null for a watch-only wallet
 * @param psbt      the unsigned replacement for a watch-only wallet, or null
 * @param oldFeeSat {@code origfee}, sat
 * @param newFeeSat {@code fee}, sat
 */
public record BumpResult(String txid, String psbt, long oldFeeSat, long newFeeSat) {
}
