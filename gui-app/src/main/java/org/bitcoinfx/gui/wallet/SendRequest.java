package org.bitcoinfx.gui.wallet;

/**
 * What the user asked to send, checked: one recipient, replace-by-fee on.
 *
 * @param address       the recipient
 * @param amountSat     sat; with {@code wholeBalance} the whole trusted balance, the fee taken from it
 * @param wholeBalance  subtract the fee from the amount ({@code subtractFeeFromOutputs})
 * @param fee           how the fee is chosen
 * @param label         a label for the recipient, or empty
 */
public record SendRequest(String address, long amountSat, boolean wholeBalance, FeeChoice fee, String label) {
}
