package org.bitcoinfx.gui;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bitcoinfx.gui.settings.Settings;
import org.bitcoinfx.gui.settings.SettingsStore;
import org.bitcoinfx.node.Chain;

/** What the benches and screenshot mains share (test scope): settings for a regtest run, percentiles, process figures. */
final class Benches {
    private Benches() {
    }

    /**
     * Writes {@code dir/settings.json} for a regtest run past onboarding: datadir {@code dir/datadir}, no pruning.
     *
     * @param extraArgs the node's extra arguments
     * @return the settings file
     * @throws IOException if it cannot be written
     */
    static Path regtestSettings(Path dir, String extraArgs) throws IOException {
        Path settingsFile = dir.resolve("settings.json");
        Settings s = new Settings();
        s.onboardedProperty().set(true);
        s.chainProperty().set(Chain.REGTEST);
        s.dataDirProperty().set(dir.resolve("datadir"));
        s.pruneProperty().set(false);
        s.extraArgsProperty().set(extraArgs);
        new SettingsStore(settingsFile).save(s);
        return settingsFile;
    }

    /** @return the p-th percentile of an ascending list (nearest rank), NaN when empty */
    static double pct(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    /** @return CPU time this JVM used so far, all threads, ns; -1 where the JVM does not say */
    static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    /** @return VmRSS of a process in kB, from /proc (Linux), or -1 */
    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
