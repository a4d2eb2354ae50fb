package org.bitcoinfx.gui;

import static org.bitcoinfx.gui.FxMain.fx;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.bitcoinfx.gui.blocks.BlockRow;
import org.bitcoinfx.gui.blocks.BlocksPage;
import org.bitcoinfx.gui.node.BundledNodeBackend;
import org.bitcoinfx.gui.node.NodeBackend;
import org.bitcoinfx.gui.node.NodeBackends;
import org.bitcoinfx.gui.shell.AppConfig;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.node.Chain;
import org.bitcoinfx.node.DebugLogTailer;
import org.bitcoinfx.node.NodeBinary;
import org.bitcoinfx.node.NodeConfig;
import org.bitcoinfx.node.NodeLauncher;
import org.bitcoinfx.node.NodeProcess;
import org.bitcoinfx.node.net.ChainSpec;
import org.bitcoinfx.node.net.RegtestNetwork;
import org.bitcoinfx.node.net.RegtestNode;

/**
 * Sync benchmark (#15; test scope, prints figures, asserts nothing, not part of {@code mvn verify}): does
 * the app slow its node's initial block download? A {@link RegtestNetwork} of two peers serves the cached
 * economy chain ({@code --blocks}, default 5,000, as {@code SyncFromPeersTest -Dbitcoinfx.test.bigChain=true});
 * an empty node syncs it from them, alternately
 * <ol>
 *   <li><b>app</b>: the app's own node, spawned by the app (the real backend, settings with
 *       {@code -connect} to both peers and the network's {@code -mocktime}), with the app attached over IPC
 *       and the Blocks page shown, as a user watching the sync would have it;</li>
 *   <li><b>bare</b>: the same {@code bitcoin-node} with the same arguments ({@link NodeConfig#commandLine},
 *       as the app builds them), spawned by {@link NodeLauncher#spawn} with nothing attached.</li>
 * </ol>
 * The sync time of each is wall time from the node process's start (its start instant, from the OS) to
 * the moment its debug.log shows {@code UpdateTip: new best=<the peers' tip>} (read every 5 ms, the same
 * way for both; Bitcoin Core logs every UpdateTip during IBD without rate limit, validation.cpp
 * {@code UpdateTipLog}). It prints, per round and as medians over {@code --rounds} (default 3, after one
 * untimed warm-up sync that fills the peers' page cache):
 * <ul>
 *   <li>both sync times and their ratio app / bare (target ≤ 1.05);</li>
 *   <li>the app's CPU during the sync (its JVM's process CPU time from its node being ready to the synced
 *       tip, over that wall time, in % of one core) and its share of app + node CPU (the node's for its whole
 *       run);</li>
 *   <li>the app JVM's RSS at the end of each sync (target ≤ 300 MB);</li>
 *   <li>the FX thread: the longest gap between pulses ({@link FxStallMeter}) and tip → Blocks row during
 *       the sync: from a {@code waitTipChanged} return to the first frame whose Blocks rows reach that
 *       height, p50/p95 (target p95 ≤ 50 ms).</li>
 *   <li>the first round alone: the only one in a fresh JVM, as the app is when a user's first sync begins (the
 *       rounds after it share the JVM, warm). For several fresh-JVM figures run the bench several times with
 *       {@code --rounds=1}.</li>
 * </ul>
 * Needs {@code BITCOIN_NODE} and a display (Xvfb is fine):
 * {@code BITCOIN_NODE=… gui-app/bench.sh --sync [--rounds=N] [--blocks=N] [--page=Status]} (the page the app shows
 * during its syncs; default Blocks, the page with the most work per block).
 */
public final class SyncBench {
    private static final long WAIT_S = 1800;
    private static final Duration LOG_POLL = Duration.ofMillis(5);
    /** The page shown during the app's syncs ({@code --page=}); tip → Blocks row is measured only with Blocks. */
    private static String page = "Blocks";
    /** {@code --shot}: where the first round's mid-sync PNG goes, or null. */
    private static Path shot;
    /** {@code --blocks}: the chain's length. */
    private static int chainBlocks;

    private SyncBench() {
    }

