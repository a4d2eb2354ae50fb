package org.bitcoinfx.ipc.primitives;

import java.util.ArrayList;
import java.util.List;

/**
 * A serialized block: header, then a CompactSize count and the transactions with witness data
 * ({@code CBlock} in Bitcoin Core {@code src/primitives/block.h}).
 *
 * @param header the header
 * @param txs    the transactions, coinbase first
 */
public record RawBlock(BlockHeader header, List<RawTx> txs) {
    /** Copies the list. */
    public RawBlock {
        txs = List.copyOf(txs);
    }

    /** Parses a block as {@code getblock <hash> 0} or {@code BlockTemplate.getBlock} give it. @throws IllegalArgumentException if malformed */
    public static RawBlock parse(byte[] block) {
        Bytes.Reader r = new Bytes.Reader(block);
        BlockHeader h = BlockHeader.parse(r.bytes(BlockHeader.SIZE));
        long n = r.compactSize();
        List<RawTx> txs = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            txs.add(RawTx.read(r));
        }
        if (r.remaining() != 0) {
            throw new IllegalArgumentException(r.remaining() + " bytes after the last transaction");
        }
        return new RawBlock(h, txs);
    }

    /** @return the serialization with witness data */
    public byte[] serialize() {
        Bytes.Writer w = new Bytes.Writer().bytes(header.serialize()).compactSize(txs.size());
        for (RawTx tx : txs) {
            w.bytes(tx.serialize());
        }
        return w.toByteArray();
    }

    /** @return the block weight in WU: header and count × 4 plus each transaction's weight */
    public long weight() {
        long base = BlockHeader.SIZE + new Bytes.Writer().compactSize(txs.size()).toByteArray().length;
        return base * RawTx.WITNESS_SCALE_FACTOR + txs.stream().mapToLong(RawTx::weight).sum();
    }
}
