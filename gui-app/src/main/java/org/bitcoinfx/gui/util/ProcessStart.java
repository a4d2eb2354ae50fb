package org.bitcoinfx.gui.util;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * When a process started, to about 20 ms. {@link ProcessHandle.Info#startInstant()} is not good enough
 * for start-up figures on Linux: the JDK adds the process's start (clock ticks since boot, from
 * {@code /proc/<pid>/stat}) to the boot time of {@code /proc/stat}'s {@code btime}, which is whole
 * seconds — so every figure measured from it is too long by the boot time's fraction of a second, a
 * constant between 0 and 1 s for as long as the machine runs (0.78 s on the machine where this was found:
 * "window shown 1,457 ms after the process started" for a launch an outside clock timed at 682 ms).
 * Here the boot time is the clock now less {@code /proc/uptime} (10 ms resolution) instead.
 *
 * <p>Elsewhere (no {@code /proc}) it falls back to {@link ProcessHandle.Info#startInstant()}.
 */
public final class ProcessStart {
    /** {@code USER_HZ}: the unit of {@code /proc/<pid>/stat}'s start time; 100 on every Linux architecture. */
    static final int USER_HZ = 100;

    private ProcessStart() {
    }

    /** @return when this process started, if known */
    public static Optional<Instant> ofCurrent() {
        return of(ProcessHandle.current());
    }

    /** @return when {@code process} started, if known (empty once it is gone and reaped) */
    public static Optional<Instant> of(ProcessHandle process) {
        Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
        Path uptime = Path.of("/proc/uptime");
        if (Files.isReadable(stat) && Files.isReadable(uptime)) {
            try {
                return Optional.of(fromProc(Files.readString(stat, StandardCharsets.US_ASCII),
                        Files.readString(uptime, StandardCharsets.US_ASCII), Instant.now()));
            } catch (IOException | RuntimeException e) {
                // gone between the check and the read, or a /proc this parser does not know: the JDK's figure
            }
        }
        return process.info().startInstant();
    }

    /**
     * The start instant from the two {@code /proc} files' texts.
     *
     * @param stat   {@code /proc/<pid>/stat}: field 22 is the start time in clock ticks since boot
     *               (proc(5); field 2, the command name in parentheses, may hold spaces and parentheses)
     * @param uptime {@code /proc/uptime}: seconds since boot, first field
     * @param now    the clock when {@code uptime} was read
     * @throws IllegalArgumentException if either text is not in that shape
     */
    static Instant fromProc(String stat, String uptime, Instant now) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("no command name in /proc/<pid>/stat: " + stat);
        }
        String[] after = stat.substring(close + 1).trim().split("\\s+");
        // after[0] is field 3 (state): field 22 is after[19]
        if (after.length < 20) {
            throw new IllegalArgumentException("/proc/<pid>/stat has " + (after.length + 2) + " fields, not 22 or more");
        }
        long ticks = Long.parseLong(after[19]);
        double up = Double.parseDouble(uptime.trim().split("\\s+")[0]);
        Instant boot = now.minusNanos(Math.round(up * 1e9));
        return boot.plusNanos(ticks * (1_000_000_000L / USER_HZ));
    }
}
