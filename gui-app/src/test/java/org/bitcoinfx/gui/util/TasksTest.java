package org.bitcoinfx.gui.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;
import org.bitcoinfx.ipc.JsonRpcException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/** {@link Tasks}: results on the JavaFX thread, typed errors, nothing after the scope closed. */
class TasksTest {
    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void successArrivesOnTheFxThreadThenFinally() throws Exception {
        List<String> seen = new ArrayList<>();
        CompletableFuture<String> work = new CompletableFuture<>();
        CompletableFuture<Void> done = Tasks.on(TaskScope.ALWAYS, work, "t")
                .onSuccess(v -> seen.add(v + (Platform.isFxApplicationThread() ? "@fx" : "@other")))
                .andFinally(() -> seen.add("finally"))
                .run();
        work.complete("ok");
        done.get(5, TimeUnit.SECONDS);
        assertEquals(List.of("ok@fx", "finally"), seen);
    }

    @Test
    void theFirstMatchingErrorHandlerTakesTheUnwrappedCause() throws Exception {
        List<String> seen = new ArrayList<>();
        CompletableFuture<String> work = CompletableFuture.<String>failedFuture(new JsonRpcException(-8, "bad"))
                .thenApply(v -> v); // wrapped in a CompletionException
        Tasks.on(TaskScope.ALWAYS, work, "t")
                .onError(JsonRpcException.class, e -> seen.add("rpc " + e.code()))
                .onError(e -> seen.add("other"))
                .run().get(5, TimeUnit.SECONDS);
        assertEquals(List.of("rpc -8"), seen);
    }

    @Test
    void resultsAfterTheScopeClosedAreDropped() throws Exception {
        AtomicBoolean open = new AtomicBoolean(true);
        List<String> seen = new ArrayList<>();
        CompletableFuture<String> ok = new CompletableFuture<>();
        CompletableFuture<String> bad = new CompletableFuture<>();
        CompletableFuture<Void> d1 = Tasks.on(open::get, ok, "ok").onSuccess(seen::add).andFinally(() -> seen.add("finally")).run();
        CompletableFuture<Void> d2 = Tasks.on(open::get, bad, "bad").onError(e -> seen.add("error")).run();
        open.set(false);
        ok.complete("late");
        bad.completeExceptionally(new IllegalStateException("late"));
        d1.get(5, TimeUnit.SECONDS);
        d2.get(5, TimeUnit.SECONDS);
        assertTrue(seen.isEmpty(), seen.toString());
    }

    @Test
    void anErrorNoHandlerTakesIsLoggedAndTheTaskStillEnds() throws Exception {
        CompletableFuture<Void> done = Tasks.on(TaskScope.ALWAYS, CompletableFuture.failedFuture(new IllegalStateException("boom")), "t")
                .onError(JsonRpcException.class, e -> { })
                .run();
        assertNull(done.get(5, TimeUnit.SECONDS));
    }
}
