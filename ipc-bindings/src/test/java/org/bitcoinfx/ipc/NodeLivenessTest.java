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

    @Test
    void anErrorTheNodeSendsIsAnAnswerAndADisconnectEndsTheWatch() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<String> hung = new CompletableFuture<>();
        CompletableFuture<String> disconnected = new CompletableFuture<>();
        CompletableFuture<Void> secondProbe = new CompletableFuture<>();
        try (NodeLiveness l = NodeLiveness.watch(() -> switch (calls.incrementAndGet()) {
            case 1 -> hung;
            case 2 -> {
                // failed before it is handed over: the watch sees the disconnect inside this probe, well before its
                // 50 ms deadline (failed from the test thread instead, a test thread held up for 50 ms under load
                // let the deadline report NOT_RESPONDING first)
                disconnected.completeExceptionally(new DisconnectedException("socket closed"));
                secondProbe.complete(null);
                yield disconnected;
            }
            default -> new CompletableFuture<>();
        }, Duration.ofMillis(5), Duration.ofMillis(50), scheduler, changes::add)) {
            assertEquals(NodeLiveness.State.NOT_RESPONDING, next());
            hung.completeExceptionally(new RemoteException(IpcException.Type.FAILED, "std::exception: busy"));
            assertEquals(NodeLiveness.State.RESPONDING, next());
            secondProbe.get(30, TimeUnit.SECONDS);
            // the watch ended as the probe failed: no further probe, no change reported
            int probed = calls.get();
            assertEquals(2, probed);
            assertEquals(NodeLiveness.State.RESPONDING, l.state());
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
