package org.bitcoinfx.ipc.primitives;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Block and transaction serialisation, txid/wtxid, weight, merkle root and proof of work, checked
 * against real data ({@link RegtestBlocks}).
 */
class PrimitivesTest {
    @Test
    void percentEncodingKeepsOnlyRfc3986UnreservedCharacters() {
        assertEquals("AZaz09-._~", PercentEncoding.encode("AZaz09-._~"));
        assertEquals("my%20wallet%2F%C3%A9%26%2B%25", PercentEncoding.encode("my wallet/é&+%"));
        assertEquals("", PercentEncoding.encode(""));
    }

    @Test
    void genesisHashAndMerkleRoot() {
        byte[] raw = Hashes.parseHex(RegtestBlocks.GENESIS);
        RawBlock b = RawBlock.parse(raw);
        assertEquals("0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206", b.header().hashHex());
        assertEquals(1, b.txs().size());
        RawTx cb = b.txs().get(0);
        assertTrue(cb.isCoinbase());
        assertFalse(cb.hasWitness());
        assertEquals("4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b", Hashes.displayHex(cb.txid()));
        assertArrayEquals(b.header().merkleRoot(), Merkle.merkleRoot(List.of(cb.txid())));
        assertEquals(5_000_000_000L, cb.outputValueSat());
        assertEquals(0x207fffffL, b.header().bits());
        assertEquals(2, b.header().nonce());
        assertTrue(Hashes.meetsTarget(b.header().hash(), Hashes.targetFromBits(b.header().bits())));
        assertArrayEquals(raw, b.serialize(), "parse → serialize is the identity");
    }

    @Test
    void realBlockTxidsWtxidsWeightsAndMerklePath() {
        byte[] raw = RegtestBlocks.block102();
        RawBlock b = RawBlock.parse(raw);
        assertArrayEquals(raw, b.serialize());
        assertEquals("2b08ad28780f17518023dbd77343ed7d7eaf7ebdcd345f16b1089d960baeed41", b.header().hashHex());
        assertEquals("6141d2b922ae8f10ddb5f68b2b7607ed1605b7aa7117905d113286fc492fad6a", Hashes.displayHex(b.header().merkleRoot()));
        List<RawTx> txs = b.txs();
        assertEquals(2, txs.size());
        assertEquals("342122668413efcfdfcb8e36447ee30383f8abfbb9e6a99f722ab873d9a5e993", Hashes.displayHex(txs.get(0).txid()));
        assertEquals("63cd4fcf147dc1ed8691246fe337f0c1286dfcb9490524ad62eaa9a5dea1343f", Hashes.displayHex(txs.get(0).wtxid()));
        assertEquals("6f0fb51205867e037a20a303d43e333377da01d90d8fa05ec7185808e4a1cb3c", Hashes.displayHex(txs.get(1).txid()));
        assertEquals("369f4a96f095d4485017f05357d340441a6cb4cb3a1ce2c075f554c8e5cc243d", Hashes.displayHex(txs.get(1).wtxid()));
        assertEquals(560, txs.get(0).weight());
        assertEquals(657, txs.get(1).weight());
        assertEquals(165, txs.get(1).vsize());
        assertArrayEquals(txs.get(1).serialize(), RawTx.parse(txs.get(1).serialize()).serialize());

        List<byte[]> txids = txs.stream().map(RawTx::txid).toList();
        assertArrayEquals(b.header().merkleRoot(), Merkle.merkleRoot(txids));
        List<byte[]> path = Merkle.coinbaseMerklePath(txids);
        assertEquals(1, path.size());
        assertArrayEquals(b.header().merkleRoot(), Merkle.merkleRootFromPath(txids.get(0), path));
        assertTrue(Hashes.meetsTarget(b.header().hash(), Hashes.targetFromBits(b.header().bits())));
    }

    @Test
    void oddMerkleLevelsDuplicateTheLastHash() {
        byte[] a = Hashes.sha256d(new byte[] {1});
        byte[] b = Hashes.sha256d(new byte[] {2});
        byte[] c = Hashes.sha256d(new byte[] {3});
        byte[] ab = Hashes.sha256d(a, b);
        byte[] cc = Hashes.sha256d(c, c);
        assertArrayEquals(Hashes.sha256d(ab, cc), Merkle.merkleRoot(List.of(a, b, c)));
        List<byte[]> path = Merkle.coinbaseMerklePath(List.of(a, b, c));
        assertEquals(2, path.size());
        assertArrayEquals(b, path.get(0));
        assertArrayEquals(cc, path.get(1));
        assertArrayEquals(new byte[32], Merkle.merkleRoot(List.of()));
    }

    @Test
    void compactSizeAndLittleEndianRoundTrip() {
        for (long n : new long[] {0, 252, 253, 0xffff, 0x10000, 0x02000000L}) {
            byte[] w = new Bytes.Writer().compactSize(n).i64(-2).u32(0xfffffffeL).toByteArray();
            Bytes.Reader r = new Bytes.Reader(w);
            assertEquals(n, r.compactSize());
            assertEquals(-2, r.i64());
            assertEquals(0xfffffffeL, r.u32());
            assertEquals(0, r.remaining());
        }
        assertThrows(IllegalArgumentException.class, () -> new Bytes.Reader(new Bytes.Writer().compactSize(0x02000001L).toByteArray()).compactSize());
        assertArrayEquals(new byte[] {1, 2, 3}, Bytes.concat(new byte[] {1}, new byte[0], new byte[] {2, 3}));
    }

    @Test
    void compactTargets() {
        assertEquals(new BigInteger("7fffff", 16).shiftLeft(8 * 29), Hashes.targetFromBits(0x207fffffL));
        assertEquals(new BigInteger("ffff", 16).shiftLeft(8 * 26), Hashes.targetFromBits(0x1d00ffffL));
        assertEquals(BigInteger.valueOf(0x12), Hashes.targetFromBits(0x01120000L));
        assertThrows(IllegalArgumentException.class, () -> Hashes.targetFromBits(0x04923456L));
    }

    @Test
    void truncatedDataIsRefused() {
        byte[] raw = RegtestBlocks.block102();
        assertThrows(IllegalArgumentException.class, () -> RawBlock.parse(Arrays.copyOf(raw, raw.length - 1)));
        assertThrows(IllegalArgumentException.class, () -> BlockHeader.parse(new byte[79]));
        assertThrows(IllegalArgumentException.class, () -> Hashes.fromDisplayHex("00"));
    }
}
