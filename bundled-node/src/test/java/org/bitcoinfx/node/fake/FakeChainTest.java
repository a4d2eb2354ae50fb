package org.bitcoinfx.node.fake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bitcoinfx.ipc.primitives.Bytes;
import org.bitcoinfx.ipc.primitives.Hashes;
import org.bitcoinfx.ipc.primitives.Merkle;
import org.junit.jupiter.api.Test;

/** The in-memory chain: blocks as Bitcoin Core builds them, validation, mempool, templates, IBD. */
class FakeChainTest {
    /** The coinbase of block 2 paying 50 BTC to {@link FakeNode#DEFAULT_PAYOUT}, from a real v31.99 node's getblock. */
    static final String REAL_COINBASE_HEIGHT_2 = "020000000001010000000000000000000000000000000000000000000000000000000000000000ffffffff025200feffffff"
            + "0200f2052a01000000160014751e76e8199196d454941c45d1b3a323f1433bd60000000000000000266a24aa21a9ede2f61c3f71d1defd3fa999dfa3"
            + "6953755c690689799962b48bebd836974e8cf90120000000000000000000000000000000000000000000000000000000000000000001000000";
    static final byte[] PAYOUT = FakeAddress.toScriptPubKey(FakeNode.DEFAULT_PAYOUT);

    private final AtomicLong clock = new AtomicLong(1_795_323_547L);
    private final FakeChain chain = new FakeChain(clock::get);

    /** A non-coinbase transaction spending a made-up output, paying {@code valueSat} to {@link #PAYOUT}, with a witness. */
    static FakeTx spend(int n, long valueSat) {
        byte[] prev = Hashes.sha256(new byte[] {(byte) n});
        FakeTx.Input in = new FakeTx.Input(prev, 0, new byte[0], 0xfffffffdL, List.of(new byte[71], new byte[33]));
        return new FakeTx(2, List.of(in), List.of(new FakeTx.Output(valueSat, PAYOUT)), 0);
    }

    @Test
    void startsAtTheRealRegtestGenesis() {
        assertEquals(0, chain.height());
        assertEquals(FakeChain.GENESIS_HASH, chain.tip().hashHex());
        assertEquals("4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b", Hashes.displayHex(chain.tip().block().merkleRoot()));
        assertEquals(FakeChain.GENESIS_BLOCK_HEX, Hashes.hex(chain.tip().block().serialize()));
        assertEquals(285, chain.tip().block().size());
        assertEquals(1140, chain.tip().block().weight());
        assertEquals("0000000000000000000000000000000000000000000000000000000000000002", chain.tip().chainworkHex());
    }

    @Test
    void coinbaseIsByteForByteWhatBitcoinCoreMines() {
        chain.generate(2, PAYOUT);
        FakeTx cb = chain.tip().block().txs().get(0);
        assertEquals(REAL_COINBASE_HEIGHT_2, Hashes.hex(cb.serialize()));
        assertEquals("5ef567a93e3a98b08e9916f21100356184d3b1edee9b5630dd94e63d6fece13f", cb.txidHex());
        assertEquals("eca670a641f3bc24dc4a8c5c319e94c56a0c01b7e06f893a2893b6f359c5066d", cb.wtxidHex());
        assertEquals(167, cb.size());
        assertEquals(140, cb.vsize());
        assertEquals(560, cb.weight());
        assertEquals(248, chain.tip().block().size());
        assertEquals(212, chain.tip().block().strippedSize());
        assertEquals(884, chain.tip().block().weight());
    }

    @Test
    void heightPushIsBip34() {
        assertEquals("00", Hashes.hex(FakeChain.heightPush(0)));
        assertEquals("51", Hashes.hex(FakeChain.heightPush(1)));
        assertEquals("60", Hashes.hex(FakeChain.heightPush(16)));
        assertEquals("0111", Hashes.hex(FakeChain.heightPush(17)));
        assertEquals("028000", Hashes.hex(FakeChain.heightPush(128)));
        assertEquals("020001", Hashes.hex(FakeChain.heightPush(256)));
        assertEquals("03a08601", Hashes.hex(FakeChain.heightPush(100_000)));
    }

    @Test
    void generatedBlocksLinkMeetTheTargetAndHalveOnSchedule() {
        List<FakeChain.Entry> mined = chain.generate(151, PAYOUT);
        assertEquals(151, chain.height());
        FakeChain.Entry prev = chain.atHeight(0).orElseThrow();
        for (FakeChain.Entry e : mined) {
            assertArrayEquals(prev.hash(), e.block().prevHash());
            assertTrue(e.block().meetsTarget());
            assertArrayEquals(e.block().computeMerkleRoot(), e.block().merkleRoot());
            assertTrue(e.block().time() > prev.medianTime(), "time after the median time past");
            prev = e;
        }
        assertEquals(5_000_000_000L, chain.atHeight(149).orElseThrow().block().txs().get(0).outputSat());
        assertEquals(2_500_000_000L, chain.atHeight(150).orElseThrow().block().txs().get(0).outputSat());
        assertEquals(0L, FakeChain.subsidy(64 * 150));
        assertEquals(chain.tip(), chain.byHash(chain.tip().hashHex()).orElseThrow());
    }

