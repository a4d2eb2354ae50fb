package org.bitcoinfx.gui.node;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.node.NodeState;

/**
 * The backend used while no real {@link NodeBackend} is on the classpath: it can find a
 * bitcoin-node binary but cannot launch one, and says so as an {@link NodeState#ERROR}. The app
 * shows its problem banner ("no bitcoin-node found — Choose bitcoin-node…") instead of crashing.
 */
public final class UnavailableNodeBackend implements NodeBackend {
    /** The ERROR message when no binary was found. */
    public static final String NO_NODE = "No bitcoin-node found. Choose a bitcoin-node (v32 or newer, or a v31.99 master build, built with IPC).";

    private final NodeBinaryLocator locator;
    /** Its status, through the one node life cycle (see {@link NodeStatusBoard}). */
    private final NodeStatusBoard board = new NodeStatusBoard("unavailable backend");
    private volatile Path lastPath;

    /** @param locator how to look for the binary */
    public UnavailableNodeBackend(NodeBinaryLocator locator) {
        this.locator = locator;
    }

    @Override
    public synchronized CompletableFuture<NodeClient> start(NodeSettings settings) {
        Optional<Path> binary = findNodeBinary(settings.nodeBinary());
        String message = binary.map(p -> "Found bitcoin-node at " + p
                        + ", but this build of Bitcoin FX has no node launcher yet (bundled-node).")
                .orElse(NO_NODE);
        binary.ifPresent(p -> lastPath = p);
        if (board.state() != NodeState.STARTING) {
            board.set(NodeStatus.of(NodeState.STARTING, "Looking for bitcoin-node…"));
        }
        board.set(NodeStatus.error(message, List.of()));
        return CompletableFuture.failedFuture(new IllegalStateException(message));
    }

    @Override
    public synchronized CompletableFuture<Void> stop() {
        board.set(NodeStatus.of(NodeState.STOPPED, ""));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized void kill() {
        board.set(NodeStatus.of(NodeState.STOPPED, ""));
    }

    @Override
    public synchronized void refuseStart(String message) {
        if (board.state() != NodeState.STARTING) {
            board.set(NodeStatus.of(NodeState.STARTING, "Checking the settings…"));
        }
        board.set(NodeStatus.error(message, List.of()));
    }

    /** {@inheritDoc} This backend never has a connection: a report is only logged. */
    @Override
    public void reportFailure(String message) {
        org.slf4j.LoggerFactory.getLogger(UnavailableNodeBackend.class).info("failure reported without a node: {}", message);
    }

    @Override
    public NodeStatus status() {
        return board.get();
    }

    @Override
    public void addStatusListener(Consumer<NodeStatus> listener) {
        board.addListener(listener);
    }

    @Override
    public void removeStatusListener(Consumer<NodeStatus> listener) {
        board.removeListener(listener);
    }

    @Override
    public void addLogListener(Consumer<String> listener) {
        // no process, no log
    }

    @Override
    public void removeLogListener(Consumer<String> listener) {
        // no process, no log
    }

    @Override
    public List<String> recentLog(int max) {
        return List.of();
    }

    @Override
    public Optional<Path> findNodeBinary(Path configured) {
        return locator.find(configured);
    }

    @Override
    public Optional<Path> nodePath() {
        return Optional.ofNullable(lastPath);
    }

    @Override
    public Optional<String> nodeVersion() {
        return Optional.empty();
    }
}
