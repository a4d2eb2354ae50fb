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
}
