package org.bitcoinfx.gui;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
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

    /** A bench's body: may throw; the bench prints the failure. */
    interface Body {
        void run() throws Exception;
    }

    /** Exits with code 2 and a message when {@code BITCOIN_NODE} is not set (a bench that needs a real node). */
    static void requireRealNode(String bench) {
        String env = System.getenv("BITCOIN_NODE");
        if (env == null || env.isBlank()) {
            System.err.println("The " + bench + " needs a real bitcoin-node: set BITCOIN_NODE to its path.");
            System.exit(2);
        }
    }

    /** Starts the JavaFX toolkit for a bench that opens windows itself (closing one does not end the toolkit). */
    static void startFx(long waitSeconds) throws Exception {
        Platform.setImplicitExit(false);
        CompletableFuture<Void> up = new CompletableFuture<>();
        Platform.startup(() -> up.complete(null));
        up.get(waitSeconds, TimeUnit.SECONDS);
    }

    /** Runs a bench's body, prints its failure, ends JavaFX and exits: 0 when it ran through, 1 when it failed. */
    static void runAndExit(Body body) {
        int code = 1;
        try {
            body.run();
            code = 0;
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
        }
        Platform.exit();
        System.exit(code);
    }
}
