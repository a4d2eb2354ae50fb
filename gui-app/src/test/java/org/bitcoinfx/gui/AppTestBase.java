package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.scene.Node;
import javafx.scene.control.Label;
import org.bitcoinfx.gui.fake.FakeNodeBackend;
import org.bitcoinfx.gui.node.NodeBackend;
import org.bitcoinfx.gui.settings.Settings;
import org.bitcoinfx.gui.settings.SettingsStore;
import org.bitcoinfx.gui.shell.AppConfig;
import org.bitcoinfx.node.Chain;
import org.bitcoinfx.node.NodeState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** Starts {@link BitcoinFxApp} headless (Monocle) against a {@link FakeNodeBackend}. */
abstract class AppTestBase extends FxRobot {
    /**
     * Generous upper bound for things that take milliseconds on a quiet machine, seconds: a chain of a dozen RPCs
     * on a 2-core machine under {@code stress-ng} and a parallel build took over 10 s (SendWalletSwitchTest, 2026-12-06).
     */
    static final long WAIT = 30;

    @TempDir
    Path tmp;
    Path settingsFile;
    FakeNodeBackend backend;
    BitcoinFxApp app;
    final AtomicBoolean exited = new AtomicBoolean();

    /** @return true to start with settings already onboarded (regtest) */
    boolean onboarded() {
        return true;
    }

    /** Changes the onboarded settings before they are saved (default: nothing). */
    void customize(Settings s) {
    }

    /** Runs after the onboarded settings are saved, before the app starts (default: nothing). */
    void beforeLaunch() throws Exception {
    }

    /** @return the backend to use (default: a fake with 20 blocks, 20 ms start-up steps) */
    NodeBackend makeBackend() {
        backend = new FakeNodeBackend(20, 20);
        return backend;
    }

    @BeforeEach
    void launch() throws Exception {
        settingsFile = tmp.resolve("config").resolve("settings.json");
        if (onboarded()) {
            Settings s = new Settings();
            s.onboardedProperty().set(true);
            s.chainProperty().set(Chain.REGTEST);
            s.dataDirProperty().set(tmp.resolve("datadir"));
            s.pruneProperty().set(false);
            customize(s);
            new SettingsStore(settingsFile).save(s);
        }
        beforeLaunch();
        uncaughtBefore = Thread.getDefaultUncaughtExceptionHandler();
        NodeBackend b = makeBackend();
        FxToolkit.registerPrimaryStage();
        startApp(b);
    }

    private void startApp(NodeBackend b) throws Exception {
        app = (BitcoinFxApp) FxToolkit.setupApplication(() -> new BitcoinFxApp(appConfig(b)));
    }

    /** @return the app's configuration (default: the settings file, the backend, exit sets {@link #exited}) */
    AppConfig appConfig(NodeBackend b) {
        return new AppConfig(settingsFile, () -> b, false, () -> exited.set(true));
    }

    /**
     * Starts the app again, as a user reopening it: the app (closed through its window, or still open) is
     * cleaned up, then a new one starts on the same settings file with a new {@link #makeBackend()}.
     */
    void relaunch() throws Exception {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
        exited.set(false);
        startApp(makeBackend());
    }

    /**
     * The JVM's default uncaught-exception handler before this test's app installed its own; put back after the
     * test, so that an exception on a thread of a later test (a library's, a test double's) goes to that handler,
     * not to an error dialog of an app that has closed.
     */
    private Thread.UncaughtExceptionHandler uncaughtBefore;

    @AfterEach
    void tearDown() throws Exception {
        Thread.setDefaultUncaughtExceptionHandler(uncaughtBefore);
        if (app == null) {
            return; // launch was skipped (an assumption in makeBackend) or failed
        }
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
    }

    /** Waits until the app is connected to the fake node. */
    void waitReady() throws Exception {
        waitUntil(() -> app.context().session().clientProperty().get() != null
                && app.context().session().statusProperty().get().state() == NodeState.READY);
    }

    /** Polls {@code condition} on the JavaFX thread until true, or fails after {@link #WAIT} s. */
    static void waitUntil(Callable<Boolean> condition) throws Exception {
        waitUntil(WAIT, condition);
    }

