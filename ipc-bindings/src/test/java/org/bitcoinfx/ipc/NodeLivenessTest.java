package org.bitcoinfx.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link NodeLiveness} with probes the test answers (or never answers): the states it reports,
 * in order, and that a late probe is never joined by another. No assertion depends on how fast
 * the machine is: a probe that is never answered is late under any load.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NodeLivenessTest {
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final BlockingQueue<NodeLiveness.State> changes = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private NodeLiveness.State next() throws InterruptedException {
        NodeLiveness.State s = changes.poll(30, TimeUnit.SECONDS);
        if (s == null) {
            throw new AssertionError("no state change within 30 s");
        }
        return s;
    }

    @Test
    void aProbeThatNeverAnswersIsReportedAndItsLateAnswerClearsIt() throws Exception {
        List<CompletableFuture<String>> probes = new CopyOnWriteArrayList<>();
        CompletableFuture<String> hung = new CompletableFuture<>(); // a node that stopped answering
        try (NodeLiveness l = NodeLiveness.watch(() -> {
            CompletableFuture<String> p = probes.isEmpty() ? hung : CompletableFuture.completedFuture("liveness");
            probes.add(p);
            return p;
        }, Duration.ofMillis(5), Duration.ofMillis(50), scheduler, changes::add)) {
            assertEquals(NodeLiveness.State.NOT_RESPONDING, next());
            assertEquals(NodeLiveness.State.NOT_RESPONDING, l.state());
            assertEquals(1, probes.size(), "no second probe while the first is pending");
            hung.complete("liveness");
            assertEquals(NodeLiveness.State.RESPONDING, next());
            assertEquals(NodeLiveness.State.RESPONDING, l.state());
        }
    }

    /**
     * An error the node sends answers the probe (RESPONDING); a probe that fails as disconnected ends the watch with
     * no change reported and no further probe. The disconnect is a probe handed over already failed, and only once
     * the test has seen RESPONDING (the probes before it are answered at once): failed later from the test thread, a
     * test thread held up past the 50 ms deadline let NOT_RESPONDING come first (the stress round's first form of
     * this test); handed over failed at once, it could end the watch between the error's answer and its RESPONDING
     * report (the second).
     */
    @Test
    void anErrorTheNodeSendsIsAnAnswerAndADisconnectEndsTheWatch() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<String> hung = new CompletableFuture<>();
        java.util.concurrent.atomic.AtomicBoolean respondingSeen = new java.util.concurrent.atomic.AtomicBoolean();
        CompletableFuture<Integer> disconnectProbe = new CompletableFuture<>();
        try (NodeLiveness l = NodeLiveness.watch(() -> {
            int n = calls.incrementAndGet();
            if (n == 1) {
                return hung;
            }
            if (!respondingSeen.get()) {
                return CompletableFuture.completedFuture("liveness");
            }
            disconnectProbe.complete(n);
            return CompletableFuture.failedFuture(new DisconnectedException("socket closed"));
        }, Duration.ofMillis(5), Duration.ofMillis(50), scheduler, changes::add)) {
            assertEquals(NodeLiveness.State.NOT_RESPONDING, next());
            hung.completeExceptionally(new RemoteException(IpcException.Type.FAILED, "std::exception: busy"));
            assertEquals(NodeLiveness.State.RESPONDING, next());
            respondingSeen.set(true);
            int last = disconnectProbe.get(30, TimeUnit.SECONDS);
            // the watch ended as that probe failed: no further probe, no change reported
            assertEquals(NodeLiveness.State.RESPONDING, l.state());
            assertEquals(last, calls.get(), "no probe after the disconnect");
        }
        assertEquals(null, changes.poll());
    }

    @Test
    void aLateCheckAndTheAnswerReachTheListenerInTheOrderTheyHappened() throws Exception {
        CompletableFuture<String> hung = new CompletableFuture<>();
        List<NodeLiveness.State> seen = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch inNotResponding = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        try (NodeLiveness l = NodeLiveness.watch(() -> calls.incrementAndGet() == 1 ? hung : new CompletableFuture<>(),
                Duration.ofHours(1), Duration.ofMillis(50), scheduler, s -> {
                    if (s == NodeLiveness.State.NOT_RESPONDING) {
                        inNotResponding.countDown();
                        try {
                            release.await(30, TimeUnit.SECONDS); // the deadline's thread stalls inside its report
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    seen.add(s); // recorded as the report ends
                })) {
            assertTrue(inNotResponding.await(30, TimeUnit.SECONDS));
            Thread answer = new Thread(() -> hung.complete("liveness"), "answer");
            answer.start();
            // the answer either reports at once (and is recorded first) or waits for the report before it
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (seen.isEmpty() && answer.getState() != Thread.State.BLOCKED && answer.isAlive()) {
                assertTrue(System.nanoTime() < deadline, "the answer neither reported nor waited");
                Thread.onSpinWait();
            }
            release.countDown();
            answer.join(30_000);
            assertEquals(List.of(NodeLiveness.State.NOT_RESPONDING, NodeLiveness.State.RESPONDING), seen);
            assertEquals(NodeLiveness.State.RESPONDING, l.state());
        }
    }

    @Test
    void periodAndDeadlineMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> NodeLiveness.watch(CompletableFuture::new, Duration.ZERO,
                Duration.ofSeconds(1), scheduler, changes::add));
        assertThrows(IllegalArgumentException.class, () -> NodeLiveness.watch(CompletableFuture::new, Duration.ofSeconds(1),
                Duration.ofMillis(-1), scheduler, changes::add));
    }
}
