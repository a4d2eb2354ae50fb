package org.bitcoinfx.node.fake;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bitcoinfx.ipc.primitives.BlockHeader;
import org.bitcoinfx.ipc.primitives.Bytes;
import org.bitcoinfx.ipc.primitives.Hashes;
import org.bitcoinfx.ipc.primitives.Merkle;
import org.bitcoinfx.ipc.primitives.RawBlock;

/**
 * A block (Bitcoin Core {@code CBlock}, {@code src/primitives/block.h}): the 80-byte header and its
 * transactions, the coinbase first.
 *
 * @param version    nVersion
 * @param prevHash   hashPrevBlock, 32 bytes internal order
 * @param merkleRoot hashMerkleRoot, 32 bytes internal order
 * @param time       nTime, seconds since the epoch
 * @param bits       nBits, the compact target
 * @param nonce      nNonce
 * @param txs        vtx
 */
public record FakeBlock(int version, byte[] prevHash, byte[] merkleRoot, long time, long bits, long nonce, List<FakeTx> txs) {
    /** Regtest's nBits: {@code 0x207fffff} (powLimit {@code 7fffff00…00}). */
    public static final long REGTEST_BITS = 0x207fffffL;
    /** Version of blocks the fake mines: BIP9 top bits only, {@code 0x20000000}. */
    public static final int VERSION = 0x20000000;

    /** Copies. */
    public FakeBlock {
        prevHash = prevHash.clone();
        merkleRoot = merkleRoot.clone();
        txs = List.copyOf(txs);
    }

    /** @return a copy of hashPrevBlock (internal order) */
    @Override
    public byte[] prevHash() {
        return prevHash.clone();
    }

    /** @return a copy of hashMerkleRoot (internal order) */
    @Override
    public byte[] merkleRoot() {
        return merkleRoot.clone();
    }

    /** @return the serialised 80-byte header */
    public byte[] header() {
        return blockHeader().serialize();
    }

    /** @return the header as the shared primitive {@link BlockHeader} */
    public BlockHeader blockHeader() {
        return new BlockHeader(version, prevHash, merkleRoot, time, bits, nonce);
    }

    /** @return this block as the shared primitive {@link RawBlock}, which does the serialisation */
    public RawBlock toRaw() {
        return new RawBlock(blockHeader(), txs.stream().map(FakeTx::toRaw).toList());
    }

    /** @return the block hash (SHA-256d of the header), internal order */
    public byte[] hash() {
        return blockHeader().hash();
    }

    /** @return the block hash as RPC prints it */
    public String hashHex() {
        return Hashes.displayHex(hash());
    }

    /** @return the serialised block with witness data */
    public byte[] serialize() {
        return toRaw().serialize();
    }

    /** @return the serialised size in bytes, with witness data */
    public int size() {
        return serialize().length;
    }

    /** @return the size without witness data in bytes */
    public int strippedSize() {
        int n = 80 + new Bytes.Writer().compactSize(txs.size()).toByteArray().length;
        for (FakeTx t : txs) {
            n += t.strippedSize();
        }
        return n;
    }

    /** @return the BIP141 weight */
    public int weight() {
        return 3 * strippedSize() + size();
    }

    /** @return the merkle root computed from the txids */
    public byte[] computeMerkleRoot() {
        List<byte[]> ids = new ArrayList<>();
        for (FakeTx t : txs) {
            ids.add(t.txid());
        }
        return Merkle.merkleRoot(ids);
    }

    /** @return a copy with another nonce */
    public FakeBlock withNonce(long n) {
        return new FakeBlock(version, prevHash, merkleRoot, time, bits, n, txs);
    }

    /** @return the target that {@code bits} encodes ({@code arith_uint256::SetCompact}, via {@link Hashes#targetFromBits}) */
    public static BigInteger target(long bits) {
        return Hashes.targetFromBits(bits);
    }

    /** @return true if the header hash, as a 256-bit number, is at most the target ({@code CheckProofOfWork}) */
    public boolean meetsTarget() {
        return Hashes.meetsTarget(hash(), target(bits));
    }

    /**
     * Parses a serialised block.
     *
     * @throws IllegalArgumentException if malformed or followed by extra bytes
     */
    public static FakeBlock parse(byte[] data) {
        RawBlock raw = RawBlock.parse(data);
        BlockHeader h = raw.header();
        return new FakeBlock(h.version(), h.prevBlock(), h.merkleRoot(), h.time(), h.bits(), h.nonce(),
                raw.txs().stream().map(FakeTx::fromRaw).toList());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FakeBlock b && Arrays.equals(hash(), b.hash());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hash());
    }
}
