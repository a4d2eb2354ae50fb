package org.bitcoinfx.node;

import java.nio.file.Path;
import java.util.OptionalInt;
import org.bitcoinfx.ipc.NodeClient;

/**
 * Listener for a {@link NodeSupervisor}'s lifecycle. Every method has an empty default. Calls come
 * one at a time, in order, on the supervisor's event thread ({@code bitcoinfx-node-events}), never
 * on the FX thread: a JavaFX listener wraps its work in {@code Platform.runLater}. A listener that
 * throws is logged and does not stop the others.
 */
public interface NodeEvents {
    /** A bitcoin-node child was spawned. @param pid its process id */
    default void started(long pid) {
    }

    /** An init progress message from debug.log, e.g. {@code "Loading block index…"}. */
    default void progress(String message) {
    }

    /** Instead of spawning, the supervisor attached to a node already running. @param socket its IPC socket */
    default void attached(Path socket) {
    }

    /** The node answers over IPC. @param client the connection to use */
    default void ready(NodeClient client) {
    }

    /** Starting failed; {@link NodeSupervisor#start()} also throws it. @param error with exit code and last log lines */
    default void startFailed(NodeStartException error) {
    }

    /** A stop was requested and is under way. */
    default void stopping() {
    }

    /**
     * A stop is under way and the node is still shutting down (flushing its chainstate) this long
     * after SIGTERM; repeated every {@link NodeConfig#termTimeout()}. The stop goes on waiting: a UI
     * may offer {@link NodeSupervisor#forceKill()} after asking the user.
     *
     * @param sinceSigterm time since SIGTERM was sent
     */
    default void stillStopping(java.time.Duration sinceSigterm) {
    }

    /** The node stopped on request (or, when attached, we disconnected). @param exitCode the child's exit code, empty when attached */
    default void stopped(OptionalInt exitCode) {
    }

    /** The node exited, or the attached connection ended, without a stop request. */
    default void crashed(NodeCrash crash) {
    }
}