    @Test
    void mempoolTransactionsAreMinedWithTheirFees() {
        FakeTx a = spend(1, 10_000);
        FakeTx b = spend(2, 20_000);
        List<String> events = new ArrayList<>();
        chain.addListener(new FakeChain.Listener() {
            @Override
            public void blockConnected(FakeChain.Entry tip) {
                events.add("block " + tip.height());
            }

            @Override
            public void mempoolChanged() {
                events.add("mempool");
            }
        });
        chain.addToMempool(a, 1_410);
        chain.addToMempool(b, 2_000);
        assertThrows(IllegalArgumentException.class, () -> chain.addToMempool(a, 1));
        assertThrows(IllegalArgumentException.class, () -> chain.addToMempool(spend(3, 1), -1));
        assertEquals(2, chain.mempool().size());

        FakeChain.Template t = chain.createTemplate(true, 8000);
        assertEquals(List.of(2_000L, 1_410L), t.txFees(), "highest fee rate first, as BlockAssembler picks");
        assertEquals(FakeChain.subsidy(1) + 3_410, t.reward());
        assertEquals(3, t.block().txs().size());
        assertEquals(List.of(1L, 1L), t.txSigops(), "one sigop per P2WPKH-looking input");
        assertEquals(1, chain.createTemplate(false, 8000).block().txs().size());

        FakeChain.Entry e = chain.generate(1, PAYOUT).get(0);
        assertEquals(List.of(0L, 2_000L, 1_410L), e.txFees());
        assertEquals(FakeChain.subsidy(1) + 3_410, e.block().txs().get(0).outputSat());
        assertTrue(chain.mempool().isEmpty());
        assertEquals(List.of("mempool", "mempool", "block 1"), events);
        assertThrows(IllegalArgumentException.class, () -> chain.addToMempool(a, 1), "already in a block");
    }

    @Test
    void submitValidatesLikeBitcoinCore() {
        FakeChain.Template t = chain.createTemplate(true, 8000);
        FakeBlock good = FakeChain.grind(t.block());
        FakeBlock badPow = t.block();
        while (badPow.meetsTarget()) {
            badPow = badPow.withNonce(badPow.nonce() + 1);
        }
        assertEquals(new FakeChain.BlockResult(false, "high-hash", "proof of work failed"), chain.submit(badPow));
        byte[] root = good.merkleRoot();
        root[0] ^= 1;
        FakeBlock badRoot = FakeChain.grind(new FakeBlock(good.version(), good.prevHash(), root, good.time(), good.bits(), 0, good.txs()));
        assertEquals("bad-txnmrklroot", chain.submit(badRoot).reason());
        assertTrue(chain.check(good, true, true).valid());
        assertTrue(chain.check(t.block(), true, false).valid(), "valid without PoW");

        assertTrue(chain.submit(good).valid());
        assertEquals(1, chain.height());
        assertEquals("duplicate", chain.submit(good).reason());
        assertEquals("inconclusive-not-best-prevblk", chain.check(good, true, true).reason());

        FakeBlock orphan = FakeChain.grind(new FakeBlock(good.version(), new byte[32], good.merkleRoot(), good.time() + 1, good.bits(), 0, good.txs()));
        assertEquals("prev-blk-not-found", chain.submit(orphan).reason());

        FakeChain.Template t2 = chain.createTemplate(true, 8000);
        FakeTx cb = t2.block().txs().get(0);
        FakeTx greedy = new FakeTx(cb.version(), cb.inputs(), List.of(new FakeTx.Output(t2.reward() + 1, PAYOUT), cb.outputs().get(1)), cb.lockTime());
        FakeBlock b = withCoinbase(t2.block(), greedy);
        assertEquals("bad-cb-amount", chain.submit(b).reason());
        FakeTx wrongHeight = new FakeTx(cb.version(), List.of(new FakeTx.Input(new byte[32], FakeTx.NULL_INDEX, new byte[] {0x51, 0},
                cb.inputs().get(0).sequence(), cb.inputs().get(0).witness())), cb.outputs(), cb.lockTime());
        assertEquals("bad-cb-height", chain.submit(withCoinbase(t2.block(), wrongHeight)).reason());
    }

    static FakeBlock withCoinbase(FakeBlock t, FakeTx cb) {
        List<FakeTx> txs = new ArrayList<>(t.txs());
        txs.set(0, cb);
        FakeBlock b = new FakeBlock(t.version(), t.prevHash(), new byte[32], t.time(), t.bits(), 0, txs);
        return FakeChain.grind(new FakeBlock(b.version(), b.prevHash(), b.computeMerkleRoot(), b.time(), b.bits(), 0, txs));
    }

