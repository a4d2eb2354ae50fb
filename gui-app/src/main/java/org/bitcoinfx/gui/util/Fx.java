package org.bitcoinfx.gui.util;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import javafx.application.Platform;

/** Helpers to keep IPC off the JavaFX Application Thread and results on it. */
public final class Fx {
    private Fx() {
    }

    /** Runs {@code r} on the JavaFX Application Thread: now if already on it, else later. */
    public static void run(Runnable r) {
        if (Platform.isFxApplicationThread()) {
            r.run();
        } else {
            Platform.runLater(r);
        }
    }

    /**
     * Delivers the outcome of {@code future} on the JavaFX Application Thread.
     *
     * @param onOk    gets the value
     * @param onError gets the cause (unwrapped from CompletionException)
     */
    public static <T> void deliver(CompletableFuture<T> future, Consumer<T> onOk, Consumer<Throwable> onError) {
        future.whenComplete((v, e) -> Platform.runLater(() -> {
            if (e != null) {
                onError.accept(unwrap(e));
            } else {
                onOk.accept(v);
            }
        }));
    }

    /** Strips CompletionException/ExecutionException wrappers. */
    public static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** @return a one-line message for {@code e}: its message, or its class name */
    public static String message(Throwable e) {
        Throwable t = unwrap(e);
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
