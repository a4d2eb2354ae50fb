package org.bitcoinfx.gui;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javax.imageio.ImageIO;

/**
 * What the test-scope mains that drive the real app from another thread share (AppBench, the
 * screenshot runs, the demo): call on the JavaFX thread, wait for a condition there, save the
 * window as a PNG. The JavaFX toolkit must be running.
 */
final class FxMain {
    private FxMain() {
    }

    /** Runs {@code c} on the JavaFX Application Thread and returns its result (waits up to 30 s). */
    static <T> T fx(Callable<T> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(30, TimeUnit.SECONDS);
    }

    /** As {@link #waitFx(Callable, long)} with 60 s. */
    static void waitFx(Callable<Boolean> cond) throws Exception {
        waitFx(cond, 60);
    }

    /**
     * Polls {@code cond} on the JavaFX thread every 100 ms (a throw counts as false).
     *
     * @throws AssertionError if it is not true within {@code seconds}
     */
    static void waitFx(Callable<Boolean> cond, long seconds) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (true) {
            boolean ok;
            try {
                ok = fx(cond);
            } catch (Exception e) {
                ok = false;
            }
            if (ok) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + seconds + " s");
            }
            Thread.sleep(100);
        }
    }

    /** Saves the app's window as a PNG and says where. */
    static void snap(BitcoinFxApp app, Path file) throws Exception {
        var img = fx(() -> app.context().stage().getScene().snapshot(null));
        ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", file.toFile());
        System.out.println("saved " + file);
    }

    /**
     * Starts the real app (the ServiceLoader backend: a bitcoin-node from {@code BITCOIN_NODE}) on {@code settingsFile}
     * and waits until its node is READY and connected.
     *
     * @return the app, its window shown
     */
    static BitcoinFxApp launchRealApp(Path settingsFile) throws Exception {
        java.util.concurrent.CompletableFuture<BitcoinFxApp> started = new java.util.concurrent.CompletableFuture<>();
        Platform.startup(() -> {
            BitcoinFxApp a = new BitcoinFxApp(new org.bitcoinfx.gui.shell.AppConfig(settingsFile, org.bitcoinfx.gui.node.NodeBackends::load,
                    false, () -> { }));
            try {
                a.start(new javafx.stage.Stage());
                started.complete(a);
            } catch (java.io.IOException | RuntimeException e) {
                started.completeExceptionally(e);
            }
        });
        BitcoinFxApp app = started.get(30, TimeUnit.SECONDS);
        waitFx(() -> app.context().session().statusProperty().get().state() == org.bitcoinfx.node.NodeState.READY
                && app.context().session().clientProperty().get() != null, 120);
        return app;
    }

    /** Shows a sidebar page and gives it a moment to lay out (for a picture, not a test). */
    static void show(BitcoinFxApp app, String title) throws Exception {
        fx(() -> {
            app.mainWindow().showPage(title);
            return null;
        });
        Thread.sleep(600);
    }

    /** @return the node with this CSS id in the window; IllegalStateException when there is none */
    static javafx.scene.Node lookup(BitcoinFxApp app, String id) {
        javafx.scene.Node n = app.context().stage().getScene().lookup(id);
        if (n == null) {
            throw new IllegalStateException("no " + id + " in the scene");
        }
        return n;
    }

    /** @return the text field or area with this id */
    static javafx.scene.control.TextInputControl text(BitcoinFxApp app, String id) {
        return (javafx.scene.control.TextInputControl) lookup(app, id);
    }

    /** @return the label's text, or "" when there is no such label */
    static String label(BitcoinFxApp app, String id) {
        javafx.scene.Node n = app.context().stage().getScene().lookup(id);
        return n instanceof javafx.scene.control.Label l && l.getText() != null ? l.getText() : "";
    }

    /** Fires the button with this id, then gives the window a moment. */
    static void click(BitcoinFxApp app, String id) throws Exception {
        fx(() -> {
            ((javafx.scene.control.ButtonBase) lookup(app, id)).fire();
            return null;
        });
        Thread.sleep(300);
    }

    /** What a screenshot main does with the started app: {@code (app, outDir)}. */
    interface Shots {
        /** Takes the pictures into {@code out}. */
        void take(BitcoinFxApp app, Path out) throws Exception;
    }

    /** Starts the app for {@link #shotsMain} in a scratch directory (settings and datadir). */
    interface Launcher {
        /** @param dir a fresh directory @return the started app */
        BitcoinFxApp launch(Path dir) throws Exception;
    }

    /**
     * The main of a screenshot run on a real node: reads {@code --out=DIR} (default {@code docs/screenshots}), needs
     * {@code BITCOIN_NODE} (exit 2 without), starts the app with {@code launcher} in a scratch directory, takes the shots
     * (on a failure, {@code failure.png} and a stack trace), closes the app (its node stops), and exits 0 or 1.
     */
    static void shotsMain(String[] args, Launcher launcher, Shots shots) throws Exception {
        Path out = Path.of("docs/screenshots");
        for (String a : args) {
            if (a.startsWith("--out=")) {
                out = Path.of(a.substring("--out=".length()));
            } else {
                throw new IllegalArgumentException("unknown option " + a + " (known: --out=DIR)");
            }
        }
        if (System.getenv("BITCOIN_NODE") == null || System.getenv("BITCOIN_NODE").isBlank()) {
            System.err.println("BITCOIN_NODE is not set: these screenshots need a real bitcoin-node");
            System.exit(2);
        }
        java.nio.file.Files.createDirectories(out);
        Path dir = java.nio.file.Files.createTempDirectory("bitcoinfx-shots-");
        int code = 1;
        BitcoinFxApp app = null;
        try {
            app = launcher.launch(dir);
            shots.take(app, out);
            code = 0;
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            if (app != null) {
                snap(app, out.resolve("failure.png"));
            }
        } finally {
            if (app != null) {
                BitcoinFxApp a = app;
                fx(() -> {
                    a.shutdown().requestClose();
                    return null;
                });
                waitFx(() -> a.context().session().statusProperty().get().state() == org.bitcoinfx.node.NodeState.STOPPED, 120);
            }
        }
        Platform.exit();
        System.exit(code);
    }
}
