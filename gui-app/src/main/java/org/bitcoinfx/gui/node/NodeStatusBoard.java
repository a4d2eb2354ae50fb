package org.bitcoinfx.gui.node;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.bitcoinfx.node.NodeLifecycle;
import org.bitcoinfx.node.NodeState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backend's {@link NodeStatus} and its one writer: every new status is a move of the backend's
 * {@link NodeLifecycle} (checked against {@link NodeLifecycle#TRANSITIONS}; an illegal move throws,
 * a new message in the same state is not a move), is logged, and is told to the listeners in the
 * order it was set. {@link #set} is called with the owner's lock held, so that listeners hear states
 * in order; {@link #get} may be called from any thread.
 */
final class NodeStatusBoard {
    private static final Logger LOG = LoggerFactory.getLogger(BundledNodeBackend.class);

    private final NodeLifecycle lifecycle;
    private final List<Consumer<NodeStatus>> listeners = new CopyOnWriteArrayList<>();
    private volatile NodeStatus status = NodeStatus.of(NodeState.STOPPED, "");

    /** @param name the life cycle's name in the log, e.g. {@code backend} */
    NodeStatusBoard(String name) {
        lifecycle = new NodeLifecycle(name, NodeState.STOPPED);
    }

    /** @return the status now; never null */
    NodeStatus get() {
        return status;
    }

    /** @return the state now */
    NodeState state() {
        return status.state();
    }

    /**
     * Sets the status: moves the life cycle, logs, tells the listeners (a failing listener is logged).
     *
     * @throws IllegalStateException if the life cycle does not allow the move to {@code s.state()}
     */
    void set(NodeStatus s) {
        lifecycle.moveTo(s.state());
        status = s;
        LOG.info("node state {}{}", s.state(), s.message().isEmpty() ? "" : ": " + s.message().lines().findFirst().orElse(""));
        for (Consumer<NodeStatus> l : listeners) {
            try {
                l.accept(s);
            } catch (RuntimeException e) {
                LOG.error("a node status listener failed", e);
            }
        }
    }

    void addListener(Consumer<NodeStatus> l) {
        listeners.add(Objects.requireNonNull(l));
    }

    void removeListener(Consumer<NodeStatus> l) {
        listeners.remove(l);
    }
}
