package org.bitcoinfx.node.fake;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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
            return new FakeBytes.Writer().u64(valueSat).varBytes(scriptPubKey).toByteArray();
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
        return serialize(hasWitness());
    }

    /** @return the serialisation without witness data (what the txid hashes) */
    public byte[] serializeWithoutWitness() {
        return serialize(false);
    }

    private byte[] serialize(boolean witness) {
        FakeBytes.Writer w = new FakeBytes.Writer().u32(version);
        if (witness) {
            w.u8(0).u8(1);
        }
        w.compactSize(inputs.size());
        for (Input in : inputs) {
            w.bytes(in.prevTxid()).u32(in.prevIndex()).varBytes(in.scriptSig()).u32(in.sequence());
        }
        w.compactSize(outputs.size());
        for (Output o : outputs) {
            w.u64(o.valueSat()).varBytes(o.scriptPubKey());
        }
        if (witness) {
            for (Input in : inputs) {
                w.compactSize(in.witness().size());
                for (byte[] item : in.witness()) {
                    w.varBytes(item);
                }
            }
        }
        return w.u32(lockTime).toByteArray();
    }

    /** @return the txid, 32 bytes internal order */
    public byte[] txid() {
        return FakeBytes.sha256d(serializeWithoutWitness());
    }

    /** @return the wtxid, 32 bytes internal order (equals the txid without witness) */
    public byte[] wtxid() {
        return FakeBytes.sha256d(serialize());
    }

    /** @return the txid as RPC prints it */
    public String txidHex() {
        return FakeBytes.displayHex(txid());
    }

    /** @return the wtxid as RPC prints it ({@code hash} in decoded transactions) */
    public String wtxidHex() {
        return FakeBytes.displayHex(wtxid());
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
     * Parses one transaction from {@code r} (with or without BIP144 witness marker).
     *
     * @throws IllegalArgumentException if the data ends early or is malformed
     */
    public static FakeTx read(FakeBytes.Reader r) {
        int version = (int) r.u32();
        long nIn = r.compactSize();
        boolean witness = false;
        if (nIn == 0) {
            int flag = r.u8();
            if (flag != 1) {
                throw new IllegalArgumentException("unknown transaction optional data flag " + flag);
            }
            witness = true;
            nIn = r.compactSize();
        }
        if (nIn > r.remaining()) {
            throw new IllegalArgumentException("input count " + nIn + " exceeds the data");
        }
        List<byte[]> prev = new ArrayList<>();
        List<Long> idx = new ArrayList<>();
        List<byte[]> sigs = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        for (long i = 0; i < nIn; i++) {
            prev.add(r.bytes(32));
            idx.add(r.u32());
            sigs.add(r.varBytes());
            seqs.add(r.u32());
        }
        long nOut = r.compactSize();
        if (nOut > r.remaining()) {
            throw new IllegalArgumentException("output count " + nOut + " exceeds the data");
        }
        List<Output> outs = new ArrayList<>();
        for (long i = 0; i < nOut; i++) {
            outs.add(new Output(r.u64(), r.varBytes()));
        }
        List<List<byte[]>> wits = new ArrayList<>();
        for (long i = 0; i < nIn; i++) {
            List<byte[]> stack = new ArrayList<>();
            if (witness) {
                long n = r.compactSize();
                if (n > r.remaining()) {
                    throw new IllegalArgumentException("witness item count " + n + " exceeds the data");
                }
                for (long j = 0; j < n; j++) {
                    stack.add(r.varBytes());
                }
            }
            wits.add(stack);
        }
        long lockTime = r.u32();
        List<Input> ins = new ArrayList<>();
        for (int i = 0; i < nIn; i++) {
            ins.add(new Input(prev.get(i), idx.get(i), sigs.get(i), seqs.get(i), wits.get(i)));
        }
        return new FakeTx(version, ins, outs, lockTime);
    }

    /**
     * Parses a whole serialised transaction.
     *
     * @throws IllegalArgumentException if malformed or followed by extra bytes
     */
    public static FakeTx parse(byte[] data) {
        FakeBytes.Reader r = new FakeBytes.Reader(data);
        FakeTx tx = read(r);
        if (r.remaining() != 0) {
            throw new IllegalArgumentException(r.remaining() + " bytes after the transaction");
        }
        return tx;
    }
}
