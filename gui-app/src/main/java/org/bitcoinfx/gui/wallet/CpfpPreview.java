package org.bitcoinfx.gui.wallet;

/**
 * A child paying for a stuck incoming transaction (CPFP), for review: the child spends the wallet's coins of the parent
 * back to the wallet, at a fee that lifts the package (the parent with its unconfirmed ancestors, and the child) to the
 * rate asked. Nothing is signed or broadcast until it is sent ({@link WalletService#send} with {@link #child}).
 *
 * @param parentTxid      the stuck transaction
 * @param parentFeeSat    the fees of the parent and its in-mempool ancestors ({@code getmempoolentry} {@code fees.ancestor}), sat
 * @param parentVsize     their virtual size ({@code ancestorsize}), vB
 * @param child           the funded child: fee (the wallet adds what the ancestors lack, {@code walletcreatefundedpsbt}), vsize
 */
public record CpfpPreview(String parentTxid, long parentFeeSat, long parentVsize, SendPreview child) {
    /** @return the parent's (and its ancestors') fee rate, sat/vB */
    public double parentRate() {
        return parentVsize > 0 ? (double) parentFeeSat / parentVsize : 0;
    }

    /** @return (parent fees + child fee) / (parent vsize + child vsize), sat/vB: the rate a miner sees for the package */
    public double packageRate() {
        long v = parentVsize + child.vsize();
        return v > 0 ? (double) (parentFeeSat + child.feeSat()) / v : 0;
    }
}
