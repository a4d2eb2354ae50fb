package org.bitcoinfx.gui;

import static org.bitcoinfx.gui.FxMain.fx;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.bitcoinfx.gui.blocks.BlockRow;
import org.bitcoinfx.gui.blocks.BlocksPage;
import org.bitcoinfx.gui.node.BundledNodeBackend;
import org.bitcoinfx.gui.node.NodeBackend;
import org.bitcoinfx.gui.node.NodeBackends;
import org.bitcoinfx.gui.settings.Settings;
import org.bitcoinfx.gui.settings.SettingsStore;
import org.bitcoinfx.gui.shell.AppConfig;
import org.bitcoinfx.gui.status.StatusPage;
import org.bitcoinfx.gui.status.SyncState;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.node.Chain;
import org.bitcoinfx.node.NodeState;

/**
 * Benchmark of the real app against a regtest bitcoin-node (test scope; prints figures, asserts
 * nothing; not part of {@code mvn verify}):
 * <ol>
 *   <li>launch → window shown: JVM start to the first frame of the window (target ≤ 2 s);</li>
 *   <li>node ready → live Status: the backend's READY to the first frame showing the Status page
 *       with figures from the node (target ≤ 1 s);</li>
 *   <li>tip → Blocks row: {@code Mining.waitTipChanged} returning (a block mined through a second
 *       IPC connection) to the first frame with that block's row in the Blocks table, p50/p95 over
 *       {@code --blocks} blocks (default 50, 1.2 s apart: past the gap under which the Blocks page treats tips as
 *       a sync; target p95 ≤ 50 ms);</li>
 *   <li>RSS of the app's JVM after {@code --minutes} minutes (default 5) with a block every 30 s
 *       (target ≤ 300 MB), with the heap and bitcoin-node's RSS for comparison.</li>
 * </ol>
 * Against the bitcoin-node {@code BITCOIN_NODE} names, else against FakeNode (bundled-node's test-jar, a
 * separate process as a real node is). Run under a display (Xvfb is fine):
 * {@code [BITCOIN_NODE=…] gui-app/bench.sh [--minutes=N] [--blocks=N]}.
 */
public final class AppBench {
    private static final long WAIT_S = 120;

    private AppBench() {
    }

    /** Options: {@code --minutes=N} (default 5), {@code --blocks=N} (default 50). */
    public static void main(String[] args) throws Exception {
        long jvmStartMs = ManagementFactory.getRuntimeMXBean().getStartTime();
        double loadAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long mainNanos = System.nanoTime();
        long mainMs = System.currentTimeMillis();
        double minutes = 5;
        int blocks = 50;
        for (String a : args) {
            if (a.startsWith("--minutes=")) {
                minutes = Double.parseDouble(a.substring("--minutes=".length()));
            } else if (a.startsWith("--blocks=")) {
                blocks = Integer.parseInt(a.substring("--blocks=".length()));
            } else {
                throw new IllegalArgumentException("unknown option " + a + " (known: --minutes=N, --blocks=N)");
            }
        }
        final var minutesF = minutes;
        final var blocksF = blocks;
        Benches.runAndExit(() -> run(jvmStartMs, mainNanos, mainMs, minutesF, blocksF, loadAtStart));
    }

