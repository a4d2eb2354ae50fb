package org.bitcoinfx.gui.mining;

import java.time.Instant;
import java.util.List;
import org.bitcoinfx.ipc.CoinbaseTx;
import org.bitcoinfx.ipc.primitives.BlockHeader;
import org.bitcoinfx.ipc.primitives.Hashes;
import org.bitcoinfx.ipc.primitives.RawTx;

/**
 * Everything one {@code BlockTemplate} says, fetched at once: {@code getBlockHeader},
 * {@code getBlock}, {@code getTxFees}, {@code getTxSigops}, {@code getCoinbaseTx} and
 * {@code getCoinbaseMerklePath} (Bitcoin Core {@code src/ipc/capnp/mining.capnp}).
 *
 * @param fetched    when the answers arrived
 * @param header     the template's header (its merkle root is left zero by the node)
 * @param height     the height of the block this template would make (from the BIP34 prefix)
 * @param txs        the non-coinbase transactions with fee, sigops and weight
 * @param blockTxs   the same transactions, parsed, in block order (to assemble the block)
 * @param coinbase   what the coinbase must hold
 * @param merklePath the coinbase's merkle branch, 32-byte hashes, deepest first
 */
public record TemplateSnapshot(Instant fetched, BlockHeader header, long height, List<TemplateTx> txs, List<RawTx> blockTxs,
                               CoinbaseTx coinbase, List<byte[]> merklePath) {
    /** Copies the lists. */
    public TemplateSnapshot {
        txs = List.copyOf(txs);
        blockTxs = List.copyOf(blockTxs);
        merklePath = List.copyOf(merklePath);
    }

    /** @return the sum of the transactions' virtual sizes, vB */
    public long totalVsize() {
        return txs.stream().mapToLong(TemplateTx::vsize).sum();
    }

    /** @return the sum of the transactions' fees, sat */
    public long totalFeesSat() {
        return txs.stream().mapToLong(TemplateTx::feeSat).sum();
    }

    /** @return the sum of the transactions' sigop costs */
    public long totalSigops() {
        return txs.stream().mapToLong(TemplateTx::sigops).sum();
    }

    /** @return the sum of the transactions' weights, WU (coinbase and header not counted) */
    public long totalTxWeight() {
        return txs.stream().mapToLong(TemplateTx::weight).sum();
    }

    /** @return the previous block's hash as RPC prints it */
    public String prevBlockHex() {
        return Hashes.displayHex(header.prevBlock());
    }
}
