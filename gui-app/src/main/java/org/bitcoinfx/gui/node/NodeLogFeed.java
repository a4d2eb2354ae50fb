package org.bitcoinfx.gui.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.bitcoinfx.node.DebugLogTailer;
import org.bitcoinfx.node.LogRing;
import org.bitcoinfx.node.NodeProcess;
import org.bitcoinfx.node.NodeSupervisor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node log {@link BundledNodeBackend} shows: the spawned child's {@code debug.log} lines
 * (untagged) and stdout/stderr (tagged {@code [stdout] }/{@code [stderr] }), an attached node's
 * {@code debug.log} when it sits next to its socket, and the backend's own notes (tagged
 * {@link #OWN_TAG}). Keeps the last {@link #CAPACITY} lines and tells listeners each line, in order.
 * Thread-safe.
 */
final class NodeLogFeed {
    private static final Logger LOG = LoggerFactory.getLogger(BundledNodeBackend.class);
    /** Lines kept for {@link #recent}. */
    static final int CAPACITY = 5000;
    /** Tag of the lines the backend adds itself. */
    static final String OWN_TAG = "[bitcoinfx] ";

    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final LogRing ring = new LogRing(CAPACITY);
    private final Object lock = new Object();
    // guarded by lock
    private DebugLogTailer attachedTailer;
    private NodeProcess linesFrom;

    void addListener(Consumer<String> l) {
        listeners.add(Objects.requireNonNull(l));
    }

    void removeListener(Consumer<String> l) {
        listeners.remove(l);
    }

    /** @return up to {@code max} of the most recent lines, oldest first */
    List<String> recent(int max) {
        return ring.last(max);
    }

    /** Adds a note of the backend's own, tagged and timestamped, and logs it. */
    void note(String text) {
        LOG.info("{}", text);
        add(OWN_TAG + Instant.now().toString().replaceFirst("\\.\\d+Z$", "Z") + " " + text);
    }

    /** Follows the lines of the supervisor's current child, once per child (earlier lines included). */
    void follow(NodeSupervisor sup) {
        NodeProcess np = sup.lastProcess().orElse(null);
        synchronized (lock) {
            if (np == null || np == linesFrom) {
                return;
            }
            linesFrom = np;
        }
        np.setLineListener(tagged -> add(untag(tagged)));
    }

    /** In attach mode, a node socket in {@code <datadir>/<net>/} sits next to its debug.log: follow it from now on. */
    void followAttached(Path socket) {
        Path dir = socket.getParent();
        Path debugLog = dir == null ? null : dir.resolve("debug.log");
        if (debugLog == null || !Files.isRegularFile(debugLog)) {
            note("No debug.log next to " + socket + "; the node log shows only Bitcoin FX's notes");
            return;
        }
        synchronized (lock) {
            if (attachedTailer == null) {
                note("Following " + debugLog);
                attachedTailer = new DebugLogTailer(debugLog, DebugLogTailer.sizeOrZero(debugLog), Duration.ofMillis(200), this::add);
            }
        }
    }

    /** Stops following an attached node's debug.log, if it was followed. */
    void stopAttached() {
        DebugLogTailer t;
        synchronized (lock) {
            t = attachedTailer;
            attachedTailer = null;
        }
        if (t != null) {
            t.close();
        }
    }

    /** @return a debug.log line without the tag {@link NodeProcess} gives it; other lines as they are */
    static String untag(String line) {
        return line.startsWith(NodeProcess.DEBUG_LOG_TAG) ? line.substring(NodeProcess.DEBUG_LOG_TAG.length()) : line;
    }

    /** @return the lines, each {@link #untag untagged} */
    static List<String> untag(List<String> lines) {
        return lines.stream().map(NodeLogFeed::untag).toList();
    }

    private void add(String line) {
        synchronized (ring) { // keeps the ring and the listeners in the same order
            ring.add(line);
            for (Consumer<String> l : listeners) {
                try {
                    l.accept(line);
                } catch (RuntimeException e) {
                    LOG.error("a node log listener failed", e);
                }
            }
        }
    }
}
