package org.bitcoinfx.gui.mining;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bitcoinfx.ipc.CoinbaseTx;
import org.bitcoinfx.ipc.primitives.Hashes;
import org.bitcoinfx.ipc.primitives.Merkle;
import org.bitcoinfx.ipc.primitives.RawBlock;
import org.bitcoinfx.ipc.primitives.RawTx;
import org.bitcoinfx.ipc.primitives.RegtestBlocks;
import org.junit.jupiter.api.Test;

/**
 * Coinbase building, witness commitment, block assembly and grinding, checked against real data:
 * block 102 of a regtest chain made by Bitcoin Core master 58a7869f86 ({@link RegtestBlocks}; it
 * holds a coinbase and one wallet send of 1 BTC at 2 sat/vB). The primitives themselves
 * (serialisation, txid/wtxid, merkle root, nBits) are tested in ipc-bindings' PrimitivesTest.
 */
class BlockAssemblerTest {
    static byte[] block102() {
        return RegtestBlocks.block102();
    }

    @Test
    void realBlockWitnessCommitmentAndHeight() {
        RawBlock b = RawBlock.parse(block102());
        List<RawTx> txs = b.txs();
        // the fee of the send: 330 sat at 2 sat/vB; the coinbase claims subsidy + fee
        assertEquals(5_000_000_330L, txs.get(0).outputs().get(0).valueSat());
        byte[] commitment = BlockAssembler.findWitnessCommitment(txs.get(0)).orElseThrow();
        assertEquals("7b81feb0c7d73d035d07fd05704adf63dc1b75ae9191fd7ae8792dd33d3e8bb1", Hashes.hex(commitment));
        assertEquals(Optional.empty(), BlockAssembler.checkWitnessCommitment(txs.get(0), txs.subList(1, 2)));
        assertEquals(102, BlockAssembler.heightFromScriptSigPrefix(txs.get(0).inputs().get(0).scriptSig()));
    }

    @Test
    void coinbaseFromTemplateFieldsEqualsTheNodesOwn() {
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
        List<byte[]> path = Merkle.coinbaseMerklePath(mine.txs().stream().map(RawTx::txid).toList());
        assertArrayEquals(mine.header().merkleRoot(), Merkle.merkleRootFromPath(ours.txid(), path));
        BlockAssembler.Solution s = BlockAssembler.grind(mine.header(), () -> false, null).orElseThrow();
        assertTrue(Hashes.meetsTarget(s.header().hash(), Hashes.targetFromBits(0x207fffffL)));
        assertTrue(s.hashes() >= 1);
        assertEquals(s.hashes() - 1, s.header().nonce());
    }

    @Test
    void tamperedWitnessIsCaught() {
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
}
