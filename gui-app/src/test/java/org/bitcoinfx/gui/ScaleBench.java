package org.bitcoinfx.gui;

import static org.bitcoinfx.gui.FxMain.fx;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.bitcoinfx.gui.blocks.BlockRow;
import org.bitcoinfx.gui.blocks.BlocksModel;
import org.bitcoinfx.gui.blocks.BlocksPage;
import org.bitcoinfx.gui.blocks.BlocksService;
import org.bitcoinfx.gui.console.ConsoleEntry;
import org.bitcoinfx.gui.console.ConsolePage;
import org.bitcoinfx.gui.fake.FakeNodeBackend;
import org.bitcoinfx.gui.node.ConnectionScope;
import org.bitcoinfx.gui.settings.Settings;
import org.bitcoinfx.gui.settings.SettingsStore;
import org.bitcoinfx.gui.shell.AppConfig;
import org.bitcoinfx.node.Chain;
import org.bitcoinfx.node.NodeState;

/**
 * Benchmark of the pages at mainnet-like sizes (#16; test scope, prints one table, asserts nothing; not part of
 * {@code mvn verify}), against an in-process FakeNode ({@link FakeNodeBackend}: the app and the fake share this
 * JVM's CPU, so the fake's own JSON work counts against the app here):
 * <ol>
 *   <li>Console {@code getblock <hash> 2} of FakeNode blocks of three sizes ({@code seedMempool(n)} then one
 *       block): Enter to the first frame showing the first screen of the answer (target ≤ 500 ms at ≥ 5 MB),
 *       split into the node's answer (parsed) and the formatting, and the longest FX-thread stall meanwhile
 *       ({@link FxStallMeter}, target ≤ 100 ms); p50/max over {@code --repeat} runs (default 5);</li>
 *   <li>Blocks on a chain of {@code --chain} blocks (default 10,000): scroll ({@code TableView.scrollTo}) to a
 *       height not fetched yet → first frame with that row filled in; find (jump) by height → first frame with the
 *       row shown and filled; p50/max over 10 each, and the rows with details held at the end.</li>
 * </ol>
 * Run under a display (Xvfb is fine): {@code gui-app/bench.sh --scale [--repeat=N] [--chain=N]}.
 */
public final class ScaleBench {
    private static final long WAIT_S = 300;

    private ScaleBench() {
    }

    /** Options: {@code --repeat=N} (default 5), {@code --chain=N} (default 10000). */
    public static void main(String[] args) throws Exception {
        int repeat = 5;
        int chain = 10_000;
        for (String a : args) {
            if (a.startsWith("--repeat=")) {
                repeat = Integer.parseInt(a.substring("--repeat=".length()));
            } else if (a.startsWith("--chain=")) {
                chain = Integer.parseInt(a.substring("--chain=".length()));
            } else {
                throw new IllegalArgumentException("unknown option " + a + " (known: --repeat=N, --chain=N)");
            }
        }
        final var repeatF = repeat;
        final var chainF = chain;
        Benches.runAndExit(() -> run(repeatF, chainF));
    }

