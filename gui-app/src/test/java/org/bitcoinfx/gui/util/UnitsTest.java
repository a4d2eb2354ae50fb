package org.bitcoinfx.gui.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UnitsTest {
    private Locale saved;

    @BeforeEach
    void english() {
        saved = Locale.getDefault(Locale.Category.FORMAT);
        Locale.setDefault(Locale.Category.FORMAT, Locale.US);
    }

    @AfterEach
    void restore() {
        Locale.setDefault(Locale.Category.FORMAT, saved);
    }

    @Test
    void formats() {
        assertEquals("0.00012345 BTC", Units.btc(12_345));
        assertEquals("21,000,000.00000000 BTC", Units.btc(21_000_000L * Units.COIN));
        assertEquals("12,345 sat", Units.sat(12_345));
        assertEquals("12.3 sat/vB", Units.satPerVb(12.345));
        assertEquals("1.25 sat/vB", Units.satPerVb(1.25));
        assertEquals("141 vB", Units.vbytes(141));
        assertEquals("3,993,120 WU", Units.weight(3_993_120));
        assertEquals("1.5 MB", Units.bytes(1_500_000));
        assertEquals("999 B", Units.bytes(999));
        assertEquals("3 h 12 min", Units.duration(Duration.ofMinutes(192)));
        assertEquals("45 s", Units.duration(Duration.ofSeconds(45)));
        assertEquals(150_000_000L, Units.btcToSat(1.5));
        assertEquals("0000000000…3b4c", Units.shortHash("0000000000000000000217a5c3f1e3a2c0b5f2d7f9a1b3c4d5e6f708192a3b4c", 10, 4));
    }

    @Test
    void germanLocaleUsesItsSeparators() {
        Locale.setDefault(Locale.Category.FORMAT, Locale.GERMANY);
        assertEquals("1.234,56780000 BTC", Units.btc(123_456_780_000L));
    }

    @Test
    void prettyJsonLikeBitcoinCli() throws Exception {
        JsonNode n = Json.MAPPER.readTree("{\"a\": 0.00001, \"b\": [1, 2], \"c\": \"x\"}");
        String nl = System.lineSeparator();
        assertEquals("{" + nl + "  \"a\": 0.00001," + nl + "  \"b\": [" + nl + "    1," + nl + "    2" + nl + "  ]," + nl
                + "  \"c\": \"x\"" + nl + "}", Json.pretty(n));
        assertEquals("hello", Json.pretty(Json.MAPPER.getNodeFactory().textNode("hello")));
    }
}
