package org.bitcoinfx.node;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bitcoin-node life cycle as one state machine with an explicit transition table, in the way
 * Cryptomator's {@code VaultState} does it: {@link #transition(NodeState, NodeState)} moves only
 * from the state the caller expects, fails on a move the table does not allow, and tells the
 * listeners once per transition, in order, with the lock of this object released.
 *
 * <pre>
 * STOPPED    → STARTING
 * STARTING   → CONNECTING, READY, STOPPING, STOPPED (killed), CRASHED, ERROR
 * CONNECTING → STARTING (a warm-up step), READY, STOPPING, STOPPED (killed), CRASHED, ERROR
 * READY      → STOPPING, STOPPED (killed), CRASHED, ERROR (attached node gone)
 * STOPPING   → STOPPED, ERROR (the stop that ended a failed start)
 * CRASHED    → STARTING, STOPPED, STOPPING
 * ERROR      → STARTING, STOPPED, STOPPING, CRASHED (the child's exit explains a lost connection)
 * </pre>
 * {@link NodeSupervisor} uses a subset (it has no CONNECTING); the app's backend all of it.
 * Thread-safe.
 */
public final class NodeLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(NodeLifecycle.class);

    /** The legal moves: {@code TRANSITIONS.get(from).contains(to)}. A state never moves to itself. */
    public static final Map<NodeState, Set<NodeState>> TRANSITIONS = table();

    /** Hears every transition once, in order. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param from the state left
         * @param to   the state entered
         */
        void transitioned(NodeState from, NodeState to);
    }

    private final String name;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Object deliver = new Object();
    private NodeState state;

    /**
     * @param name    what this life cycle belongs to, for the log (e.g. {@code supervisor})
     * @param initial the state to begin in, usually {@link NodeState#STOPPED}
     */
    public NodeLifecycle(String name, NodeState initial) {
        this.name = Objects.requireNonNull(name, "name");
        this.state = Objects.requireNonNull(initial, "initial");
    }

    /** @return true if the table allows {@code from → to} */
    public static boolean allowed(NodeState from, NodeState to) {
        return TRANSITIONS.get(from).contains(to);
    }

    /** @return the current state */
    public synchronized NodeState state() {
        return state;
    }

    /** Subscribes; the listener is not called with the current state. */
    public void addListener(Listener l) {
        listeners.add(Objects.requireNonNull(l));
    }

    /** Unsubscribes. */
    public void removeListener(Listener l) {
        listeners.remove(l);
    }

    /**
     * Moves {@code from → to} if the state is {@code from} now.
     *
     * @return true if it moved; false if the state was not {@code from} (another thread moved first)
     * @throws IllegalStateException if the table does not allow {@code from → to}: a bug in the caller
     */
    public boolean transition(NodeState from, NodeState to) {
        check(from, to);
        synchronized (deliver) {
            synchronized (this) {
                if (state != from) {
                    return false;
                }
                state = to;
            }
            fire(from, to);
        }
        return true;
    }

    /**
     * Moves from whatever the state is now to {@code to}, if that is a legal move; does nothing if
     * the state already is {@code to}.
     *
     * @return the state left ({@code to} itself when there was nothing to do)
     * @throws IllegalStateException if the table does not allow the move from the current state
     */
    public NodeState moveTo(NodeState to) {
        NodeState from;
        synchronized (deliver) {
            synchronized (this) {
                from = state;
                if (from == to) {
                    return to;
                }
                check(from, to);
                state = to;
            }
            fire(from, to);
        }
        return from;
    }

    /**
     * Moves to {@code to} if the current state is one of {@code from} (and the move is legal).
     *
     * @return true if it moved
     * @throws IllegalStateException if the current state is in {@code from} but the table does not allow the move
     */
    public boolean transitionFromAny(Set<NodeState> from, NodeState to) {
        NodeState was;
        synchronized (deliver) {
            synchronized (this) {
                was = state;
                if (!from.contains(was)) {
                    return false;
                }
                check(was, to);
                state = to;
            }
            fire(was, to);
        }
        return true;
    }

    private void check(NodeState from, NodeState to) {
        if (!allowed(from, to)) {
            throw new IllegalStateException(name + ": illegal node state transition " + from + " → " + to);
        }
    }

    private void fire(NodeState from, NodeState to) {
        LOG.debug("{}: {} → {}", name, from, to);
        for (Listener l : listeners) {
            try {
                l.transitioned(from, to);
            } catch (RuntimeException e) {
                LOG.error("{}: a life-cycle listener failed on {} → {}", name, from, to, e);
            }
        }
    }

    private static Map<NodeState, Set<NodeState>> table() {
        Map<NodeState, Set<NodeState>> t = new EnumMap<>(NodeState.class);
        t.put(NodeState.STOPPED, EnumSet.of(NodeState.STARTING));
        t.put(NodeState.STARTING, EnumSet.of(NodeState.CONNECTING, NodeState.READY, NodeState.STOPPING, NodeState.STOPPED,
                NodeState.CRASHED, NodeState.ERROR));
        t.put(NodeState.CONNECTING, EnumSet.of(NodeState.STARTING, NodeState.READY, NodeState.STOPPING, NodeState.STOPPED,
                NodeState.CRASHED, NodeState.ERROR));
        t.put(NodeState.READY, EnumSet.of(NodeState.STOPPING, NodeState.STOPPED, NodeState.CRASHED, NodeState.ERROR));
        t.put(NodeState.STOPPING, EnumSet.of(NodeState.STOPPED, NodeState.ERROR));
        t.put(NodeState.CRASHED, EnumSet.of(NodeState.STARTING, NodeState.STOPPED, NodeState.STOPPING));
        t.put(NodeState.ERROR, EnumSet.of(NodeState.STARTING, NodeState.STOPPED, NodeState.STOPPING, NodeState.CRASHED));
        for (Map.Entry<NodeState, Set<NodeState>> e : t.entrySet()) {
            e.setValue(java.util.Collections.unmodifiableSet(e.getValue()));
        }
        return java.util.Collections.unmodifiableMap(t);
    }
}
