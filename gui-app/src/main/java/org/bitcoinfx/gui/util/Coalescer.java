package org.bitcoinfx.gui.util;

import javafx.animation.PauseTransition;
import javafx.util.Duration;

/**
 * Runs an action at once on the first trigger, then at most once per gap (one trailing run if
 * triggered meanwhile). Keeps bursts of tips during IBD from flooding the node with RPC calls.
 * Use on the JavaFX Application Thread only.
 */
public final class Coalescer {
    private final Runnable action;
    private final PauseTransition pause;
    private boolean cooling;
    private boolean pending;

    /** @param gapMillis the shortest time between two runs, ms; @param action what to run */
    public Coalescer(long gapMillis, Runnable action) {
        this.action = action;
        this.pause = new PauseTransition(Duration.millis(gapMillis));
        pause.setOnFinished(e -> {
            cooling = false;
            if (pending) {
                pending = false;
                fire();
            }
        });
    }

    /** Runs the action now, or once when the gap has passed. */
    public void trigger() {
        if (cooling) {
            pending = true;
            return;
        }
        fire();
    }

    private void fire() {
        cooling = true;
        pause.playFromStart();
        action.run();
    }
}
