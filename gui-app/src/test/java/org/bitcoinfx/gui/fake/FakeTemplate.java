package org.bitcoinfx.gui.fake;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.bitcoinfx.gui.mining.BlockAssembler;
import org.bitcoinfx.ipc.BlockCheckResult;
import org.bitcoinfx.ipc.BlockTemplate;
import org.bitcoinfx.ipc.CoinbaseTx;
import org.bitcoinfx.ipc.primitives.BlockHeader;
import org.bitcoinfx.ipc.primitives.Bytes;
import org.bitcoinfx.ipc.primitives.Merkle;
import org.bitcoinfx.ipc.primitives.RawBlock;
import org.bitcoinfx.ipc.primitives.RawTx;

/**
 * A block template of the fake node, built as Bitcoin Core's {@code BlockAssembler::CreateNewBlock}
 * builds one on regtest: version 0x20000000, nBits 0x207fffff, the mempool's transactions, a
 * dummy coinbase in {@link #getBlock()}, {@link CoinbaseTx} with the BIP34 height push, the
 * witness reserved value (32 zero bytes), the witness commitment as the one required output and
 * lock time height − 1. {@link #submitSolution} checks the block for real (proof of work, merkle
 * root, coinbase, witness commitment) and gives Bitcoin Core's reject reasons.
 */
final class FakeTemplate implements BlockTemplate {
    /** Regtest's nBits. */
    static final long REGTEST_BITS = 0x207fffffL;
    /** Regtest's subsidy halving interval, blocks. */
    static final int HALVING = 150;

    private final FakeNodeClient node;
    final BlockHeader header;
    final int height;
    final List<RawTx> txs;
    final List<Long> fees;
    final List<Long> sigops;
    final CoinbaseTx coinbase;
    private final RawTx dummyCoinbase;
    private final List<byte[]> merklePath;
    private volatile boolean destroyed;

    FakeTemplate(FakeNodeClient node, byte[] tipHash, int tipHeight, long tipTime, List<FakeNodeClient.MempoolEntry> mempool) {
        this.node = node;
        this.height = tipHeight + 1;
        List<RawTx> t = new ArrayList<>();
        List<Long> f = new ArrayList<>();
        List<Long> s = new ArrayList<>();
        for (FakeNodeClient.MempoolEntry e : mempool) {
            t.add(e.tx());
            f.add(e.feeSat());
            s.add(e.sigops());
        }
        this.txs = List.copyOf(t);
        this.fees = List.copyOf(f);
        this.sigops = List.copyOf(s);
        long reward = subsidy(height) + f.stream().mapToLong(Long::longValue).sum();
        List<byte[]> wtxids = new ArrayList<>();
        wtxids.add(new byte[32]);
        txs.forEach(x -> wtxids.add(x.wtxid()));
        byte[] commitment = BlockAssembler.witnessCommitment(wtxids, new byte[32]);
        byte[] commitScript = new Bytes.Writer().u8(0x6a).u8(0x24).bytes(BlockAssembler.WITNESS_COMMITMENT_HEADER).bytes(commitment).toByteArray();
        this.coinbase = new CoinbaseTx(2, 0xfffffffeL, heightPush(height), new byte[32], reward,
                List.of(new RawTx.Output(0, commitScript).serialize()), height - 1);
        this.dummyCoinbase = BlockAssembler.buildCoinbase(coinbase, new byte[] {0x51}, height <= 16 ? new byte[] {0} : new byte[0]);
        List<byte[]> ids = new ArrayList<>();
        ids.add(dummyCoinbase.txid());
        txs.forEach(x -> ids.add(x.txid()));
        this.merklePath = Merkle.coinbaseMerklePath(ids);
        long now = java.time.Instant.now().getEpochSecond();
        this.header = new BlockHeader(0x20000000, tipHash, new byte[32], Math.max(now, tipTime + 1), REGTEST_BITS, 0);
    }

