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

    @Test
    void ageIsHumane() {
        java.time.ZoneId utc = java.time.ZoneOffset.UTC;
        java.time.Instant now = java.time.Instant.parse("2026-11-25T12:00:00Z");
        // the regtest genesis (2011-02-02 23:16:42 UTC) once read "5771 d 6 h ago"
        assertEquals("15 years ago", Units.age(java.time.Instant.ofEpochSecond(1296688602), now, utc));
        assertEquals("1 year ago", Units.age(java.time.Instant.parse("2025-06-01T00:00:00Z"), now, utc));
        assertEquals("2 months ago", Units.age(java.time.Instant.parse("2026-09-20T00:00:00Z"), now, utc));
        assertEquals("1 month ago", Units.age(java.time.Instant.parse("2026-10-25T12:00:00Z"), now, utc));
        assertEquals("3 days ago", Units.age(now.minus(Duration.ofDays(3)), now, utc));
        assertEquals("1 day ago", Units.age(now.minus(Duration.ofHours(30)), now, utc));
        assertEquals("2 h 5 min ago", Units.age(now.minus(Duration.ofMinutes(125)), now, utc));
        assertEquals("3 h ago", Units.age(now.minus(Duration.ofHours(3)), now, utc));
        assertEquals("59 min ago", Units.age(now.minusSeconds(3599), now, utc));
        assertEquals("12 s ago", Units.age(now.minusSeconds(12), now, utc));
        assertEquals("0 s ago", Units.age(now, now, utc));
        assertEquals("in 2 min", Units.age(now.plusSeconds(150), now, utc), "a header time ahead of the clock");
        assertEquals("just now", Units.age(now.plusSeconds(10), now, utc), "regtest blocks a few seconds ahead");
        assertEquals("in 1 min", Units.age(now.plusSeconds(60), now, utc));
        assertEquals("in 3 days", Units.age(now.plus(Duration.ofDays(3)), now, utc));
        // a day counts by the calendar: 23:00 yesterday is 13 h ago, 25 h ago is a day
        assertEquals("13 h ago", Units.age(java.time.Instant.parse("2026-11-24T23:00:00Z"), now, utc));
        Locale.setDefault(Locale.Category.FORMAT, Locale.GERMANY);
        assertEquals("1.200 years ago", Units.age(java.time.Instant.parse("0826-11-25T00:00:00Z"), now, utc), "the locale's grouping");
    }
}
