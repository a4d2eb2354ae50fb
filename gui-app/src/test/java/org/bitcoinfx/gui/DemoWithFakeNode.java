package org.bitcoinfx.gui;

import static org.bitcoinfx.gui.FxMain.fx;
import static org.bitcoinfx.gui.FxMain.snap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.bitcoinfx.gui.fake.FakeNodeBackend;
import org.bitcoinfx.gui.settings.Settings;
import org.bitcoinfx.gui.settings.SettingsStore;
import org.bitcoinfx.gui.settings.Theme;
import org.bitcoinfx.gui.shell.AppConfig;
import org.bitcoinfx.gui.shell.Page;
import org.bitcoinfx.gui.wallet.WalletPage;
import org.bitcoinfx.node.Chain;

/**
 * Runs the app against {@link FakeNodeBackend} (test scope only). Options:
 * {@code --onboarding} (start with onboarding), {@code --dark}, {@code --block-every=<s>} (default 8),
 * {@code --syncing} (headers ahead of blocks), {@code --crash-after=<s>},
 * {@code --screenshots=<dir>} (visit every page in light and dark, save PNGs, exit).
 *
 * <pre>mvn -q -pl gui-app exec:exec -Dexec.classpathScope=test -Dbitcoinfx.main=org.bitcoinfx.gui.DemoWithFakeNode</pre>
 */
public final class DemoWithFakeNode {
    private DemoWithFakeNode() {
    }

