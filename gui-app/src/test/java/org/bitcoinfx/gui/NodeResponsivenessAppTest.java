package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bitcoinfx.gui.node.NodeBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The header's node state says "Node not responding" while the connected node does not answer
 * the liveness probe, and "Connected" once it answers again. The fake node holds its answers on
 * a latch-like gate, so the probe is late under any load; the deadline (2 s, set before the app
 * starts, read when the client connects) is short only to keep the test quick. A probe late by
 * chance on a loaded machine only delays the first "Connected", which is waited for.
 */
class NodeResponsivenessAppTest extends AppTestBase {
    @Override
    NodeBackend makeBackend() {
        System.setProperty("bitcoinfx.liveness.periodMs", "100");
        System.setProperty("bitcoinfx.liveness.deadlineMs", "2000");
        return super.makeBackend();
    }

    @AfterEach
    void clearProperties() {
        System.clearProperty("bitcoinfx.liveness.periodMs");
        System.clearProperty("bitcoinfx.liveness.deadlineMs");
    }

    @Test
    void aNodeThatStopsAnsweringIsShownAndClearedWhenItAnswers() throws Exception {
        waitReady();
        waitText("#node-state", "● Connected");
        backend.node().state().stopAnswering();
        waitText("#node-state", "● Node not responding");
        assertTrue(lookup("#node-state").queryAs(javafx.scene.control.Label.class).getStyleClass().contains("node-state-not-responding"));
        backend.node().state().answerAgain();
        waitText("#node-state", "● Connected");
    }
}
