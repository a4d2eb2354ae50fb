package org.bitcoinfx.ipc.cli;

import static org.bitcoinfx.ipc.cli.ConformanceCheck.get;

import java.util.ArrayList;
import java.util.List;
import org.bitcoinfx.ipc.BlockCheckResult;
import org.bitcoinfx.ipc.BlockTemplate;
import org.bitcoinfx.ipc.CoinbaseTx;
import org.bitcoinfx.ipc.primitives.BlockHeader;
import org.bitcoinfx.ipc.primitives.Hashes;
import org.bitcoinfx.ipc.primitives.Merkle;
import org.bitcoinfx.ipc.primitives.RawBlock;
import org.bitcoinfx.ipc.primitives.RawTx;

/**
 * A block a miner builds from a remote {@link BlockTemplate}, as {@code build_candidate_block} and
 * {@code build_coinbase_test} of Bitcoin Core's {@code interface_ipc_mining.py} build it: the
 * template's block with its dummy coinbase replaced by one made from {@code getCoinbaseTx()}, the
 * merkle root recomputed and the header solved against the regtest target.
 *
 * @param block    the solved block
 * @param coinbase its coinbase (with witness)
 */
record CandidateBlock(RawBlock block, RawTx coinbase) {
    /** The extraNonce {@code run_low_height_test} appends at heights up to 16, where the BIP34 push is one byte. */
    static final byte[] LOW_HEIGHT_EXTRA_NONCE = {(byte) 0xaa, (byte) 0xbb, (byte) 0xcc, (byte) 0xdd};

    /**
     * Builds and solves a block from {@code t}.
     *
     * @param extraNonce bytes appended to {@code scriptSigPrefix}
     * @param payoutSat  the value of the payout output (to {@link MiningCoins#SCRIPT}); negative: {@code blockRewardRemaining}
     */
    static CandidateBlock build(BlockTemplate t, byte[] extraNonce, long payoutSat) throws Exception {
        RawBlock template = RawBlock.parse(get(t.getBlock()));
        CoinbaseTx cb = get(t.getCoinbaseTx());
        RawTx coinbase = coinbase(cb, extraNonce, payoutSat < 0 ? cb.blockRewardRemaining() : payoutSat, cb.lockTime());
        List<RawTx> txs = new ArrayList<>(template.txs());
        txs.set(0, coinbase);
        return new CandidateBlock(solve(new RawBlock(template.header(), txs)), coinbase);
    }

    /** The coinbase {@code build_coinbase_test} builds: prefix + extraNonce, the witness if given, payout first, then the required outputs. */
    static RawTx coinbase(CoinbaseTx cb, byte[] extraNonce, long payoutSat, long lockTime) {
        byte[] scriptSig = org.bitcoinfx.ipc.primitives.Bytes.concat(cb.scriptSigPrefix(), extraNonce);
        RawTx.Input in = new RawTx.Input(new byte[32], 0xffffffffL, scriptSig, cb.sequence(),
                cb.witness() == null ? List.of() : List.of(cb.witness()));
        List<RawTx.Output> outs = new ArrayList<>();
        outs.add(new RawTx.Output(payoutSat, MiningCoins.SCRIPT));
        cb.requiredOutputs().forEach(o -> outs.add(RawTx.Output.parse(o)));
        return new RawTx(cb.version(), List.of(in), outs, lockTime);
    }

    /** @return {@code b} with its merkle root recomputed and a nonce that meets the header's target ({@code CBlock.solve}) */
    static RawBlock solve(RawBlock b) {
        List<byte[]> ids = b.txs().stream().map(RawTx::txid).toList();
        BlockHeader h = b.header().withMerkleRoot(Merkle.merkleRoot(ids));
        java.math.BigInteger target = Hashes.targetFromBits(h.bits());
        while (!Hashes.meetsTarget(h.hash(), target)) {
            h = h.withNonce(h.nonce() + 1);
        }
        return new RawBlock(h, b.txs());
    }

    /** @return this block with another header version, solved again */
    CandidateBlock withVersion(int version) {
        BlockHeader h = block.header();
        return new CandidateBlock(solve(new RawBlock(new BlockHeader(version, h.prevBlock(), h.merkleRoot(), h.time(), h.bits(), 0), block.txs())), coinbase);
    }

    /** @return this block with another coinbase, solved again */
    CandidateBlock withCoinbase(RawTx cb) {
        List<RawTx> txs = new ArrayList<>(block.txs());
        txs.set(0, cb);
        return new CandidateBlock(solve(new RawBlock(block.header().withNonce(0), txs)), cb);
    }

    /** @return the serialized block with witness data */
    byte[] serialize() {
        return block.serialize();
    }

    /** @return the block hash as RPC prints it */
    String hashHex() {
        return block.header().hashHex();
    }

    /** Submits it through {@code submitSolution} of the template it came from. */
    BlockCheckResult submitSolution(BlockTemplate t) throws Exception {
        BlockHeader h = block.header();
        return get(t.submitSolution(h.version(), (int) h.time(), (int) h.nonce(), coinbase.serialize()));
    }

    /** @return {@code RawTx} {@code tx} without its witness */
    static RawTx withoutWitness(RawTx tx) {
        return new RawTx(tx.version(), tx.inputs().stream()
                .map(i -> new RawTx.Input(i.prevTxid(), i.prevIndex(), i.scriptSig(), i.sequence(), List.of())).toList(), tx.outputs(), tx.lockTime());
    }

    /** @return the BIP34 height push {@code CScript() << height} ({@code script_BIP34_coinbase_height} without padding) */
    static byte[] bip34(int height) {
        if (height >= 1 && height <= 16) {
            return new byte[] {(byte) (0x50 + height)};
        }
        if (height == 0) {
            return new byte[] {0};
        }
        java.io.ByteArrayOutputStream num = new java.io.ByteArrayOutputStream();
        long v = height;
        while (v > 0) {
            num.write((int) (v & 0xff));
            v >>= 8;
        }
        byte[] n = num.toByteArray();
        if ((n[n.length - 1] & 0x80) != 0) {
            n = java.util.Arrays.copyOf(n, n.length + 1);
        }
        return org.bitcoinfx.ipc.primitives.Bytes.concat(new byte[] {(byte) n.length}, n);
    }
}
