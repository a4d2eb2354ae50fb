package org.bitcoinfx.gui.mining;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.bitcoinfx.ipc.CoinbaseTx;
import org.bitcoinfx.ipc.primitives.BlockHeader;
import org.bitcoinfx.ipc.primitives.Bytes;
import org.bitcoinfx.ipc.primitives.Hashes;
import org.bitcoinfx.ipc.primitives.Merkle;
import org.bitcoinfx.ipc.primitives.RawBlock;
import org.bitcoinfx.ipc.primitives.RawTx;

/**
 * Builds what {@code BlockTemplate.submitSolution} and {@code Mining.checkBlock} need from a block
 * template: the coinbase from {@link CoinbaseTx} (as Bitcoin Core's {@code BlockAssembler::CreateNewBlock}
 * in {@code src/node/miner.cpp} describes its fields), the merkle root from the coinbase's merkle
 * path ({@code BlockMerkleRoot}, {@code src/consensus/merkle.cpp}), the BIP141 witness commitment
 * ({@code GenerateCoinbaseCommitment}, {@code src/validation.cpp}), and proof of work by nonce
 * grinding against the {@code nBits} target ({@code CheckProofOfWork}, {@code src/pow.cpp}).
 * Pure functions; safe on any thread.
 */
public final class BlockAssembler {
    /** The four bytes after {@code OP_RETURN OP_PUSH36} that mark a witness commitment (BIP141). */
    public static final byte[] WITNESS_COMMITMENT_HEADER = {(byte) 0xaa, 0x21, (byte) 0xa9, (byte) 0xed};
    /** Our tag in the coinbase scriptSig, after the extra nonce. */
    public static final byte[] COINBASE_TAG = "/BitcoinFX/".getBytes(StandardCharsets.US_ASCII);
    /** Consensus bounds of the coinbase scriptSig, bytes ({@code bad-cb-length}). */
    public static final int MIN_SCRIPT_SIG = 2;
    /** Consensus bounds of the coinbase scriptSig, bytes ({@code bad-cb-length}). */
    public static final int MAX_SCRIPT_SIG = 100;

    private BlockAssembler() {
    }

    /**
     * Builds the coinbase transaction: one input spending the null outpoint with scriptSig
     * {@code scriptSigPrefix ‖ PUSH4(extraNonce) ‖ PUSH(tag)} and the template's sequence and
     * witness; outputs: {@code blockRewardRemaining} to {@code payoutScript}, then the template's
     * required outputs (e.g. the witness commitment) as the template gives them; the template's
     * version and lock time.
     *
     * @param template     {@code BlockTemplate.getCoinbaseTx}
     * @param payoutScript the scriptPubKey the reward goes to (raw bytes, e.g. from validateaddress)
     * @param extraNonce   a number that makes this coinbase (and so the merkle root) unique
     * @return the coinbase
     * @throws IllegalArgumentException if the scriptSig would exceed 100 bytes or a required output is malformed
     */
    public static RawTx buildCoinbase(CoinbaseTx template, byte[] payoutScript, long extraNonce) {
        byte[] extra = new Bytes.Writer().u8(4).u32(extraNonce).u8(COINBASE_TAG.length).bytes(COINBASE_TAG).toByteArray();
        return buildCoinbase(template, payoutScript, extra);
    }

    /**
     * As {@link #buildCoinbase(CoinbaseTx, byte[], long)} with raw {@code extraScriptSig} bytes
     * appended to the prefix (may be empty above height 16, as Bitcoin Core's own coinbase has).
     *
     * @throws IllegalArgumentException if the scriptSig would be shorter than 2 or longer than 100 bytes
     */
    public static RawTx buildCoinbase(CoinbaseTx template, byte[] payoutScript, byte[] extra) {
        byte[] scriptSig = new Bytes.Writer().bytes(template.scriptSigPrefix()).bytes(extra).toByteArray();
        if (scriptSig.length > MAX_SCRIPT_SIG || scriptSig.length < MIN_SCRIPT_SIG) {
            throw new IllegalArgumentException("coinbase scriptSig would be " + scriptSig.length + " bytes; it must be "
                    + MIN_SCRIPT_SIG + " to " + MAX_SCRIPT_SIG + " (bad-cb-length)");
        }
        List<byte[]> witness = template.witness() == null ? List.of() : List.of(template.witness().clone());
        RawTx.Input in = new RawTx.Input(new byte[32], 0xffffffffL, scriptSig, template.sequence(), witness);
        List<RawTx.Output> outs = new ArrayList<>();
        outs.add(new RawTx.Output(template.blockRewardRemaining(), payoutScript.clone()));
        for (byte[] o : template.requiredOutputs()) {
            outs.add(RawTx.Output.parse(o));
        }
        return new RawTx(template.version(), List.of(in), outs, template.lockTime());
    }

    /**
     * The block height a BIP34 scriptSig prefix encodes ({@code CScript() << nHeight}): OP_0,
     * OP_1…OP_16, or a push of a little-endian CScriptNum.
     *
     * @throws IllegalArgumentException if the prefix does not start with such a push
     */
    public static long heightFromScriptSigPrefix(byte[] prefix) {
        if (prefix.length == 0) {
            throw new IllegalArgumentException("empty scriptSig prefix");
        }
        int op = prefix[0] & 0xff;
        if (op == 0) {
            return 0;
        }
        if (op >= 0x51 && op <= 0x60) {
            return op - 0x50;
        }
        if (op > 8 || prefix.length < 1 + op) {
            throw new IllegalArgumentException("scriptSig prefix does not start with a height push: " + Hashes.hex(prefix));
        }
        long v = 0;
        for (int i = 0; i < op; i++) {
            v |= (prefix[1 + i] & 0xffL) << (8 * i);
        }
        return v;
    }

