package org.bitcoinfx.gui.mining;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bitcoinfx.ipc.CoinbaseTx;
import org.junit.jupiter.api.Test;

/**
 * Block and transaction serialisation, merkle root, witness commitment and proof of work, checked
 * against real data: the regtest genesis block and block 102 of a regtest chain made by Bitcoin Core
 * master 58a7869f86 ({@code getblock <hash> 0}; it holds a coinbase and one wallet send of 1 BTC at
 * 2 sat/vB).
 */
class BlockAssemblerTest {
    /** Regtest genesis, {@code getblock $(getblockhash 0) 0}. */
    static final String GENESIS = "0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4adae5494dffff7f20020000000101000000010000000000000000000000000000000000000000000000000000000000000000ffffffff4d04ffff001d0104455468652054696d65732030332f4a616e2f32303039204368616e63656c6c6f72206f6e206272696e6b206f66207365636f6e64206261696c6f757420666f722062616e6b73ffffffff0100f2052a01000000434104678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5fac00000000";

    static byte[] block102() throws IOException {
        try (InputStream in = BlockAssemblerTest.class.getResourceAsStream("regtest-block-102.hex")) {
            return Hashes.parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim());
        }
    }

    @Test
    void genesisHashAndMerkleRoot() {
        byte[] raw = Hashes.parseHex(GENESIS);
        RawBlock b = RawBlock.parse(raw);
        assertEquals("0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206", b.header().hashHex());
        assertEquals(1, b.txs().size());
        RawTx cb = b.txs().get(0);
        assertTrue(cb.isCoinbase());
        assertFalse(cb.hasWitness());
        assertEquals("4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b", Hashes.displayHex(cb.txid()));
        assertArrayEquals(b.header().merkleRoot(), BlockAssembler.merkleRoot(List.of(cb.txid())));
        assertEquals(5_000_000_000L, cb.outputValueSat());
        assertEquals(0x207fffffL, b.header().bits());
        assertEquals(2, b.header().nonce());
        assertTrue(Hashes.meetsTarget(b.header().hash(), Hashes.targetFromBits(b.header().bits())));
        assertArrayEquals(raw, b.serialize(), "parse → serialize is the identity");
    }

    @Test
    void realBlockTxidsWtxidsWeightsAndCommitment() throws IOException {
        byte[] raw = block102();
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
        // the fee of the send: 330 sat at 2 sat/vB; the coinbase claims subsidy + fee
        assertEquals(5_000_000_330L, txs.get(0).outputs().get(0).valueSat());

        List<byte[]> txids = txs.stream().map(RawTx::txid).toList();
        assertArrayEquals(b.header().merkleRoot(), BlockAssembler.merkleRoot(txids));
        List<byte[]> path = BlockAssembler.coinbaseMerklePath(txids);
        assertEquals(1, path.size());
        assertArrayEquals(b.header().merkleRoot(), BlockAssembler.merkleRootFromPath(txids.get(0), path));

        byte[] commitment = BlockAssembler.findWitnessCommitment(txs.get(0)).orElseThrow();
        assertEquals("7b81feb0c7d73d035d07fd05704adf63dc1b75ae9191fd7ae8792dd33d3e8bb1", Hashes.hex(commitment));
        assertEquals(Optional.empty(), BlockAssembler.checkWitnessCommitment(txs.get(0), txs.subList(1, 2)));
        assertEquals(102, BlockAssembler.heightFromScriptSigPrefix(txs.get(0).inputs().get(0).scriptSig()));
        assertTrue(Hashes.meetsTarget(b.header().hash(), Hashes.targetFromBits(b.header().bits())));
    }

    @Test
    void coinbaseFromTemplateFieldsEqualsTheNodesOwn() throws IOException {
        RawBlock b = RawBlock.parse(block102());
        RawTx real = b.txs().get(0);
        // what BlockTemplate.getCoinbaseTx gave for this block (same fields the node's own coinbase has)
        CoinbaseTx t = new CoinbaseTx(2, 0xfffffffeL, Hashes.parseHex("0166"), new byte[32], 5_000_000_330L,
                List.of(real.outputs().get(1).serialize()), 101);
        byte[] payout = Hashes.parseHex("001452da9adf8d01fef00270dab518de1cfdb2826e06");
        RawTx built = BlockAssembler.buildCoinbase(t, payout, new byte[0]);
        assertArrayEquals(real.serialize(), built.serialize());
        assertArrayEquals(real.txid(), built.txid());

        // with our extra nonce the coinbase differs, the commitment still holds and the block hashes to the target
        RawTx ours = BlockAssembler.buildCoinbase(t, payout, 7);
        assertEquals(Optional.empty(), BlockAssembler.checkWitnessCommitment(ours, b.txs().subList(1, 2)));
        RawBlock mine = BlockAssembler.assemble(b.header().withNonce(0), ours, b.txs().subList(1, 2));
        List<byte[]> path = BlockAssembler.coinbaseMerklePath(mine.txs().stream().map(RawTx::txid).toList());
        assertArrayEquals(mine.header().merkleRoot(), BlockAssembler.merkleRootFromPath(ours.txid(), path));
        BlockAssembler.Solution s = BlockAssembler.grind(mine.header(), () -> false, null).orElseThrow();
        assertTrue(Hashes.meetsTarget(s.header().hash(), Hashes.targetFromBits(0x207fffffL)));
        assertTrue(s.hashes() >= 1);
        assertEquals(s.hashes() - 1, s.header().nonce());
    }

    @Test
    void tamperedWitnessIsCaught() throws IOException {
        RawBlock b = RawBlock.parse(block102());
        RawTx send = b.txs().get(1);
        RawTx.Input in = send.inputs().get(0);
        List<byte[]> w = new ArrayList<>(in.witness());
        byte[] sig = w.get(0).clone();
        sig[10] ^= 1;
        w.set(0, sig);
        RawTx tampered = new RawTx(send.version(), List.of(new RawTx.Input(in.prevTxid(), in.prevIndex(), in.scriptSig(), in.sequence(), w)),
                send.outputs(), send.lockTime());
        assertArrayEquals(send.txid(), tampered.txid(), "the txid does not commit to witnesses");
        assertEquals(Optional.of("bad-witness-merkle-match"), BlockAssembler.checkWitnessCommitment(b.txs().get(0), List.of(tampered)));
    }

    @Test
    void compactTargets() {
        assertEquals(new BigInteger("7fffff", 16).shiftLeft(8 * 29), Hashes.targetFromBits(0x207fffffL));
        assertEquals(new BigInteger("ffff", 16).shiftLeft(8 * 26), Hashes.targetFromBits(0x1d00ffffL));
        assertEquals(BigInteger.valueOf(0x12), Hashes.targetFromBits(0x01120000L));
        assertThrows(IllegalArgumentException.class, () -> Hashes.targetFromBits(0x04923456L));
    }

    @Test
    void heightPushes() {
        assertEquals(1, BlockAssembler.heightFromScriptSigPrefix(new byte[] {0x51}));
        assertEquals(16, BlockAssembler.heightFromScriptSigPrefix(new byte[] {0x60}));
        assertEquals(300, BlockAssembler.heightFromScriptSigPrefix(Hashes.parseHex("022c01")));
        assertThrows(IllegalArgumentException.class, () -> BlockAssembler.heightFromScriptSigPrefix(Hashes.parseHex("4c")));
    }

    @Test
    void shortScriptSigIsRefusedAtLowHeights() {
        CoinbaseTx t = new CoinbaseTx(2, 0xfffffffeL, new byte[] {0x51}, null, 5_000_000_000L, List.of(), 0);
        assertThrows(IllegalArgumentException.class, () -> BlockAssembler.buildCoinbase(t, new byte[] {0x51}, new byte[0]));
        RawTx ok = BlockAssembler.buildCoinbase(t, new byte[] {0x51}, 1);
        assertFalse(ok.hasWitness(), "no witness when the template asks for none");
        assertTrue(ok.inputs().get(0).scriptSig().length >= 2);
    }

    @Test
    void truncatedDataIsRefused() throws IOException {
        byte[] raw = block102();
        assertThrows(IllegalArgumentException.class, () -> RawBlock.parse(java.util.Arrays.copyOf(raw, raw.length - 1)));
        assertThrows(IllegalArgumentException.class, () -> BlockHeader.parse(new byte[79]));
    }
}
