package org.bitcoinfx.gui;

import static org.bitcoinfx.gui.FxMain.fx;
import static org.bitcoinfx.gui.FxMain.waitFx;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.scene.Scene;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.bitcoinfx.gui.node.NodeBackends;
import org.bitcoinfx.gui.shell.AppConfig;
import org.bitcoinfx.gui.wallet.WalletPage;
import org.bitcoinfx.gui.wallet.WalletTx;
import org.bitcoinfx.gui.wallet.WalletViewModel;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.node.NodeBinary;
import org.bitcoinfx.node.net.ChainCache;
import org.bitcoinfx.node.net.ChainSpec;
import org.bitcoinfx.node.net.RegtestNetwork;
import org.bitcoinfx.node.net.RegtestNode;

/**
 * Wallet benchmark (#16; test scope, prints figures, asserts nothing, not part of {@code mvn verify}): the Wallet page on
 * a wallet of {@code --txs} transactions (default 20,000; {@link ChainSpec#bigWallet}, built once per machine and cached).
 * The cached chain and wallets are copied into a fresh datadir; the app (its real backend spawning {@code BITCOIN_NODE},
 * offline: {@code -connect=0}, the chain's mocktime) shows the Wallet page's Activity tab on wallet {@code bob}. Prints:
 * <ul>
 *   <li>Activity first page: once the app is up, the funder's wallet is selected and then bob again, whose history is
 *       read from nothing: from the read's start (the view-model's read counter going to 0) to the first frame after
 *       the first rows are in the table (the newest {@value org.bitcoinfx.gui.wallet.WalletService#FIRST_CHUNK};
 *       target ≤ 200 ms), and the whole history read (every chunk, then listsinceblock), with the longest FX-thread gap
 *       meanwhile; the same figures for the read at the app's start (while its window is being built);</li>
 *   <li>each new block's refresh, {@code --blocks} times (default 10; each block has one new payment to bob):
 *       {@link WalletViewModel#lastRefreshMillisProperty()}, from the listsinceblock call to the rows set, p50/max (target ≤ 100 ms);</li>
 *   <li>the search for a txid over the whole history (typed → rows set);</li>
 *   <li>the app JVM's RSS at the end (target ≤ 300 MB); the longest FX-thread gap ({@link FxStallMeter}).</li>
 * </ul>
 * Run one size a JVM, so that RSS shows that size:
 * {@code BITCOIN_NODE=… gui-app/bench.sh --wallet --txs=2000} and {@code --txs=20000}; {@code --shot=FILE.png} saves the
 * Activity tab (searching "payer 4") at the end.
 */
public final class WalletBench {
    private static final long WAIT_S = 1800;
    /** Where to save a PNG of the Activity tab at the end ({@code --shot=}), or null. */
    private static Path shot;

    private WalletBench() {
    }

    public static void main(String[] args) throws Exception {
        int txs = 20_000;
        int blocks = 10;
        for (String a : args) {
            if (a.startsWith("--txs=")) {
                txs = Integer.parseInt(a.substring("--txs=".length()));
            } else if (a.startsWith("--blocks=")) {
                blocks = Integer.parseInt(a.substring("--blocks=".length()));
            } else if (a.startsWith("--shot=")) {
                shot = Path.of(a.substring("--shot=".length()));
            } else {
                throw new IllegalArgumentException("unknown option " + a + " (known: --txs=N, --blocks=N, --shot=FILE.png)");
            }
        }
        Benches.requireRealNode("wallet bench");
        final var txsF = txs;
        final var blocksF = blocks;
        Benches.runAndExit(() -> run(txsF, blocksF));
    }

