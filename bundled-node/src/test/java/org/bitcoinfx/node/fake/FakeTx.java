package org.bitcoinfx.node.fake;

import java.util.List;
import java.util.Objects;
import org.bitcoinfx.ipc.primitives.Bytes;
import org.bitcoinfx.ipc.primitives.Hashes;
import org.bitcoinfx.ipc.primitives.RawTx;

/**
 * A Bitcoin transaction as the fake node stores it (Bitcoin Core {@code CTransaction},
 * {@code src/primitives/transaction.h}): serialised with witness data when any input has some
 * (BIP144), with txid over the serialisation without witness and wtxid over the full one. Sizes
 * follow BIP141: weight = 3 × stripped size + total size; vsize = ⌈weight / 4⌉ (vB).
 *
 * @param version  nVersion
 * @param inputs   vin
 * @param outputs  vout
 * @param lockTime nLockTime
 */
public record FakeTx(int version, List<Input> inputs, List<Output> outputs, long lockTime) {
    /** A coinbase input's prevout index. */
    public static final long NULL_INDEX = 0xffffffffL;

    /**
     * One input.
     *
     * @param prevTxid  the spent transaction's txid, 32 bytes internal order (all zero for a coinbase)
     * @param prevIndex the spent output's index ({@link #NULL_INDEX} for a coinbase)
     * @param scriptSig the scriptSig bytes
     * @param sequence  nSequence
     * @param witness   the witness stack (empty list: none)
     */
    public record Input(byte[] prevTxid, long prevIndex, byte[] scriptSig, long sequence, List<byte[]> witness) {
        /** Copies; @throws IllegalArgumentException if prevTxid is not 32 bytes */
        public Input {
            Objects.requireNonNull(prevTxid, "prevTxid");
            if (prevTxid.length != 32) {
                throw new IllegalArgumentException("prevTxid must be 32 bytes");
            }
            prevTxid = prevTxid.clone();
            scriptSig = scriptSig.clone();
            witness = witness.stream().map(byte[]::clone).toList();
        }

        /** @return a copy of the spent txid */
        @Override
        public byte[] prevTxid() {
            return prevTxid.clone();
        }

        /** @return a copy of the scriptSig */
        @Override
        public byte[] scriptSig() {
            return scriptSig.clone();
        }
    }

    /**
     * One output.
     *
     * @param valueSat     the amount in sat
     * @param scriptPubKey the output script bytes
     */
    public record Output(long valueSat, byte[] scriptPubKey) {
        /** Copies the script. */
        public Output {
            scriptPubKey = scriptPubKey.clone();
        }

        /** @return a copy of the script */
        @Override
        public byte[] scriptPubKey() {
            return scriptPubKey.clone();
        }

        /** @return the serialised {@code CTxOut}: value (8 bytes LE), then the CompactSize-prefixed script */
        public byte[] serialize() {
            return new RawTx.Output(valueSat, scriptPubKey).serialize();
        }
    }

    /** Copies the lists. */
    public FakeTx {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** @return true if any input carries a witness */
    public boolean hasWitness() {
        return inputs.stream().anyMatch(i -> !i.witness().isEmpty());
    }

    /** @return true for a coinbase: one input spending the null prevout */
    public boolean isCoinbase() {
        return inputs.size() == 1 && inputs.get(0).prevIndex() == NULL_INDEX
                && java.util.Arrays.equals(inputs.get(0).prevTxid(), new byte[32]);
    }

    /** @return the serialisation with witness data if there is any (what blocks and IPC carry) */
    public byte[] serialize() {
        return toRaw().serialize();
    }

    /** @return the serialisation without witness data (what the txid hashes) */
    public byte[] serializeWithoutWitness() {
        return toRaw().serializeWithoutWitness();
    }

    /** @return this transaction as the shared primitive {@link RawTx}, which does the serialisation */
    public RawTx toRaw() {
        return new RawTx(version & 0xffffffffL,
                inputs.stream().map(i -> new RawTx.Input(i.prevTxid(), i.prevIndex(), i.scriptSig(), i.sequence(), i.witness())).toList(),
                outputs.stream().map(o -> new RawTx.Output(o.valueSat(), o.scriptPubKey())).toList(), lockTime);
    }

    /** @return {@code raw} as a FakeTx; @throws IllegalArgumentException if an input's prevTxid is not 32 bytes */
    public static FakeTx fromRaw(RawTx raw) {
        return new FakeTx((int) raw.version(),
                raw.inputs().stream().map(i -> new Input(i.prevTxid(), i.prevIndex(), i.scriptSig(), i.sequence(), i.witness())).toList(),
                raw.outputs().stream().map(o -> new Output(o.valueSat(), o.scriptPubKey())).toList(), raw.lockTime());
    }

    /** @return the txid, 32 bytes internal order */
    public byte[] txid() {
        return toRaw().txid();
    }

    /** @return the wtxid, 32 bytes internal order (equals the txid without witness) */
    public byte[] wtxid() {
        return toRaw().wtxid();
    }

    /** @return the txid as RPC prints it */
    public String txidHex() {
        return Hashes.displayHex(txid());
    }

    /** @return the wtxid as RPC prints it ({@code hash} in decoded transactions) */
    public String wtxidHex() {
        return Hashes.displayHex(wtxid());
    }

    /** @return the total serialised size in bytes */
    public int size() {
        return serialize().length;
    }

    /** @return the size without witness data in bytes */
    public int strippedSize() {
        return serializeWithoutWitness().length;
    }

    /** @return the BIP141 weight (weight units) */
    public int weight() {
        return 3 * strippedSize() + size();
    }

    /** @return the virtual size in vB: weight / 4, rounded up */
    public int vsize() {
        return (weight() + 3) / 4;
    }

    /** @return the sum of the outputs in sat */
    public long outputSat() {
        return outputs.stream().mapToLong(Output::valueSat).sum();
    }

    /**
     * Parses one transaction from {@code r} (with or without BIP144 witness marker), via {@link RawTx#read}.
     *
     * @throws IllegalArgumentException if the data ends early or is malformed
     */
    public static FakeTx read(Bytes.Reader r) {
        return fromRaw(RawTx.read(r));
    }

    /**
     * Parses a whole serialised transaction.
     *
     * @throws IllegalArgumentException if malformed or followed by extra bytes
     */
    public static FakeTx parse(byte[] data) {
        return fromRaw(RawTx.parse(data));
    }
}