    private static void run(int repeat, int chain) throws Exception {
        double loadAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Path dir = Files.createTempDirectory("bitcoinfx-scale-bench-");
        Path settingsFile = Benches.regtestSettings(dir, "");
        FakeNodeBackend backend = new FakeNodeBackend(20, 20);
        CompletableFuture<Void> exited = new CompletableFuture<>();
        AppConfig config = new AppConfig(settingsFile, () -> backend, false, () -> exited.complete(null));
        CompletableFuture<BitcoinFxApp> started = new CompletableFuture<>();
        Platform.startup(() -> {
            try {
                BitcoinFxApp app = new BitcoinFxApp(config);
                app.start(new Stage());
                started.complete(app);
            } catch (Exception e) {
                started.completeExceptionally(e);
            }
        });
        BitcoinFxApp app = started.get(WAIT_S, TimeUnit.SECONDS);
        FxMain.waitFx(() -> app.context().session().statusProperty().get().state() == NodeState.READY
                && app.context().session().scopeProperty().get() != null, WAIT_S);
        Scene scene = fx(() -> app.context().stage().getScene());
        List<String> table = new ArrayList<>();

        // 1. Console getblock <hash> 2 at three sizes
        ConsolePage console = fx(() -> {
            app.mainWindow().showPage("Console");
            return (ConsolePage) app.mainWindow().currentPage();
        });
        for (int txs : new int[] {500, 2_500, 3_500}) {
            backend.node().seedMempool(txs);
            String hash = backend.node().generate(1).hashHex();
            List<Double> firstScreen = new ArrayList<>();
            List<Double> answered = new ArrayList<>();
            long maxStall = 0;
            int chars = 0;
            for (int i = 0; i < repeat; i++) {
                FxStallMeter stall = new FxStallMeter();
                CompletableFuture<Long> answerAt = new CompletableFuture<>();
                CompletableFuture<Long> frame = new CompletableFuture<>();
                javafx.collections.ListChangeListener<ConsoleEntry> watch = c -> {
                        while (c.next()) {
                            for (ConsoleEntry e : c.getAddedSubList()) {
                                if (e.kindProperty().get() == ConsoleEntry.Kind.PENDING) {
                                    e.textProperty().addListener((o, a, b) -> {
                                        if (b.startsWith("Formatting")) {
                                            answerAt.complete(System.nanoTime());
                                        }
                                    });
                                    e.kindProperty().addListener((o, a, k) -> {
                                        if (k == ConsoleEntry.Kind.RESULT) {
                                            answerAt.complete(System.nanoTime());
                                            onNextPulse(scene, frame);
                                        }
                                    });
                                }
                            }
                        }
                };
                long t0 = fx(() -> {
                    stall.start();
                    console.viewModel().entries().addListener(watch);
                    long now = System.nanoTime();
                    console.viewModel().run("getblock " + hash + " 2");
                    return now;
                });
                long shown = frame.get(WAIT_S, TimeUnit.SECONDS);
                firstScreen.add((shown - t0) / 1e6);
                answered.add((answerAt.get() - t0) / 1e6);
                fx(() -> {
                    stall.stop();
                    console.viewModel().entries().removeListener(watch);
                    return null;
                });
                maxStall = Math.max(maxStall, stall.maxGapMillis());
                ConsoleEntry answer = fx(() -> {
                    var es = console.viewModel().entries();
                    return es.get(es.size() - 1);
                });
                chars = answer.fullText().length(); // a streamed answer holds no text: printed again here, off the JavaFX thread
                fx(() -> {
                    console.viewModel().clear();
                    return null;
                });
                System.gc();
            }
            double mb = chars / 1e6;
            table.add(row(String.format(Locale.ROOT, "console getblock 2, %,d tx (%.1f MB)", txs + 1, mb),
                    String.format(Locale.ROOT, "first screen p50 %.0f ms, max %.0f ms (node answer p50 %.0f ms); FX stall max %d ms",
                            p(firstScreen, 50), Collections.max(firstScreen), p(answered, 50), maxStall),
                    mb < 5 ? "" : "≤ 500 / ≤ 100 ms", p(firstScreen, 50) <= 500 && maxStall <= 100)); // the targets are for ≥ 5 MB
        }

        // 2. Blocks on a long chain
        backend.node().generate(chain);
        BlocksPage blocks = fx(() -> {
            app.mainWindow().showPage("Blocks");
            return (BlocksPage) app.mainWindow().currentPage();
        });
        int tip = backend.node().state().chain().height();
        FxMain.waitFx(() -> blocks.model().rows().size() == tip + 1 && !blocks.model().rows().get(0).pending(), WAIT_S);
        @SuppressWarnings("unchecked")
        TableView<BlockRow> tv = fx(() -> (TableView<BlockRow>) scene.lookup("#blocks-table"));
        FxStallMeter stall = new FxStallMeter();
        fx(() -> {
            stall.start();
            return null;
        });
        List<Double> scroll = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            int index = (k + 1) * tip / 12; // spread over the chain, none near the tip
            CompletableFuture<Long> filled = new CompletableFuture<>();
            long t0 = fx(() -> {
                long now = System.nanoTime();
                tv.scrollTo(index);
                whenFrame(scene, () -> filledAt(tv, index), filled);
                return now;
            });
            scroll.add((filled.get(WAIT_S, TimeUnit.SECONDS) - t0) / 1e6);
        }
        List<Double> jump = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            int height = (2 * k + 1) * tip / 24;
            int index = tip - height;
            CompletableFuture<Long> filled = new CompletableFuture<>();
            long t0 = fx(() -> {
                long now = System.nanoTime();
                ConnectionScope sc = app.context().session().scopeProperty().get();
                blocks.model().find(BlocksService.of(sc), sc, String.valueOf(height));
                whenFrame(scene, () -> blocks.model().jumpToProperty().get() == index && filledAt(tv, index), filled);
                return now;
            });
            jump.add((filled.get(WAIT_S, TimeUnit.SECONDS) - t0) / 1e6);
        }
        long blocksStall = fx(() -> {
            stall.stop();
            return stall.maxGapMillis();
        });
        int held = fx(() -> blocks.model().detailedCount());
        table.add(row(String.format(Locale.ROOT, "blocks scroll, %,d rows", tip + 1),
                String.format(Locale.ROOT, "to a row not fetched → filled: p50 %.0f ms, max %.0f ms", p(scroll, 50), Collections.max(scroll)), "", true));
        table.add(row("blocks find (jump)", String.format(Locale.ROOT, "height → row shown, filled: p50 %.0f ms, max %.0f ms; FX stall max %d ms; %d rows with details held (bound %d)",
                p(jump, 50), Collections.max(jump), blocksStall, held, BlocksModel.MAX_DETAILED), "", true));

        System.out.printf(Locale.ROOT, "%nScaleBench (FakeNode in-process; UNDER LOAD: load average %.1f at start, %.1f at end; %d CPUs)%n",
                loadAtStart, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());
        table.forEach(System.out::println);
        fx(() -> {
            app.shutdown().requestClose();
            return null;
        });
        exited.get(WAIT_S, TimeUnit.SECONDS);
    }

    /** True if the table shows a filled-in row at {@code index} (on the FX thread). */
    @SuppressWarnings("unchecked")
    private static boolean filledAt(TableView<BlockRow> tv, int index) {
        return tv.lookupAll(".table-row-cell").stream().map(n -> (TableRow<BlockRow>) n)
                .anyMatch(r -> r.isVisible() && r.getIndex() == index && r.getItem() != null && !r.getItem().pending());
    }

    private static String row(String what, String figure, String target, boolean met) {
        return String.format(Locale.ROOT, "  %-42s %-110s %-18s %s", what, figure, target.isEmpty() ? "" : "target " + target,
                target.isEmpty() ? "" : met ? "met" : "MISSED");
    }

    private static double p(List<Double> xs, int pct) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(Math.min(s.size() - 1, (int) Math.ceil(pct / 100.0 * s.size()) - 1));
    }

    /** Completes {@code f} with System.nanoTime() after the first laid-out frame in which {@code cond} holds. */
    private static void whenFrame(Scene scene, Callable<Boolean> cond, CompletableFuture<Long> f) {
        Runnable[] each = new Runnable[1];
        each[0] = () -> {
            try {
                if (cond.call()) {
                    scene.removePostLayoutPulseListener(each[0]);
                    f.complete(System.nanoTime());
                } else {
                    Platform.requestNextPulse();
                }
            } catch (Exception e) {
                scene.removePostLayoutPulseListener(each[0]);
                f.completeExceptionally(e);
            }
        };
        scene.addPostLayoutPulseListener(each[0]);
        Platform.requestNextPulse();
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
}
