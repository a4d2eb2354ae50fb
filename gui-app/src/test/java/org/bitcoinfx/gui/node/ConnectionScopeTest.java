package org.bitcoinfx.gui.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.gui.fake.FakeNodeConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** {@link ConnectionScope}: one service of each type, polls on the FX thread, everything cancelled on close. */
class ConnectionScopeTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private FakeNodeConnection fake;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @BeforeEach
    void startNode() throws Exception {
        fake = FakeNodeConnection.start(1);
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        fake.close();
    }

    @Test
    void servicesAreMadeOncePerScope() {
        ConnectionScope scope = new ConnectionScope(fake.client(), scheduler);
        Object a = scope.service(StringBuilder.class, s -> new StringBuilder("one"));
        Object b = scope.service(StringBuilder.class, s -> new StringBuilder("two"));
        assertSame(a, b);
        assertSame(a, scope.service(StringBuilder.class, s -> null));
    }

    @Test
    void closeCancelsPollsAndRunsCloseActionsNewestFirst() throws Exception {
        ConnectionScope scope = new ConnectionScope(fake.client(), scheduler);
        CountDownLatch polled = new CountDownLatch(2);
        ScheduledFuture<?> poll = scope.poll(polled::countDown, 0, 10, TimeUnit.MILLISECONDS);
        assertTrue(polled.await(5, TimeUnit.SECONDS));
        List<String> closed = new ArrayList<>();
        scope.onClose(() -> closed.add("first"));
        scope.onClose(() -> {
            throw new IllegalStateException("a failing close action is logged; the others still run");
        });
        scope.onClose(() -> closed.add("last"));
        WaitForAsyncUtils.asyncFx(scope::close).get(5, TimeUnit.SECONDS);
        assertFalse(scope.isOpen());
        assertTrue(poll.isCancelled());
        assertEquals(List.of("last", "first"), closed);
        // registered after the close: runs at once
        WaitForAsyncUtils.asyncFx(() -> scope.onClose(() -> closed.add("late"))).get(5, TimeUnit.SECONDS);
        assertEquals(List.of("last", "first", "late"), closed);
    }
}
