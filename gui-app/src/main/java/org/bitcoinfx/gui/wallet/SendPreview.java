package org.bitcoinfx.gui.wallet;

/**
 * A funded but unsigned transaction for review, from {@code walletcreatefundedpsbt} and
 * {@code analyzepsbt}. Nothing is broadcast until {@link WalletService#send} is called with it.
 *
 * @param request    what was asked
 * @param psbt       the PSBT (base64) to sign
 * @param feeSat     the fee, sat (exact: inputs and outputs are fixed by the PSBT)
 * @param vsize      estimated virtual size once signed, vB
 * @param feeRate    fee / vsize, sat/vB
 * @param amountSat  what the recipient gets, sat (less than asked when the fee is subtracted)
 */
public record SendPreview(SendRequest request, String psbt, long feeSat, long vsize, double feeRate, long amountSat) {
    /** @return amount + fee, sat: what leaves the wallet */
    public long totalSat() {
        return amountSat + feeSat;
    }
}
