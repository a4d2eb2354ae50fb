package org.bitcoinfx.node.net;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * What chain a {@link RegtestNetwork} starts from: {@code blocks} blocks on top of regtest's genesis,
 * mined one at a time with a fixed mocktime ({@link #blockTime}); in each block from height
 * {@value #ECONOMY_START} on, {@code txsPerBlock} transactions between {@code wallets} descriptor
 * wallets with fixed keys ({@link RegtestKeys}) at varied fee rates, with some RBF replacements; then
 * {@code mempoolTxs} more transactions left in the mempool. The same spec gives the same block
 * hashes on every machine, so a built chain is cached by {@link #cacheKey()} ({@link ChainCache}).
 * Mirrors the cached 199-block chain of Bitcoin Core's test framework
 * ({@code test/functional/test_framework/test_framework.py} {@code _initialize_chain}), with an economy.
 *
 * <p>A spec with a {@code snapshotHeight} ({@link #assumeUtxo}) is another kind of chain: the one a regtest
 * node accepts a UTXO snapshot of ({@code loadtxoutset}), built by {@link SnapshotChainBuilder} — blocks
 * 1…{@code snapshotHeight} exactly as Bitcoin Core builds the chain its chain parameters name
 * ({@link AssumeUtxoData}), the rest in the same form at {@link #blockTime} — with the snapshot
 * ({@code dumptxoutset}) kept beside it in the cache; no wallets, no transactions besides the coinbases.
 *
 * @param blocks      chain height M (0: genesis only)
 * @param txsPerBlock K transactions in each block from height {@value #ECONOMY_START} on (coinbase not counted)
 * @param mempoolTxs  T transactions left in the mempool
 * @param wallets     how many wallets ({@link #WALLET_NAMES}, in that order) hold the coins; 0 mines to
 *                    {@link RegtestNode#OP_TRUE_ADDRESS}
 * @param seed        varies the wallets' keys and the economy's choices (who pays whom, how much, fee rates)
 * @param snapshotHeight 0 for an economy chain; else the height of the UTXO snapshot made while building
 *                    ({@link AssumeUtxoData#BUILDABLE_HEIGHT}, the only one built)
 * @param bigWalletTxs 0, or (a big-wallet chain, {@link #bigWallet}) how many transactions pay
 *                    {@link #BIG_WALLET}, built by {@link BigWalletBuilder}
 */
public record ChainSpec(int blocks, int txsPerBlock, int mempoolTxs, int wallets, long seed, int snapshotHeight, int bigWalletTxs) {
    /**
     * Bump when {@link EconomyBuilder} changes what it builds: cached chains of other formats are not used. 2: the wallets'
     * best blocks are at the tip (format 1's big wallet rescanned its last block, about 35 s, at every start).
     */
    public static final int FORMAT = 2;
    /** The time of block 1, seconds since the epoch: 2025-01-01T00:00:00Z. */
    public static final long START_TIME = 1_735_689_600L;
    /** Seconds between blocks: 600. */
    public static final long BLOCK_INTERVAL = 600;
    /** Regtest's genesis block time (Bitcoin Core {@code src/kernel/chainparams.cpp} {@code CRegTestParams}). */
    public static final long GENESIS_TIME = 1_296_688_602L;
    /** Blocks before a coinbase may be spent ({@code COINBASE_MATURITY}, {@code src/consensus/consensus.h}). */
    public static final int COINBASE_MATURITY = 100;
    /** The first height with economy transactions: block 1's coinbase is spendable from here. */
    public static final int ECONOMY_START = COINBASE_MATURITY + 1;
    /** Regtest's subsidy halving interval, blocks ({@code consensus.nSubsidyHalvingInterval}). */
    public static final int HALVING_INTERVAL = 150;
    /** The wallets' names, in order. */
    public static final List<String> WALLET_NAMES = List.of("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi");
    /** A big-wallet chain's wallet under test: {@link #bigWalletTxs} transactions pay it (from {@link #FUNDER}). */
    public static final String BIG_WALLET = "bob";
    /** A big-wallet chain's funder: mines the coins, fans them out, pays {@link #BIG_WALLET}. */
    public static final String FUNDER = "alice";

    /** The pre-big-wallet canonical constructor: {@code bigWalletTxs} 0. */
    public ChainSpec(int blocks, int txsPerBlock, int mempoolTxs, int wallets, long seed, int snapshotHeight) {
        this(blocks, txsPerBlock, mempoolTxs, wallets, seed, snapshotHeight, 0);
    }

    /**
     * @throws IllegalArgumentException for a negative count, more wallets than names, an economy that cannot be
     *                                  built, or a snapshot chain with a height not built or an economy in it
     */
    public ChainSpec {
        if (blocks < 0 || txsPerBlock < 0 || mempoolTxs < 0 || wallets < 0 || snapshotHeight < 0 || bigWalletTxs < 0) {
            throw new IllegalArgumentException("counts must not be negative: " + this);
        }
        if (snapshotHeight != 0 && (snapshotHeight != AssumeUtxoData.BUILDABLE_HEIGHT || blocks < snapshotHeight
                || txsPerBlock != 0 || mempoolTxs != 0 || wallets != 0)) {
            throw new IllegalArgumentException("a snapshot chain is built at height " + AssumeUtxoData.BUILDABLE_HEIGHT
                    + " only, with at least that many blocks and no wallets or transactions: " + this);
        }
        if (bigWalletTxs > 0 && (blocks != BigWalletBuilder.blocksFor(bigWalletTxs) || txsPerBlock != 0 || mempoolTxs != 0
                || wallets != 2 || snapshotHeight != 0)) {
            throw new IllegalArgumentException("a big-wallet chain is made by ChainSpec.bigWallet(n): " + this);
        }
        if (wallets > WALLET_NAMES.size()) {
            throw new IllegalArgumentException("at most " + WALLET_NAMES.size() + " wallets: " + wallets);
        }
        if ((txsPerBlock > 0 || mempoolTxs > 0) && wallets < 2) {
            throw new IllegalArgumentException("transactions need at least 2 wallets to send between: " + this);
        }
        if (txsPerBlock > 0 && blocks < ECONOMY_START) {
            throw new IllegalArgumentException("transactions in blocks need at least " + ECONOMY_START
                    + " blocks (coinbase maturity): " + this);
        }
        if (mempoolTxs > 0 && blocks < COINBASE_MATURITY) {
            throw new IllegalArgumentException("mempool transactions need at least " + COINBASE_MATURITY
                    + " blocks (coinbase maturity): " + this);
        }
    }

    /** @return genesis only, no wallets: nothing to build or cache */
    public static ChainSpec empty() {
        return new ChainSpec(0, 0, 0, 0, 1, 0);
    }

    /** @return {@code blocks} blocks with no transactions, coinbases to {@code wallets} wallets in turn */
    public static ChainSpec blocks(int blocks, int wallets) {
        return new ChainSpec(blocks, 0, 0, wallets, 1, 0);
    }

    /** @return an economy among 3 wallets (alice, bob, carol), seed 1 */
    public static ChainSpec economy(int blocks, int txsPerBlock, int mempoolTxs) {
        return new ChainSpec(blocks, txsPerBlock, mempoolTxs, 3, 1, 0);
    }

    /**
     * The big-mempool chain of issue #16: {@link #economy} of 200 blocks (5 transactions a block) with
     * {@code mempoolTxs} transactions in the mempool at the {@link EconomyBuilder}'s fee rates (1–100 sat/vB),
     * each of one input and two or three outputs (about 140–175 vB): 3,000 make a template of about 1.8 M WU,
     * 6,000 of about 3.7 M WU (a full block is 4 M WU). Trees of unconfirmed transactions stay small (each
     * spends the oldest coin first), well under the mempool's cluster limit.
     */
    public static ChainSpec bigMempool(int mempoolTxs) {
        return economy(200, 5, mempoolTxs);
    }

    /**
     * The chain a regtest node accepts a snapshot of, as feature_assumeutxo.py has it: blocks up to the snapshot
     * ({@value AssumeUtxoData#BUILDABLE_HEIGHT}; {@link AssumeUtxoData}), then more on top, as its
     * {@code FINAL_HEIGHT}; the snapshot file is in the cache ({@link ChainCache.Cached#snapshotFile()}).
     *
     * @param blocks the tip's height, at least {@value AssumeUtxoData#BUILDABLE_HEIGHT}
     */
    public static ChainSpec assumeUtxo(int blocks) {
        return new ChainSpec(blocks, 0, 0, 0, 1, AssumeUtxoData.BUILDABLE_HEIGHT);
    }

    /**
     * A wallet with {@code txs} transactions: {@link #FUNDER} mines the coins, fans them out and then pays
     * {@link #BIG_WALLET} in {@code txs} separate transactions, {@value BigWalletBuilder#PAYMENTS_PER_BLOCK} a block
     * ({@link BigWalletBuilder}). Each payment is one {@code listtransactions} row of the big wallet.
     *
     * @param txs how many transactions pay the big wallet, at least 1
     */
    public static ChainSpec bigWallet(int txs) {
        if (txs < 1) {
            throw new IllegalArgumentException("a big wallet needs at least one transaction: " + txs);
        }
        return new ChainSpec(BigWalletBuilder.blocksFor(txs), 0, 0, 2, 1, 0, txs);
    }

    /** @return a copy with this seed */
    public ChainSpec withSeed(long s) {
        return new ChainSpec(blocks, txsPerBlock, mempoolTxs, wallets, s, snapshotHeight, bigWalletTxs);
    }

    /** @return a copy with this many wallets */
    public ChainSpec withWallets(int n) {
        return new ChainSpec(blocks, txsPerBlock, mempoolTxs, n, seed, snapshotHeight, bigWalletTxs);
    }

    /** @return true for genesis only and no wallets (nodes start with an empty datadir) */
    @JsonIgnore
    public boolean isEmpty() {
        return blocks == 0 && wallets == 0;
    }

    /**
     * @return the directory name of this chain in a {@link ChainCache}, e.g. {@code v2-b200-k5-t20-w3-s1}; a snapshot
     *         chain's ends in {@code -u<snapshotHeight>}, e.g. {@code v2-b300-k0-t0-w0-s1-u200}; a big-wallet chain's in
     *         {@code -x<bigWalletTxs>}, e.g. {@code v2-b141-k0-t0-w2-s1-x20000}
     */
    public String cacheKey() {
        return "v" + FORMAT + "-b" + blocks + "-k" + txsPerBlock + "-t" + mempoolTxs + "-w" + wallets + "-s" + seed
                + (snapshotHeight == 0 ? "" : "-u" + snapshotHeight) + (bigWalletTxs == 0 ? "" : "-x" + bigWalletTxs);
    }

    /** @return the wallets' names, the first {@code wallets} of {@link #WALLET_NAMES} */
    public List<String> walletNames() {
        return WALLET_NAMES.subList(0, wallets);
    }

    /** @return the time of block {@code height} (the mocktime it is mined at), seconds: {@link #START_TIME} + 600 × (height − 1); genesis's for 0 */
    public static long blockTime(int height) {
        return height == 0 ? GENESIS_TIME : START_TIME + BLOCK_INTERVAL * (height - 1);
    }

    /**
     * @return the mocktime a network starts at by default, seconds: the time the next block would
     *         have. The tip is then fresh (the nodes are out of initial block download) and the
     *         mempool saved at the build is not expired.
     */
    public long networkMocktime() {
        return START_TIME + BLOCK_INTERVAL * blocks;
    }

    /** @return the block subsidy at {@code height}, sat: 50 BTC halved every {@value #HALVING_INTERVAL} blocks ({@code GetBlockSubsidy}, {@code src/validation.cpp}) */
    public static long subsidy(int height) {
        int halvings = height / HALVING_INTERVAL;
        return halvings >= 64 ? 0 : (50L * 100_000_000L) >> halvings;
    }
}