    /** @return the regtest block subsidy at {@code height}, sat ({@code GetBlockSubsidy}) */
    static long subsidy(int height) {
        int halvings = height / HALVING;
        return halvings >= 64 ? 0 : 5_000_000_000L >> halvings;
    }

    /** {@code CScript() << height}: OP_0, OP_1…OP_16, or a minimal CScriptNum push. */
    static byte[] heightPush(int h) {
        if (h == 0) {
            return new byte[] {0};
        }
        if (h <= 16) {
            return new byte[] {(byte) (0x50 + h)};
        }
        Bytes.Writer num = new Bytes.Writer();
        long v = h;
        int last = 0;
        int n = 0;
        while (v > 0) {
            last = (int) (v & 0xff);
            num.u8(last);
            v >>>= 8;
            n++;
        }
        if ((last & 0x80) != 0) {
            num.u8(0);
            n++;
        }
        return new Bytes.Writer().u8(n).bytes(num.toByteArray()).toByteArray();
    }

    long totalFees() {
        return fees.stream().mapToLong(Long::longValue).sum();
    }

    private <T> CompletableFuture<T> call(String method, java.util.function.Supplier<T> body) {
        if (destroyed) {
            return CompletableFuture.failedFuture(new IllegalStateException("BlockTemplate used after destroy"));
        }
        return node.answer("BlockTemplate", method, body);
    }

    @Override
    public CompletableFuture<byte[]> getBlockHeader() {
        return call("getBlockHeader", header::serialize);
    }

    @Override
    public CompletableFuture<byte[]> getBlock() {
        return call("getBlock", () -> BlockAssembler.assemble(header, dummyCoinbase, txs).serialize());
    }

    @Override
    public CompletableFuture<List<Long>> getTxFees() {
        return call("getTxFees", () -> fees);
    }

    @Override
    public CompletableFuture<List<Long>> getTxSigops() {
        return call("getTxSigops", () -> sigops);
    }

    @Override
    public CompletableFuture<CoinbaseTx> getCoinbaseTx() {
        return call("getCoinbaseTx", () -> coinbase);
    }

    @Override
    public CompletableFuture<List<byte[]>> getCoinbaseMerklePath() {
        return call("getCoinbaseMerklePath", () -> merklePath.stream().map(byte[]::clone).toList());
    }

    @Override
    public CompletableFuture<BlockCheckResult> submitSolution(int version, int timestamp, int nonce, byte[] coinbaseBytes) {
        return call("submitSolution", () -> {
            if (coinbaseBytes == null || coinbaseBytes.length == 0) {
                return new BlockCheckResult(false, "", "");
            }
            RawTx cb;
            try {
                cb = RawTx.parse(coinbaseBytes);
            } catch (IllegalArgumentException e) {
                return new BlockCheckResult(false, "bad-cb-missing", "first tx is not coinbase");
            }
            BlockHeader h = new BlockHeader(version, header.prevBlock(), header.merkleRoot(), timestamp & 0xffffffffL, header.bits(),
                    nonce & 0xffffffffL);
            RawBlock block = BlockAssembler.assemble(h, cb, txs);
            return node.connect(block, this, true, true, true);
        });
    }

    @Override
    public CompletableFuture<Optional<BlockTemplate>> waitNext(long feeThresholdSat, Duration timeout) {
        if (destroyed) {
            return CompletableFuture.failedFuture(new IllegalStateException("BlockTemplate used after destroy"));
        }
        return node.waitNext(this, feeThresholdSat, timeout);
    }

    @Override
    public CompletableFuture<Void> interruptWait() {
        return node.answer("BlockTemplate", "interruptWait", () -> {
            node.interruptWait(this);
            return null;
        });
    }

    @Override
    public void close() {
        if (!destroyed) {
            destroyed = true;
            node.answer("BlockTemplate", "destroy", () -> null);
        }
    }

    boolean destroyed() {
        return destroyed;
    }
}
