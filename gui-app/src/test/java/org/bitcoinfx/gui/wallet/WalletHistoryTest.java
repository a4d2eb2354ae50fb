package org.bitcoinfx.gui.wallet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** WalletHistory and WalletTx without a node: reading rows, merging listsinceblock replies, the search. */
class WalletHistoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static WalletTx tx(String txid, String cat, long sat, int height, int tip, String label, String address, long time) {
        return new WalletTx(txid, cat, sat, -1, height < 0 ? 0 : tip - height + 1, label, address, time, 0, height);
    }

    private static String id(char c) {
        return String.valueOf(c).repeat(64);
    }

    @Test
    void readsBlockheightAndKeepsRowsOfOneTransactionApart() throws Exception {
        WalletTx t = WalletTx.from(JSON.readTree("""
                {"address":"bcrt1qx","category":"receive","amount":0.01496016,"label":"","vout":1,"confirmations":3,
                 "blockheight":103,"txid":"%s","time":1735752000}""".formatted(id('a'))));
        assertEquals(103, t.blockHeight());
        assertEquals(1_496_016, t.amountSat());
        assertEquals(id('a') + ":1:receive", t.key());
        WalletTx mempool = WalletTx.from(JSON.readTree("{\"category\":\"send\",\"amount\":-0.5,\"fee\":-0.0000141,\"confirmations\":0,\"txid\":\"b\",\"vout\":0}"));
        assertEquals(-1, mempool.blockHeight());
        assertEquals(1410, mempool.feeSat());
        assertSame(mempool, mempool.at(500), "unconfirmed rows stay as they are");
    }

    @Test
    void movingTheTipOnUpdatesConfirmationsAndMaturesCoinbases() {
        WalletTx coinbase = tx(id('c'), "immature", 50_0000_0000L, 10, 10, "", "a", 1);
        assertEquals(1, coinbase.confirmations());
        assertEquals("immature", coinbase.at(109).category());
        assertEquals(100, coinbase.at(109).confirmations());
        assertEquals("generate", coinbase.at(110).category(), "101 confirmations: mature");
    }

    @Test
    void aChunkedReadKeepsTheFirstCopyOfARow() {
        WalletTx a = tx(id('a'), "receive", 1000, 5, 6, "", "x", 5);
        WalletTx b = tx(id('b'), "receive", 2000, 6, 6, "", "y", 6);
        WalletHistory h = WalletHistory.of(List.of(b, a, a), "h6", 6);
        assertEquals(List.of(b, a), h.rows());
    }

    @Test
    void mergeReplacesAddsOnTopDropsRemovedAndMovesConfirmationsOn() {
        WalletTx old = tx(id('a'), "receive", 1000, 5, 6, "", "x", 5);
        WalletTx pending = tx(id('b'), "receive", 2000, -1, 6, "", "y", 6);
        WalletTx reorged = tx(id('d'), "receive", 3000, 6, 6, "", "z", 6);
        WalletHistory h = WalletHistory.of(List.of(reorged, pending, old), "h6", 6);
        WalletTx confirmed = tx(id('b'), "receive", 2000, 7, 7, "", "y", 6);
        WalletTx newer = tx(id('e'), "send", -500, 7, 7, "", "w", 8);
        WalletTx newest = tx(id('f'), "receive", 700, -1, 7, "", "v", 9);
        WalletHistory m = h.merge(new SinceBlock(List.of(newer, confirmed, newest), List.of(reorged), "h7", 7));
        assertEquals(List.of(newest, newer, confirmed, old.at(7)), m.rows());
        assertEquals(3, m.rows().get(3).confirmations());
        assertEquals("h7", m.lastBlock());
        assertEquals(7, m.tipHeight());
        assertEquals(3, h.size(), "the old snapshot is unchanged");
    }

    @Test
    void aRowOfABlockAfterLastBlockReadByTheChunksIsNotDoubled() {
        WalletTx old = tx(id('a'), "receive", 1000, 5, 6, "", "x", 5);
        WalletTx later = tx(id('b'), "receive", 2000, 7, 7, "", "y", 7); // confirmed in block 7 while the chunks were read
        WalletHistory h = WalletHistory.of(List.of(later, old), "h6", 6);
        WalletHistory m = h.merge(new SinceBlock(List.of(later), List.of(), "h7", 7));
        assertEquals(List.of(later, old.at(7)), m.rows());
    }

    @Test
    void searchFindsTxidAddressLabelAndAmount() {
        WalletTx a = new WalletTx(id('a'), "receive", 1_500_000, -1, 1, "Payer 4", "bcrt1qAAA", 1, 0, 1);
        WalletTx b = new WalletTx(id('b'), "send", -2_345_678, 141, 1, "", "bcrt1qbbb", 2, 1, 1);
        WalletHistory h = WalletHistory.of(List.of(b, a), "h", 1);
        assertEquals(List.of(a), h.search(id('a').substring(10, 30).toUpperCase()));
        assertEquals(List.of(a), h.search("payer"));
        assertEquals(List.of(a), h.search("qaaa"));
        assertEquals(List.of(a), h.search("0.015"));
        assertEquals(List.of(b), h.search("0.02345678"), "a send's amount without its sign");
        assertEquals(2, h.search("  ").size());
        assertTrue(h.search("zzz").isEmpty());
    }

    /**
     * New rows: pending ones on top even when a confirmed one's time is later (a block's time can be ahead of when a
     * mempool payment was received), then newest by time; the reply's own order (listsinceblock's, by txid) does not
     * matter. BigWalletServiceTest on FakeNode failed once on this in CI (the fake's block time ahead of the clock).
     */
    @Test
    void newRowsPendingFirstThenNewestWhateverTheReplysOrder() {
        WalletTx old = tx(id('a'), "receive", 1000, 5, 6, "", "x", 5);
        WalletHistory h = WalletHistory.of(List.of(old), "h6", 6);
        WalletTx inBlock = tx(id('1'), "receive", 2000, 7, 7, "", "y", 100);
        WalletTx inBlockToo = tx(id('2'), "receive", 2000, 7, 7, "", "y", 100);
        WalletTx pending = tx(id('0'), "receive", 3000, -1, 7, "", "z", 90);
        for (List<WalletTx> reply : List.of(List.of(inBlock, pending, inBlockToo), List.of(pending, inBlockToo, inBlock))) {
            WalletHistory m = h.merge(new SinceBlock(reply, List.of(), "h7", 7));
            assertEquals(List.of(pending.key(), inBlockToo.key(), inBlock.key(), old.key()), m.rows().stream().map(WalletTx::key).toList());
        }
    }
}
