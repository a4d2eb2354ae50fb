package org.bitcoinfx.gui;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.bitcoinfx.gui.blocks.BlocksPage;
import org.bitcoinfx.gui.console.ConsolePage;
import org.bitcoinfx.gui.feedback.FeedbackBundle;
import org.bitcoinfx.gui.inspector.IpcEventLog;
import org.bitcoinfx.gui.inspector.IpcInspectorPage;
import org.bitcoinfx.gui.log.NodeLogPage;
import org.bitcoinfx.gui.mempool.MempoolPage;
import org.bitcoinfx.gui.mining.MiningPage;
import org.bitcoinfx.gui.node.NodeSession;
import org.bitcoinfx.gui.onboarding.OnboardingView;
import org.bitcoinfx.gui.peers.PeersPage;
import org.bitcoinfx.gui.settings.Settings;
import org.bitcoinfx.gui.settings.SettingsPage;
import org.bitcoinfx.gui.settings.SettingsStore;
import org.bitcoinfx.gui.shell.AppConfig;
import org.bitcoinfx.gui.shell.AppContext;
import org.bitcoinfx.gui.shell.ErrorDialogs;
import org.bitcoinfx.gui.shell.MainWindow;
import org.bitcoinfx.gui.shell.Page;
import org.bitcoinfx.gui.shell.ProblemBanner;
import org.bitcoinfx.gui.shell.ShutdownController;
import org.bitcoinfx.gui.shell.ThemeManager;
import org.bitcoinfx.gui.status.StatusPage;
import org.bitcoinfx.gui.wallet.WalletPage;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Bitcoin FX application: onboarding on first run, then the main window wired to a
 * {@link NodeSession}. Start it with {@link Main}; tests construct it with an {@link AppConfig}.
 */
public class BitcoinFxApp extends Application {
    private static final Logger LOG = LoggerFactory.getLogger(BitcoinFxApp.class);

    private AppConfig config;
    private AppContext ctx;
    private MainWindow mainWindow;
    private ShutdownController shutdown;
    private IpcEventLog ipcLog;
    private String settingsWarning = "";
    private final StackPane root = new StackPane();
    private org.bitcoinfx.gui.shell.UriHandoff handoff;
    private org.bitcoinfx.gui.notify.Notifier notifier;
    private org.bitcoinfx.gui.notify.ToastNotifier toasts;
    /** Tells of incoming payments (held: it listens to the session). */
    @SuppressWarnings("unused")
    private org.bitcoinfx.gui.notify.PaymentWatcher paymentWatcher;
    /** A payment link that came before the main window (during onboarding): opened once it shows. */
    private String pendingPaymentUri;

    /** For {@link Application#launch}: configuration comes from the command line. */
    public BitcoinFxApp() {
    }

    /** For tests and demos: a given configuration. */
    public BitcoinFxApp(AppConfig config) {
        this.config = config;
    }

