package org.bitcoinfx.node.fake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import org.bitcoinfx.ipc.primitives.Bytes;
import org.bitcoinfx.ipc.primitives.Hashes;
import org.bitcoinfx.ipc.primitives.Merkle;

/**
 * The fake node's in-memory regtest chain and mempool: the real regtest genesis block, then blocks
 * mined here ({@link #generate}, {@link #generateBlock}) or submitted over IPC ({@link #submit}),
 * each with a BIP34 coinbase and a BIP141 witness commitment as Bitcoin Core's
 * {@code BlockAssembler::CreateNewBlock} builds them ({@code src/node/miner.cpp}). No forks: a block
 * must build on the tip. Thread-safe; {@link Listener}s are called after each change, outside the lock.
 *
 * <p>Mempool: {@link #addToMempool(FakeTx, long)} adds a transaction with its fee (sat); the next
 * block or template includes it (coinbase reward = subsidy + fees) and it leaves the mempool.
 */
public final class FakeChain {
    /** Regtest's halving interval in blocks ({@code CRegTestParams}). */
    public static final int HALVING_INTERVAL = 150;
    /** Hash of the regtest genesis block, as RPC prints it. */
    public static final String GENESIS_HASH = "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206";
    /** The regtest genesis block, serialised ({@code CreateGenesisBlock(1296688602, 2, 0x207fffff, 1, 50 * COIN)}). */
    static final String GENESIS_BLOCK_HEX = "0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4adae5494dffff7f20020000000101000000010000000000000000000000000000000000000000000000000000000000000000ffffffff4d04ffff001d0104455468652054696d65732030332f4a616e2f32303039204368616e63656c6c6f72206f6e206272696e6b206f66207365636f6e64206261696c6f757420666f722062616e6b73ffffffff0100f2052a01000000434104678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5fac00000000";
    /** Consensus maximum block weight. */
    public static final int MAX_BLOCK_WEIGHT = 4_000_000;
    /** {@code OP_TRUE}: the coinbase output script of templates made by {@code createNewBlock}. */
    public static final byte[] OP_TRUE = {0x51};

    /**
     * A block in the active chain.
     *
     * @param block      the block
     * @param hash       its hash, internal order
     * @param height     its height (genesis 0)
     * @param medianTime median time past of the last 11 blocks up to this one (s)
     * @param txFees     fee of each transaction in sat, the coinbase's 0 first; -1 where unknown
     */
    public record Entry(FakeBlock block, byte[] hash, int height, long medianTime, List<Long> txFees) {
        /** @return the hash as RPC prints it */
        public String hashHex() {
            return Hashes.displayHex(hash);
        }

        /** @return the sum of the known fees in sat */
        public long totalFee() {
            return txFees.stream().mapToLong(f -> Math.max(0, f)).sum();
        }

        /** @return chainwork as 64 hex digits: every regtest block adds 2 */
        public String chainworkHex() {
            return String.format("%064x", 2L * (height + 1));
        }
    }

    /**
     * A transaction waiting in the mempool.
     *
     * @param tx     the transaction
     * @param feeSat its fee in sat
     * @param time   when it entered, seconds since the epoch
     * @param height the tip height when it entered
     */
    public record MempoolEntry(FakeTx tx, long feeSat, long time, int height) {
    }

    /**
     * The outcome of checking or submitting a block, as {@code checkBlock}/{@code submitBlock} report it.
     *
     * @param valid  true if accepted (or valid, for a check)
     * @param reason Bitcoin Core's reject reason ({@code bad-txnmrklroot}, {@code high-hash}, …), empty if valid
     * @param debug  the debug message, may be empty
     */
    public record BlockResult(boolean valid, String reason, String debug) {
        static BlockResult ok() {
            return new BlockResult(true, "", "");
        }

        static BlockResult bad(String reason, String debug) {
            return new BlockResult(false, reason, debug);
        }
    }

