package org.bitcoinfx.gui.util;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

/**
 * Locale-aware formatting of Bitcoin quantities: BTC with 8 decimals, sat, sat/vB, vB, WU, bytes,
 * durations and local times.
 */
public final class Units {
    /** sat per BTC. */
    public static final long COIN = 100_000_000L;

    private Units() {
    }

    private static Locale locale() {
        return Locale.getDefault(Locale.Category.FORMAT);
    }

    /** @return e.g. {@code 1,234,567} */
    public static String number(long n) {
        return NumberFormat.getIntegerInstance(locale()).format(n);
    }

    /** @return {@code sat} as BTC with 8 decimals, e.g. {@code 0.00012345 BTC} */
    public static String btc(long sat) {
        NumberFormat f = NumberFormat.getNumberInstance(locale());
        f.setMinimumFractionDigits(8);
        f.setMaximumFractionDigits(8);
        return f.format(BigDecimal.valueOf(sat).movePointLeft(8)) + " BTC";
    }

    /** Parses a BTC amount as RPC prints it (a JSON number, 8 decimals) into sat. */
    public static long btcToSat(double btc) {
        return BigDecimal.valueOf(btc).movePointRight(8).setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact();
    }

    /** @return e.g. {@code 12,345 sat} */
    public static String sat(long sat) {
        return number(sat) + " sat";
    }

    /** @return a fee rate, e.g. {@code 12.3 sat/vB} */
    public static String satPerVb(double rate) {
        NumberFormat f = NumberFormat.getNumberInstance(locale());
        f.setMaximumFractionDigits(rate < 10 ? 2 : 1);
        return f.format(rate) + " sat/vB";
    }

    /** @return virtual size, e.g. {@code 141 vB} */
    public static String vbytes(long vb) {
        return number(vb) + " vB";
    }

    /** @return block or transaction weight, e.g. {@code 3,993,120 WU} */
    public static String weight(long wu) {
        return number(wu) + " WU";
    }

    /** @return a byte count in decimal units, e.g. {@code 1.5 MB} */
    public static String bytes(long bytes) {
        NumberFormat f = NumberFormat.getNumberInstance(locale());
        f.setMaximumFractionDigits(1);
        String[] unit = {"B", "kB", "MB", "GB", "TB"};
        double v = bytes;
        int i = 0;
        while (Math.abs(v) >= 1000 && i < unit.length - 1) {
            v /= 1000;
            i++;
        }
        if (i == 0) {
            return number(bytes) + " B";
        }
        return f.format(v) + " " + unit[i];
    }

    /** @return a percentage with {@code decimals} decimals, e.g. {@code 99.98 %} for 0.9998 */
    public static String percent(double fraction, int decimals) {
        NumberFormat f = NumberFormat.getPercentInstance(locale());
        f.setMinimumFractionDigits(decimals);
        f.setMaximumFractionDigits(decimals);
        return f.format(fraction);
    }

    /** @return a rough duration, e.g. {@code 3 h 12 min}, {@code 45 s}, {@code 2 d 4 h} */
    public static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + " s";
        }
        long m = s / 60;
        if (m < 60) {
            return m + " min";
        }
        long h = m / 60;
        if (h < 48) {
            return h + " h " + (m % 60) + " min";
        }
        return (h / 24) + " d " + (h % 24) + " h";
    }

    /**
     * How long ago {@code t} was, in the system time zone. See {@link #age(Instant, Instant, ZoneId)}.
     *
     * @return e.g. {@code 12 s ago}, {@code 2 h 5 min ago}, {@code 3 days ago}, {@code 15 years ago}
     */
    public static String age(Instant t, Instant now) {
        return age(t, now, ZoneId.systemDefault());
    }

    /**
     * A humane relative age, as precise as is useful: seconds under a minute ({@code 12 s ago}),
     * minutes under an hour ({@code 5 min ago}), hours and minutes under a day ({@code 2 h 5 min ago}),
     * then whole calendar days, months or years in {@code zone} ({@code 3 days ago},
     * {@code 1 month ago}, {@code 15 years ago}). A {@code t} less than a minute ahead of {@code now}
     * reads {@code just now} (block header times run a little ahead of the clock, and on regtest each
     * mined block adds a second); further ahead it reads {@code in …}. Numbers use
     * the format locale's digits and grouping; the words are English (Java has no relative-time
     * formatter of its own).
     *
     * @param t    the moment, e.g. a block's header time
     * @param now  the current moment
     * @param zone the zone whose calendar counts days, months and years
     * @return the age, e.g. {@code 3 days ago}
     */
    public static String age(Instant t, Instant now, ZoneId zone) {
        boolean future = t.isAfter(now);
        if (future && Duration.between(now, t).toSeconds() < 60) {
            return "just now";
        }
        Instant from = future ? now : t;
        Instant to = future ? t : now;
        String span = span(from, to, zone);
        return future ? "in " + span : span + " ago";
    }

    /** @return the span from {@code from} to a later {@code to}, e.g. {@code 2 h 5 min} or {@code 3 days} */
    private static String span(Instant from, Instant to, ZoneId zone) {
        long s = Duration.between(from, to).toSeconds();
        if (s < 60) {
            return number(s) + " s";
        }
        long m = s / 60;
        if (m < 60) {
            return number(m) + " min";
        }
        long h = m / 60;
        if (h < 24) {
            return number(h) + " h" + (m % 60 == 0 ? "" : " " + number(m % 60) + " min");
        }
        java.time.Period p = java.time.Period.between(from.atZone(zone).toLocalDate(), to.atZone(zone).toLocalDate());
        if (p.getYears() > 0) {
            return plural(p.getYears(), "year");
        }
        if (p.getMonths() > 0) {
            return plural(p.getMonths(), "month");
        }
        return plural(Math.max(1, p.getDays()), "day");
    }

    private static String plural(long n, String unit) {
        return number(n) + " " + unit + (n == 1 ? "" : "s");
    }

    /** @return {@code epochSeconds} as a local date and time: short date, time with seconds */
    public static String localDateTime(long epochSeconds) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT, FormatStyle.MEDIUM).withLocale(locale())
                .withZone(ZoneId.systemDefault()).format(Instant.ofEpochSecond(epochSeconds));
    }

    /** @return {@code epochSeconds} as a short local date and time, without seconds */
    public static String localDateTimeShort(long epochSeconds) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT).withLocale(locale())
                .withZone(ZoneId.systemDefault()).format(Instant.ofEpochSecond(epochSeconds));
    }

    /** @return {@code t} as a local time of day with milliseconds, e.g. {@code 14:03:07.123} */
    public static String localTimeMillis(Instant t) {
        return DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault()).format(t);
    }

    /** @return a hash shortened to {@code head}…{@code tail} hex digits */
    public static String shortHash(String hex, int head, int tail) {
        if (hex == null || hex.length() <= head + tail + 1) {
            return hex;
        }
        return hex.substring(0, head) + "…" + hex.substring(hex.length() - tail);
    }

    /** @return a hash shortened for tables, e.g. {@code 0000000000000000000217a5…c3f1} */
    public static String shortHash(String hex) {
        if (hex == null || hex.length() < 24) {
            return hex;
        }
        return hex.substring(0, 16) + "…" + hex.substring(hex.length() - 6);
    }
}
