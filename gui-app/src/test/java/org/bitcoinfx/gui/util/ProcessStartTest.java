package org.bitcoinfx.gui.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProcessStartTest {
    /** Two /proc readings are 10 ms each (ticks and uptime's hundredths): 20 ms either side. */
    private static final Duration RESOLUTION = Duration.ofMillis(20);

    @Test
    void aChildStartedNowStartsBetweenTheClockBeforeAndAfterSpawningIt() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/uptime")), "needs Linux /proc");
        Instant before = Instant.now();
        Process child = new ProcessBuilder("sleep", "30").start();
        Instant after = Instant.now();
        try {
            Instant start = ProcessStart.of(child.toHandle()).orElseThrow();
            assertTrue(!start.isBefore(before.minus(RESOLUTION)) && !start.isAfter(after.plus(RESOLUTION)),
                    "start " + start + " not within [" + before + ", " + after + "] ± " + RESOLUTION.toMillis() + " ms");
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    @Test
    void parsesFieldTwentyTwoAfterACommandNameWithSpacesAndParentheses() {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
        // priority nice threads itrealvalue starttime ...
        String stat = "4242 (a (b) c) S 1 4242 4242 0 -1 4194560 10 0 0 0 5 3 0 0 20 0 1 0 123456 1000 50 18446744073709551615";
        Instant now = Instant.parse("2026-12-06T12:00:00Z");
        Instant start = ProcessStart.fromProc(stat, "2000.50 3900.00\n", now);
        // boot = now - 2000.5 s; start = boot + 1234.56 s
        assertEquals(now.minusMillis(2_000_500).plusMillis(1_234_560), start);
    }

    @Test
    void refusesTextsNotInProcsShape() {
        Instant now = Instant.now();
        assertThrows(IllegalArgumentException.class, () -> ProcessStart.fromProc("no parentheses here", "1.0 1.0", now));
        assertThrows(IllegalArgumentException.class, () -> ProcessStart.fromProc("1 (x) S 1 2 3", "1.0 1.0", now));
    }
}