    private static void run(long jvmStartMs, long mainNanos, long mainMs, double minutes, int blocks, double loadAtStart) throws Exception {
        Path dir = Files.createTempDirectory("bitcoinfx-bench-");
        Path settingsFile = dir.resolve("settings.json");
        Settings s = new Settings();
        s.onboardedProperty().set(true);
        s.chainProperty().set(Chain.REGTEST);
        s.dataDirProperty().set(dir.resolve("datadir"));
        s.pruneProperty().set(false);
        s.extraArgsProperty().set("-listen=0");
        String node = System.getenv("BITCOIN_NODE");
        if (node == null || node.isBlank()) {
            // FakeNode (bundled-node's test-jar), spawned as a process through its launcher script, as a real node is
            Path script = org.bitcoinfx.node.fake.FakeNodeLauncherScript.write(dir.resolve("bin"));
            s.nodeBinaryProperty().set(script);
            System.out.println("BITCOIN_NODE is not set: the bench runs against FakeNode (" + script + ")");
        }
        new SettingsStore(settingsFile).save(s);

        AtomicLong readyAt = new AtomicLong();
        NodeBackend[] backend = new NodeBackend[1];
        CompletableFuture<Void> exited = new CompletableFuture<>();
        AppConfig config = new AppConfig(settingsFile, () -> {
            NodeBackend b = NodeBackends.load();
            b.addStatusListener(st -> {
                if (st.state() == NodeState.READY) {
                    readyAt.compareAndSet(0, System.nanoTime());
                }
            });
            backend[0] = b;
            return b;
        }, false, () -> exited.complete(null));

        // 1. launch → window shown (first frame after show)
        CompletableFuture<Long> firstFrame = new CompletableFuture<>();
        CompletableFuture<Long> liveFrame = new CompletableFuture<>();
        BitcoinFxApp[] appRef = new BitcoinFxApp[1];
        long startupCalled = System.nanoTime();
        Platform.startup(() -> {
            Stage stage = new Stage();
            BitcoinFxApp app = new BitcoinFxApp(config);
            appRef[0] = app;
            try {
                app.start(stage);
            } catch (Exception e) {
                firstFrame.completeExceptionally(e);
                return;
            }
            Scene scene = stage.getScene();
            onNextPulse(scene, firstFrame);
            // 2. live Status: the first frame after the Status page got figures from the node
            StatusPage status = (StatusPage) app.mainWindow().pages().get(0);
            status.viewModel().stateProperty().addListener((o, a, st) -> {
                if (!liveFrame.isDone() && st.live()) {
                    onNextPulse(scene, liveFrame);
                }
            });
        });
        long shown = firstFrame.get(WAIT_S, TimeUnit.SECONDS);
        long cpuAtShown = processCpuMs();
        long windowFromJvm = mainMs - jvmStartMs + ms(shown - mainNanos);
        long windowFromStartup = ms(shown - startupCalled);
        long live = liveFrame.get(WAIT_S, TimeUnit.SECONDS);
        long liveAfterReady = ms(live - readyAt.get());
        BitcoinFxApp app = appRef[0];
        BundledNodeBackend real = (BundledNodeBackend) backend[0];
        System.out.printf(Locale.ROOT, "prism pipeline: %s%n", fx(() -> com.sun.prism.GraphicsPipeline.getPipeline().getClass().getSimpleName()));

        // 3. tip → Blocks row
        fx(() -> {
            app.mainWindow().showPage("Blocks");
            return null;
        });
        BlocksPage blocksPage = (BlocksPage) fx(() -> app.mainWindow().pages().stream().filter(p -> p.title().equals("Blocks")).findFirst().orElseThrow());
        NodeClient appClient = fx(() -> app.context().session().clientProperty().get());
        ConcurrentLinkedDeque<Long> tipReturns = new ConcurrentLinkedDeque<>();
        appClient.addListener(e -> {
            if (e.method().equals("waitTipChanged") && e.ok()) {
                tipReturns.add(System.nanoTime());
            }
        });
        List<Double> tipToRow = new ArrayList<>();
        try (IpcNodeClient miner = IpcNodeClient.connect(real.socket().orElseThrow())) {
            Thread.sleep(1000); // let the first tip and rows settle
            for (int i = 0; i < blocks; i++) {
                int height = miner.rpc().call("getblockcount").get(WAIT_S, TimeUnit.SECONDS).asInt() + 1;
                CompletableFuture<Long> rowFrame = new CompletableFuture<>();
                fx(() -> {
                    Scene scene = app.context().stage().getScene();
                    var rows = blocksPage.model().rows();
                    ListChangeListener<BlockRow> l = new ListChangeListener<>() {
                        @Override
                        public void onChanged(Change<? extends BlockRow> c) {
                            if (!rows.isEmpty() && rows.get(0).height() == height && !rows.get(0).pending()) { // the tip's row, filled in
                                rows.removeListener(this);
                                onNextPulse(scene, rowFrame);
                            }
                        }
                    };
                    rows.addListener(l);
                    return null;
                });
                long sent = System.nanoTime();
                miner.rpc().call("generatetodescriptor", 1, "raw(51)").get(WAIT_S, TimeUnit.SECONDS);
                long frame = rowFrame.get(WAIT_S, TimeUnit.SECONDS);
                Long ret = tipReturns.stream().filter(t -> t >= sent && t <= frame).findFirst().orElse(null);
                if (ret == null) {
                    throw new AssertionError("no waitTipChanged return seen for block " + height);
                }
                tipToRow.add((frame - ret) / 1e6);
                // apart as blocks normally are: past BlocksModel.DETAILS_GAP_MS, under which tips count as a sync (the tip's
                // row shows at once but is filled in only once they stop)
                Thread.sleep(org.bitcoinfx.gui.blocks.BlocksModel.DETAILS_GAP_MS + 200);
            }

            // 4. RSS after N minutes, a block every 30 s
            fx(() -> {
                app.mainWindow().showPage("Status");
                return null;
            });
            long end = System.nanoTime() + (long) (minutes * 60e9);
            long maxRss = 0;
            while (System.nanoTime() < end) {
                Thread.sleep(Math.min(30_000, Math.max(0, (end - System.nanoTime()) / 1_000_000)));
                miner.rpc().call("generatetodescriptor", 1, "raw(51)").get(WAIT_S, TimeUnit.SECONDS);
                maxRss = Math.max(maxRss, Benches.rssKb(ProcessHandle.current().pid()));
            }
            System.gc();
            Thread.sleep(2000);
            long rss = Benches.rssKb(ProcessHandle.current().pid());
            long nodeRss = real.child().map(p -> Benches.rssKb(p.pid())).orElse(-1L);
            Runtime rt = Runtime.getRuntime();
            long heapUsed = (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);

            Collections.sort(tipToRow);
            System.out.println();
            System.out.println("Bitcoin FX bench (bitcoin-node " + real.nodeVersion().orElse("?") + " at " + real.nodePath().map(Object::toString).orElse("?")
                    + ", regtest), Java " + System.getProperty("java.version")
                    + ", max heap " + rt.maxMemory() / (1024 * 1024) + " MiB, " + Runtime.getRuntime().availableProcessors() + " CPUs, load average "
                    + String.format(Locale.ROOT, "%.1f at start, %.1f at end", loadAtStart, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage())
                    + ", JVM options " + ManagementFactory.getRuntimeMXBean().getInputArguments());
            row("launch → window shown", windowFromJvm + " ms from JVM start (main after " + (mainMs - jvmStartMs) + " ms; " + windowFromStartup + " ms from Platform.startup; "
                    + cpuAtShown + " ms CPU)", "≤ 2000 ms", windowFromJvm <= 2000);
            row("node ready → live Status", liveAfterReady + " ms", "≤ 1000 ms", liveAfterReady <= 1000);
            double p95 = Benches.pct(tipToRow, 95);
            row("tip → Blocks row (n=" + tipToRow.size() + ")", String.format(Locale.ROOT, "p50 %.1f ms, p95 %.1f ms, max %.1f ms",
                    Benches.pct(tipToRow, 50), p95, tipToRow.get(tipToRow.size() - 1)), "p95 ≤ 50 ms", p95 <= 50);
            printNativeMemory();
            for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                System.out.printf(Locale.ROOT, "  GC %-25s %d collections, %d ms in all%n", gc.getName(), gc.getCollectionCount(), gc.getCollectionTime());
            }
            row(String.format(Locale.ROOT, "RSS after %.1f min", minutes), String.format(Locale.ROOT, "%.0f MB (max %.0f MB; heap used %d MiB; bitcoin-node %.0f MB)",
                    rss / 1000.0, maxRss / 1000.0, heapUsed, nodeRss / 1000.0), "≤ 300 MB", rss / 1000.0 <= 300);
        }

