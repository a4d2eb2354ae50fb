package org.bitcoinfx.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spawns bitcoin-node children with a private IPC socket and waits until they answer.
 */
public final class NodeLauncher {
    private static final Logger log = LoggerFactory.getLogger(NodeLauncher.class);

    private final NodeBinary binary;
    private final NodeConnector connector;

    /**
     * @param binary    the node to run (from {@link NodeLocator})
     * @param connector opens IPC connections (the real Cap'n Proto client in production)
     */
    public NodeLauncher(NodeBinary binary, NodeConnector connector) {
        this.binary = Objects.requireNonNull(binary, "binary");
        this.connector = Objects.requireNonNull(connector, "connector");
    }

    /** @return the node binary */
    public NodeBinary binary() {
        return binary;
    }

    /** @return the connector */
    public NodeConnector connector() {
        return connector;
    }

    /**
     * Starts the process and returns at once, without waiting for it to be ready: creates the datadir
     * if missing and a fresh 0700 runtime directory (checked), starts capturing stdout, stderr and
     * debug.log.
     *
     * @throws NodeStartException if the runtime directory or datadir cannot be made, or the process cannot start
     */
    public NodeProcess spawn(NodeConfig config) throws NodeStartException {
        return spawn(config, null);
    }

    /**
     * As {@link #spawn(NodeConfig)}, with a listener for init progress messages from debug.log set
     * before the first line is read.
     *
     * @param onProgress receives messages such as {@code "Loading block index…"} on the tailer thread; may be null
     */
    public NodeProcess spawn(NodeConfig config, Consumer<String> onProgress) throws NodeStartException {
        try {
            Files.createDirectories(config.datadir());
        } catch (IOException e) {
            throw new NodeStartException("Cannot create datadir " + config.datadir() + ": " + e, e);
        }
        Path parent = config.runtimeParent() != null ? config.runtimeParent() : RuntimeDir.defaultParent(System.getenv());
        RuntimeDir rd = RuntimeDir.create(parent);
        try {
            rd.assertPrivate();
            long debugLogStart = DebugLogTailer.sizeOrZero(config.debugLog());
            List<String> cmd = config.commandLine(binary.path(), rd.socket());
            log.info("Starting {}", NodeArgs.toLogString(cmd));
            Process p = new ProcessBuilder(cmd).start();
            log.info("bitcoin-node started, pid {}", p.pid());
            return new NodeProcess(p, config, rd, debugLogStart, onProgress);
        } catch (IOException e) {
            rd.delete();
            throw new NodeStartException("Cannot start " + binary.path() + ": " + e.getMessage(), e);
        } catch (NodeStartException | RuntimeException e) {
            rd.delete();
            throw e;
        }
    }

    /**
     * Spawns and waits until ready (see {@link NodeProcess#awaitReady}) within the config's ready timeout.
     * On failure the process is stopped (SIGTERM, then SIGKILL) and its runtime directory removed.
     *
     * @param onProgress receives init progress messages from debug.log; may be null
     * @return the ready process; its {@link NodeProcess#client()} is connected
     * @throws NodeStartException with the exit code (if it exited) and the last 50 log lines
     */
    public NodeProcess launch(NodeConfig config, Consumer<String> onProgress) throws NodeStartException {
        NodeProcess np = spawn(config, onProgress);
        try {
            np.awaitReady(connector, config.readyTimeout(), () -> false);
            return np;
        } catch (NodeStartException e) {
            log.warn("bitcoin-node failed to start: {}", e.getMessage());
            np.close();
            throw e;
        } catch (RuntimeException e) {
            np.close();
            throw e;
        }
    }
}