    /**
     * A block template as {@code Mining.createNewBlock} returns it (BC {@code node::CBlockTemplate}).
     *
     * @param block        the block with the template's own coinbase (paying to {@code OP_TRUE}), nonce 0
     * @param height       the height it would have
     * @param txFees       fee of each non-coinbase transaction in sat
     * @param txSigops     sigop cost of each non-coinbase transaction
     * @param reward       subsidy plus fees in sat ({@code blockRewardRemaining})
     * @param scriptSigPrefix the BIP34 height push (raw script bytes)
     * @param witness      the coinbase witness (32 zero bytes)
     * @param requiredOutputs the witness commitment output, serialised
     * @param lockTime     the coinbase nLockTime (height - 1)
     */
    public record Template(FakeBlock block, int height, List<Long> txFees, List<Long> txSigops, long reward,
                           byte[] scriptSigPrefix, byte[] witness, List<byte[]> requiredOutputs, long lockTime) {
        /** @return the sum of the fees in sat */
        public long totalFee() {
            return txFees.stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * An unspent output ({@code Coin} in Bitcoin Core's UTXO set).
     *
     * @param output   the output
     * @param height   the height of the block that created it (-1: the mempool)
     * @param coinbase true if a coinbase created it (spendable after {@link #COINBASE_MATURITY} blocks)
     */
    public record Coin(FakeTx.Output output, int height, boolean coinbase) {
    }

    /** Blocks before a coinbase output may be spent ({@code COINBASE_MATURITY}). */
    public static final int COINBASE_MATURITY = 100;

    /** A transaction the mempool refuses; {@link #getMessage()} is Bitcoin Core's reject reason. */
    public static final class RejectedException extends Exception {
        private final boolean missingInputs;

        RejectedException(String reason, boolean missingInputs) {
            super(reason);
            this.missingInputs = missingInputs;
        }

        /** @return true for {@code bad-txns-inputs-missingorspent} (RPC error -25 rather than -26) */
        public boolean missingInputs() {
            return missingInputs;
        }
    }

    /** Hears changes. Called after the change, outside the chain's lock, on the changing thread. */
    public interface Listener {
        /** A block was connected; {@code tip} is the new tip. */
        default void blockConnected(Entry tip) {
        }

        /** A transaction entered or left the mempool other than by a block. */
        default void mempoolChanged() {
        }
    }

    private final List<Entry> blocks = new ArrayList<>();
    /** The txids (RPC hex) of the active chain's transactions, with how many of its blocks hold each (BIP30 duplicates). */
    private final Map<String, Integer> confirmedTxids = new HashMap<>();
    private final Map<String, Entry> byHash = new HashMap<>();
    private final LinkedHashMap<String, MempoolEntry> mempool = new LinkedHashMap<>();
    private final Map<String, Coin> utxos = new HashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final LongSupplier clock;
    private int headers;
    private boolean ibd;
    private long mempoolSequence = 1;

    /** A chain with the regtest genesis block only, on the system clock. */
    private final List<String> submitted = new ArrayList<>();
    /** {@code prioritisetransaction} fee deltas in sat, by txid (RPC hex); kept while the transaction is out of the mempool too. */
    private final Map<String, Long> feeDeltas = new HashMap<>();
    /** Blocks off the active chain: stale blocks, and blocks that invalidateblock or a reorganisation disconnected. */
    private final Map<String, Entry> side = new HashMap<>();
    /** Blocks marked invalid ({@code BLOCK_FAILED_VALID}): by a failed submission, or invalidateblock. */
    private final java.util.Set<String> failed = new java.util.HashSet<>();
    /** Headers without their block ({@code submitheader}). */
    private final Map<String, FakeBlock> headerOnly = new HashMap<>();

    public FakeChain() {
        this(() -> Instant.now().getEpochSecond());
    }

    /** @param clock the current time in seconds since the epoch (block times) */
    public FakeChain(LongSupplier clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        FakeBlock genesis = FakeBlock.parse(Hashes.parseHex(GENESIS_BLOCK_HEX));
        connect(genesis, List.of(0L));
        if (!blocks.get(0).hashHex().equals(GENESIS_HASH)) {
            throw new IllegalStateException("genesis hash mismatch: " + blocks.get(0).hashHex());
        }
    }

    /** Subscribes. */
    public void addListener(Listener l) {
        listeners.add(Objects.requireNonNull(l));
    }

    /** Unsubscribes. */
    public void removeListener(Listener l) {
        listeners.remove(l);
    }

    /** @return the current time in seconds, from the chain's clock */
    public long now() {
        return clock.getAsLong();
    }

    // ---- reading ----------------------------------------------------------------------------

    /** @return the tip */
    public synchronized Entry tip() {
        return blocks.get(blocks.size() - 1);
    }

    /** @return the tip's height */
    public synchronized int height() {
        return blocks.size() - 1;
    }

    /** @return the block at {@code height} of the active chain, if any */
    public synchronized Optional<Entry> atHeight(int height) {
        return height < 0 || height >= blocks.size() ? Optional.empty() : Optional.of(blocks.get(height));
    }

    /** @return the block with this hash (RPC hex), if in the active chain */
    public synchronized Optional<Entry> byHash(String hashHex) {
        return Optional.ofNullable(byHash.get(hashHex));
    }

    /** @return a snapshot of the active chain, genesis first */
    public synchronized List<Entry> blocks() {
        return List.copyOf(blocks);
    }

    /** @return the number of headers known: the height, or more while simulating IBD */
    public synchronized int headers() {
        return Math.max(headers, height());
    }

    /** @return true while simulating initial block download (headers ahead of blocks) */
    public synchronized boolean isInitialBlockDownload() {
        return ibd;
    }

    /** @return verification progress in [0, 1]: 1 when synced, blocks / headers while in IBD */
    public synchronized double verificationProgress() {
        if (!ibd) {
            return 1.0;
        }
        return Math.min(0.999999, (height() + 1.0) / (headers() + 1.0));
    }

    /** @return block subsidy in sat at {@code height} ({@code GetBlockSubsidy}, regtest halving every 150 blocks) */
    public static long subsidy(int height) {
        int halvings = height / HALVING_INTERVAL;
        return halvings >= 64 ? 0 : (50L * 100_000_000L) >> halvings;
    }

    /** @return bytes the blocks and their undo data would take on disk */
    public synchronized long sizeOnDisk() {
        long n = 0;
        for (Entry e : blocks) {
            n += e.block().size() + 8 + (e.height() == 0 ? 0 : 41L + 40L * (e.block().txs().size() - 1));
        }
        return n;
    }

    // ---- mempool ----------------------------------------------------------------------------

    /**
     * Adds a transaction to the mempool; the next block or template includes it.
     *
     * @param tx     the transaction (not a coinbase)
     * @param feeSat its fee in sat, 0 or more
     * @return the mempool entry
     * @throws IllegalArgumentException for a coinbase, a negative fee, or a transaction already in the mempool or a block
     */
    public MempoolEntry addToMempool(FakeTx tx, long feeSat) {
        MempoolEntry e;
        synchronized (this) {
            if (tx.isCoinbase()) {
                throw new IllegalArgumentException("coinbase transactions cannot enter the mempool");
            }
            if (feeSat < 0) {
                throw new IllegalArgumentException("negative fee " + feeSat + " sat");
            }
            String id = tx.txidHex();
            if (mempool.containsKey(id)) {
                throw new IllegalArgumentException("txn-already-in-mempool " + id);
            }
            if (confirmedTxids.containsKey(id)) {
                throw new IllegalArgumentException("txn-already-known " + id);
            }
            e = new MempoolEntry(tx, feeSat, now(), height());
            mempool.put(id, e);
            mempoolSequence++;
        }
        listeners.forEach(Listener::mempoolChanged);
        return e;
    }

    /**
     * Removes a transaction from the mempool (as an eviction or replacement would).
     *
     * @return true if it was there
     */
    public boolean removeFromMempool(String txidHex) {
        boolean removed;
        synchronized (this) {
            removed = mempool.remove(txidHex) != null;
            if (removed) {
                mempoolSequence++;
            }
        }
        if (removed) {
            listeners.forEach(Listener::mempoolChanged);
        }
        return removed;
    }

    /** @return the mempool entries in arrival order */
    public synchronized List<MempoolEntry> mempool() {
        return List.copyOf(mempool.values());
    }

    /** @return the mempool entry with this txid (RPC hex) */
    public synchronized Optional<MempoolEntry> mempoolEntry(String txidHex) {
        return Optional.ofNullable(mempool.get(txidHex));
    }

    /** @return the mempool's sequence number ({@code mempool_sequence} of getrawmempool) */
    public synchronized long mempoolSequence() {
        return mempoolSequence;
    }

    private static String outpoint(byte[] txid, long n) {
        return Hashes.displayHex(txid) + ":" + n;
    }

    /**
     * @param txid internal order
     * @param n    output index
     * @return the unspent output of the active chain ({@code gettxout} without the mempool)
     */
    public synchronized Optional<Coin> coin(byte[] txid, long n) {
        return Optional.ofNullable(utxos.get(outpoint(txid, n)));
    }

    /** @return true if a mempool transaction spends that output */
    public synchronized boolean spentInMempool(byte[] txid, long n) {
        String op = outpoint(txid, n);
        for (MempoolEntry e : mempool.values()) {
            for (FakeTx.Input in : e.tx().inputs()) {
                if (outpoint(in.prevTxid(), in.prevIndex()).equals(op)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Accepts a transaction into the mempool as {@code sendrawtransaction} does, with the fee its
     * inputs (from the UTXO set or other mempool transactions) leave. Scripts and signatures are not
     * checked: this is a fake.
     *
     * @return the new entry
     * @throws RejectedException with Bitcoin Core's reason: {@code bad-txns-inputs-missingorspent},
     *         {@code txn-mempool-conflict}, {@code bad-txns-premature-spend-of-coinbase},
     *         {@code bad-txns-in-belowout}, {@code txn-already-in-mempool}, {@code bad-txns-vin-empty}, …
     */
    public MempoolEntry acceptToMempool(FakeTx tx) throws RejectedException {
        return addToMempool(tx, feeIfAcceptable(tx));
    }

    /** The checks of {@link #acceptToMempool}. @return the fee in sat */
    private synchronized long feeIfAcceptable(FakeTx tx) throws RejectedException {
        long fee;
        if (tx.inputs().isEmpty()) {
            throw new RejectedException("bad-txns-vin-empty", false);
        }
        if (tx.outputs().isEmpty()) {
            throw new RejectedException("bad-txns-vout-empty", false);
        }
        if (tx.isCoinbase()) {
            throw new RejectedException("coinbase", false);
        }
        if (mempool.containsKey(tx.txidHex())) {
            throw new RejectedException("txn-already-in-mempool", false);
        }
        long in = 0;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (FakeTx.Input i : tx.inputs()) {
            String op = outpoint(i.prevTxid(), i.prevIndex());
            if (!seen.add(op)) {
                throw new RejectedException("bad-txns-inputs-duplicate", false);
            }
            if (spentInMempool(i.prevTxid(), i.prevIndex())) {
                throw new RejectedException("txn-mempool-conflict", false);
            }
            Coin c = utxos.get(op);
            if (c == null) {
                MempoolEntry parent = mempool.get(Hashes.displayHex(i.prevTxid()));
                if (parent == null || i.prevIndex() >= parent.tx().outputs().size()) {
                    throw new RejectedException("bad-txns-inputs-missingorspent", true);
                }
                c = new Coin(parent.tx().outputs().get((int) i.prevIndex()), -1, false);
            }
            if (c.coinbase() && height() + 1 - c.height() < COINBASE_MATURITY) {
                throw new RejectedException("bad-txns-premature-spend-of-coinbase", false);
            }
            in += c.output().valueSat();
        }
        fee = in - tx.outputSat();
        if (fee < 0) {
            throw new RejectedException("bad-txns-in-belowout", false);
        }
        return fee;
    }

    /** @return the transaction with this txid or wtxid (internal order) from the mempool */
    public synchronized Optional<FakeTx> mempoolTx(byte[] id, boolean witnessId) {
        for (MempoolEntry e : mempool.values()) {
            if (Arrays.equals(witnessId ? e.tx().wtxid() : e.tx().txid(), id)) {
                return Optional.of(e.tx());
            }
        }
        return Optional.empty();
    }

    // ---- building blocks --------------------------------------------------------------------

    /** @return the BIP34 height push: {@code CScript() << height} */
    public static byte[] heightPush(int height) {
        if (height == 0) {
            return new byte[] {0};
        }
        if (height >= 1 && height <= 16) {
            return new byte[] {(byte) (0x50 + height)};
        }
        List<Byte> num = new ArrayList<>();
        long v = height;
        while (v > 0) {
            num.add((byte) (v & 0xff));
            v >>= 8;
        }
        if ((num.get(num.size() - 1) & 0x80) != 0) {
            num.add((byte) 0);
        }
        byte[] r = new byte[num.size() + 1];
        r[0] = (byte) num.size();
        for (int i = 0; i < num.size(); i++) {
            r[i + 1] = num.get(i);
        }
        return r;
    }

    /** @return the coinbase scriptSig of a block at {@code height}: the height push, and OP_0 up to height 16 */
    static byte[] coinbaseScriptSig(int height) {
        byte[] p = heightPush(height);
        return height <= 16 ? Bytes.concat(p, new byte[] {0}) : p;
    }

    /** @return the witness commitment output script for {@code txs} (coinbase wtxid taken as zero, reserved value zero) */
    static byte[] witnessCommitmentScript(List<FakeTx> txs) {
        List<byte[]> wtxids = new ArrayList<>();
        wtxids.add(new byte[32]);
        for (int i = 1; i < txs.size(); i++) {
            wtxids.add(txs.get(i).wtxid());
        }
        byte[] commitment = Hashes.sha256d(Bytes.concat(Merkle.merkleRoot(wtxids), new byte[32]));
        return Bytes.concat(new byte[] {0x6a, 0x24, (byte) 0xaa, 0x21, (byte) 0xa9, (byte) 0xed}, commitment);
    }

    private static FakeTx coinbase(int height, byte[] script, long valueSat, List<FakeTx> others) {
        List<FakeTx> all = new ArrayList<>();
        all.add(null);
        all.addAll(others);
        byte[] commitment = witnessCommitmentScript(all);
        FakeTx.Input in = new FakeTx.Input(new byte[32], FakeTx.NULL_INDEX, coinbaseScriptSig(height), 0xfffffffeL, List.of(new byte[32]));
        return new FakeTx(2, List.of(in), List.of(new FakeTx.Output(valueSat, script), new FakeTx.Output(0, commitment)), height - 1L);
    }

    /** @return the legacy sigop cost of a transaction (×4), plus 1 per P2WPKH-looking witness input */
    static long sigopCost(FakeTx tx) {
        long legacy = 0;
        for (FakeTx.Input in : tx.inputs()) {
            legacy += countSigops(in.scriptSig());
        }
        for (FakeTx.Output o : tx.outputs()) {
            legacy += countSigops(o.scriptPubKey());
        }
        long witness = tx.inputs().stream().filter(i -> i.witness().size() == 2).count();
        return legacy * 4 + witness;
    }

    private static long countSigops(byte[] s) {
        long n = 0;
        int i = 0;
        while (i < s.length) {
            int op = s[i++] & 0xff;
            if (op >= 1 && op < 0x4c) {
                i += op;
            } else if (op == 0x4c && i < s.length) {
                i += 1 + (s[i] & 0xff);
            } else if (op == 0x4d && i + 1 < s.length) {
                i += 2 + ((s[i] & 0xff) | (s[i + 1] & 0xff) << 8);
            } else if (op == 0xac || op == 0xad) {
                n++;
            } else if (op == 0xae || op == 0xaf) {
                n += 20;
            }
        }
        return n;
    }

    /** The next block's time: now, but after the median time past ({@code UpdateTime}). */
    private long nextTime(long wanted) {
        return Math.max(tip().medianTime() + 1, wanted);
    }

    private List<MempoolEntry> selectMempool(long reservedWeight, long coinbaseSigops) {
        return FakeBlockAssembler.select(List.copyOf(mempool.values()), feeDeltas, reservedWeight, coinbaseSigops,
                FakeBlockAssembler.DEFAULT_BLOCK_MIN_TX_FEE);
    }

    /**
     * Adds {@code deltaSat} to a transaction's fee as block selection sees it ({@code prioritisetransaction}).
     */
    public synchronized void prioritise(String txidHex, long deltaSat) {
        long d = feeDeltas.getOrDefault(txidHex, 0L) + deltaSat;
        if (d == 0) {
            feeDeltas.remove(txidHex);
        } else {
            feeDeltas.put(txidHex, d);
        }
    }

    /**
     * Builds a template on the tip, as {@code Mining.createNewBlock} does.
     *
     * @param useMempool     include mempool transactions
     * @param reservedWeight weight kept free for the coinbase ({@code blockReservedWeight}, default 8000)
     */
    public synchronized Template createTemplate(boolean useMempool, long reservedWeight) {
        return createTemplate(useMempool, reservedWeight, FakeBlockAssembler.DEFAULT_COINBASE_SIGOPS);
    }

    /**
     * Builds a template on the tip, as {@code Mining.createNewBlock} does.
     *
     * @param useMempool     include mempool transactions
     * @param reservedWeight weight (WU) kept free for the coinbase ({@code blockReservedWeight})
     * @param coinbaseSigops sigops cost kept free for the coinbase ({@code coinbaseOutputMaxAdditionalSigops})
     * @throws IllegalArgumentException for options {@code CheckMiningOptions} refuses, with its message
     */
    public synchronized Template createTemplate(boolean useMempool, long reservedWeight, long coinbaseSigops) {
        FakeBlockAssembler.checkOptions(reservedWeight, coinbaseSigops);
        int height = height() + 1;
        List<MempoolEntry> picked = useMempool ? selectMempool(reservedWeight, coinbaseSigops) : List.of();
        List<FakeTx> txs = picked.stream().map(MempoolEntry::tx).toList();
        List<Long> fees = picked.stream().map(MempoolEntry::feeSat).toList();
        List<Long> sigops = txs.stream().map(FakeChain::sigopCost).toList();
        long reward = subsidy(height) + fees.stream().mapToLong(Long::longValue).sum();
        FakeTx cb = coinbase(height, OP_TRUE, reward, txs);
        List<FakeTx> all = new ArrayList<>();
        all.add(cb);
        all.addAll(txs);
        FakeBlock b = new FakeBlock(FakeBlock.VERSION, tip().hash(), new byte[32], nextTime(now()), FakeBlock.REGTEST_BITS, 0, all);
        b = new FakeBlock(b.version(), b.prevHash(), b.computeMerkleRoot(), b.time(), b.bits(), 0, all);
        return new Template(b, height, fees, sigops, reward, heightPush(height), new byte[32],
                List.of(cb.outputs().get(1).serialize()), height - 1L);
    }

    /** Tries nonces until the header meets the target (about two tries on regtest). */
    static FakeBlock grind(FakeBlock b) {
        long nonce = 0;
        while (!b.meetsTarget()) {
            b = b.withNonce(++nonce);
        }
        return b;
    }

    /**
     * Mines {@code n} blocks paying to {@code script}, the first including the mempool, as
     * {@code generatetoaddress}/{@code generatetodescriptor} do.
     *
     * @return the new blocks
     */
    public List<Entry> generate(int n, byte[] script) {
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(mineOne(script, null, null));
        }
        return out;
    }

    /**
     * Mines {@code n} blocks whose times are given by {@code timeOf} (height → seconds), for a
     * history in the past; mempool included in the first.
     */
    public List<Entry> generateWithTimes(int n, byte[] script, java.util.function.IntToLongFunction timeOf) {
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int h;
            synchronized (this) {
                h = height() + 1;
            }
            out.add(mineOne(script, null, timeOf.applyAsLong(h)));
        }
        return out;
    }

    /**
     * Mines one block with exactly these transactions (not the rest of the mempool), as {@code generateblock} does.
     * Mempool transactions among them keep their fee; others count as fee 0.
     */
    public Entry generateBlock(byte[] script, List<FakeTx> txs) {
        return mineOne(script, txs, null);
    }

    /**
     * Builds (without connecting) a block paying to {@code script} with {@code txs} (null: the mempool),
     * proof of work included.
     */
    public synchronized FakeBlock buildBlock(byte[] script, List<FakeTx> txs, Long time) {
        int height = height() + 1;
        List<FakeTx> chosen;
        List<Long> fees = new ArrayList<>();
        if (txs == null) {
            List<MempoolEntry> picked = selectMempool(FakeBlockAssembler.DEFAULT_BLOCK_RESERVED_WEIGHT, FakeBlockAssembler.DEFAULT_COINBASE_SIGOPS);
            chosen = picked.stream().map(MempoolEntry::tx).toList();
            picked.forEach(e -> fees.add(e.feeSat()));
        } else {
            chosen = txs;
            for (FakeTx t : txs) {
                fees.add(Optional.ofNullable(mempool.get(t.txidHex())).map(MempoolEntry::feeSat).orElse(0L));
            }
        }
        long reward = subsidy(height) + fees.stream().mapToLong(Long::longValue).sum();
        List<FakeTx> all = new ArrayList<>();
        all.add(coinbase(height, script, reward, chosen));
        all.addAll(chosen);
        FakeBlock b = new FakeBlock(FakeBlock.VERSION, tip().hash(), new byte[32], nextTime(time == null ? now() : time),
                FakeBlock.REGTEST_BITS, 0, all);
        b = new FakeBlock(b.version(), b.prevHash(), b.computeMerkleRoot(), b.time(), b.bits(), 0, all);
        return grind(b);
    }

    private Entry mineOne(byte[] script, List<FakeTx> txs, Long time) {
        Entry e;
        synchronized (this) {
            FakeBlock b = buildBlock(script, txs, time);
            BlockResult r = validate(b, tip(), true, true);
            if (!r.valid()) {
                throw new IllegalStateException("mined an invalid block: " + r.reason() + " " + r.debug());
            }
            e = connectWithFees(b);
        }
        notifyBlock(e);
        return e;
    }

    // ---- validating and connecting ----------------------------------------------------------

    /**
     * Checks a block as {@code Mining.checkBlock} ({@code TestBlockValidity}) does: it must build on the tip.
     *
     * @param checkMerkleRoot check the header's merkle root
     * @param checkPow        check the proof of work
     */
    public synchronized BlockResult check(FakeBlock b, boolean checkMerkleRoot, boolean checkPow) {
        if (!Arrays.equals(b.prevHash(), tip().hash())) {
            return BlockResult.bad("inconclusive-not-best-prevblk", "");
        }
        return validate(b, tip(), checkMerkleRoot, checkPow);
    }

    /**
     * Submits a block as {@code Mining.submitBlock} and {@code BlockTemplate.submitSolution} do
     * ({@code SubmitBlock} in BC {@code src/node/miner.cpp}): validates it against its parent and, if
     * valid and on the tip, makes it the new tip and wakes the waiters. A valid block on another
     * parent is stored and answers {@code inconclusive}, unless it has more work than the tip (then
     * the chain reorganises to it); a block that failed validation other than in its header or by
     * mutation is remembered ({@code duplicate-invalid} next time).
     */
    public BlockResult submit(FakeBlock b) {
        Entry before;
        Entry after;
        BlockResult result;
        synchronized (this) {
            before = tip();
            result = submitLocked(b);
            after = tip();
            if (result.valid()) {
                submitted.add(b.hashHex());
            }
        }
        if (after != before) {
            notifyBlock(after);
        }
        return result;
    }

    /** Reasons of checks of the header, or of a mutated block: Bitcoin Core does not mark such a block invalid. */
    private static final java.util.Set<String> NOT_CACHED = java.util.Set.of("high-hash", "bad-diffbits", "time-too-old", "time-too-new",
            "bad-txnmrklroot", "bad-txns-duplicate", "bad-witness-nonce-size", "bad-witness-merkle-match", "unexpected-witness");

    private BlockResult submitLocked(FakeBlock b) {
        String hex = b.hashHex();
        if (failed.contains(hex)) {
            return BlockResult.bad("duplicate-invalid", "block " + hex + " was previously marked invalid");
        }
        if (byHash.containsKey(hex) || side.containsKey(hex)) {
            return BlockResult.bad("duplicate", "");
        }
        String prevHex = Hashes.displayHex(b.prevHash());
        Entry parent = byHash.containsKey(prevHex) ? byHash.get(prevHex) : side.get(prevHex);
        if (parent == null) {
            return BlockResult.bad("prev-blk-not-found", "");
        }
        BlockResult r = validate(b, parent, true, true, parent == tip());
        if (!r.valid()) {
            if (!NOT_CACHED.contains(r.reason()) && !r.reason().startsWith("bad-version")) {
                failed.add(hex);
            }
            return r;
        }
        headerOnly.remove(hex);
        if (parent == tip()) {
            connectWithFees(b);
            return BlockResult.ok();
        }
        side.put(hex, sideEntry(b, parent));
        activateBest();
        return byHash.containsKey(hex) ? BlockResult.ok() : BlockResult.bad("inconclusive", "");
    }

    private Entry sideEntry(FakeBlock b, Entry parent) {
        List<Long> times = new ArrayList<>();
        times.add(b.time());
        Entry e = parent;
        for (int i = 0; i < 10 && e != null; i++) {
            times.add(e.block().time());
            String prev = Hashes.displayHex(e.block().prevHash());
            e = e.height() == 0 ? null : byHash.containsKey(prev) ? byHash.get(prev) : side.get(prev);
        }
        Collections.sort(times);
        List<Long> fees = new ArrayList<>();
        fees.add(0L);
        for (int i = 1; i < b.txs().size(); i++) {
            fees.add(-1L);
        }
        return new Entry(b, b.hash(), parent.height() + 1, times.get(times.size() / 2), fees);
    }

    /** @return the hashes of the blocks {@link #submit} accepted (IPC submitBlock/submitSolution, RPC submitblock), in order */
    public synchronized List<String> submittedBlocks() {
        return List.copyOf(submitted);
    }

    /** Validates {@code b} as the child of {@code parent} ({@code CheckBlock}, {@code ContextualCheckBlock(Header)}, {@code ConnectBlock}'s amounts). */
    private BlockResult validate(FakeBlock b, Entry parent, boolean checkMerkleRoot, boolean checkPow) {
        return validate(b, parent, checkMerkleRoot, checkPow, true);
    }

    /**
     * @param connecting whether the block is connected now (it builds on the tip): only then are the
     *                   checks that need the UTXO set made, the coinbase amount among them (BC
     *                   {@code ConnectBlock}); a block on another parent gets {@code CheckBlock} and
     *                   {@code ContextualCheckBlock} only ({@code AcceptBlock}).
     */
    private BlockResult validate(FakeBlock b, Entry parent, boolean checkMerkleRoot, boolean checkPow, boolean connecting) {
        if (checkPow && !b.meetsTarget()) {
            return BlockResult.bad("high-hash", "proof of work failed");
        }
        if (b.txs().isEmpty() || !b.txs().get(0).isCoinbase()) {
            return BlockResult.bad("bad-cb-missing", "first tx is not coinbase");
        }
        for (int i = 1; i < b.txs().size(); i++) {
            if (b.txs().get(i).isCoinbase()) {
                return BlockResult.bad("bad-cb-multiple", "more than one coinbase");
            }
        }
        if (checkMerkleRoot && !Arrays.equals(b.computeMerkleRoot(), b.merkleRoot())) {
            return BlockResult.bad("bad-txnmrklroot", "hashMerkleRoot mismatch");
        }
        if (b.weight() > MAX_BLOCK_WEIGHT) {
            return BlockResult.bad("bad-blk-weight", "weight limit failed");
        }
        if (b.bits() != FakeBlock.REGTEST_BITS) {
            return BlockResult.bad("bad-diffbits", "incorrect proof of work");
        }
        if (b.time() <= parent.medianTime()) {
            return BlockResult.bad("time-too-old", "block's timestamp is too early");
        }
        if (b.time() > now() + 2 * 60 * 60) {
            return BlockResult.bad("time-too-new", "block timestamp too far in the future");
        }
        if (b.version() < 4) { // BIP34, BIP66 and BIP65 are active from height 1 on regtest
            String v = String.format("0x%08x", b.version());
            return BlockResult.bad("bad-version(" + v + ")", "rejected nVersion=" + v + " block");
        }
        int height = parent.height() + 1;
        for (FakeTx t : b.txs()) {
            if (!isFinal(t, height, parent.medianTime())) {
                return BlockResult.bad("bad-txns-nonfinal", "non-final transaction");
            }
        }
        FakeTx cb = b.txs().get(0);
        byte[] push = heightPush(height);
        byte[] sig = cb.inputs().get(0).scriptSig();
        if (sig.length < push.length || !Arrays.equals(Arrays.copyOf(sig, push.length), push)) {
            return BlockResult.bad("bad-cb-height", "block height mismatch in coinbase");
        }
        if (sig.length < 2 || sig.length > 100) {
            return BlockResult.bad("bad-cb-length", "");
        }
        long fees = 0;
        for (int i = 1; i < b.txs().size(); i++) {
            MempoolEntry m = mempool.get(b.txs().get(i).txidHex());
            fees += m == null ? 0 : m.feeSat();
        }
        if (connecting && cb.outputSat() > subsidy(height) + fees) {
            return BlockResult.bad("bad-cb-amount", "coinbase pays too much (actual=" + cb.outputSat() + " vs limit=" + (subsidy(height) + fees) + ")");
        }
        byte[] expected = witnessCommitmentScript(b.txs());
        boolean committed = false;
        for (FakeTx.Output o : cb.outputs()) {
            byte[] s = o.scriptPubKey();
            if (s.length >= 38 && s[0] == 0x6a && s[1] == 0x24 && (s[2] & 0xff) == 0xaa && s[3] == 0x21 && (s[4] & 0xff) == 0xa9 && (s[5] & 0xff) == 0xed) {
                committed = true;
                List<byte[]> w = cb.inputs().get(0).witness();
                if (w.size() != 1 || w.get(0).length != 32) {
                    return BlockResult.bad("bad-witness-nonce-size", "CheckWitnessMalleation : invalid witness reserved value size");
                }
                byte[] withNonce = witnessCommitmentScript(b.txs());
                if (!Arrays.equals(w.get(0), new byte[32])) {
                    // commitment with a non-zero reserved value
                    List<byte[]> wtxids = new ArrayList<>();
                    wtxids.add(new byte[32]);
                    for (int i = 1; i < b.txs().size(); i++) {
                        wtxids.add(b.txs().get(i).wtxid());
                    }
                    byte[] c = Hashes.sha256d(Bytes.concat(Merkle.merkleRoot(wtxids), w.get(0)));
                    withNonce = Bytes.concat(Arrays.copyOf(expected, 6), c);
                }
                if (!Arrays.equals(Arrays.copyOf(s, 38), withNonce)) {
                    return BlockResult.bad("bad-witness-merkle-match", "CheckWitnessMalleation : witness merkle commitment mismatch");
                }
            }
        }
        if (!committed && b.txs().stream().anyMatch(FakeTx::hasWitness)) {
            return BlockResult.bad("unexpected-witness", "CheckWitnessMalleation : unexpected witness data found");
        }
        return BlockResult.ok();
    }

    /** {@code IsFinalTx}: lock time 0, or below the height (or, from 500000000 on, the lock time cutoff: the parent's median time past), or every input final. */
    static boolean isFinal(FakeTx t, int height, long lockTimeCutoff) {
        long lt = t.lockTime();
        if (lt == 0 || lt < (lt < 500_000_000L ? height : lockTimeCutoff)) {
            return true;
        }
        return t.inputs().stream().allMatch(i -> i.sequence() == 0xffffffffL);
    }

    private Entry connectWithFees(FakeBlock b) {
        List<Long> fees = new ArrayList<>();
        fees.add(0L);
        for (int i = 1; i < b.txs().size(); i++) {
            MempoolEntry m = mempool.remove(b.txs().get(i).txidHex());
            fees.add(m == null ? -1L : m.feeSat());
        }
        mempoolSequence++;
        return connect(b, fees);
    }

    private Entry connect(FakeBlock b, List<Long> fees) {
        int height = blocks.size();
        List<Long> times = new ArrayList<>();
        for (int i = Math.max(0, height - 10); i < height; i++) {
            times.add(blocks.get(i).block().time());
        }
        times.add(b.time());
        Collections.sort(times);
        Entry e = new Entry(b, b.hash(), height, times.get(times.size() / 2), List.copyOf(fees));
        blocks.add(e);
        for (FakeTx t : b.txs()) {
            confirmedTxids.merge(t.txidHex(), 1, Integer::sum);
        }
        applyUtxos(b, height);
        byHash.put(e.hashHex(), e);
        headerOnly.remove(e.hashHex());
        if (ibd && height >= headers) {
            ibd = false;
        }
        return e;
    }

    private void applyUtxos(FakeBlock b, int height) {
        if (height > 0) { // the genesis coinbase is not spendable
            for (FakeTx t : b.txs()) {
                if (!t.isCoinbase()) {
                    for (FakeTx.Input in : t.inputs()) {
                        utxos.remove(outpoint(in.prevTxid(), in.prevIndex()));
                    }
                }
                byte[] id = t.txid();
                for (int n = 0; n < t.outputs().size(); n++) {
                    FakeTx.Output o = t.outputs().get(n);
                    byte[] s = o.scriptPubKey();
                    if (s.length > 0 && (s[0] & 0xff) == 0x6a) {
                        continue; // OP_RETURN: never spendable, never in the UTXO set
                    }
                    utxos.put(outpoint(id, n), new Coin(o, height, t.isCoinbase()));
                }
            }
        }
    }

    // ---- the block tree: headers, stale and invalidated blocks, reorganisations ---------------

    /**
     * Stores a header without its block ({@code submitheader}).
     *
     * @throws IllegalArgumentException with Bitcoin Core's reason if its parent is unknown or its proof of work fails
     */
    public synchronized void submitHeader(FakeBlock header) {
        String prev = Hashes.displayHex(header.prevHash());
        if (!byHash.containsKey(prev) && !side.containsKey(prev) && !headerOnly.containsKey(prev)) {
            throw new IllegalArgumentException("Must submit previous header (" + prev + ") first");
        }
        if (!header.meetsTarget()) {
            throw new IllegalArgumentException("high-hash");
        }
        String hex = header.hashHex();
        if (!byHash.containsKey(hex) && !side.containsKey(hex)) {
            headerOnly.put(hex, header);
        }
    }

    /** @return how many headers without blocks extend the tip ({@code ChainstateManager::BlocksAheadOfTip}), if any */
    public synchronized Optional<Integer> blocksAheadOfTip() {
        int best = 0;
        for (FakeBlock h : headerOnly.values()) {
            int n = 1;
            String prev = Hashes.displayHex(h.prevHash());
            while (headerOnly.containsKey(prev)) {
                prev = Hashes.displayHex(headerOnly.get(prev).prevHash());
                n++;
            }
            if (prev.equals(tip().hashHex())) {
                best = Math.max(best, n);
            }
        }
        return best == 0 ? Optional.empty() : Optional.of(best);
    }

    /**
     * Marks a block invalid and disconnects it and its descendants ({@code invalidateblock}); their
     * transactions go back to the mempool where still valid.
     *
     * @throws IllegalArgumentException "Block not found", or for the genesis block
     */
    public void invalidate(String hashHex) {
        Entry tip;
        synchronized (this) {
            Entry e = byHash.get(hashHex);
            if (e == null && !side.containsKey(hashHex)) {
                throw new IllegalArgumentException("Block not found");
            }
            failed.add(hashHex);
            if (e == null) {
                return;
            }
            if (e.height() == 0) {
                throw new IllegalArgumentException("Cannot invalidate the genesis block");
            }
            resetMempool(disconnectAbove(e.height() - 1));
            activateBest();
            tip = tip();
        }
        notifyBlock(tip);
    }

    /**
     * Clears the invalid mark of a block, its ancestors and descendants ({@code reconsiderblock})
     * and moves to the chain with the most work.
     *
     * @throws IllegalArgumentException "Block not found"
     */
    public void reconsider(String hashHex) {
        Entry before;
        Entry after;
        synchronized (this) {
            if (!byHash.containsKey(hashHex) && !side.containsKey(hashHex)) {
                throw new IllegalArgumentException("Block not found");
            }
            before = tip();
            for (String h : List.copyOf(failed)) {
                if (h.equals(hashHex) || descends(h, hashHex) || descends(hashHex, h)) {
                    failed.remove(h);
                }
            }
            activateBest();
            after = tip();
        }
        if (after != before) {
            notifyBlock(after);
        }
    }

    /** @return true if block {@code h} is {@code ancestor} or descends from it, walking back through the known blocks */
    private boolean descends(String h, String ancestor) {
        String cur = h;
        while (cur != null) {
            if (cur.equals(ancestor)) {
                return true;
            }
            Entry e = byHash.containsKey(cur) ? byHash.get(cur) : side.get(cur);
            cur = e == null || e.height() == 0 ? null : Hashes.displayHex(e.block().prevHash());
        }
        return false;
    }

    /** Disconnects the blocks above {@code height} into {@link #side}. @return their transactions, lowest block first */
    private List<FakeTx> disconnectAbove(int height) {
        List<FakeTx> back = new ArrayList<>();
        while (blocks.size() - 1 > height) {
            Entry e = blocks.remove(blocks.size() - 1);
            for (FakeTx t : e.block().txs()) {
                confirmedTxids.computeIfPresent(t.txidHex(), (k, n) -> n == 1 ? null : n - 1);
            }
            byHash.remove(e.hashHex());
            side.put(e.hashHex(), e);
            back.addAll(0, e.block().txs().subList(1, e.block().txs().size()));
        }
        utxos.clear();
        for (Entry e : blocks) {
            applyUtxos(e.block(), e.height());
        }
        return back;
    }

    /**
     * Moves to the stored branch with the most work (the most blocks) whose blocks are not marked
     * invalid, if it has more than the active chain ({@code ActivateBestChain}).
     */
    private void activateBest() {
        List<Entry> bestPath = null;
        for (Entry cand : side.values()) {
            List<Entry> path = new ArrayList<>();
            Entry e = cand;
            while (e != null && !byHash.containsKey(e.hashHex()) && !failed.contains(e.hashHex())) {
                path.add(0, e);
                e = side.get(Hashes.displayHex(e.block().prevHash()));
                if (e == null) {
                    Entry active = byHash.get(Hashes.displayHex(path.get(0).block().prevHash()));
                    e = active;
                }
            }
            if (e == null || failed.contains(e.hashHex()) || !byHash.containsKey(e.hashHex())) {
                continue;
            }
            if (cand.height() > height() && (bestPath == null || cand.height() > bestPath.get(bestPath.size() - 1).height())) {
                bestPath = path;
            }
        }
        if (bestPath == null) {
            return;
        }
        List<FakeTx> back = disconnectAbove(bestPath.get(0).height() - 1);
        for (Entry e : bestPath) {
            side.remove(e.hashHex());
            connect(e.block(), e.txFees());
        }
        resetMempool(back);
    }

    /** Rebuilds the mempool from {@code back} (transactions of disconnected blocks) and the old mempool, keeping what is still valid. */
    private void resetMempool(List<FakeTx> back) {
        List<FakeTx> candidates = new ArrayList<>(back);
        mempool.values().forEach(m -> candidates.add(m.tx()));
        mempool.clear();
        for (FakeTx t : candidates) {
            if (byHash.values().stream().anyMatch(e -> e.block().txs().stream().anyMatch(x -> x.txidHex().equals(t.txidHex())))) {
                continue;
            }
            try {
                long fee = feeIfAcceptable(t);
                mempool.put(t.txidHex(), new MempoolEntry(t, fee, now(), height()));
            } catch (RejectedException e) {
                // no longer valid on this chain: dropped, as MaybeUpdateMempoolForReorg drops it
            }
        }
        mempoolSequence++;
    }

    private void notifyBlock(Entry e) {
        for (Listener l : listeners) {
            l.blockConnected(e);
        }
    }

    // ---- IBD simulation ---------------------------------------------------------------------

    /**
     * Starts simulating initial block download: {@code headers} known, blocks behind them until
     * blocks reach that height; then IBD ends for good.
     */
    public synchronized void startInitialBlockDownload(int headers) {
        this.headers = headers;
        this.ibd = headers > height();
    }
}