        long t0 = System.nanoTime();
        fx(() -> {
            app.shutdown().requestClose();
            return null;
        });
        exited.get(WAIT_S, TimeUnit.SECONDS);
        System.out.printf(Locale.ROOT, "  %-28s %s%n", "shutdown", ms(System.nanoTime() - t0) + " ms (node stopped over IPC)");
    }

    private static void row(String what, String figure, String target, boolean met) {
        System.out.printf(Locale.ROOT, "  %-28s %-88s target %-12s %s%n", what, figure, target, met ? "met" : "MISSED");
    }

    /** Completes {@code f} with System.nanoTime() when the next frame after now has been laid out. */
    private static void onNextPulse(Scene scene, CompletableFuture<Long> f) {
        Runnable[] once = new Runnable[1];
        once[0] = () -> {
            scene.removePostLayoutPulseListener(once[0]);
            f.complete(System.nanoTime());
        };
        scene.addPostLayoutPulseListener(once[0]);
        Platform.requestNextPulse();
    }

    /**
     * Where the JVM's memory goes (committed, by area), when it runs with
     * {@code -XX:NativeMemoryTracking=summary}: from the VM.native_memory diagnostic command.
     */
    private static void printNativeMemory() {
        if (ManagementFactory.getRuntimeMXBean().getInputArguments().stream().noneMatch(a -> a.startsWith("-XX:NativeMemoryTracking="))) {
            System.out.println("  (run with JAVA_OPTS=\"… -XX:NativeMemoryTracking=summary\" for the JVM's memory by area)");
            return;
        }
        try {
            Object out = ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                    new Object[] {new String[] {"summary", "scale=MB"}}, new String[] {String[].class.getName()});
            System.out.println("  JVM memory by area (committed MB), from VM.native_memory summary:");
            for (String line : out.toString().split("\n")) {
                var m = java.util.regex.Pattern.compile("^(?:Total|-\\s*([A-Za-z ]+?)\\s*\\()[^)]*committed=(\\d+)MB").matcher(line.trim());
                if (m.find()) {
                    System.out.printf(Locale.ROOT, "    %-28s %5s MB%n", m.group(1) == null ? "total" : m.group(1), m.group(2));
                }
            }
        } catch (javax.management.JMException e) {
            System.out.println("  VM.native_memory failed: " + e);
        }
    }

    /** @return CPU time this JVM used so far, all threads, ms */
    private static long processCpuMs() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() / 1_000_000 : -1;
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
