package org.bitcoinfx.gui.wallet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** BIP 329 label files: what is written, what is read back, and the sentence for each line that is refused. */
class Bip329Test {
    private static final String TXID = "f91d0a8a78462bc59398f2c5d7a84fcff491c26ba54c4833478b202796c8aafd";

    private static String refused(String text) {
        return assertThrows(IllegalArgumentException.class, () -> Bip329.read(text)).getMessage();
    }

    @Test
    void writesAndReadsBack() {
        List<Bip329.Label> labels = Bip329.of(List.of(new AddressBookEntry("bcrt1qa", "Alice \"shop\"", "receive")),
                Map.of(TXID, "rent"), Map.of(TXID + ":1", "change ü"));
        String text = Bip329.write(labels);
        assertEquals("{\"type\":\"addr\",\"ref\":\"bcrt1qa\",\"label\":\"Alice \\\"shop\\\"\"}\n"
                + "{\"type\":\"tx\",\"ref\":\"" + TXID + "\",\"label\":\"rent\"}\n"
                + "{\"type\":\"output\",\"ref\":\"" + TXID + ":1\",\"label\":\"change ü\"}\n", text);
        assertEquals(labels, Bip329.read(text));
    }

    @Test
    void readsOtherWalletsFilesTolerantly() {
        String text = "\n{\"type\":\"xpub\",\"ref\":\"tpubD6Nz\",\"label\":\"cold\"}\r\n"
                + "{\"type\":\"input\",\"ref\":\"" + TXID.toUpperCase() + ":0\",\"label\":\"in\",\"origin\":\"wpkh([d34db33f/84'/0'/0'])\"}\n"
                + "{\"type\":\"output\",\"ref\":\"" + TXID + ":2\",\"spendable\":false}\n"
                + "{\"type\":\"addr\",\"ref\":\"bcrt1qb\",\"label\":null}\n";
        assertEquals(List.of(new Bip329.Label("xpub", "tpubD6Nz", "cold"), new Bip329.Label("input", TXID + ":0", "in"),
                new Bip329.Label("output", TXID + ":2", ""), new Bip329.Label("addr", "bcrt1qb", "")), Bip329.read(text));
    }

    @Test
    void refusesABadLineNamingIt() {
        String ok = "{\"type\":\"tx\",\"ref\":\"" + TXID + "\",\"label\":\"a\"}\n";
        assertEquals("line 2: not JSON (Unexpected character ('n' (code 110)): was expecting double-quote to start field name)",
                refused(ok + "{not json}\n"));
        assertEquals("line 1: not a JSON object", refused("[1,2]"));
        assertEquals("line 1: \"type\" must be one of tx, addr, pubkey, input, output, xpub", refused("{\"type\":\"account\",\"ref\":\"x\"}"));
        assertEquals("line 1: no \"ref\"", refused("{\"type\":\"tx\",\"label\":\"x\"}"));
        assertEquals("line 1: a tx ref is a txid (64 hex digits), not \"abc\"", refused("{\"type\":\"tx\",\"ref\":\"abc\"}"));
        assertEquals("line 1: an output ref is txid:vout, not \"" + TXID + "\"", refused("{\"type\":\"output\",\"ref\":\"" + TXID + "\"}"));
        assertEquals("line 1: \"label\" must be text", refused("{\"type\":\"addr\",\"ref\":\"bcrt1q\",\"label\":5}"));
        assertEquals("line 1: \"*\" cannot be an address's label (Bitcoin Core refuses it)", refused("{\"type\":\"addr\",\"ref\":\"bcrt1q\",\"label\":\"*\"}"));
    }
}