    /**
     * As {@link #waitUntil(Callable)} with an explicit limit. A condition that cannot be read yet — the node it
     * looks up is not in the scene graph ({@link org.testfx.service.query.EmptyNodeQueryException}), or a text it
     * reads is not set ({@link NullPointerException}) — is not true yet: the wait goes on, and if it times out the
     * last such failure is attached to the timeout. (Before, the wait threw at once: the stress round found
     * {@code PaymentLinkAppTest} failing in 0.3 s on a Send field not shown yet.)
     */
    static void waitUntil(long seconds, Callable<Boolean> condition) throws Exception {
        java.util.concurrent.atomic.AtomicReference<RuntimeException> notYet = new java.util.concurrent.atomic.AtomicReference<>();
        Callable<Boolean> tolerant = () -> {
            try {
                return condition.call();
            } catch (org.testfx.service.query.EmptyNodeQueryException | NullPointerException e) {
                notYet.set(e);
                return false;
            }
        };
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(tolerant).get());
        } catch (java.util.concurrent.TimeoutException e) {
            if (notYet.get() != null) {
                e.addSuppressed(notYet.get());
            }
            throw e;
        }
    }

    /**
     * Waits for the uncaught-exception dialog ("Unexpected error") whose text contains {@code text}, looking at
     * every dialog shown (another may be open).
     */
    javafx.scene.control.DialogPane waitForErrorDialog(String text) throws Exception {
        Callable<java.util.Optional<javafx.scene.control.DialogPane>> find = () -> lookup(".dialog-pane")
                .queryAllAs(javafx.scene.control.DialogPane.class).stream()
                .filter(p -> "Unexpected error".equals(p.getHeaderText()) && p.getContentText() != null && p.getContentText().contains(text))
                .findFirst();
        waitUntil(() -> find.call().isPresent());
        return WaitForAsyncUtils.asyncFx(find).get().orElseThrow();
    }

    /**
     * Clicks Save on the Settings page; while the node runs, a change needs a restart and the page asks first:
     * confirms it.
     */
    void saveSettings() throws Exception {
        boolean active = app.context().session().statusProperty().get().state().isActive();
        clickOn("#settings-save");
        if (active) {
            waitUntil(() -> lookup("#settings-restart-confirm").tryQuery().isPresent());
            javafx.scene.control.DialogPane d = lookup("#settings-restart-confirm").queryAs(javafx.scene.control.DialogPane.class);
            clickOn(d.lookupButton(javafx.scene.control.ButtonType.OK));
        }
    }

    /** Shows a sidebar page. */
    void showPage(String title) {
        interact(() -> app.mainWindow().showPage(title));
        WaitForAsyncUtils.waitForFxEvents();
    }

    /**
     * A copy of {@code table}'s rows, made on the JavaFX thread: the app replaces them there ({@code setAll} is a clear
     * then an add), so a read from the test thread may see an empty or half-made list.
     */
    static <T> java.util.List<T> rows(javafx.scene.control.TableView<T> table) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> java.util.List.copyOf(table.getItems())).get(WAIT, java.util.concurrent.TimeUnit.SECONDS);
    }

    /**
     * The text a label, button or choice shows once laid out: its skin's {@code LabeledText} (not a graphic: an icon
     * is a Text too), which ends in an ellipsis when the control is too narrow for its text; null before its skin
     * exists. On the JavaFX thread.
     */
    static String shownText(javafx.scene.control.Labeled l) {
        return org.bitcoinfx.gui.util.Tables.shownText(l);
    }

    /**
     * TestFX's lookup, after a CSS pass over every window shown. A control inside a {@code TabPane} or
     * {@code ScrollPane} (Mining's transaction table) joins the scene graph only when its parent's skin is made, at
     * the next CSS pass; that comes with a pulse, which a loaded machine may not have run when a page or tab was just
     * shown and the JavaFX events are done (a stress round's lookup found no "#mining-txs"). The pass is what the
     * next pulse would do; it touches only what changed since the last one. From any thread.
     */
    @Override
    public org.testfx.service.query.NodeQuery lookup(String query) {
        if (javafx.application.Platform.isFxApplicationThread()) {
            cssPass();
        } else {
            interact(AppTestBase::cssPass);
        }
        return super.lookup(query);
    }

    private static void cssPass() {
        for (javafx.stage.Window w : javafx.stage.Window.getWindows()) {
            if (w.isShowing() && w.getScene() != null) {
                w.getScene().getRoot().applyCss();
            }
        }
    }

    /** @return the text of the Label with this id */
    String text(String query) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            Node n = lookup(query).query();
            return ((Label) n).getText();
        }).get();
    }

    /** Asserts the Label's text eventually equals {@code expected}. */
    void waitText(String query, String expected) throws Exception {
        try {
            waitUntil(() -> lookup(query).tryQuery().map(n -> expected.equals(((Label) n).getText())).orElse(false));
        } catch (java.util.concurrent.TimeoutException e) {
            assertEquals(expected, lookup(query).tryQuery().map(n -> ((Label) n).getText()).orElse("<no " + query + ">"));
        }
    }

    /** Types {@code query} in the Blocks page's find field (the page shown) and presses Enter. */
    void findBlock(String query) {
        interact(() -> {
            javafx.scene.control.TextField f = lookup("#block-find").query();
            f.setText(query);
            f.getOnAction().handle(null);
        });
    }

    /**
     * Runs a command in the Console page (shown) and waits up to {@code seconds} for its entry.
     *
     * @return the entry's label: its text is the result or the error (style class {@code console-error})
     */
    javafx.scene.control.Label consoleEntry(String command, long seconds) throws Exception {
        int before = WaitForAsyncUtils.asyncFx(() -> ((javafx.scene.layout.Pane) lookup("#console-output").query()).getChildren().size()).get();
        interact(() -> {
            javafx.scene.control.TextField in = lookup("#console-input").query();
            in.setText(command);
            in.getOnAction().handle(null);
        });
        waitUntil(seconds, () -> {
            var kids = ((javafx.scene.layout.Pane) lookup("#console-output").query()).getChildren();
            return kids.size() >= before + 2 && !kids.get(kids.size() - 1).getStyleClass().contains("console-pending");
        });
        return WaitForAsyncUtils.asyncFx(() -> {
            var kids = ((javafx.scene.layout.Pane) lookup("#console-output").query()).getChildren();
            return (javafx.scene.control.Label) kids.get(kids.size() - 1);
        }).get();
    }
}
