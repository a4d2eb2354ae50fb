package org.bitcoinfx.gui;

import static org.bitcoinfx.gui.FxMain.fx;
import static org.bitcoinfx.gui.FxMain.waitFx;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.bitcoinfx.gui.mining.MiningPage;
import org.bitcoinfx.gui.mining.MiningViewModel;
import org.bitcoinfx.gui.node.NodeBackend;
import org.bitcoinfx.gui.node.NodeBackends;
import org.bitcoinfx.gui.settings.Settings;
import org.bitcoinfx.gui.settings.SettingsStore;
import org.bitcoinfx.gui.shell.AppConfig;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.node.Chain;
import org.bitcoinfx.node.NodeBinary;
import org.bitcoinfx.node.net.ChainSpec;
import org.bitcoinfx.node.net.RegtestNetwork;

/**
 * Mining page benchmark (issue #16; test scope, prints figures, asserts nothing, not part of {@code mvn verify}):
 * the app on a real node whose mempool holds {@code T} transactions ({@link ChainSpec#bigMempool}, the chain cached;
 * its blocks, chainstate and {@code mempool.dat} copied into the app's datadir), one peer serving it. For each
 * {@code T} of {@code --sizes} (default 300,3000,6000):
 * <ol>
 *   <li><b>create → table</b>: the page's template dropped and fetched again ({@code MiningViewModel.setClient},
 *       so the table fills from empty), {@code --rounds} times (default 20): from {@code createNewBlock}'s Return
 *       (the client's {@code IpcEvent}) to the first frame after the template is in the table (the six getters,
 *       the decoding and the diff off the FX thread, the table's update on it); p50/p95 (target p95 ≤ 250 ms);</li>
 *   <li><b>churn</b>: live updates on (threshold 1 sat) while 10 transactions a second ({@link ChurnTxs}) go to the
 *       node over IPC for {@code --churn} seconds (default 20): the longest gap between FX pulses
 *       ({@link FxStallMeter}; target ≤ 50 ms), how many templates {@code waitNext} brought, and from each
 *       {@code waitNext} Return to the frame showing it, p50/p95.</li>
 * </ol>
 * Needs {@code BITCOIN_NODE} and a display (Xvfb is fine):
 * {@code BITCOIN_NODE=… gui-app/bench.sh --mining [--sizes=300,3000,6000] [--rounds=20] [--churn=20]}.
 */
public final class MiningBench {
    private static final long WAIT_S = 600;

    private MiningBench() {
    }

    /** One size's figures. */
    private record Row(int mempool, int templateTxs, long templateWeight, List<Double> createToTable, long maxGapMs, int updates,
                       List<Double> waitNextToTable, int churnSent, long idleGapMs, List<double[]> createParts, List<double[]> waitParts) {
    }

    /** The BlockTemplate getters {@code MiningService.snapshot} calls after a template arrives. */
    private static final java.util.Set<String> GETTERS = java.util.Set.of("getBlockHeader", "getBlock", "getTxFees", "getTxSigops",
            "getCoinbaseTx", "getCoinbaseMerklePath");

    /** Options: {@code --sizes=a,b,c}, {@code --rounds=N}, {@code --churn=S}. */
    public static void main(String[] args) throws Exception {
        List<Integer> sizes = List.of(300, 3_000, 6_000);
        int rounds = 20;
        int churnSeconds = 20;
        for (String a : args) {
            if (a.startsWith("--sizes=")) {
                sizes = java.util.Arrays.stream(a.substring("--sizes=".length()).split(",")).map(String::trim).map(Integer::parseInt).toList();
            } else if (a.startsWith("--rounds=")) {
                rounds = Integer.parseInt(a.substring("--rounds=".length()));
            } else if (a.startsWith("--churn=")) {
                churnSeconds = Integer.parseInt(a.substring("--churn=".length()));
            } else {
                throw new IllegalArgumentException("unknown option " + a + " (known: --sizes=a,b,c, --rounds=N, --churn=S)");
            }
        }
        Benches.requireRealNode("mining bench");
        List<Integer> sizesF = sizes;
        int roundsF = rounds;
        int churnF = churnSeconds;
        Benches.runAndExit(() -> {
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            Benches.startFx(WAIT_S);
            NodeBinary binary = RegtestNetwork.nodeBinaryOrSkip();
            List<Row> rows = new ArrayList<>();
            for (int t : sizesF) {
                rows.add(run(binary, t, roundsF, churnF));
            }
            print(rows, roundsF, churnF, load);
        });
    }

