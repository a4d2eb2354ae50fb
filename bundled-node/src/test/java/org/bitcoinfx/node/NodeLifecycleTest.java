package org.bitcoinfx.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NodeLifecycleTest {

    @Test
    void everyStateHasARowAndNoStateMovesToItself() {
        for (NodeState s : NodeState.values()) {
            assertTrue(NodeLifecycle.TRANSITIONS.containsKey(s), s + " has no row");
            assertFalse(NodeLifecycle.allowed(s, s), s + " → itself");
        }
    }

    @Test
    void aStartIsAllowedOnlyFromARestingState() {
        for (NodeState s : NodeState.values()) {
            if (s == NodeState.CONNECTING) {
                continue; // CONNECTING → STARTING is a warm-up step of the same start, not a new start
            }
            assertEquals(!s.isActive(), NodeLifecycle.allowed(s, NodeState.STARTING), "start from " + s);
        }
    }

    @Test
    void theHappyPathAndAStopAreLegal() {
        NodeLifecycle l = new NodeLifecycle("test", NodeState.STOPPED);
        List<String> heard = new ArrayList<>();
        l.addListener((from, to) -> heard.add(from + ">" + to));
        assertTrue(l.transition(NodeState.STOPPED, NodeState.STARTING));
        assertTrue(l.transition(NodeState.STARTING, NodeState.CONNECTING));
        assertTrue(l.transition(NodeState.CONNECTING, NodeState.STARTING)); // a warm-up step
        assertTrue(l.transition(NodeState.STARTING, NodeState.READY));
        assertEquals(NodeState.READY, l.moveTo(NodeState.STOPPING));
        assertEquals(NodeState.STOPPING, l.moveTo(NodeState.STOPPED));
        assertEquals(List.of("STOPPED>STARTING", "STARTING>CONNECTING", "CONNECTING>STARTING", "STARTING>READY",
                "READY>STOPPING", "STOPPING>STOPPED"), heard);
    }

    @Test
    void anIllegalMoveFailsAndChangesNothing() {
        NodeLifecycle l = new NodeLifecycle("test", NodeState.STOPPED);
        List<String> heard = new ArrayList<>();
        l.addListener((from, to) -> heard.add(from + ">" + to));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> l.transition(NodeState.STOPPED, NodeState.READY));
        assertTrue(e.getMessage().contains("STOPPED → READY"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> l.moveTo(NodeState.CRASHED));
        assertThrows(IllegalStateException.class, () -> l.transition(NodeState.STOPPING, NodeState.READY));
        assertEquals(NodeState.STOPPED, l.state());
        assertEquals(List.of(), heard);
    }

    @Test
    void aTransitionFromAStateThatIsNotCurrentDoesNotMove() {
        NodeLifecycle l = new NodeLifecycle("test", NodeState.STOPPED);
        assertFalse(l.transition(NodeState.READY, NodeState.STOPPING));
        assertFalse(l.transitionFromAny(Set.of(NodeState.STARTING, NodeState.CONNECTING), NodeState.READY));
        assertEquals(NodeState.STOPPED, l.state());
        assertEquals(NodeState.STOPPED, l.moveTo(NodeState.STOPPED), "already there: nothing to do");
    }

    @Test
    void racingThreadsMoveOnceAndListenersHearEachTransitionOnceInOrder() throws Exception {
        for (int round = 0; round < 200; round++) {
            NodeLifecycle l = new NodeLifecycle("test", NodeState.READY);
            List<String> heard = Collections.synchronizedList(new ArrayList<>());
            l.addListener((from, to) -> heard.add(from + ">" + to));
            AtomicInteger won = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            for (NodeState to : List.of(NodeState.STOPPING, NodeState.CRASHED, NodeState.ERROR, NodeState.STOPPED)) {
                pool.execute(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    if (l.transition(NodeState.READY, to)) {
                        won.incrementAndGet();
                    }
                });
            }
            go.countDown();
            pool.shutdown();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
            assertEquals(1, won.get());
            assertEquals(1, heard.size());
            assertEquals("READY>" + l.state(), heard.get(0));
        }
    }

    @Test
    void aFailingListenerDoesNotStopTheOthersOrTheMove() {
        NodeLifecycle l = new NodeLifecycle("test", NodeState.STOPPED);
        List<NodeState> heard = new ArrayList<>();
        l.addListener((from, to) -> {
            throw new IllegalArgumentException("listener bug on purpose");
        });
        l.addListener((from, to) -> heard.add(to));
        l.moveTo(NodeState.STARTING);
        assertEquals(NodeState.STARTING, l.state());
        assertEquals(List.of(NodeState.STARTING), heard);
    }
}