    /** One sync: its wall time and what it cost. */
    private record Sync(double seconds, double appCpuSeconds, double cpuWallSeconds, double nodeCpuSeconds, long appRssKb, long maxFxGapMs,
            List<Double> tipToRowMs, java.util.Map<String, Integer> callsByMethod, double displayCpuSeconds, String topThreads,
            List<Double> nodeTipToScreenMs, double firstBlockSeconds) {
    }

    /**
     * The X server's process (Xvfb under {@code bench.sh}), whose CPU the app's frames also cost: in the software
     * pipeline every frame is uploaded to it whole. Empty when there is none to be found.
     */
    /** CPU seconds of each of this JVM's threads (VM threads too: JIT compilers, GC), by name, from /proc/self/task. */
    private static java.util.Map<String, Double> threadCpu() {
        java.util.Map<String, Double> cpu = new java.util.HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "N");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    cpu.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0, Double::sum);
                } catch (java.io.IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (java.io.IOException e) {
            return java.util.Map.of();
        }
        return cpu;
    }

    /** The threads that took the most CPU between two {@link #threadCpu()} readings, as "name s, …". */
    private static String topThreads(java.util.Map<String, Double> before, java.util.Map<String, Double> after) {
        return after.entrySet().stream()
                .map(e -> java.util.Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0.0)))
                .filter(e -> e.getValue() >= 0.05)
                .sorted(java.util.Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(8)
                .map(e -> String.format(Locale.ROOT, "%s %.2f s", e.getKey(), e.getValue()))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private static java.util.Optional<ProcessHandle> displayServer() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/Xvfb") || c.endsWith("/Xorg")).orElse(false))
                .findFirst();
    }

    /**
     * Options: {@code --rounds=N} (default 3), {@code --blocks=N} (default 5000), {@code --page=TITLE} (default Blocks),
     * {@code --shot=FILE} (a PNG of the window in the first round, when the app's tip passes half the blocks: its
     * figures then include the snapshot's own stall).
     */
    public static void main(String[] args) throws Exception {
        int rounds = 3;
        int blocks = 5000;
        for (String a : args) {
            if (a.startsWith("--page=")) {
                page = a.substring("--page=".length());
            } else if (a.startsWith("--rounds=")) {
                rounds = Integer.parseInt(a.substring("--rounds=".length()));
            } else if (a.startsWith("--shot=")) {
                shot = Path.of(a.substring("--shot=".length()));
            } else if (a.startsWith("--blocks=")) {
                blocks = Integer.parseInt(a.substring("--blocks=".length()));
            } else {
                throw new IllegalArgumentException("unknown option " + a + " (known: --rounds=N, --blocks=N, --page=TITLE, --shot=FILE)");
            }
        }
        Benches.requireRealNode("sync bench");
        final var roundsF = rounds;
        final var blocksF = blocks;
        Benches.runAndExit(() -> run(roundsF, blocksF));
    }

    private static void run(int rounds, int blocks) throws Exception {
        chainBlocks = blocks;
        double loadAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Path dir = Files.createTempDirectory("bitcoinfx-syncbench-");
        NodeBinary binary = RegtestNetwork.nodeBinaryOrSkip();
        ChainSpec spec = blocks == 5000 ? ChainSpec.economy(5000, 5, 100) : ChainSpec.economy(blocks, 5, 20);
        Benches.startFx(WAIT_S);
        try (RegtestNetwork net = RegtestNetwork.builder().nodes(2).binary(binary).chain(spec).workDir(dir.resolve("net")).start()) {
            String best = net.node(0).call("getbestblockhash").asText();
            List<String> nodeArgs = new ArrayList<>();
            for (RegtestNode n : net.nodes()) {
                nodeArgs.add("-connect=" + n.p2pAddress());
            }
            nodeArgs.add("-mocktime=" + spec.networkMocktime());
            // UpdateTip lines timed to the µs (both nodes): when each tip was connected, for the latency from the node
            nodeArgs.add("-logtimemicros");
            System.out.printf(Locale.ROOT, "peers ready at %s (%,d blocks); the syncing node's arguments: %s%n", best, blocks, nodeArgs);

            Sync warm = bare(binary, dir.resolve("warm"), nodeArgs, best);
            deleteTree(dir.resolve("warm"));
            System.out.printf(Locale.ROOT, "warm-up (bare, not counted): %.2f s%n", warm.seconds());
            List<Sync> apps = new ArrayList<>();
            List<Sync> bares = new ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                Sync a = app(dir.resolve("app-" + r), nodeArgs, best);
                Sync b = bare(binary, dir.resolve("bare-" + r), nodeArgs, best);
                apps.add(a);
                bares.add(b);
                // each synced datadir is 60–100 MB: a round's go once measured
                deleteTree(dir.resolve("app-" + r));
                deleteTree(dir.resolve("bare-" + r));
                System.out.printf(Locale.ROOT, "round %d: app %.2f s, bare %.2f s, ratio %.3f; app CPU %.2f s (%.0f %% of one core, %.0f %% of app + node), "
                                + "node CPU %.2f s with the app, %.2f s bare; RSS %.0f MB; longest FX gap %d ms; tip → Blocks row p95 %.1f ms (n=%d)%n",
                        r, a.seconds(), b.seconds(), a.seconds() / b.seconds(), a.appCpuSeconds(), 100 * a.appCpuSeconds() / a.cpuWallSeconds(),
                        100 * a.appCpuSeconds() / (a.appCpuSeconds() + a.nodeCpuSeconds()), a.nodeCpuSeconds(), b.nodeCpuSeconds(),
                        a.appRssKb() / 1000.0, a.maxFxGapMs(),
                        Benches.pct(sorted(a.tipToRowMs()), 95), a.tipToRowMs().size());
                System.out.println("  the app's calls to its node during the sync: " + a.callsByMethod());
                System.out.printf(Locale.ROOT, "  block 1 connected %.2f s after the process started (app), %.2f s (bare); blocks 1 to the tip in %.2f s (app), %.2f s (bare)%n",
                        a.firstBlockSeconds(), b.firstBlockSeconds(), a.seconds() - a.firstBlockSeconds(), b.seconds() - b.firstBlockSeconds());
                List<Double> fn = sorted(a.nodeTipToScreenMs());
                if (!fn.isEmpty()) {
                    System.out.printf(Locale.ROOT, "  tip → Blocks row from the node (UpdateTip to the first frame showing it or a later tip): p50 %.1f ms, p95 %.1f ms, max %.1f ms (n=%d)%n",
                            Benches.pct(fn, 50), Benches.pct(fn, 95), fn.get(fn.size() - 1), fn.size());
                }
                System.out.printf(Locale.ROOT, "  the display server's CPU during the app's sync: %.2f s (%.0f %% of one core)%n",
                        a.displayCpuSeconds(), 100 * a.displayCpuSeconds() / a.cpuWallSeconds());
                System.out.println("  the app JVM's threads with the most CPU during the sync (the bench's own debug.log tailer among them): " + a.topThreads());
            }

            double appMed = median(apps.stream().map(Sync::seconds).toList());
            double bareMed = median(bares.stream().map(Sync::seconds).toList());
            List<Double> allTipToRow = sorted(apps.stream().flatMap(s -> s.tipToRowMs().stream()).toList());
            double cpuShare = median(apps.stream().map(s -> 100 * s.appCpuSeconds() / s.cpuWallSeconds()).toList());
            double cpuOfBoth = median(apps.stream().map(s -> 100 * s.appCpuSeconds() / (s.appCpuSeconds() + s.nodeCpuSeconds())).toList());
            double rss = apps.stream().mapToLong(Sync::appRssKb).max().orElse(-1) / 1000.0;
            long maxGap = apps.stream().mapToLong(Sync::maxFxGapMs).max().orElse(-1);
            double ratio = appMed / bareMed;
            System.out.println();
            System.out.println("Bitcoin FX sync bench: " + String.format(Locale.ROOT, "%,d", blocks) + " blocks from 2 peers, the app showing "
                    + page + ", bitcoin-node " + binary.version()
                    + " at " + binary.path() + ", Java " + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors()
                    + " CPUs, load average " + String.format(Locale.ROOT, "%.1f at start, %.1f at end", loadAtStart,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()) + ", " + rounds + " rounds (medians)");
            row("sync, app attached", String.format(Locale.ROOT, "%.2f s (%.0f blocks/s)", appMed, blocks / appMed), "", true);
            row("sync, bare node", String.format(Locale.ROOT, "%.2f s (%.0f blocks/s)", bareMed, blocks / bareMed), "", true);
            row("ratio app / bare", String.format(Locale.ROOT, "%.3f", ratio), "≤ 1.05", ratio <= 1.05);
            // the first round is the only one in a fresh JVM (no class loaded, no code compiled yet), as a user's app
            // is when its first sync begins; the later rounds show the app once warm, as it is through a long sync
            Sync first = apps.get(0);
            row("first round (a fresh JVM)", String.format(Locale.ROOT, "ratio %.3f; app CPU %.0f %% of one core; longest FX gap %d ms",
                    first.seconds() / bares.get(0).seconds(), 100 * first.appCpuSeconds() / first.cpuWallSeconds(), first.maxFxGapMs()), "", true);
            row("app CPU during the sync", String.format(Locale.ROOT, "%.0f %% of one core; %.0f %% of app + node", cpuShare, cpuOfBoth), "", true);
            row("node CPU, app / bare", String.format(Locale.ROOT, "%.2f s / %.2f s", median(apps.stream().map(Sync::nodeCpuSeconds).toList()),
                    median(bares.stream().map(Sync::nodeCpuSeconds).toList())), "", true);
            // one app's: the first round's (each later round is one more app in the same JVM, whose RSS the earlier ones add to)
            double oneApp = apps.get(0).appRssKb() / 1000.0;
            row("app RSS at the end of a sync", String.format(Locale.ROOT, "%.0f MB (one app: the first round; the JVM after %d apps: %.0f MB)",
                    oneApp, apps.size(), rss), "≤ 300 MB", oneApp <= 300);
            row("longest FX-thread gap", maxGap + " ms", "≤ 100 ms", maxGap <= 100);
            List<Double> allFromNode = sorted(apps.stream().flatMap(x -> x.nodeTipToScreenMs().stream()).toList());
            if (!allFromNode.isEmpty()) {
                row("tip → row, from the node (n=" + allFromNode.size() + ")", String.format(Locale.ROOT, "p50 %.1f ms, p95 %.1f ms, max %.1f ms",
                        Benches.pct(allFromNode, 50), Benches.pct(allFromNode, 95), allFromNode.get(allFromNode.size() - 1)), "", true);
            }
            if (!allTipToRow.isEmpty()) {
                double p95 = Benches.pct(allTipToRow, 95);
                row("tip → Blocks row (n=" + allTipToRow.size() + ")", String.format(Locale.ROOT, "p50 %.1f ms, p95 %.1f ms, max %.1f ms",
                        Benches.pct(allTipToRow, 50), p95, allTipToRow.get(allTipToRow.size() - 1)), "p95 ≤ 50 ms", p95 <= 50);
            }
        } finally {
            deleteTree(dir);
        }
    }

    /** Syncs a bare node (the app's command line, nothing attached) into {@code dir}. */
    private static Sync bare(NodeBinary binary, Path dir, List<String> nodeArgs, String best) throws Exception {
        NodeConfig config = NodeConfig.of(dir.resolve("datadir"), Chain.REGTEST).withExtraArgs(nodeArgs);
        CompletableFuture<Instant> synced = new CompletableFuture<>();
        NodeProcess np = new NodeLauncher(binary, IpcNodeClient::connect).spawn(config);
        java.util.Map<Integer, Long> connected = new java.util.concurrent.ConcurrentHashMap<>();
        try (DebugLogTailer tail = watchTip(config.debugLog(), best, synced, connected)) {
            Instant done = synced.get(WAIT_S, TimeUnit.SECONDS);
            double nodeCpu = cpuSeconds(np.pid());
            Instant start = ProcessHandle.of(np.pid()).flatMap(org.bitcoinfx.gui.util.ProcessStart::of).orElse(np.startedAt());
            return new Sync(Duration.between(start, done).toNanos() / 1e9, 0, 0, nodeCpu, 0, 0, List.of(), java.util.Map.of(), 0, "", List.of(), firstBlock(start, connected));
        } finally {
            np.stop(Duration.ofSeconds(60), Duration.ofSeconds(60));
            np.close();
        }
    }

    /** Starts the app (its real backend spawns the node), shows Blocks, waits for the sync, closes the app. */
    private static Sync app(Path dir, List<String> nodeArgs, String best) throws Exception {
        Files.createDirectories(dir);
        Path settingsFile = Benches.regtestSettings(dir, String.join(" ", nodeArgs));
        Path debugLog = NodeConfig.of(dir.resolve("datadir"), Chain.REGTEST).debugLog();

        NodeBackend[] backend = new NodeBackend[1];
        CompletableFuture<Void> exited = new CompletableFuture<>();
        Stage[] stage = new Stage[1];
        AppConfig config = new AppConfig(settingsFile, () -> {
            backend[0] = NodeBackends.load();
            return backend[0];
        }, false, () -> {
            // the window goes too (the app's own exit action ends the JVM): a closed app's window left open keeps its
            // shutdown overlay's spinner drawing every frame, which took CPU from the later rounds
            Platform.runLater(() -> stage[0].hide());
            exited.complete(null);
        });
        CompletableFuture<Instant> synced = new CompletableFuture<>();
        FxStallMeter stall = new FxStallMeter();
        ConcurrentLinkedDeque<Long> tipReturns = new ConcurrentLinkedDeque<>();
        List<Double> tipToRow = Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.ConcurrentHashMap<String, Integer> calls = new java.util.concurrent.ConcurrentHashMap<>();
        BitcoinFxApp app = fx(() -> {
            BitcoinFxApp a = new BitcoinFxApp(config);
            stage[0] = new Stage();
            a.start(stage[0]);
            a.mainWindow().showPage(page);
            return a;
        });
        java.util.Map<Integer, Long> tipConnected = new java.util.concurrent.ConcurrentHashMap<>();
        List<long[]> frames = Collections.synchronizedList(new ArrayList<>());
        long readyWallMicros;
        try (DebugLogTailer tail = watchTip(debugLog, best, synced, tipConnected)) {
            // the client is there once the node is ready; the sync may have begun before (the node connects to its peers at once)
            CompletableFuture<NodeClient> clientReady = new CompletableFuture<>();
            fx(() -> {
                var prop = app.context().session().clientProperty();
                if (prop.get() != null) {
                    clientReady.complete(prop.get());
                }
                prop.addListener((o, was, now) -> {
                    if (now != null) {
                        clientReady.complete(now);
                    }
                });
                return null;
            });
            CompletableFuture.anyOf(clientReady, synced).get(WAIT_S, TimeUnit.SECONDS);
            NodeClient client = clientReady.getNow(null);
            // the app's CPU during the sync: from its node being ready (the app's own start-up, class loading and first
            // frames, is AppBench's figure) to the synced tip
            long cpuAtReady = Benches.processCpuNanos();
            java.util.Optional<ProcessHandle> display = displayServer();
            java.util.Map<String, Double> threadsAtReady = threadCpu();
            double displayCpuAtReady = display.map(d -> cpuSeconds(d.pid())).orElse(Double.NaN);
            long readyAt = System.nanoTime();
            Instant readyWall = Instant.now();
            readyWallMicros = readyWall.getEpochSecond() * 1_000_000 + readyWall.getNano() / 1000;
            // FX-thread gaps during the sync, from the node being ready (the app's start-up is AppBench's)
            fx(() -> {
                if (!Boolean.getBoolean("syncbench.noStallMeter")) { stall.start(); }
                return null;
            });
            if (client != null) {
                client.addListener(e -> calls.merge(e.rpcMethod().isEmpty() ? e.method() : e.rpcMethod(), 1, Integer::sum));
            }
            if (client != null && page.equals("Blocks")) {
                client.addListener(e -> {
                    if (e.method().equals("waitTipChanged") && e.ok()) {
                        tipReturns.add(System.nanoTime());
                    }
                });
                BlocksPage blocksPage = fx(() -> (BlocksPage) app.mainWindow().pages().stream().filter(p -> p.title().equals("Blocks")).findFirst().orElseThrow());
                fx(() -> {
                    Scene scene = app.context().stage().getScene();
                    // the tip's row is shown by a change of the rows (the list caught up) or of the live row's values
                    // (row 0 while the list catches up: BlocksModel.LIVE, no change of the rows)
                    Runnable rowShown = () -> {
                        long now = System.nanoTime();
                        Long oldest = null;
                        while (!tipReturns.isEmpty() && tipReturns.peekFirst() <= now) {
                            Long t = tipReturns.pollFirst();
                            if (oldest == null) {
                                oldest = t;
                            }
                        }
                        if (oldest != null) {
                            long from = oldest;
                            scene.addPostLayoutPulseListener(new Runnable() {
                                @Override
                                public void run() {
                                    scene.removePostLayoutPulseListener(this);
                                    tipToRow.add((System.nanoTime() - from) / 1e6);
                                }
                            });
                            Platform.requestNextPulse();
                        }
                    };
                    blocksPage.model().rows().addListener((ListChangeListener<BlockRow>) c -> rowShown.run());
                    blocksPage.model().liveTipProperty().addListener((o, was, row) -> rowShown.run());
                    // the frames after any change of the top row: when (µs since the epoch) and which height it showed
                    boolean[] asked = {false};
                    Runnable frameShown = () -> {
                        if (asked[0]) {
                            return;
                        }
                        asked[0] = true;
                        scene.addPostLayoutPulseListener(new Runnable() {
                            @Override
                            public void run() {
                                scene.removePostLayoutPulseListener(this);
                                asked[0] = false;
                                var rows = blocksPage.model().rows();
                                if (!rows.isEmpty()) {
                                    BlockRow top = blocksPage.model().resolve(rows.get(0));
                                    Instant now = Instant.now();
                                    if (top != null) {
                                        frames.add(new long[] {now.getEpochSecond() * 1_000_000 + now.getNano() / 1000, top.height()});
                                    }
                                }
                            }
                        });
                    };
                    blocksPage.model().rows().addListener((ListChangeListener<BlockRow>) c -> frameShown.run());
                    blocksPage.model().liveTipProperty().addListener((o, was, row) -> frameShown.run());
                    return null;
                });
            }
            if (shot != null && client != null) {
                Path file = shot;
                shot = null; // the first round only
                int half = chainBlocks / 2;
                CompletableFuture<Void> halfway = new CompletableFuture<>();
                fx(() -> {
                    var tip = app.context().session().tipWatcher().tipProperty();
                    tip.addListener((o, was, t) -> {
                        if (t != null && t.height() >= half && !halfway.isDone()) {
                            halfway.complete(null);
                            // the next frame: the row and the rest of the page drawn for this tip
                            Platform.runLater(() -> {
                                try {
                                    javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(
                                            app.context().stage().getScene().snapshot(null), null), "png", file.toFile());
                                    System.out.println("saved " + file + " at tip " + t.height());
                                } catch (java.io.IOException e) {
                                    System.out.println("could not save " + file + ": " + e);
                                }
                            });
                        }
                    });
                    return null;
                });
            }
            Instant done = synced.get(WAIT_S, TimeUnit.SECONDS);
            double appCpu = (Benches.processCpuNanos() - cpuAtReady) / 1e9;
            double displayCpu = display.map(d -> cpuSeconds(d.pid())).orElse(Double.NaN) - displayCpuAtReady;
            double cpuWall = (System.nanoTime() - readyAt) / 1e9;
            fx(() -> {
                stall.stop();
                return null;
            });
            BundledNodeBackend real = (BundledNodeBackend) backend[0];
            ProcessHandle node = real.child().orElseThrow();
            double nodeCpu = cpuSeconds(node.pid());
            Instant start = org.bitcoinfx.gui.util.ProcessStart.of(node).orElseThrow();
            long rss = Benches.rssKb(ProcessHandle.current().pid());
            return new Sync(Duration.between(start, done).toNanos() / 1e9, appCpu, cpuWall, nodeCpu, rss, stall.maxGapMillis(), List.copyOf(tipToRow),
                    new java.util.TreeMap<>(calls), displayCpu, topThreads(threadsAtReady, threadCpu()),
                    fromNode(tipConnected, frames, readyWallMicros), firstBlock(start, tipConnected));
        } finally {
            fx(() -> {
                app.shutdown().requestClose();
                return null;
            });
            exited.get(WAIT_S, TimeUnit.SECONDS);
            // what the JavaFX launcher does when the app's exit ends the JVM, which here goes on to the next round:
            // the pages are disposed (their timelines stopped) and the session closed, so the next round does not
            // share the JVM with a closed app that still ticks
            fx(() -> {
                app.stop();
                return null;
            });
        }
    }

    /** Tails a debug.log and completes {@code synced} with the wall time its UpdateTip line for {@code best} is read. */
    private static DebugLogTailer watchTip(Path debugLog, String best, CompletableFuture<Instant> synced) throws java.io.IOException {
        return watchTip(debugLog, best, synced, null);
    }

    private static final java.util.regex.Pattern UPDATE_TIP = java.util.regex.Pattern.compile("^(\\S+) .*?UpdateTip: new best=\\S+ height=(\\d+) ");

    /**
     * Tails a debug.log and completes {@code synced} with the wall time its UpdateTip line for {@code best} is read;
     * with {@code connected}, also records each UpdateTip's height and log time (µs since the epoch, -logtimemicros).
     */
    private static DebugLogTailer watchTip(Path debugLog, String best, CompletableFuture<Instant> synced,
                                           java.util.Map<Integer, Long> connected) throws java.io.IOException {
        Files.createDirectories(debugLog.getParent());
        String needle = "UpdateTip: new best=" + best;
        return new DebugLogTailer(debugLog, DebugLogTailer.sizeOrZero(debugLog), LOG_POLL, line -> {
            if (connected != null && line.contains("UpdateTip: new best=")) {
                var m = UPDATE_TIP.matcher(line);
                if (m.find()) {
                    Instant at = Instant.parse(m.group(1));
                    connected.put(Integer.parseInt(m.group(2)), at.getEpochSecond() * 1_000_000 + at.getNano() / 1000);
                }
            }
            if (line.contains(needle)) {
                synced.complete(Instant.now());
            }
        });
    }

    /** From the node process's start to its UpdateTip of block 1 (the sync's first block), s; NaN if unknown. */
    private static double firstBlock(Instant start, java.util.Map<Integer, Long> connected) {
        Long at = connected.get(1);
        return at == null ? Double.NaN : (at - (start.getEpochSecond() * 1_000_000 + start.getNano() / 1000)) / 1e6;
    }

    /**
     * Tip → screen from the node: for each tip the node connected after the app's node was ready ({@code connected}:
     * height → µs since the epoch, from its UpdateTip line), the time until the first frame ({@code frames}: µs since
     * the epoch and the height Blocks' top row showed) that shows it or a later tip, ms. A tip learnt late, or shown
     * only through a later one, counts with its full wait.
     */
    private static List<Double> fromNode(java.util.Map<Integer, Long> connected, List<long[]> frames, long readyMicros) {
        List<long[]> f = new ArrayList<>(frames);
        f.sort(java.util.Comparator.comparingLong(a -> a[0]));
        List<Double> out = new ArrayList<>();
        for (var e : connected.entrySet()) {
            long at = e.getValue();
            if (at < readyMicros) {
                continue;
            }
            for (long[] frame : f) {
                if (frame[0] >= at && frame[1] >= e.getKey()) {
                    out.add((frame[0] - at) / 1000.0);
                    break;
                }
            }
        }
        return out;
    }

    private static void row(String what, String figure, String target, boolean met) {
        System.out.printf(Locale.ROOT, "  %-30s %-62s %s%n", what, figure, target.isEmpty() ? "" : "target " + target + " " + (met ? "met" : "MISSED"));
    }

    private static List<Double> sorted(List<Double> l) {
        List<Double> s = new ArrayList<>(l);
        Collections.sort(s);
        return s;
    }

    private static double median(List<Double> l) {
        return Benches.pct(sorted(l), 50);
    }

    /** @return user + system CPU of a process so far, s, from /proc/PID/stat (Linux; clock ticks of 10 ms) */
    /** Deletes {@code root} and everything under it (a round's datadirs; the bench's directory at the end). */
    private static void deleteTree(Path root) throws java.io.IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state is field 3, utime 14 and stime 15 → indices 11 and 12 here
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (java.io.IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