    private static Row run(NodeBinary binary, int mempool, int rounds, int churnSeconds) throws Exception {
        Path dir = Files.createTempDirectory("bitcoinfx-miningbench-"); // left for a look; the nodes' datadirs are in it
        ChainSpec spec = ChainSpec.bigMempool(mempool);
        try (RegtestNetwork net = RegtestNetwork.builder().nodes(1).binary(binary).chain(spec).workDir(dir.resolve("net")).start()) {
            net.chain().orElseThrow().copyInto(dir.resolve("datadir"), false);
            List<String> churn = ChurnTxs.prepare(net.node(0), "alice", Math.max(10, churnSeconds * 10 + 20));
            int height = spec.blocks() + ChurnTxs.BLOCKS;
            Path settingsFile = Benches.regtestSettings(dir, "-connect=" + net.node(0).p2pAddress() + " " + RealNodeBigTemplateTest.APP_ARGS); // real time: waitNext ticks
            NodeBackend[] backend = new NodeBackend[1];
            CompletableFuture<Void> exited = new CompletableFuture<>();
            AppConfig config = new AppConfig(settingsFile, () -> {
                backend[0] = NodeBackends.load();
                return backend[0];
            }, false, () -> exited.complete(null));
            BitcoinFxApp app = fx(() -> {
                BitcoinFxApp a = new BitcoinFxApp(config);
                a.start(new Stage());
                return a;
            });
            try {
                waitFx(() -> app.context().session().clientProperty().get() != null, WAIT_S);
                NodeClient client = fx(() -> app.context().session().clientProperty().get());
                RegtestNetwork.waitUntil("the app's node has the chain and its mempool", Duration.ofSeconds(WAIT_S), () ->
                        RealNetworkAppTest.call(client, "getblockcount").asInt() == height
                                && RealNetworkAppTest.call(client, "getmempoolinfo").path("loaded").asBoolean());
                int inMempool = RealNetworkAppTest.call(client, "getmempoolinfo").path("size").asInt();
                MiningPage page = fx(() -> (MiningPage) app.mainWindow().pages().stream().filter(p -> p instanceof MiningPage).findFirst().orElseThrow());
                MiningViewModel vm = page.viewModel();
                Scene scene = fx(() -> app.context().stage().getScene());
                ConcurrentLinkedDeque<Long> creates = new ConcurrentLinkedDeque<>();
                ConcurrentLinkedDeque<Long> waits = new ConcurrentLinkedDeque<>();
                ConcurrentLinkedDeque<Long> getters = new ConcurrentLinkedDeque<>();
                List<double[]> createParts = Collections.synchronizedList(new ArrayList<>());
                List<double[]> waitParts = Collections.synchronizedList(new ArrayList<>());
                client.addListener(e -> {
                    if (e.ok() && GETTERS.contains(e.method())) {
                        getters.add(System.nanoTime());
                    }
                    if (e.ok() && e.method().equals("createNewBlock")) {
                        creates.add(System.nanoTime());
                    } else if (e.ok() && e.method().equals("waitNext")) {
                        waits.add(System.nanoTime());
                    }
                });
                List<Double> createToTable = Collections.synchronizedList(new ArrayList<>());
                List<Double> waitToTable = Collections.synchronizedList(new ArrayList<>());
                fx(() -> {
                    vm.liveProperty().set(false);
                    app.mainWindow().showPage("Mining");
                    vm.snapshotProperty().addListener((o, a, snap) -> {
                        if (snap == null) {
                            return;
                        }
                        // phase 1 (live off) gets templates from createNewBlock only, phase 2 (live on) from waitNext
                        ConcurrentLinkedDeque<Long> from = vm.liveProperty().get() ? waits : creates;
                        List<Double> into = from == waits ? waitToTable : createToTable;
                        List<double[]> parts = from == waits ? waitParts : createParts;
                        long set = System.nanoTime();
                        Long t0 = from.pollLast();
                        from.clear();
                        Long got = getters.peekLast();
                        getters.clear();
                        if (t0 != null) {
                            scene.addPostLayoutPulseListener(new Runnable() {
                                @Override
                                public void run() {
                                    scene.removePostLayoutPulseListener(this);
                                    long shown = System.nanoTime();
                                    into.add((shown - t0) / 1e6);
                                    if (got != null && got >= t0) {
                                        // the getters' IPC; decoding + diff off the FX thread and the wait for it; FX: apply, layout, render
                                        parts.add(new double[] {(got - t0) / 1e6, (set - got) / 1e6, (shown - set) / 1e6});
                                    }
                                }
                            });
                            Platform.requestNextPulse();
                        }
                    });
                    return null;
                });
                waitFx(() -> vm.current() != null && !vm.txs().isEmpty() && !vm.busyProperty().get(), WAIT_S);
                // the page's template must hold the whole loaded mempool (or a full block of it) before timing
                fx(() -> {
                    vm.refresh();
                    return null;
                });
                waitFx(() -> !vm.busyProperty().get() && vm.current() != null, WAIT_S);
                createToTable.clear();

                // 1. create → table, from an empty table each time
                for (int r = 0; r < rounds; r++) {
                    int before = createToTable.size();
                    fx(() -> {
                        vm.setClient(null);
                        vm.setClient(client);
                        return null;
                    });
                    waitFx(() -> createToTable.size() > before && !vm.busyProperty().get(), WAIT_S);
                }
                int templateTxs = fx(() -> vm.current().snapshot().txs().size());
                long weight = fx(() -> vm.current().snapshot().totalTxWeight());

                // the FX thread's longest gap with nothing to do (live off, no churn): what the machine's load costs alone
                FxStallMeter idle = new FxStallMeter();
                fx(() -> {
                    idle.start();
                    return null;
                });
                Thread.sleep(10_000); // a fixed window of idle time is what is measured here (a bench, not a test)
                fx(() -> {
                    idle.stop();
                    return null;
                });

                // 2. churn with live updates
                FxStallMeter stall = new FxStallMeter();
                int changesBefore = fx(() -> {
                    vm.setFeeThreshold(1);
                    vm.liveProperty().set(true);
                    stall.start();
                    return vm.changes().size() + vm.changes().stream().mapToInt(c -> c.repeats() - 1).sum();
                });
                waitToTable.clear();
                ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor();
                AtomicInteger sent = new AtomicInteger();
                CompletableFuture<Void> churnDone = new CompletableFuture<>();
                ex.scheduleAtFixedRate(() -> {
                    int i = sent.getAndIncrement();
                    if (i >= churnSeconds * 10 || i >= churn.size()) {
                        churnDone.complete(null);
                        return;
                    }
                    client.rpc().call("sendrawtransaction", churn.get(i)).exceptionally(e -> {
                        System.err.println("churn transaction " + i + " refused: " + e);
                        return null;
                    });
                }, 0, 100, TimeUnit.MILLISECONDS);
                churnDone.get(WAIT_S, TimeUnit.SECONDS);
                ex.shutdownNow();
                int updates = fx(() -> {
                    stall.stop();
                    return vm.changes().size() + vm.changes().stream().mapToInt(c -> c.repeats() - 1).sum();
                }) - changesBefore;
                return new Row(inMempool, templateTxs, weight, List.copyOf(createToTable), stall.maxGapMillis(), updates,
                        List.copyOf(waitToTable), Math.min(sent.get(), churnSeconds * 10), idle.maxGapMillis(), List.copyOf(createParts),
                        List.copyOf(waitParts));
            } finally {
                fx(() -> {
                    app.shutdown().requestClose();
                    return null;
                });
                exited.get(WAIT_S, TimeUnit.SECONDS);
            }
        }
    }

