package org.bitcoinfx.gui.wallet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bitcoinfx.gui.fake.FakeNodeConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wallet with thousands of transactions on FakeNode ({@code FakeNode.payWallet}; its listtransactions and
 * listsinceblock in Bitcoin Core's shapes, held by bundled-node's BigWalletChainTest and FakeNodeShapesTest): the
 * history read in chunks, a new block merged from listsinceblock, the search, the CSV of every row.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class BigWalletServiceTest {
    static final int TXS = 5_000;
    private final FakeNodeConnection fake = FakeNodeConnection.startUnchecked(10);
    private final WalletService s = new WalletService(fake.client());

    @TempDir
    Path tmp;

    @AfterEach
    void close() {
        fake.close();
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(120, TimeUnit.SECONDS);
    }

    @Test
    void historyReadOnceThenMergedBlockByBlock() throws Exception {
        fake.node().payWallet("demo", TXS, 1000, 1);
        int before = get(s.listTransactions("demo", 100_000, 0)).size();
        assertTrue(before > TXS, "the payments and demo's own funding: " + before);
        AtomicInteger chunks = new AtomicInteger();
        WalletHistory h = get(s.history("demo", (chunk, n) -> chunks.incrementAndGet(), () -> false));
        assertEquals(before, h.size());
        int rest = before - WalletService.FIRST_CHUNK;
        assertEquals(1 + rest / WalletService.HISTORY_CHUNK + 1, chunks.get(),
                "a first chunk of " + WalletService.FIRST_CHUNK + ", then chunks of " + WalletService.HISTORY_CHUNK + " until a short one");
        assertEquals(get(s.listTransactions("demo", before, 0)), h.rows(), "the same rows as one listtransactions, newest first");

        // the 4,999th payment (second newest row): the search finds it by txid
        WalletTx target = h.rows().get(1);
        assertEquals(List.of(target), h.search(target.txid()));

        // three more payments in a new block, then one in the mempool: listsinceblock from the last block
        fake.node().payWallet("demo", 3, 3, 2);
        fake.node().payWallet("demo", 1, 0, 3);
        SinceBlock since = get(s.sinceBlock("demo", h.lastBlock()));
        assertEquals(4, since.transactions().size());
        WalletHistory m = h.merge(since);
        assertEquals(before + 4, m.size());
        assertEquals(0, m.rows().get(0).confirmations(), "the mempool's payment, newest");
        assertEquals(fake.node().state().chain().tip().hashHex(), m.lastBlock());
        assertEquals(fake.node().state().chain().height(), m.tipHeight());
        assertEquals(get(s.listTransactions("demo", 4, 0)).stream().map(WalletTx::key).sorted().toList(),
                m.rows().subList(0, 4).stream().map(WalletTx::key).sorted().toList());
        assertEquals(h.rows().get(1).confirmations() + 1, m.rows().get(5).confirmations(), "older rows one confirmation more");

        // the next block confirms the mempool's payment: replaced in place, nothing added
        fake.node().generate(1);
        WalletHistory m2 = m.merge(get(s.sinceBlock("demo", m.lastBlock())));
        assertEquals(m.size(), m2.size());
        assertEquals(1, m2.rows().get(0).confirmations());
        assertEquals(m.rows().get(0).key(), m2.rows().get(0).key());

        Path csv = WalletCsv.write(m.rows(), tmp.resolve("demo.csv"), p -> { }, () -> false);
        assertEquals(m.size() + 1, Files.readAllLines(csv).size());
    }
}
