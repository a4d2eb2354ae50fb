package org.bitcoinfx.gui.blocks;

/**
 * One row of the Blocks page.
 *
 * @param height   block height
 * @param hash     block hash, display hex
 * @param time     block time, seconds since the epoch; 0 while {@link #pending()}
 * @param txCount  number of transactions, coinbase included; -1 while {@link #pending()}
 * @param size     serialized size with witness data, bytes; -1 while pending or when {@link #pruned()}
 * @param weight   block weight, WU; -1 while pending or when pruned
 * @param totalFee total fees of the block's transactions, sat; -1 if unknown (e.g. pruned)
 * @param pruned   the node pruned the block's data ({@code getblock}: "Block not available (pruned data)"): the
 *                 row holds what its header tells (height, hash, time, transactions), no size, weight or fees
 */
public record BlockRow(int height, String hash, long time, int txCount, long size, long weight, long totalFee, boolean pruned) {

    /** From a {@code getblock <hash> 1} reply and, if known, {@code getblockstats.totalfee} (sat, or -1). */
    public static BlockRow of(BlockInfo b, long totalFee) {
        return new BlockRow(b.height(), b.hash(), b.time(), b.nTx(), b.size(), b.weight(), totalFee, false);
    }

    /** A block whose data the node pruned, from its {@code getblockheader} reply (the header survives pruning). */
    public static BlockRow pruned(BlockHeaderInfo h) {
        return new BlockRow(h.height(), h.hash(), h.time(), Math.max(0, h.nTx()), -1, -1, -1, true);
    }

    /**
     * A row for a new tip, shown at once from {@code waitTipChanged}'s height and hash while
     * {@code getblock} is under way; replaced by the full row when it answers.
     */
    public static BlockRow pending(int height, String hash) {
        return new BlockRow(height, hash, 0, -1, -1, -1, -1, false);
    }

    /** @return true for a {@link #pending(int, String)} row whose details are not known yet */
    public boolean pending() {
        return txCount < 0;
    }

    /** @return the block's virtual size, vB (weight / 4, rounded up) */
    public long vsize() {
        return (weight + 3) / 4;
    }
}
