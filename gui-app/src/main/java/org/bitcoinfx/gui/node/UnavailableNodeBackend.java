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
    private final List<Consumer<NodeStatus>> listeners = new CopyOnWriteArrayList<>();
    private volatile NodeStatus status = NodeStatus.of(NodeState.STOPPED, "");
    private volatile Path lastPath;

    /** @param locator how to look for the binary */
    public UnavailableNodeBackend(NodeBinaryLocator locator) {
        this.locator = locator;
    }

    @Override
    public CompletableFuture<NodeClient> start(NodeSettings settings) {
        Optional<Path> binary = findNodeBinary(settings.nodeBinary());
        String message = binary.map(p -> "Found bitcoin-node at " + p
                        + ", but this build of Bitcoin FX has no node launcher yet (bundled-node).")
                .orElse(NO_NODE);
        binary.ifPresent(p -> lastPath = p);
        setStatus(NodeStatus.error(message, List.of()));
        return CompletableFuture.failedFuture(new IllegalStateException(message));
    }

    @Override
    public CompletableFuture<Void> stop() {
        setStatus(NodeStatus.of(NodeState.STOPPED, ""));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void kill() {
        setStatus(NodeStatus.of(NodeState.STOPPED, ""));
    }

    private void setStatus(NodeStatus s) {
        status = s;
        listeners.forEach(l -> l.accept(s));
    }

    @Override
    public NodeStatus status() {
        return status;
    }

    @Override
    public void addStatusListener(Consumer<NodeStatus> listener) {
        listeners.add(listener);
    }

    @Override
    public void removeStatusListener(Consumer<NodeStatus> listener) {
        listeners.remove(listener);
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
