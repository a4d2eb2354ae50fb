package org.bitcoinfx.gui;

import static org.bitcoinfx.gui.FxMain.fx;
import static org.bitcoinfx.gui.FxMain.snap;
import static org.bitcoinfx.gui.FxMain.waitFx;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.bitcoinfx.gui.node.BundledNodeBackend;
import org.bitcoinfx.gui.node.NodeBackends;
import org.bitcoinfx.gui.settings.Settings;
import org.bitcoinfx.gui.settings.SettingsStore;
import org.bitcoinfx.gui.settings.Theme;
import org.bitcoinfx.gui.shell.AppConfig;
import org.bitcoinfx.gui.shell.Page;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.node.Chain;
import org.bitcoinfx.node.NodeLocator;
import org.bitcoinfx.node.NodeState;

/**
 * Screenshots of the real app driving a real bitcoin-node on regtest (test scope; not part of
 * {@code mvn verify}). Walks onboarding (Regtest, a temporary datadir, full node), mines 101
 * blocks from the Console ({@code createwallet}, {@code getnewaddress}, {@code generatetoaddress}),
 * connects a second regtest node as a peer ({@code addnode}), visits every page in light and dark,
 * then shows the crash banner (the node killed with SIGKILL), the shutdown screen, and, in a second
 * window, "no bitcoin-node found". Writes {@code onboarding-1..4.png}, {@code light-status.png} (the
 * fresh node, before mining), {@code light-<page>.png}, {@code dark-<page>.png},
 * {@code light-status-synced.png} (after mining), {@code dark-crash-banner.png},
 * {@code light-ipc-check.png}, {@code dark-ipc-check.png} (the IPC check tab after a run),
 * {@code light-ipc-node-lines.png}, {@code dark-ipc-node-lines.png} (the node's own IPC lines: set
 * {@code SHOTS_EXTRA_ARGS=-debug=ipc}), {@code light-settings-connections.png}, {@code dark-settings-connections.png},
 * {@code dark-shutdown.png} and {@code light-no-node.png}.
 *
 * <pre>
 * mvn -B -q -ntp -pl gui-app -am test-compile
 * BITCOIN_NODE=/path/to/bitcoin-node xvfb-run -a -s "-screen 0 1400x900x24" \
 *     mvn -B -q -ntp -pl gui-app exec:exec -Dexec.classpathScope=test \
 *     -Dbitcoinfx.main=org.bitcoinfx.gui.RealNodeScreenshots -Dbitcoinfx.args="--out=$PWD/docs/screenshots"
 * </pre>
 * (or {@code gui-app/shots.sh}). Needs a display (Xvfb is fine); prints each file it writes.
 */
public final class RealNodeScreenshots {
    private static final long WAIT_S = 60;

    private RealNodeScreenshots() {
    }

    /** Options: {@code --out=DIR} (default {@code docs/screenshots}). */
    public static void main(String[] args) throws Exception {
        Path out = Path.of("docs/screenshots");
        for (String a : args) {
            if (a.startsWith("--out=")) {
                out = Path.of(a.substring("--out=".length()));
            } else {
                throw new IllegalArgumentException("unknown option " + a + " (known: --out=DIR)");
            }
        }
        String node = System.getenv("BITCOIN_NODE");
        if (node == null || node.isBlank()) {
            System.err.println("BITCOIN_NODE is not set: these screenshots need a real bitcoin-node");
            System.exit(2);
        }
        Files.createDirectories(out);
        Path dir = Files.createTempDirectory("bitcoinfx-shots-");
        Process peer = null;
        int code = 1;
        try {
            peer = startPeer(Path.of(node), dir);
            run(out, dir);
            code = 0;
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            if (current != null) {
                try {
                    snap(current, out.resolve("failure.png"));
                } catch (Exception snapFailed) {
                    snapFailed.printStackTrace();
                }
            }
        } finally {
            if (peer != null) {
                peer.destroy();
                peer.waitFor(60, TimeUnit.SECONDS);
            }
        }
        Platform.exit();
        System.exit(code);
    }

    private static int peerPort;
    private static volatile BitcoinFxApp current;