    @Test
    void merklePathOfTheCoinbaseLeadsToTheRoot() {
        for (int n = 1; n <= 6; n++) {
            List<byte[]> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ids.add(Hashes.sha256(new byte[] {(byte) i}));
            }
            byte[] h = ids.get(0);
            for (byte[] sibling : Merkle.coinbaseMerklePath(ids)) {
                h = Hashes.sha256d(Bytes.concat(h, sibling));
            }
            assertArrayEquals(Merkle.merkleRoot(ids), h, n + " transactions");
            assertEquals(n <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(n - 1), Merkle.coinbaseMerklePath(ids).size());
        }
    }

    @Test
    void initialBlockDownloadEndsWhenBlocksReachTheHeaders() {
        chain.startInitialBlockDownload(3);
        assertTrue(chain.isInitialBlockDownload());
        assertEquals(3, chain.headers());
        assertTrue(chain.verificationProgress() < 1.0);
        chain.generate(2, PAYOUT);
        assertTrue(chain.isInitialBlockDownload());
        chain.generate(1, PAYOUT);
        assertFalse(chain.isInitialBlockDownload());
        assertEquals(1.0, chain.verificationProgress());
        chain.generate(1, PAYOUT);
        assertEquals(4, chain.headers());
    }

    /** Spends output {@code n} of {@code prev} to {@link #PAYOUT}, paying {@code valueSat}. */
    static FakeTx spendOutput(FakeTx prev, int n, long valueSat) {
        FakeTx.Input in = new FakeTx.Input(prev.txid(), n, new byte[0], 0xfffffffdL, List.of(new byte[71], new byte[33]));
        return new FakeTx(2, List.of(in), List.of(new FakeTx.Output(valueSat, PAYOUT)), 0);
    }

    @Test
    void theMempoolAcceptsSpendsOfMatureCoinsWithTheFeeTheyLeave() throws Exception {
        chain.generate(101, PAYOUT);
        FakeTx cb1 = chain.atHeight(1).orElseThrow().block().txs().get(0);
        FakeTx cb3 = chain.atHeight(3).orElseThrow().block().txs().get(0);
        assertEquals(5_000_000_000L, chain.coin(cb1.txid(), 0).orElseThrow().output().valueSat());
        assertTrue(chain.coin(cb1.txid(), 0).orElseThrow().coinbase());
        assertTrue(chain.coin(cb1.txid(), 1).isEmpty(), "the witness commitment (OP_RETURN) is no coin");
        assertTrue(chain.coin(chain.atHeight(0).orElseThrow().block().txs().get(0).txid(), 0).isEmpty(), "the genesis coinbase is unspendable");

        FakeChain.RejectedException e = assertThrows(FakeChain.RejectedException.class, () -> chain.acceptToMempool(spendOutput(cb3, 0, 1)));
        assertEquals("bad-txns-premature-spend-of-coinbase", e.getMessage());
        e = assertThrows(FakeChain.RejectedException.class, () -> chain.acceptToMempool(spendOutput(cb1, 0, 5_000_000_001L)));
        assertEquals("bad-txns-in-belowout", e.getMessage());
        e = assertThrows(FakeChain.RejectedException.class, () -> chain.acceptToMempool(spend(1, 1)));
        assertEquals("bad-txns-inputs-missingorspent", e.getMessage());
        assertTrue(e.missingInputs());

        FakeTx a = spendOutput(cb1, 0, 4_999_990_000L);
        assertEquals(10_000, chain.acceptToMempool(a).feeSat());
        assertEquals("txn-mempool-conflict", assertThrows(FakeChain.RejectedException.class,
                () -> chain.acceptToMempool(spendOutput(cb1, 0, 4_000_000_000L))).getMessage());
        FakeTx child = spendOutput(a, 0, 4_999_980_000L);
        assertEquals(10_000, chain.acceptToMempool(child).feeSat(), "a child of a mempool transaction");
        assertTrue(chain.spentInMempool(cb1.txid(), 0));

        FakeChain.Entry b = chain.generate(1, PAYOUT).get(0);
        assertEquals(List.of(0L, 10_000L, 10_000L), b.txFees());
        assertTrue(chain.coin(cb1.txid(), 0).isEmpty(), "spent");
        assertTrue(chain.coin(a.txid(), 0).isEmpty(), "spent by the child in the same block");
        assertEquals(4_999_980_000L, chain.coin(child.txid(), 0).orElseThrow().output().valueSat());
        assertFalse(chain.coin(child.txid(), 0).orElseThrow().coinbase());
    }

    @Test
    void transactionsRoundTripThroughTheirSerialisation() {
        FakeTx t = spend(7, 12_345);
        assertEquals(t.txidHex(), FakeTx.parse(t.serialize()).txidHex());
        assertEquals(t.wtxidHex(), FakeTx.parse(t.serialize()).wtxidHex());
        assertTrue(t.size() > t.strippedSize());
        assertThrows(IllegalArgumentException.class, () -> FakeTx.parse(java.util.Arrays.copyOf(t.serialize(), 20)));
        FakeBlock g = chain.tip().block();
        assertEquals(FakeChain.GENESIS_HASH, FakeBlock.parse(g.serialize()).hashHex());
    }
}
