package org.bitcoinfx.node.fake;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
        return new FakeBytes.Writer().u32(version).bytes(prevHash).bytes(merkleRoot).u32(time).u32(bits).u32(nonce).toByteArray();
    }

    /** @return the block hash (SHA-256d of the header), internal order */
    public byte[] hash() {
        return FakeBytes.sha256d(header());
    }

    /** @return the block hash as RPC prints it */
    public String hashHex() {
        return FakeBytes.displayHex(hash());
    }

    /** @return the serialised block with witness data */
    public byte[] serialize() {
        FakeBytes.Writer w = new FakeBytes.Writer().bytes(header()).compactSize(txs.size());
        for (FakeTx t : txs) {
            w.bytes(t.serialize());
        }
        return w.toByteArray();
    }

    /** @return the serialised size in bytes, with witness data */
    public int size() {
        return serialize().length;
    }

    /** @return the size without witness data in bytes */
    public int strippedSize() {
        int n = 80 + new FakeBytes.Writer().compactSize(txs.size()).toByteArray().length;
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
        return FakeBytes.merkleRoot(ids);
    }

    /** @return a copy with another nonce */
    public FakeBlock withNonce(long n) {
        return new FakeBlock(version, prevHash, merkleRoot, time, bits, n, txs);
    }

    /** @return the target that {@code bits} encodes ({@code arith_uint256::SetCompact}) */
    public static BigInteger target(long bits) {
        int exponent = (int) (bits >>> 24);
        BigInteger mantissa = BigInteger.valueOf(bits & 0x007fffffL);
        return exponent <= 3 ? mantissa.shiftRight(8 * (3 - exponent)) : mantissa.shiftLeft(8 * (exponent - 3));
    }

    /** @return true if the header hash, as a 256-bit number, is at most the target ({@code CheckProofOfWork}) */
    public boolean meetsTarget() {
        return new BigInteger(1, FakeBytes.reversed(hash())).compareTo(target(bits)) <= 0;
    }

    /**
     * Parses a serialised block.
     *
     * @throws IllegalArgumentException if malformed or followed by extra bytes
     */
    public static FakeBlock parse(byte[] data) {
        FakeBytes.Reader r = new FakeBytes.Reader(data);
        int version = (int) r.u32();
        byte[] prev = r.bytes(32);
        byte[] root = r.bytes(32);
        long time = r.u32();
        long bits = r.u32();
        long nonce = r.u32();
        long n = r.compactSize();
        if (n > r.remaining()) {
            throw new IllegalArgumentException("transaction count " + n + " exceeds the data");
        }
        List<FakeTx> txs = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            txs.add(FakeTx.read(r));
        }
        if (r.remaining() != 0) {
            throw new IllegalArgumentException(r.remaining() + " bytes after the block");
        }
        return new FakeBlock(version, prev, root, time, bits, nonce, txs);
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
