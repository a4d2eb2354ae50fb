package org.bitcoinfx.node.net;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.file.Path;
import org.bitcoinfx.ipc.primitives.BlockHeader;
import org.bitcoinfx.ipc.primitives.Bytes;
import org.bitcoinfx.ipc.primitives.Hashes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the chain of a snapshot {@link ChainSpec} ({@link ChainSpec#assumeUtxo}) on one node, over IPC
 * ({@code submitblock}, {@code dumptxoutset}): the chain whose UTXO snapshot regtest accepts.
 * <ul>
 *   <li>Blocks 1…{@value AssumeUtxoData#BUILDABLE_HEIGHT} are those of Bitcoin Core's {@code CreateBlockChain}
 *       ({@code src/test/util/mining.cpp}), which {@code src/test/fuzz/utxo_snapshot.cpp} builds and checks against
 *       regtest's chain parameters ({@link AssumeUtxoData}): for block {@code h}, a coinbase of version 2 with
 *       {@code nLockTime} {@code h − 1}, one input (null prevout, scriptSig {@code <h> OP_0},
 *       nSequence {@code 0xfffffffe}) and one output (the subsidy, {@link #P2WSH_OP_TRUE}); header version 4,
 *       time genesis + {@code h}, regtest's bits, the first nonce from 0 that meets the target.</li>
 *   <li>There the snapshot is dumped ({@code dumptxoutset <file> latest}) and checked: the block's hash and
 *       {@code txoutset_hash}, {@code nchaintx} are the chain parameters'.</li>
 *   <li>Blocks after it, up to {@link ChainSpec#blocks()}, have the same form at {@link ChainSpec#blockTime}
 *       (fresh at the network's mocktime, so a node that reaches the tip leaves initial block download), the
 *       node's mocktime set to each block's time first.</li>
 * </ul>
 */
final class SnapshotChainBuilder {
    private static final Logger log = LoggerFactory.getLogger(SnapshotChainBuilder.class);

    /** {@code P2WSH_OP_TRUE} ({@code src/test/util/script.h}): {@code OP_0 <sha256(OP_TRUE)>}. */
    static final byte[] P2WSH_OP_TRUE = Bytes.concat(new byte[] {0x00, 0x20}, Hashes.sha256(new byte[] {0x51}));
    /** Regtest's genesis block hash, internal order. */
    static final byte[] GENESIS_HASH = Hashes.fromDisplayHex("0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206");
    /** Regtest's {@code nBits} (the genesis block's, {@code powLimit}). */
    static final long REGTEST_BITS = 0x207fffffL;
    /** {@code VERSIONBITS_LAST_OLD_BLOCK_VERSION} ({@code src/versionbits.h}). */
    static final int BLOCK_VERSION = 4;
    /** {@code CTxIn::MAX_SEQUENCE_NONFINAL}. */
    static final long SEQUENCE_NONFINAL = 0xfffffffeL;

    private final RegtestNode node;
    private final ChainSpec spec;
    private final AssumeUtxoData params;

    SnapshotChainBuilder(RegtestNode node, ChainSpec spec) {
        this.node = node;
        this.spec = spec;
        this.params = AssumeUtxoData.forHeight(spec.snapshotHeight())
                .orElseThrow(() -> new IllegalArgumentException("regtest has no snapshot at height " + spec.snapshotHeight()));
    }

    /**
     * Submits the blocks and dumps the snapshot into {@code dir}.
     *
     * @return the dump, its file name relative to {@code dir}
     * @throws IllegalStateException if the node refuses a block or the chain is not the one the chain parameters name
     * @throws RegtestRpcException if an RPC fails
     */
    ChainManifest.Snapshot build(Path dir) {
        byte[] prev = GENESIS_HASH;
        ChainManifest.Snapshot dump = null;
        long started = System.nanoTime();
        for (int h = 1; h <= spec.blocks(); h++) {
            long time = h <= spec.snapshotHeight() ? ChainSpec.GENESIS_TIME + h : ChainSpec.blockTime(h);
            if (h > spec.snapshotHeight()) {
                node.call("setmocktime", time);
            }
            byte[] block = block(h, prev, time);
            JsonNode r = node.call("submitblock", Hashes.hex(block));
            if (!r.isNull()) {
                throw new IllegalStateException("block " + h + " refused: " + r);
            }
            prev = Hashes.sha256d(java.util.Arrays.copyOf(block, BlockHeader.SIZE));
            if (h == spec.snapshotHeight()) {
                dump = dump(dir, Hashes.displayHex(prev));
            }
            if (h % 500 == 0) {
                log.info("chain {}: block {} of {}, {} s", spec.cacheKey(), h, spec.blocks(), (System.nanoTime() - started) / 1_000_000_000);
            }
        }
        String tip = node.call("getbestblockhash").asText();
        if (!tip.equals(Hashes.displayHex(prev))) {
            throw new IllegalStateException("the node's tip is " + tip + ", not the last block submitted " + Hashes.displayHex(prev));
        }
        return dump;
    }

    private ChainManifest.Snapshot dump(Path dir, String hash) {
        if (!hash.equals(params.blockHash()) || !node.call("getblockhash", params.height()).asText().equals(params.blockHash())) {
            throw new IllegalStateException("block " + params.height() + " is " + hash + ", not the chain parameters' " + params.blockHash());
        }
        String name = "utxo-" + params.height() + ".dat";
        JsonNode d = node.call("dumptxoutset", dir.resolve(name).toAbsolutePath().toString(), "latest");
        ChainManifest.Snapshot dump = new ChainManifest.Snapshot(name, d.path("base_height").asInt(), d.path("base_hash").asText(), d.path("txoutset_hash").asText(),
                d.path("coins_written").asLong(), d.path("nchaintx").asLong());
        if (dump.baseHeight() != params.height() || !dump.baseHash().equals(params.blockHash())
                || !dump.txoutsetHash().equals(params.hashSerialized()) || dump.chainTxCount() != params.chainTxCount()) {
            throw new IllegalStateException("dumptxoutset " + d + " differs from the chain parameters " + params);
        }
        log.info("snapshot at height {}: {} coins, txoutset_hash {} (the chain parameters')", dump.baseHeight(), dump.coins(), dump.txoutsetHash());
        return dump;
    }

    /** @return the serialized block at {@code height} on {@code prev} (internal order), as described above */
    static byte[] block(int height, byte[] prev, long time) {
        byte[] coinbase = coinbase(height);
        byte[] txid = Hashes.sha256d(coinbase);
        BigInteger target = Hashes.targetFromBits(REGTEST_BITS);
        for (long nonce = 0; nonce <= 0xffffffffL; nonce++) {
            BlockHeader header = new BlockHeader(BLOCK_VERSION, prev, txid, time, REGTEST_BITS, nonce);
            if (Hashes.meetsTarget(header.hash(), target)) {
                return new Bytes.Writer().bytes(header.serialize()).compactSize(1).bytes(coinbase).toByteArray();
            }
        }
        throw new IllegalStateException("no nonce meets the target at height " + height);
    }

    /** @return the coinbase of block {@code height}, serialized without witness */
    static byte[] coinbase(int height) {
        byte[] scriptSig = Bytes.concat(scriptNumber(height), new byte[] {0x00}); // <height> OP_0
        return new Bytes.Writer().u32(2).compactSize(1)
                .bytes(new byte[32]).u32(0xffffffffL).varBytes(scriptSig).u32(SEQUENCE_NONFINAL)
                .compactSize(1).i64(ChainSpec.subsidy(height)).varBytes(P2WSH_OP_TRUE)
                .u32(height - 1)
                .toByteArray();
    }

    /**
     * @return {@code n} pushed as {@code CScript() << n} does for n ≥ 1 ({@code src/script/script.h push_int64}):
     *         {@code OP_1}…{@code OP_16} for 1–16, else a push of its {@code CScriptNum} bytes (little-endian,
     *         a 0x00 added when the top bit is set)
     */
    static byte[] scriptNumber(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("positive numbers only: " + n);
        }
        if (n <= 16) {
            return new byte[] {(byte) (0x50 + n)};
        }
        Bytes.Writer num = new Bytes.Writer();
        long v = n;
        int last = 0;
        int len = 0;
        while (v > 0) {
            last = (int) (v & 0xff);
            num.u8(last);
            v >>>= 8;
            len++;
        }
        if ((last & 0x80) != 0) {
            num.u8(0);
            len++;
        }
        return Bytes.concat(new byte[] {(byte) len}, num.toByteArray());
    }
}
