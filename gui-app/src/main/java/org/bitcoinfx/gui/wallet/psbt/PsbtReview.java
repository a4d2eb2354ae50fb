package org.bitcoinfx.gui.wallet.psbt;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A PSBT as the review shows it: {@code decodepsbt}, {@code analyzepsbt} and, per output address, whether the
 * selected wallet owns it ({@code getaddressinfo}).
 *
 * @param psbt      the PSBT, base64
 * @param decoded   its transaction
 * @param analysis  who still has to act
 * @param ownership per output address, the wallet's relation to it (absent: no wallet asked, or no address)
 */
public record PsbtReview(String psbt, DecodedPsbt decoded, PsbtAnalysis analysis, Map<String, Ownership> ownership) {
    /** An address's relation to the wallet ({@code getaddressinfo}'s {@code ismine}, {@code ischange}). */
    public enum Ownership {
        /** not the wallet's */
        EXTERNAL,
        /** the wallet's receiving address */
        OWN,
        /** the wallet's change address */
        CHANGE
    }

    /** @return the fee, sat: analyzepsbt's, else decodepsbt's; empty while an input's UTXO is missing */
    public OptionalLong feeSat() {
        return analysis.feeSat().isPresent() ? analysis.feeSat() : decoded.feeSat();
    }

    /** @return the fee rate of the signed transaction, sat/vB (estimated by the node); empty while an input's UTXO is missing */
    public OptionalDouble feeRate() {
        if (analysis.feeRate().isPresent()) {
            return analysis.feeRate();
        }
        OptionalLong fee = feeSat();
        return fee.isPresent() && analysis.estimatedVsize().isPresent() && analysis.estimatedVsize().getAsLong() > 0
                ? OptionalDouble.of((double) fee.getAsLong() / analysis.estimatedVsize().getAsLong()) : OptionalDouble.empty();
    }

    /** @return the relation of {@code address} to the wallet ({@link Ownership#EXTERNAL} when unknown) */
    public Ownership ownership(String address) {
        return ownership.getOrDefault(address, Ownership.EXTERNAL);
    }
}