    /** Starts the demo. */
    public static void main(String[] args) throws Exception {
        boolean onboarding = false;
        boolean dark = false;
        boolean syncing = false;
        long blockEvery = 8;
        long crashAfter = -1;
        Path shots = null;
        for (String a : args) {
            if (a.equals("--onboarding")) {
                onboarding = true;
            } else if (a.equals("--dark")) {
                dark = true;
            } else if (a.equals("--syncing")) {
                syncing = true;
            } else if (a.startsWith("--block-every=")) {
                blockEvery = Long.parseLong(a.substring(14));
            } else if (a.startsWith("--crash-after=")) {
                crashAfter = Long.parseLong(a.substring(14));
            } else if (a.startsWith("--screenshots=")) {
                shots = Path.of(a.substring(14));
            } else {
                throw new IllegalArgumentException("unknown option " + a);
            }
        }
        Path dir = Files.createTempDirectory("bitcoinfx-demo");
        Path settingsFile = dir.resolve("settings.json");
        if (!onboarding) {
            Settings s = new Settings();
            s.onboardedProperty().set(true);
            s.chainProperty().set(Chain.REGTEST);
            s.dataDirProperty().set(dir.resolve("datadir"));
            s.pruneProperty().set(false);
            s.themeProperty().set(dark ? Theme.DARK : Theme.LIGHT);
            new SettingsStore(settingsFile).save(s);
        }
        FakeNodeBackend backend = new FakeNodeBackend(180, 400);
        if (syncing) {
            backend.setHeadersAhead(4200);
        }
        BitcoinFxApp[] app = new BitcoinFxApp[1];
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> {
            app[0] = new BitcoinFxApp(new AppConfig(settingsFile, () -> backend, false, () -> {
                Platform.exit();
                System.exit(0);
            }));
            try {
                app[0].start(new Stage());
                started.complete(null);
            } catch (IOException | RuntimeException e) {
                started.completeExceptionally(e);
            }
        });
        started.get(30, TimeUnit.SECONDS);
        var sched = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "demo-miner");
            t.setDaemon(true);
            return t;
        });
        boolean fast = syncing;
        sched.scheduleWithFixedDelay(() -> {
            if (backend.client() != null) {
                backend.generate(fast ? 40 : 1);
            }
        }, fast ? 1 : blockEvery, fast ? 1 : blockEvery, TimeUnit.SECONDS);
        if (crashAfter > 0) {
            sched.schedule(() -> backend.crash(134), crashAfter, TimeUnit.SECONDS);
        }
        if (shots != null) {
            try {
                screenshots(app[0], backend, shots);
            } catch (Exception e) {
                e.printStackTrace();
                System.exit(1);
            }
        }
    }

    private static void screenshots(BitcoinFxApp app, FakeNodeBackend backend, Path out) throws Exception {
        Files.createDirectories(out);
        Thread.sleep(2000);
        if (fx(() -> app.mainWindow() == null)) {
            for (int step = 1; step <= 5; step++) {
                if (step == 2) {
                    fx(() -> {
                        ((javafx.scene.control.RadioButton) app.context().stage().getScene().lookup("#chain-signet")).fire();
                        return null;
                    });
                }
                Thread.sleep(800);
                snap(app, out.resolve(step == 4 ? "onboarding-snapshot.png" : "onboarding-" + (step == 5 ? 4 : step) + ".png"));
                int s = step;
                fx(() -> {
                    var b = (javafx.scene.control.Button) app.context().stage().getScene()
                            .lookup(s == 5 ? "#onboarding-finish" : "#onboarding-next");
                    b.fire();
                    return null;
                });
            }
            Thread.sleep(2500);
        }
        fx(() -> {
            app.mainWindow().showPage("Console");
            var console = (TextField) app.context().stage().getScene().lookup("#console-input");
            for (String cmd : List.of("getpeerinfo", "getblockcount", "getblockhash 0", "getblockheader 42", "uptime")) {
                console.setText(cmd);
                console.getOnAction().handle(null);
            }
            return null;
        });
        backend.generate(1);
        // a funded wallet and a mempool for the Wallet and Mining pages
        backend.node().generateToWallet("demo", 101);
        backend.node().seedMempool(14);
        Thread.sleep(1500);
        for (Theme theme : Theme.values()) {
            fx(() -> {
                app.context().settings().themeProperty().set(theme);
                return null;
            });
            for (Page p : fx(() -> app.mainWindow().pages())) {
                fx(() -> {
                    app.mainWindow().showPage(p.title());
                    return null;
                });
                if (p.title().equals("Peers")) {
                    Thread.sleep(1500);
                    fx(() -> {
                        var t = (javafx.scene.control.TableView<?>) app.context().stage().getScene().lookup("#peers-table");
                        t.getSelectionModel().select(0);
                        return null;
                    });
                }
                Thread.sleep(p.title().equals("Peers") ? 7000 : 1200);
                String prefix = theme.name().toLowerCase() + "-";
                String name = prefix + p.title().toLowerCase().replace(' ', '-') + ".png";
                snap(app, out.resolve(name));
                if (p instanceof WalletPage w) {
                    walletShots(app, w, out, prefix);
                }
                if (p.title().equals("Mining")) {
                    fire(app, "#mining-payout-new");
                    Thread.sleep(800);
                    fire(app, "#mining-mine");
                    Thread.sleep(2000);
                    snap(app, out.resolve(prefix + "mining-mined.png"));
                    fx(() -> {
                        ((javafx.scene.control.TabPane) lookup(app, "#mining-tabs")).getSelectionModel().select(1);
                        return null;
                    });
                    Thread.sleep(600);
                    snap(app, out.resolve(prefix + "mining-coinbase.png"));
                    fx(() -> {
                        ((javafx.scene.control.TabPane) lookup(app, "#mining-tabs")).getSelectionModel().select(0);
                        return null;
                    });
                }
            }
        }
        fx(() -> {
            app.shutdown().requestClose();
            return null;
        });
        Thread.sleep(100);
        snap(app, out.resolve("shutdown.png"));
        Thread.sleep(5000); // the exit action ends the process once the node stopped
        Platform.exit();
        System.exit(0);
    }

    /** Receive (a request with QR), Send (review), then the send done and Activity. */
    private static void walletShots(BitcoinFxApp app, WalletPage w, Path out, String prefix) throws Exception {
        fx(() -> {
            w.showTab("Receive");
            ((TextField) lookup(app, "#recv-label")).setText("Alice — invoice 42");
            ((TextField) lookup(app, "#recv-amount")).setText("0.0125");
            ((TextField) lookup(app, "#recv-message")).setText("Thanks for the coffee beans");
            return null;
        });
        Thread.sleep(300);
        fire(app, "#recv-create");
        Thread.sleep(1000);
        snap(app, out.resolve(prefix + "wallet-receive.png"));
        String to = backend(app).rpc().callWallet("demo", "getnewaddress", "", "bech32m").get(5, TimeUnit.SECONDS).asText();
        fx(() -> {
            w.showTab("Send");
            ((TextField) lookup(app, "#send-address")).setText(to);
            ((TextField) lookup(app, "#send-label")).setText("Bob");
            ((TextField) lookup(app, "#send-amount")).setText("0.25");
            ((javafx.scene.control.RadioButton) lookup(app, "#send-fee-custom")).setSelected(true);
            ((TextField) lookup(app, "#send-fee-rate")).setText("3");
            return null;
        });
        Thread.sleep(1000);
        snap(app, out.resolve(prefix + "wallet-send.png"));
        fire(app, "#send-review");
        Thread.sleep(1000);
        snap(app, out.resolve(prefix + "wallet-send-review.png"));
        fire(app, "#review-send");
        Thread.sleep(1200);
        fx(() -> {
            w.showTab("Activity");
            ((javafx.scene.control.TableView<?>) lookup(app, "#activity-table")).getSelectionModel().select(0);
            return null;
        });
        Thread.sleep(1200);
        snap(app, out.resolve(prefix + "wallet-activity.png"));
        fx(() -> {
            w.showTab("Overview");
            return null;
        });
    }

    private static org.bitcoinfx.ipc.NodeClient backend(BitcoinFxApp app) {
        return app.context().session().clientProperty().get();
    }

    private static javafx.scene.Node lookup(BitcoinFxApp app, String id) {
        javafx.scene.Node n = app.context().stage().getScene().lookup(id);
        if (n == null) {
            throw new IllegalStateException("no " + id + " in the scene");
        }
        return n;
    }

    private static void fire(BitcoinFxApp app, String id) throws Exception {
        fx(() -> {
            ((javafx.scene.control.ButtonBase) lookup(app, id)).fire();
            return null;
        });
    }
}
