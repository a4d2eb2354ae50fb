package org.bitcoinfx.gui.wallet;

import java.math.BigDecimal;

/**
 * A replacement of an unconfirmed outgoing transaction, for review: nothing is signed or broadcast until
 * {@link FeeBumpService#bump} is called with it.
 *
 * @param kind        speed up (same payments, higher fee) or cancel (everything back to the wallet)
 * @param txid        the transaction replaced
 * @param oldFeeSat   its fee, sat ({@code gettransaction}'s {@code fee}, or {@code psbtbumpfee}'s {@code origfee})
 * @param oldVsize    its virtual size, vB ({@code gettransaction … true}'s {@code decoded.vsize})
 * @param newFeeSat   the replacement's fee, sat: the node's ({@code psbtbumpfee} {@code fee}) when {@link #exact}, else
 *                    {@code ceil(satPerVb × newVsize)}
 * @param newVsize    the replacement's estimated virtual size once signed, vB ({@code analyzepsbt}), or the old one when
 *                    not exact
 * @param satPerVb    the fee rate asked, sat/vB
 * @param psbt        the unsigned replacement ({@code psbtbumpfee}), or null when not exact
 * @param exact       false when the node could not build the replacement without the wallet's passphrase (an encrypted
 *                    wallet): the new fee is then an estimate, the node's figure comes with the result
 * @param cancelTo    for a cancel, the wallet's change address everything goes back to; else null
 * @param cancelSat   for a cancel, the amount handed to {@code bumpfee}'s {@code outputs}: what the inputs hold (the old
 *                    outputs and fee), the new fee taken from it, sat; else 0
 */
public record BumpPreview(FeeBumpService.Kind kind, String txid, long oldFeeSat, long oldVsize, long newFeeSat, long newVsize,
                          BigDecimal satPerVb, String psbt, boolean exact, String cancelTo, long cancelSat) {
    /** @return the old fee rate, sat/vB */
    public double oldRate() {
        return oldVsize > 0 ? (double) oldFeeSat / oldVsize : 0;
    }

    /** @return the new fee rate, sat/vB */
    public double newRate() {
        return newVsize > 0 ? (double) newFeeSat / newVsize : 0;
    }
}