    /**
     * The BIP141 commitment: SHA-256d(witness merkle root ‖ reserved value), where the witness
     * merkle root is over the wtxids with the coinbase's taken as zero.
     *
     * @param wtxids         the block's wtxids in order, coinbase first (its value is ignored)
     * @param reservedValue  the coinbase's witness item, 32 bytes
     */
    public static byte[] witnessCommitment(List<byte[]> wtxids, byte[] reservedValue) {
        List<byte[]> leaves = new ArrayList<>(wtxids);
        if (!leaves.isEmpty()) {
            leaves.set(0, new byte[32]);
        }
        return Hashes.sha256d(Merkle.merkleRoot(leaves), reservedValue);
    }

    /**
     * The witness commitment carried by {@code coinbase}: the last output whose script is
     * {@code OP_RETURN 0x24 aa21a9ed <32 bytes> …} ({@code GetWitnessCommitmentIndex}).
     */
    public static Optional<byte[]> findWitnessCommitment(RawTx coinbase) {
        byte[] found = null;
        for (RawTx.Output o : coinbase.outputs()) {
            byte[] s = o.scriptPubKey();
            if (s.length >= 38 && (s[0] & 0xff) == 0x6a && s[1] == 0x24
                    && Arrays.equals(Arrays.copyOfRange(s, 2, 6), WITNESS_COMMITMENT_HEADER)) {
                found = Arrays.copyOfRange(s, 6, 38);
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * Checks that {@code coinbase} commits to the witnesses of the block made of it and
     * {@code others}, as {@code CheckWitnessMalleation} does.
     *
     * @return empty if consistent (or if no transaction has a witness and there is no commitment),
     *         else the reject reason Bitcoin Core would give
     */
    public static Optional<String> checkWitnessCommitment(RawTx coinbase, List<RawTx> others) {
        Optional<byte[]> commitment = findWitnessCommitment(coinbase);
        if (commitment.isEmpty()) {
            boolean anyWitness = coinbase.hasWitness() || others.stream().anyMatch(RawTx::hasWitness);
            return anyWitness ? Optional.of("unexpected-witness") : Optional.empty();
        }
        List<byte[]> stack = coinbase.inputs().get(0).witness();
        if (stack.size() != 1 || stack.get(0).length != 32) {
            return Optional.of("bad-witness-nonce-size");
        }
        List<byte[]> wtxids = new ArrayList<>();
        wtxids.add(new byte[32]);
        others.forEach(t -> wtxids.add(t.wtxid()));
        return Arrays.equals(witnessCommitment(wtxids, stack.get(0)), commitment.get())
                ? Optional.empty() : Optional.of("bad-witness-merkle-match");
    }

    /** @return the block made of {@code header}, {@code coinbase} and {@code others}, merkle root recomputed */
    public static RawBlock assemble(BlockHeader header, RawTx coinbase, List<RawTx> others) {
        List<RawTx> txs = new ArrayList<>();
        txs.add(coinbase);
        txs.addAll(others);
        List<byte[]> ids = txs.stream().map(RawTx::txid).toList();
        return new RawBlock(header.withMerkleRoot(Merkle.merkleRoot(ids)), txs);
    }

    /** Progress of a grind: called every {@value #PROGRESS_EVERY} hashes with the count so far. */
    @FunctionalInterface
    public interface Progress {
        /** @param hashes hashes tried so far */
        void hashes(long hashes);
    }

    /** How often {@link Progress} is told, hashes. */
    public static final long PROGRESS_EVERY = 1L << 16;

    /**
     * The outcome of {@link #grind}.
     *
     * @param header the header with the winning nonce
     * @param hashes hashes tried, the winning one included
     */
    public record Solution(BlockHeader header, long hashes) {
    }

    /**
     * Tries nonces from {@code header.nonce()} up to 0xffffffff until the header's hash meets its
     * {@code nBits} target.
     *
     * @param cancelled polled every 4096 hashes; true stops the search
     * @param progress  told every {@value #PROGRESS_EVERY} hashes; may be null
     * @return the solution, or empty if the nonce space ran out or the search was cancelled
     */
    public static Optional<Solution> grind(BlockHeader header, BooleanSupplier cancelled, Progress progress) {
        BigInteger target = Hashes.targetFromBits(header.bits());
        byte[] h = header.serialize();
        long tried = 0;
        for (long nonce = header.nonce(); nonce <= 0xffffffffL; nonce++) {
            h[76] = (byte) nonce;
            h[77] = (byte) (nonce >>> 8);
            h[78] = (byte) (nonce >>> 16);
            h[79] = (byte) (nonce >>> 24);
            tried++;
            if (Hashes.meetsTarget(Hashes.sha256d(h), target)) {
                return Optional.of(new Solution(header.withNonce(nonce), tried));
            }
            if ((tried & 0xfff) == 0 && cancelled.getAsBoolean()) {
                return Optional.empty();
            }
            if (progress != null && tried % PROGRESS_EVERY == 0) {
                progress.hashes(tried);
            }
        }
        return Optional.empty();
    }
}