    private static void print(List<Row> rows, int rounds, int churnSeconds, double load) {
        System.out.printf(Locale.ROOT, "%nMining bench (load average at start %.2f on %d CPUs)%n", load, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-8s %-10s %-10s %-26s %-16s %-9s %-22s%n", "mempool", "template", "WU",
                "create→table p50/p95 ms", "max FX gap ms", "updates", "waitNext→table p50/p95");
        for (Row r : rows) {
            List<Double> c = sorted(r.createToTable());
            List<Double> w = sorted(r.waitNextToTable());
            System.out.printf(Locale.ROOT, "%-8d %-10d %-10d %-26s %-16s %-9s %-22s%n", r.mempool(), r.templateTxs(), r.templateWeight(),
                    String.format(Locale.ROOT, "%.0f / %.0f (≤ 250)", pct(c, 50), pct(c, 95)),
                    r.maxGapMs() + " (≤ 50)", r.updates() + " in " + churnSeconds + " s",
                    w.isEmpty() ? "–" : String.format(Locale.ROOT, "%.0f / %.0f", pct(w, 50), pct(w, 95)));
        }
        System.out.printf(Locale.ROOT, "(%d create rounds a size; churn 10 tx/s for %d s, threshold 1 sat)%n", rounds, churnSeconds);
        System.out.printf(Locale.ROOT, "%nWhere the time goes, p50 ms: getters' IPC / decode + diff (off FX) / FX apply + layout + render; idle FX gap%n");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "%-8d create: %s   waitNext: %s   idle FX gap %d ms%n", r.mempool(), parts(r.createParts()),
                    parts(r.waitParts()), r.idleGapMs());
        }
    }

    private static String parts(List<double[]> ps) {
        if (ps.isEmpty()) {
            return "–";
        }
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < 3; k++) {
            List<Double> xs = new ArrayList<>();
            for (double[] p : ps) {
                xs.add(p[k]);
            }
            sb.append(k == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%.0f", pct(sorted(xs), 50)));
        }
        return sb.toString();
    }

    private static List<Double> sorted(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s;
    }

    private static double pct(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
