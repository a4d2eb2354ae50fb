package org.bitcoinfx.gui.node;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.node.NodeState;
import org.bitcoinfx.node.NodeState;

/**
 * The app's one seam to the bitcoin-node child process: launch, supervision, log and stop. The
 * real implementation sits on top of {@code bundled-node}; tests use a fake.
 *
 * <p>Implementations are thread-safe. Listeners are called on any thread (never assume the
 * JavaFX Application Thread) and must return quickly.
 */
public interface NodeBackend {

    /**
     * Launches bitcoin-node with {@code settings} and connects to its IPC socket.
     *
     * @return completes with a connected client once the node answers over IPC (state
     *         {@link NodeState#READY}); fails with the reason (state {@link NodeState#ERROR} or
     *         {@link NodeState#CRASHED}) if it cannot be started or connected
     */
    CompletableFuture<NodeClient> start(NodeSettings settings);

    /**
     * Asks the node to shut down cleanly (closes IPC, then waits for the process to exit; may take
     * minutes while the node flushes its chainstate).
     *
     * @return completes when the process has exited (state {@link NodeState#STOPPED})
     */
    CompletableFuture<Void> stop();

    /** Kills the node process at once (SIGKILL); for "do not wait" after a stop that takes too long. */
    void kill();

    /**
     * Reports a failure the app saw on the node's connection, which the backend cannot see itself:
     * the client's connection closed or was lost, the node's Mining interface failed (an old
     * schema: {@code OldNodeException}), or a start failed without the backend saying why. The
     * backend is the only writer of its status ({@link #status()}, which {@code NodeSession}
     * mirrors): it moves to {@link NodeState#ERROR} with {@code message} and its recent log, unless
     * it is stopping, stopped or already shows a problem (then the report is only logged).
     *
     * @param message what went wrong, one sentence for the problem banner
     */
    void reportFailure(String message);

    /**
     * Shows that a start could not even be tried because the settings cannot be used (extra node
     * arguments with an unbalanced quote, in a settings file edited by hand): unless a node is
     * starting, running or stopping, the backend moves to {@link NodeState#STARTING} and then to
     * {@link NodeState#ERROR} with {@code message}, so the problem banner shows it and the user can
     * fix it on the Settings page. Nothing is launched.
     *
     * @param message why, one sentence naming what to fix
     */
    void refuseStart(String message);

    /** @return the current state; never null */
    NodeStatus status();

    /** Subscribes to state changes; the listener is not called with the current state. */
    void addStatusListener(Consumer<NodeStatus> listener);

    /** Unsubscribes. */
    void removeStatusListener(Consumer<NodeStatus> listener);

    /** Subscribes to the node's log (debug.log / stdout), one line per call, in order. */
    void addLogListener(Consumer<String> listener);

    /** Unsubscribes. */
    void removeLogListener(Consumer<String> listener);

    /** @return up to {@code max} of the most recent log lines, oldest first */
    List<String> recentLog(int max);

    /**
     * Looks for a bitcoin-node binary: {@code configured} if given (the real backend then checks
     * only it: a bad choice is reported, not silently replaced), else {@code $BITCOIN_NODE}, the
     * app's bundled node, {@code PATH}, …. May take seconds (it runs {@code bitcoin-node -version}):
     * call it off the JavaFX thread.
     *
     * @param configured the path the user chose, or null
     * @return the binary found, or empty ("no bitcoin-node found"; {@link #notFoundReason()} says why)
     */
    Optional<Path> findNodeBinary(Path configured);

    /**
     * @return why the last {@link #findNodeBinary} or {@link #start} found no usable bitcoin-node: a
     *         first line like the ERROR message, then {@code Places tried:} and one line per place
     *         with what was wrong there; empty if it found one or cannot say
     */
    default String notFoundReason() {
        return "";
    }

    /**
     * Attach mode ({@code --connect unix:PATH}): from the next {@link #start} on, connect to the node
     * already serving {@code socket} instead of launching one; {@link #stop()} then only disconnects.
     * Call before the first start.
     *
     * @param socket the node's IPC socket (absolute)
     * @throws UnsupportedOperationException if this backend cannot attach (the default)
     */
    default void setAttachSocket(Path socket) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot attach to a running bitcoin-node");
    }

    /**
     * @return the IPC socket of the node while it is ready (spawned or attached), for tools that open a
     *         connection of their own (the inspector's IPC check); empty when there is none or this
     *         backend has no socket (the default)
     */
    default Optional<Path> ipcSocket() {
        return Optional.empty();
    }

    /** @return the binary the running (or last) node was started from, if any */
    Optional<Path> nodePath();

    /** @return the node's version as it reports it (e.g. {@code v32.0.0}), once known */
    Optional<String> nodeVersion();
}
