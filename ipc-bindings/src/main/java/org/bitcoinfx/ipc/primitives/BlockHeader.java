package org.bitcoinfx.ipc.primitives;

import java.util.Arrays;

/**
 * The 80-byte block header: mirrors {@code CBlockHeader} in Bitcoin Core
 * {@code src/primitives/block.h}. Hashes are 32 bytes in internal order; numbers are unsigned
 * 32-bit values held in longs (int for the version, which is signed in Bitcoin Core).
 *
 * @param version    nVersion
 * @param prevBlock  hashPrevBlock, internal order
 * @param merkleRoot hashMerkleRoot, internal order
 * @param time       nTime, seconds since the epoch
 * @param bits       nBits, the compact target
 * @param nonce      nNonce
 */
public record BlockHeader(int version, byte[] prevBlock, byte[] merkleRoot, long time, long bits, long nonce) {
    /** Size of a serialized header, bytes. */
    public static final int SIZE = 80;

    /** Copies the hashes. @throws IllegalArgumentException if a hash is not 32 bytes */
    public BlockHeader {
        if (prevBlock.length != 32 || merkleRoot.length != 32) {
            throw new IllegalArgumentException("header hashes are 32 bytes");
        }
        prevBlock = prevBlock.clone();
        merkleRoot = merkleRoot.clone();
    }

    /** Parses 80 bytes; @throws IllegalArgumentException for any other length */
    public static BlockHeader parse(byte[] header) {
        if (header.length != SIZE) {
            throw new IllegalArgumentException("a block header is 80 bytes, got " + header.length);
        }
        Bytes.Reader r = new Bytes.Reader(header);
        return new BlockHeader((int) r.u32(), r.bytes(32), r.bytes(32), r.u32(), r.u32(), r.u32());
    }

    /** @return the 80-byte serialization */
    public byte[] serialize() {
        return new Bytes.Writer().u32(version & 0xffffffffL).bytes(prevBlock).bytes(merkleRoot)
                .u32(time).u32(bits).u32(nonce).toByteArray();
    }

    /** @return the block hash, SHA-256d of the header, internal order */
    public byte[] hash() {
        return Hashes.sha256d(serialize());
    }

    /** @return the block hash as RPC prints it */
    public String hashHex() {
        return Hashes.displayHex(hash());
    }

    /** @return a copy of the previous block's hash */
    @Override
    public byte[] prevBlock() {
        return prevBlock.clone();
    }

    /** @return a copy of the merkle root */
    @Override
    public byte[] merkleRoot() {
        return merkleRoot.clone();
    }

    /** @return this header with another merkle root */
    public BlockHeader withMerkleRoot(byte[] root) {
        return new BlockHeader(version, prevBlock, root, time, bits, nonce);
    }

    /** @return this header with another nonce */
    public BlockHeader withNonce(long n) {
        return new BlockHeader(version, prevBlock, merkleRoot, time, bits, n);
    }

    /** @return this header with another time */
    public BlockHeader withTime(long t) {
        return new BlockHeader(version, prevBlock, merkleRoot, t, bits, nonce);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlockHeader h && h.version == version && Arrays.equals(h.prevBlock, prevBlock)
                && Arrays.equals(h.merkleRoot, merkleRoot) && h.time == time && h.bits == bits && h.nonce == nonce;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(serialize());
    }

    @Override
    public String toString() {
        return "BlockHeader[" + hashHex() + " version=" + Integer.toHexString(version) + " prev=" + Hashes.displayHex(prevBlock)
                + " time=" + time + " bits=" + Long.toHexString(bits) + " nonce=" + nonce + "]";
    }
}
