package org.bitcoinfx.gui.node;

import java.time.Duration;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import org.bitcoinfx.ipc.NodeLiveness;

/**
 * Whether the connected node still answers, as an observable for the header's node state: a
 * {@link NodeLiveness} on each client the session connects (its own node-side Thread, a probe every
 * {@link #period()}, "not responding" after {@link #deadline()} without an answer), owned by the
 * {@link ConnectionScope} and stopped when it closes. The property changes on the JavaFX Application Thread.
 *
 * <p>The period and deadline are {@link NodeLiveness#DEFAULT_PERIOD} and
 * {@link NodeLiveness#DEFAULT_DEADLINE}, or the milliseconds in the system properties
 * {@code bitcoinfx.liveness.periodMs} and {@code bitcoinfx.liveness.deadlineMs} (for tests).
 */
public final class NodeResponsiveness {
    private final NodeSession session;
    private final ReadOnlyBooleanWrapper responding = new ReadOnlyBooleanWrapper(this, "responding", true);

    /** Watches each client {@code session} connects, from now on. Call on the JavaFX Application Thread. */
    public NodeResponsiveness(NodeSession session) {
        this.session = session;
        session.scopeProperty().addListener((o, old, sc) -> watch(sc));
        watch(session.scopeProperty().get());
    }

    /** @return false while the connected node has not answered a probe for longer than the deadline */
    public ReadOnlyBooleanProperty respondingProperty() {
        return responding.getReadOnlyProperty();
    }

    /** @return the time between probes */
    public static Duration period() {
        return Duration.ofMillis(Long.getLong("bitcoinfx.liveness.periodMs", NodeLiveness.DEFAULT_PERIOD.toMillis()));
    }

    /** @return how long a probe may take before the node counts as not responding */
    public static Duration deadline() {
        return Duration.ofMillis(Long.getLong("bitcoinfx.liveness.deadlineMs", NodeLiveness.DEFAULT_DEADLINE.toMillis()));
    }

    private void watch(ConnectionScope sc) {
        responding.set(true);
        if (sc == null) {
            return;
        }
        // the state as it is when the FX thread gets to it, not as the report said: never a stale one last
        NodeLiveness[] mine = new NodeLiveness[1];
        mine[0] = NodeLiveness.watch(sc.client(), period(), deadline(), session.scheduler(), s -> Platform.runLater(() -> {
            if (sc.isOpen()) {
                responding.set(mine[0].state() == NodeLiveness.State.RESPONDING);
            }
        }));
        sc.onClose(mine[0]::close);
    }
}