    private static void run(int txs, int blocks) throws Exception {
        double loadAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        NodeBinary binary = RegtestNetwork.nodeBinaryOrSkip();
        ChainSpec spec = ChainSpec.bigWallet(txs);
        ChainCache.Cached chain = ChainCache.defaultCache().obtain(spec, binary);
        Path dir = Files.createTempDirectory("bitcoinfx-walletbench-");
        chain.copyInto(dir.resolve("datadir"), true);
        Path settingsFile = Benches.regtestSettings(dir, "-connect=0 -fallbackfee=0.0001 -mocktime=" + spec.networkMocktime() + " -wallet=" + ChainSpec.BIG_WALLET
                + " -wallet=" + ChainSpec.FUNDER);

        Benches.startFx(WAIT_S);
        CompletableFuture<Void> exited = new CompletableFuture<>();
        AppConfig config = new AppConfig(settingsFile, NodeBackends::load, false, () -> exited.complete(null));
        FxStallMeter stall = new FxStallMeter();
        long[] readStart = {0};
        double[] firstChunkMs = {-1}; // read start → the first chunk handed to the FX thread

        // one pair a history read: the app's start, then a switch back to bob
        java.util.concurrent.atomic.AtomicReference<CompletableFuture<Double>> firstPageRef = new java.util.concurrent.atomic.AtomicReference<>(new CompletableFuture<>());
        java.util.concurrent.atomic.AtomicReference<CompletableFuture<Double>> wholeReadRef = new java.util.concurrent.atomic.AtomicReference<>(new CompletableFuture<>());
        CompletableFuture<Double> firstPage = firstPageRef.get();
        CompletableFuture<Double> wholeRead = wholeReadRef.get();
        BitcoinFxApp app = fx(() -> {
            BitcoinFxApp a = new BitcoinFxApp(config);
            a.start(new Stage());
            a.mainWindow().showPage("Wallet");
            WalletViewModel vm = ((WalletPage) a.mainWindow().pages().stream().filter(p -> p.title().equals("Wallet")).findFirst().orElseThrow())
                    .viewModel();
            Scene scene = a.context().stage().getScene();
            showActivityTab(scene);
            vm.historyReadProperty().addListener((o, was, now) -> {
                if (now.intValue() == 0) {
                    readStart[0] = System.nanoTime();
                    firstChunkMs[0] = -1;
                } else if (now.intValue() > 0 && was.intValue() == 0) {
                    firstChunkMs[0] = (System.nanoTime() - readStart[0]) / 1e6;
                }
            });
            vm.activity().addListener((ListChangeListener<WalletTx>) c -> {
                CompletableFuture<Double> fp = firstPageRef.get();
                if (!vm.activity().isEmpty() && vm.historyReadProperty().get() >= 0 && readStart[0] != 0 && !fp.isDone()) {
                    long from = readStart[0];
                    scene.addPostLayoutPulseListener(new Runnable() {
                        @Override
                        public void run() {
                            scene.removePostLayoutPulseListener(this);
                            fp.complete((System.nanoTime() - from) / 1e6);
                        }
                    });
                    Platform.requestNextPulse();
                }
            });
            vm.historySizeProperty().addListener((o, was, now) -> {
                if (now.intValue() > 0 && readStart[0] != 0) {
                    wholeReadRef.get().complete((System.nanoTime() - readStart[0]) / 1e6);
                }
            });
            stall.start();
            return a;
        });
        try {
            WalletViewModel vm = fx(() -> ((WalletPage) app.mainWindow().pages().stream().filter(p -> p.title().equals("Wallet")).findFirst()
                    .orElseThrow()).viewModel());
            double first = firstPage.get(WAIT_S, TimeUnit.SECONDS);
            double whole = wholeRead.get(WAIT_S, TimeUnit.SECONDS);
            long readGap = fx(stall::maxGapMillis);
            waitFx(() -> vm.historySizeProperty().get() == spec.bigWalletTxs(), WAIT_S);
            NodeClient client = fx(() -> app.context().session().clientProperty().get());

            // the app is up: switch to the funder's wallet and back to bob, whose history is read again from nothing
            if (!fx(() -> showActivityTab(app.context().stage().getScene()))) {
                throw new AssertionError("no Activity tab found");
            }
            FxStallMeter switchStall = new FxStallMeter();
            fx(() -> {
                switchStall.start();
                vm.selectedProperty().set(ChainSpec.FUNDER);
                return null;
            });
            waitFx(() -> vm.historySizeProperty().get() > 0 && ChainSpec.FUNDER.equals(vm.selectedProperty().get()), WAIT_S);
            int funderRows = fx(() -> vm.historySizeProperty().get());
            CompletableFuture<Double> firstPage2 = new CompletableFuture<>();
            CompletableFuture<Double> wholeRead2 = new CompletableFuture<>();
            firstPageRef.set(firstPage2);
            wholeReadRef.set(wholeRead2);
            fx(() -> {
                vm.selectedProperty().set(ChainSpec.BIG_WALLET);
                return null;
            });
            double first2 = firstPage2.get(WAIT_S, TimeUnit.SECONDS);
            double chunk2 = fx(() -> firstChunkMs[0]);
            double whole2 = wholeRead2.get(WAIT_S, TimeUnit.SECONDS);
            waitFx(() -> vm.historySizeProperty().get() == spec.bigWalletTxs(), WAIT_S);
            long switchGap = fx(() -> {
                switchStall.stop();
                return switchStall.maxGapMillis();
            });

            List<Double> refresh = new ArrayList<>();
            for (int i = 1; i <= blocks; i++) {
                String to = client.rpc().callWallet(ChainSpec.BIG_WALLET, "getnewaddress").get(60, TimeUnit.SECONDS).asText();
                client.rpc().callWallet(ChainSpec.FUNDER, "sendtoaddress", to, 0.01).get(60, TimeUnit.SECONDS);
                client.rpc().call("generatetoaddress", 1, RegtestNode.OP_TRUE_ADDRESS).get(60, TimeUnit.SECONDS);
                int want = txs + i;
                // the payment shows in the mempool's refresh or the block's; wait for the block's (one confirmation)
                waitFx(() -> vm.historySizeProperty().get() == want && vm.history().rows().get(0).confirmations() == 1, WAIT_S);
                refresh.add(fx(() -> vm.lastRefreshMillisProperty().get()));
            }
            String target = fx(() -> vm.history().rows().get(1).txid());
            long searchStart = System.nanoTime();
            fx(() -> {
                vm.searchProperty().set(target);
                return null;
            });
            waitFx(() -> vm.activity().size() == 1, WAIT_S);
            double search = (System.nanoTime() - searchStart) / 1e6;
            if (shot != null) { // the Activity tab as the search left it, to look at
                fx(() -> {
                    vm.searchProperty().set("payer 4");
                    return null;
                });
                waitFx(() -> vm.activity().size() > 1, WAIT_S);
                FxMain.snap(app, shot);
            }
            long rss = Benches.rssKb(ProcessHandle.current().pid());
            long maxGap = fx(stall::maxGapMillis);

            Collections.sort(refresh);
            System.out.println();
            System.out.println("Bitcoin FX wallet bench (under load): " + String.format(Locale.ROOT, "%,d", txs) + " transactions in wallet bob, bitcoin-node "
                    + binary.version() + ", Java " + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors()
                    + " CPUs, load average " + String.format(Locale.ROOT, "%.1f at start, %.1f at end", loadAtStart,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
            row("Activity first page", String.format(Locale.ROOT, "%.0f ms (bob selected again; newest %,d rows; in the model at %.0f ms)", first2,
                    Math.min(txs, org.bitcoinfx.gui.wallet.WalletService.FIRST_CHUNK), chunk2),
                    "≤ 200 ms", first2 <= 200);
            row("whole history read", String.format(Locale.ROOT, "%.0f ms (%,d rows); longest FX gap meanwhile %d ms", whole2, txs, switchGap), "", true);
            row("  the same at the app's start", String.format(Locale.ROOT, "first page %.0f ms, whole %.0f ms; longest FX gap %d ms (the window being built)",
                    first, whole, readGap), "", true);
            row("  (alice, switched to first)", String.format(Locale.ROOT, "%,d rows", funderRows), "", true);
            row("new block's refresh (n=" + refresh.size() + ")", String.format(Locale.ROOT, "p50 %.1f ms, max %.1f ms", Benches.pct(refresh, 50),
                    refresh.get(refresh.size() - 1)), "≤ 100 ms", Benches.pct(refresh, 50) <= 100);
            row("search by txid", String.format(Locale.ROOT, "%.0f ms (typed → 1 row shown, polled every 100 ms)", search), "", true);
            row("app RSS at the end", String.format(Locale.ROOT, "%.0f MB", rss / 1000.0), "≤ 300 MB", rss / 1000.0 <= 300);
            row("longest FX-thread gap", maxGap + " ms", "", true);
        } finally {
            fx(() -> {
                stall.stop();
                app.shutdown().requestClose();
                return null;
            });
            exited.get(WAIT_S, TimeUnit.SECONDS);
        }
    }

    /** Selects the Wallet page's Activity tab (its table is then laid out as rows come). @return true if found */
    private static boolean showActivityTab(Scene scene) {
        scene.getRoot().applyCss();
        for (javafx.scene.Node n : scene.getRoot().lookupAll(".tab-pane")) {
            TabPane tp = (TabPane) n;
            var tab = tp.getTabs().stream().filter(t -> "tab-activity".equals(t.getId())).findFirst();
            if (tab.isPresent()) {
                tp.getSelectionModel().select(tab.get());
                return true;
            }
        }
        return false;
    }

    private static void row(String what, String figure, String target, boolean met) {
        System.out.printf(Locale.ROOT, "  %-30s %-70s %s%n", what, figure, target.isEmpty() ? "" : "target " + target + " " + (met ? "met" : "MISSED"));
    }
}
