package org.bitcoinfx.gui.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineTest {
    @Test
    void parsesLikeBitcoinCli() {
        CommandLine c = CommandLine.parse("getblock 0000000000000000000217a5c3f1e3a2c0b5f2d7f9a1b3c4d5e6f708192a3b4c 2");
        assertEquals("getblock", c.method());
        assertTrue(c.params().get(0).isTextual(), "a hash with leading zeros is a string");
        assertTrue(c.params().get(1).isInt());

        CommandLine j = CommandLine.parse("getblockstats 100 [\"totalfee\", \"txs\"]  true  \"quoted text\" 'single quoted' bc1qxyz 1.5");
        assertEquals(7, j.params().size());
        assertTrue(j.params().get(0).isInt());
        assertTrue(j.params().get(1).isArray());
        assertEquals(2, j.params().get(1).size());
        assertTrue(j.params().get(2).isBoolean());
        assertEquals("quoted text", j.params().get(3).asText());
        assertEquals("single quoted", j.params().get(4).asText());
        assertEquals("bc1qxyz", j.params().get(5).asText());
        assertTrue(j.params().get(6).isNumber());

        CommandLine o = CommandLine.parse("createwallet {\"name\": \"a b\"}");
        assertEquals("a b", o.params().get(0).path("name").asText());
    }

    @Test
    void rejectsBrokenLines() {
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("   "));
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("help \"open"));
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("x [1, 2"));
    }

    @Test
    void history() {
        CommandHistory h = new CommandHistory();
        h.add("a");
        h.add("b");
        h.add("b");
        assertEquals(List.of("a", "b"), h.entries());
        assertEquals("b", h.previous());
        assertEquals("a", h.previous());
        assertEquals("a", h.previous());
        assertEquals("b", h.next());
        assertEquals("", h.next());
    }

    @Test
    void helpParsing() {
        assertEquals(List.of("getbestblockhash", "getblock", "stop"),
                ConsoleService.parseHelp("== Blockchain ==\ngetbestblockhash\ngetblock \"blockhash\" ( verbosity )\n\n== Control ==\nstop\n"));
    }
}