    @Override
    public void start(Stage stage) throws IOException {
        if (config == null) {
            config = AppConfig.fromArgs(getParameters().getRaw(), Platform::exit);
        }
        ErrorDialogs.installUncaughtHandler(stage);
        org.bitcoinfx.gui.about.AboutDialog.applyIcons(stage);
        SettingsStore store = new SettingsStore(config.settingsFile());
        if (config.resetSettings()) {
            LOG.info("--reset-settings: forgetting {}", store.file());
            store.reset();
        }
        SettingsStore.Loaded loaded = store.loadChecked();
        Settings settings = loaded.settings();
        settingsWarning = loaded.warning();
        ThemeManager.apply(settings.themeProperty().get());
        settings.themeProperty().addListener((o, a, b) -> ThemeManager.apply(b));

        NodeSession session = new NodeSession(config.backend().get());
        ctx = new AppContext(settings, store, session, stage, config);
        shutdown = new ShutdownController(ctx, root);
        ipcLog = new IpcEventLog();
        session.clientProperty().addListener((o, old, c) -> {
            if (old != null) {
                old.removeListener(ipcLog);
            }
            if (c != null) {
                c.addListener(ipcLog);
            }
        });

        root.getStyleClass().add("app-root");
        notifier = org.bitcoinfx.gui.notify.DesktopNotifier.choose(System.getenv(), toasts = new org.bitcoinfx.gui.notify.ToastNotifier(root));
        paymentWatcher = new org.bitcoinfx.gui.notify.PaymentWatcher(session, notifier, () -> true);
        Scene scene = new Scene(root, 1180, 760);
        scene.getStylesheets().add(BitcoinFxApp.class.getResource("app.css").toExternalForm());
        stage.setScene(scene);
        logFirstFrame(scene); // before any other first-frame action: the figure is the window's alone
        stage.titleProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            var c = settings.chainProperty().get();
            return "Bitcoin FX" + (c.isTest() ? " [" + c.displayName().toLowerCase(java.util.Locale.ROOT) + "]" : "");
        }, settings.chainProperty()));
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        stage.setOnCloseRequest(e -> {
            e.consume();
            shutdown.requestClose();
        });
        // Ctrl+Q (Cmd+Q on macOS) quits as closing the window does, from every view (bitcoin-qt's File > Exit)
        scene.getAccelerators().put(new javafx.scene.input.KeyCodeCombination(javafx.scene.input.KeyCode.Q,
                javafx.scene.input.KeyCombination.SHORTCUT_DOWN), shutdown::requestClose);

        pendingPaymentUri = config.paymentUri();
        if (config.handoffDir() != null) {
            try {
                handoff = org.bitcoinfx.gui.shell.UriHandoff.listen(config.handoffDir(), uri -> Platform.runLater(() -> openPaymentUri(uri)));
            } catch (IOException e) {
                LOG.warn("Payment links from later starts cannot reach this app: {}", e.getMessage());
            }
        }
        if (settings.onboardedProperty().get()) {
            showMain();
            // the node starts once the window's first frame is laid out: bitcoin-node's own start-up
            // (its CPU on a 2-core machine) no longer delays the window (packaging/README.md, start-up)
            afterFirstLayout(scene, () -> session.start(settings));
        } else {
            root.getChildren().setAll(new OnboardingView(ctx, () -> {
                settings.onboardedProperty().set(true);
                ctx.saveSettings();
                showMain();
                session.start(settings);
            }));
        }
        stage.show();
        if (loaded.hasWarning()) {
            SettingsPage.showLoadWarning(stage, loaded.warning()); // a damaged settings file: say what was kept and recovered
        }
    }

    /**
     * Logs when the window's first frame is laid out, counted from the process's start (launch
     * time, as AppBench measures it). {@link org.bitcoinfx.gui.util.ProcessStart}, not ProcessHandle's
     * start instant (whole-second boot time: up to 1 s too early) nor java.management (the packaged
     * runtime leaves that module out).
     */
    private static void logFirstFrame(Scene scene) {
        afterFirstLayout(scene, () -> org.bitcoinfx.gui.util.ProcessStart.ofCurrent().ifPresent(start -> LOG.info("window shown {} ms after the process started",
                    java.time.Duration.between(start, java.time.Instant.now()).toMillis())));
    }

    /**
     * Runs {@code action} once, right after the scene's first pulse has laid out the window (the
     * post-layout listener; the action itself goes to the next FX event, outside the pulse).
     */
    private static void afterFirstLayout(Scene scene, Runnable action) {
        Runnable[] once = new Runnable[1];
        once[0] = () -> {
            scene.removePostLayoutPulseListener(once[0]);
            Platform.runLater(action);
        };
        scene.addPostLayoutPulseListener(once[0]);
    }

    private void showMain() {
        List<Page> pages = List.of(
                new StatusPage(ctx),
                new WalletPage(ctx),
                new BlocksPage(ctx),
                new MiningPage(ctx),
                new MempoolPage(ctx),
                new PeersPage(ctx),
                new ConsolePage(ctx),
                new IpcInspectorPage(ctx, ipcLog),
                new NodeLogPage(ctx),
                new SettingsPage(ctx));
        ProblemBanner banner = new ProblemBanner(
                () -> ctx.session().restart(ctx.settings()),
                () -> {
                    if (ctx.chooseNodeBinary() != null) {
                        ctx.session().restart(ctx.settings());
                    }
                },
                shutdown::requestClose);
        Button feedback = new Button("Send feedback", new FontIcon(Feather.MESSAGE_SQUARE));
        feedback.setId("nav-feedback");
        feedback.getStyleClass().add("nav-button");
        feedback.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        feedback.setMaxWidth(Double.MAX_VALUE);
        feedback.setOnAction(e -> FeedbackBundle.saveInteractive(ctx, ipcLog, root));
        Button about = new Button("About", new FontIcon(Feather.INFO));
        about.setId("nav-about");
        about.getStyleClass().add("nav-button");
        about.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        about.setMaxWidth(Double.MAX_VALUE);
        about.setOnAction(e -> org.bitcoinfx.gui.about.AboutDialog.show(ctx));
        List<Node> foot = new ArrayList<>();
        foot.add(feedback);
        foot.add(about);
        mainWindow = new MainWindow(ctx, pages, banner, foot);
        root.getChildren().setAll(mainWindow);
        ctx.setBlockOpener(hash -> {
            mainWindow.showPage("Blocks");
            pages.stream().filter(p -> p instanceof BlocksPage).map(p -> (BlocksPage) p).findFirst().ifPresent(b -> b.find(hash));
        });
        if (pendingPaymentUri != null) {
            String uri = pendingPaymentUri;
            pendingPaymentUri = null;
            Platform.runLater(() -> openPaymentUri(uri));
        }
    }

    /**
     * Opens a {@code bitcoin:} payment link: brings the window forward, and fills Send on the Wallet page from it
     * ({@link WalletPage#openPayment}); a link BIP21 does not allow is explained in a dialog, and nothing is
     * filled. During onboarding the link waits for the main window.
     */
    public void openPaymentUri(String uri) {
        ctx.stage().setIconified(false);
        ctx.stage().toFront();
        if (mainWindow == null) {
            pendingPaymentUri = uri;
            return;
        }
        org.bitcoinfx.gui.wallet.PaymentUri link;
        try {
            link = org.bitcoinfx.gui.wallet.PaymentUri.parse(uri);
        } catch (IllegalArgumentException e) {
            LOG.info("A payment link was refused: {}", e.getMessage());
            javafx.scene.control.Alert a = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.WARNING, e.getMessage());
            a.initOwner(ctx.stage());
            a.setTitle("Bitcoin FX");
            a.setHeaderText("This payment link cannot be used");
            a.getDialogPane().setId("payment-link-refused");
            a.show();
            return;
        }
        mainWindow.showPage("Wallet");
        mainWindow.pages().stream().filter(p -> p instanceof WalletPage).map(p -> (WalletPage) p).findFirst()
                .ifPresent(w -> w.openPayment(link));
    }

    /** @return what was wrong with the settings file at start (shown to the user), or empty */
    public String settingsWarning() {
        return settingsWarning;
    }

    /** @return the main window once onboarding is done (for tests), else null */
    public MainWindow mainWindow() {
        return mainWindow;
    }

    /** @return the shared context (for tests) */
    public AppContext context() {
        return ctx;
    }

    /** @return the IPC event log the inspector shows (for tests and feedback) */
    public IpcEventLog ipcLog() {
        return ipcLog;
    }

    /** @return the in-window notices (for tests) */
    public org.bitcoinfx.gui.notify.ToastNotifier toasts() {
        return toasts;
    }

    /** @return the window's root node */
    public StackPane root() {
        return root;
    }

    /** @return the shutdown controller (for tests) */
    public ShutdownController shutdown() {
        return shutdown;
    }

    /**
     * The JavaFX toolkit is exiting: if the node still runs and no shutdown is under way (an exit
     * not through the window's close), starts stopping it (without blocking this thread), then
     * unsubscribes. bundled-node's JVM shutdown hook waits for that stop, so no bitcoin-node is
     * left behind.
     */
    @Override
    public void stop() {
        if (handoff != null) {
            handoff.close();
        }
        if (notifier instanceof org.bitcoinfx.gui.notify.DesktopNotifier d) {
            d.close();
        }
        if (ctx != null) {
            var st = ctx.session().statusProperty().get().state();
            if (st != org.bitcoinfx.node.NodeState.STOPPED && (shutdown == null || !shutdown.isShuttingDown())) {
                LOG.info("the app is exiting while bitcoin-node is {}: stopping it", st);
                ctx.session().stop().whenComplete((v, e) -> {
                    if (e != null) {
                        LOG.error("stopping bitcoin-node on exit failed", org.bitcoinfx.gui.util.Fx.unwrap(e));
                    }
                });
            }
            if (mainWindow != null) {
                for (var page : mainWindow.pages()) {
                    try {
                        page.dispose();
                    } catch (RuntimeException e) {
                        LOG.error("disposing page {} failed", page.title(), e);
                    }
                }
            }
            ctx.session().close();
        }
    }
}
