package org.bitcoinfx.ipc.primitives;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A transaction as serialized on the wire, with or without witness data: mirrors
 * {@code CTransaction} and its {@code SerializeTransaction}/{@code UnserializeTransaction} in
 * Bitcoin Core {@code src/primitives/transaction.h} (BIP144 marker {@code 0x00} and flag {@code 0x01}).
 *
 * @param version  nVersion
 * @param inputs   vin
 * @param outputs  vout
 * @param lockTime nLockTime
 */
public record RawTx(long version, List<Input> inputs, List<Output> outputs, long lockTime) {
    /** The weight of one non-witness byte (BIP141). */
    public static final int WITNESS_SCALE_FACTOR = 4;

    /**
     * One input ({@code CTxIn}).
     *
     * @param prevTxid  the spent transaction's id, 32 bytes internal order (all zero for a coinbase)
     * @param prevIndex the spent output's index (0xffffffff for a coinbase)
     * @param scriptSig raw script bytes
     * @param sequence  nSequence
     * @param witness   the witness stack, empty if none
     */
    public record Input(byte[] prevTxid, long prevIndex, byte[] scriptSig, long sequence, List<byte[]> witness) {
        /** Copies the witness list. */
        public Input {
            witness = List.copyOf(witness);
        }
    }

    /**
     * One output ({@code CTxOut}).
     *
     * @param valueSat     nValue in sat
     * @param scriptPubKey raw script bytes
     */
    public record Output(long valueSat, byte[] scriptPubKey) {
        /** @return the serialized {@code CTxOut}: 8-byte value, CompactSize length, script */
        public byte[] serialize() {
            return new Bytes.Writer().i64(valueSat).varBytes(scriptPubKey).toByteArray();
        }

        /** Parses one serialized {@code CTxOut}; @throws IllegalArgumentException if malformed or with trailing bytes */
        public static Output parse(byte[] serialized) {
            Bytes.Reader r = new Bytes.Reader(serialized);
            Output o = new Output(r.i64(), r.varBytes());
            if (r.remaining() != 0) {
                throw new IllegalArgumentException(r.remaining() + " bytes after the output");
            }
            return o;
        }
    }

    /** Copies the lists. */
    public RawTx {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** @return true if any input has a witness stack */
    public boolean hasWitness() {
        return inputs.stream().anyMatch(i -> !i.witness().isEmpty());
    }

    /** @return true if this looks like a coinbase: one input spending the null outpoint */
    public boolean isCoinbase() {
        return inputs.size() == 1 && inputs.get(0).prevIndex() == 0xffffffffL
                && Arrays.equals(inputs.get(0).prevTxid(), new byte[32]);
    }

    /** @return the serialization with witness data if there is any (what blocks and IPC carry) */
    public byte[] serialize() {
        return write(hasWitness());
    }

    /** @return the serialization without witness data (what the txid commits to) */
    public byte[] serializeWithoutWitness() {
        return write(false);
    }

    private byte[] write(boolean withWitness) {
        Bytes.Writer w = new Bytes.Writer().u32(version);
        if (withWitness) {
            w.u8(0).u8(1);
        }
        w.compactSize(inputs.size());
        for (Input in : inputs) {
            w.bytes(in.prevTxid()).u32(in.prevIndex()).varBytes(in.scriptSig()).u32(in.sequence());
        }
        w.compactSize(outputs.size());
        for (Output out : outputs) {
            w.i64(out.valueSat()).varBytes(out.scriptPubKey());
        }
        if (withWitness) {
            for (Input in : inputs) {
                w.compactSize(in.witness().size());
                for (byte[] item : in.witness()) {
                    w.varBytes(item);
                }
            }
        }
        return w.u32(lockTime).toByteArray();
    }

    /** @return the txid, 32 bytes internal order: SHA-256d of the serialization without witness */
    public byte[] txid() {
        return Hashes.sha256d(serializeWithoutWitness());
    }

    /** @return the wtxid, 32 bytes internal order: SHA-256d of the full serialization */
    public byte[] wtxid() {
        return Hashes.sha256d(serialize());
    }

    /** @return the weight in WU: stripped size × 3 + total size ({@code GetTransactionWeight}) */
    public long weight() {
        return (long) serializeWithoutWitness().length * (WITNESS_SCALE_FACTOR - 1) + serialize().length;
    }

    /** @return the virtual size in vB: weight / 4, rounded up */
    public long vsize() {
        return (weight() + WITNESS_SCALE_FACTOR - 1) / WITNESS_SCALE_FACTOR;
    }

    /** @return the sum of the outputs' values, sat */
    public long outputValueSat() {
        return outputs.stream().mapToLong(Output::valueSat).sum();
    }

    /** Parses one transaction from {@code bytes}; @throws IllegalArgumentException if malformed or with trailing bytes */
    public static RawTx parse(byte[] bytes) {
        Bytes.Reader r = new Bytes.Reader(bytes);
        RawTx tx = read(r);
        if (r.remaining() != 0) {
            throw new IllegalArgumentException(r.remaining() + " bytes after the transaction");
        }
        return tx;
    }

    /** Reads one transaction at the reader's position; @throws IllegalArgumentException if malformed */
    public static RawTx read(Bytes.Reader r) {
        long version = r.u32();
        boolean witness = false;
        long nIn = r.compactSize();
        if (nIn == 0) {
            int flag = r.u8();
            if (flag != 1) {
                throw new IllegalArgumentException("unknown transaction flag " + flag);
            }
            witness = true;
            nIn = r.compactSize();
        }
        List<byte[]> prev = new ArrayList<>();
        List<long[]> idxSeq = new ArrayList<>();
        List<byte[]> scripts = new ArrayList<>();
        for (long i = 0; i < nIn; i++) {
            prev.add(r.bytes(32));
            long idx = r.u32();
            scripts.add(r.varBytes());
            idxSeq.add(new long[] {idx, r.u32()});
        }
        long nOut = r.compactSize();
        List<Output> outputs = new ArrayList<>();
        for (long i = 0; i < nOut; i++) {
            outputs.add(new Output(r.i64(), r.varBytes()));
        }
        List<Input> inputs = new ArrayList<>();
        for (int i = 0; i < nIn; i++) {
            List<byte[]> stack = new ArrayList<>();
            if (witness) {
                long items = r.compactSize();
                for (long k = 0; k < items; k++) {
                    stack.add(r.varBytes());
                }
            }
            inputs.add(new Input(prev.get(i), idxSeq.get(i)[0], scripts.get(i), idxSeq.get(i)[1], stack));
        }
        if (witness && inputs.stream().allMatch(in -> in.witness().isEmpty())) {
            throw new IllegalArgumentException("superfluous witness record");
        }
        return new RawTx(version, inputs, outputs, r.u32());
    }
}