    /** A second regtest node listening on 127.0.0.1, for the Peers page (no IPC, no RPC port). */
    private static Process startPeer(Path node, Path dir) throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            peerPort = s.getLocalPort();
        }
        Path dd = Files.createDirectories(dir.resolve("peer"));
        return new ProcessBuilder(node.toString(), "-regtest", "-datadir=" + dd, "-server=0", "-listen=1", "-bind=127.0.0.1:" + peerPort,
                "-port=" + peerPort, "-printtoconsole=0").redirectErrorStream(true).redirectOutput(dir.resolve("peer.out").toFile()).start();
    }

    private static void run(Path out, Path dir) throws Exception {
        Path settingsFile = dir.resolve("settings.json");
        Settings pre = new Settings();
        // -listen=0: no port clash with other regtest nodes on this machine
        pre.extraArgsProperty().set(("-listen=0 " + System.getenv().getOrDefault("SHOTS_EXTRA_ARGS", "")).strip());
        new SettingsStore(settingsFile).save(pre);
        CompletableFuture<Void> exited = new CompletableFuture<>();
        BitcoinFxApp app = launch(new AppConfig(settingsFile, NodeBackends::load, false, () -> exited.complete(null)));

        // onboarding
        Thread.sleep(800);
        snap(app, out.resolve("onboarding-1.png"));
        click(app, "#onboarding-next");
        fx(() -> {
            ((RadioButton) app.context().stage().getScene().lookup("#chain-regtest")).fire();
            return null;
        });
        Thread.sleep(300);
        snap(app, out.resolve("onboarding-2.png"));
        click(app, "#onboarding-next");
        fx(() -> {
            ((TextField) app.context().stage().getScene().lookup("#datadir-field")).setText(dir.resolve("datadir").toString());
            ((RadioButton) app.context().stage().getScene().lookup("#storage-full")).fire();
            return null;
        });
        waitFx(() -> label(app, "#space-check").startsWith("✓"));
        snap(app, out.resolve("onboarding-3.png"));
        click(app, "#onboarding-next");
        Thread.sleep(300);
        snap(app, out.resolve("onboarding-snapshot.png"));
        click(app, "#onboarding-next");
        waitFx(() -> label(app, "#node-binary").startsWith("✓"));
        snap(app, out.resolve("onboarding-4.png"));
        click(app, "#onboarding-finish");

        waitFx(() -> app.context().session().statusProperty().get().state() == NodeState.READY
                && app.context().session().clientProperty().get() != null);
        if (System.getenv("SHOTS_DEBUG") != null) {
            app.context().session().clientProperty().get().addListener(e -> System.out.println("IPC " + e.toLogLine()));
        }
        Thread.sleep(1500);
        snap(app, out.resolve("light-status.png"));

        // mine 101 blocks from the console and connect the peer
        fx(() -> {
            app.mainWindow().showPage("Console");
            return null;
        });
        console(app, "createwallet demo");
        String address = console(app, "getnewaddress").replace("\"", "").strip();
        console(app, "generatetoaddress 101 " + address);
        console(app, "addnode 127.0.0.1:" + peerPort + " add");
        console(app, "getbalances");
        waitFx(() -> status(app).viewModel().blocksProperty().get() == 101);

        JsonNode peers = app.context().session().clientProperty().get().rpc().call("getpeerinfo").get(WAIT_S, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + Duration.ofSeconds(WAIT_S).toNanos();
        while (peers.size() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            peers = app.context().session().clientProperty().get().rpc().call("getpeerinfo").get(WAIT_S, TimeUnit.SECONDS);
        }
        Thread.sleep(6000); // a few samples for the traffic chart

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
                if (p.title().equals("Mempool")) {
                    // a mempool to show: 24 payments from the demo wallet at 1…60 sat/vB (a chain through their change)
                    for (int i = 0; i < 24; i++) {
                        String to = client(app).rpc().callWallet("demo", "getnewaddress").get(WAIT_S, TimeUnit.SECONDS).asText();
                        client(app).rpc().callWallet("demo", "sendtoaddress", to, new java.math.BigDecimal("0.010").add(new java.math.BigDecimal("0.003").multiply(java.math.BigDecimal.valueOf(i))), "", "", false, true, null, "unset",
                                null, 1 + (i * 7) % 60).get(WAIT_S, TimeUnit.SECONDS);
                    }
                    Thread.sleep(6000); // the page's poll
                    fx(() -> {
                        TableView<?> t = (TableView<?>) app.context().stage().getScene().lookup("#mempool-recent");
                        t.getSelectionModel().select(Math.min(3, t.getItems().size() - 1));
                        return null;
                    });
                    Thread.sleep(1500);
                } else if (p.title().equals("Peers")) {
                    // a ban in the list (an address no peer has)
                    if (client(app).rpc().call("listbanned").get(WAIT_S, TimeUnit.SECONDS).isEmpty()) {
                        client(app).rpc().call("setban", "192.0.2.66", "add", 7 * 86_400).get(WAIT_S, TimeUnit.SECONDS);
                    }
                    Thread.sleep(600);
                    fx(() -> {
                        TableView<?> t = (TableView<?>) app.context().stage().getScene().lookup("#peers-table");
                        t.getSelectionModel().select(0);
                        return null;
                    });
                    // a block a second, so that the traffic chart has something to show
                    for (int i = 0; i < 6; i++) {
                        client(app).rpc().call("generatetoaddress", 1, address).get(WAIT_S, TimeUnit.SECONDS);
                        Thread.sleep(1000);
                    }
                } else {
                    Thread.sleep(1200);
                }
                String name = theme.name().toLowerCase(java.util.Locale.ROOT) + "-" + p.title().toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
                if (name.equals("light-status")) {
                    name = "light-status-synced"; // light-status.png is the fresh node, before mining
                }
                snap(app, out.resolve(name + ".png"));
                if (p.title().equals("Settings")) {
                    // the Connections and memory section, below the snapshot one
                    fx(() -> {
                        javafx.scene.Node c = app.context().stage().getScene().lookup("#settings-connections");
                        for (javafx.scene.Parent q = c.getParent(); q != null; q = q.getParent()) {
                            if (q instanceof javafx.scene.control.ScrollPane sp) {
                                sp.setVvalue(sp.getVmax());
                                break;
                            }
                        }
                        return null;
                    });
                    Thread.sleep(600);
                    snap(app, out.resolve(theme.name().toLowerCase(java.util.Locale.ROOT) + "-settings-connections.png"));
                }
                if (p.title().equals("IPC inspector")) {
                    // the IPC check tab after a run of the conformance suite against this node
                    fx(() -> {
                        ((javafx.scene.control.TabPane) app.context().stage().getScene().lookup("#ipc-tabs")).getTabs().stream().filter(t -> "ipc-tab-check".equals(t.getId())).findFirst().ifPresent(t -> t.getTabPane().getSelectionModel().select(t));
                        return null;
                    });
                    Thread.sleep(300);
                    fx(() -> {
                        ((javafx.scene.control.Button) app.context().stage().getScene().lookup("#ipc-check-run")).fire();
                        return null;
                    });
                    long checkDeadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                    while (fx(() -> ((javafx.scene.control.Label) app.context().stage().getScene().lookup("#ipc-check-summary")).getText())
                            .matches(".*(Running|Runs).*") && System.nanoTime() < checkDeadline) {
                        Thread.sleep(200);
                    }
                    Thread.sleep(500);
                    snap(app, out.resolve(theme.name().toLowerCase(java.util.Locale.ROOT) + "-ipc-check.png"));
                    // the node's own IPC lines (with -debug=ipc in SHOTS_EXTRA_ARGS), each marked matched or not
                    fx(() -> {
                        ((javafx.scene.control.TabPane) app.context().stage().getScene().lookup("#ipc-tabs")).getTabs().stream().filter(t -> "ipc-tab-node".equals(t.getId())).findFirst().ifPresent(t -> t.getTabPane().getSelectionModel().select(t));
                        return null;
                    });
                    Thread.sleep(800);
                    snap(app, out.resolve(theme.name().toLowerCase(java.util.Locale.ROOT) + "-ipc-node-lines.png"));
                    fx(() -> {
                        ((javafx.scene.control.TabPane) app.context().stage().getScene().lookup("#ipc-tabs")).getSelectionModel().select(0);
                        return null;
                    });
                }
            }
        }

        // crash: SIGKILL from outside
        fx(() -> {
            app.mainWindow().showPage("Status");
            return null;
        });
        BundledNodeBackend backend = (BundledNodeBackend) app.context().session().backend();
        backend.child().orElseThrow().destroyForcibly();
        waitFx(() -> app.context().session().statusProperty().get().state() == NodeState.CRASHED);
        Thread.sleep(1200);
        snap(app, out.resolve("dark-crash-banner.png"));

        // restart, then shut down
        click(app, "#problem-restart");
        waitFx(() -> app.context().session().statusProperty().get().state() == NodeState.READY);
        Thread.sleep(1500);
        var shutdownShot = fx(() -> {
            app.shutdown().requestClose();
            return app.context().stage().getScene().snapshot(null);
        });
        ImageIO.write(SwingFXUtils.fromFXImage(shutdownShot, null), "png", out.resolve("dark-shutdown.png").toFile());
        System.out.println("saved " + out.resolve("dark-shutdown.png"));
        exited.get(WAIT_S, TimeUnit.SECONDS);
        if (backend.child().map(ProcessHandle::isAlive).orElse(false)) {
            throw new AssertionError("bitcoin-node still runs after the shutdown");
        }
        fx(() -> {
            app.context().stage().close();
            return null;
        });

        // no node anywhere
        Path noNodeSettings = dir.resolve("no-node.json");
        Settings s = new Settings();
        s.onboardedProperty().set(true);
        s.chainProperty().set(Chain.REGTEST);
        s.dataDirProperty().set(dir.resolve("datadir2"));
        s.pruneProperty().set(false);
        new SettingsStore(noNodeSettings).save(s);
        NodeLocator nowhere = new NodeLocator(Map.of("PATH", "/usr/local/bin:/usr/bin:/bin"), Path.of(System.getProperty("user.home")), null,
                Path.of("/usr/local/libexec/bitcoin-node"), NodeLocator.DEFAULT_VERSION_TIMEOUT);
        BitcoinFxApp noNode = launch(new AppConfig(noNodeSettings,
                () -> new BundledNodeBackend(nowhere, IpcNodeClient::connect, null, Duration.ofSeconds(60)), false, () -> { }));
        waitFx(() -> noNode.context().session().statusProperty().get().state() == NodeState.ERROR);
        Thread.sleep(1000);
        snap(noNode, out.resolve("light-no-node.png"));
    }

    private static BitcoinFxApp launch(AppConfig config) throws Exception {
        CompletableFuture<BitcoinFxApp> started = new CompletableFuture<>();
        Runnable r = () -> {
            BitcoinFxApp a = new BitcoinFxApp(config);
            try {
                a.start(new Stage());
                current = a;
                started.complete(a);
            } catch (IOException | RuntimeException e) {
                started.completeExceptionally(e);
            }
        };
        try {
            Platform.startup(r);
            Platform.setImplicitExit(false); // the second window opens after the first one closed
        } catch (IllegalStateException alreadyRunning) {
            Platform.runLater(r);
        }
        return started.get(30, TimeUnit.SECONDS);
    }

    /** Runs a console command and returns its result text once it is there. */
    private static String console(BitcoinFxApp app, String command) throws Exception {
        waitFx(() -> app.context().stage().getScene().lookup("#console-output") != null);
        int before = fx(() -> outputCount(app));
        fx(() -> {
            TextField in = (TextField) app.context().stage().getScene().lookup("#console-input");
            in.setText(command);
            in.getOnAction().handle(null);
            return null;
        });
        waitFx(() -> {
            var output = (javafx.scene.layout.Pane) app.context().stage().getScene().lookup("#console-output");
            var kids = output.getChildren();
            return kids.size() >= before + 2 && !kids.get(kids.size() - 1).getStyleClass().contains("console-pending");
        });
        return fx(() -> {
            var output = (javafx.scene.layout.Pane) app.context().stage().getScene().lookup("#console-output");
            Label last = (Label) output.getChildren().get(output.getChildren().size() - 1);
            if (last.getStyleClass().contains("console-error")) {
                throw new IllegalStateException(command + " failed: " + last.getText());
            }
            return last.getText();
        });
    }

    private static org.bitcoinfx.ipc.NodeClient client(BitcoinFxApp app) throws Exception {
        return fx(() -> app.context().session().clientProperty().get());
    }

    private static org.bitcoinfx.gui.status.StatusPage status(BitcoinFxApp app) {
        return (org.bitcoinfx.gui.status.StatusPage) app.mainWindow().pages().stream().filter(p -> p.title().equals("Status")).findFirst().orElseThrow();
    }

    private static int outputCount(BitcoinFxApp app) {
        return ((javafx.scene.layout.Pane) app.context().stage().getScene().lookup("#console-output")).getChildren().size();
    }

    private static String label(BitcoinFxApp app, String id) {
        Node n = app.context().stage().getScene().lookup(id);
        return n instanceof Label l && l.getText() != null ? l.getText() : "";
    }

    private static void click(BitcoinFxApp app, String id) throws Exception {
        fx(() -> {
            ((Button) app.context().stage().getScene().lookup(id)).fire();
            return null;
        });
        Thread.sleep(300);
    }
}
