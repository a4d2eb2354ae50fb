package org.bitcoinfx.node;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers {@link NodeEvents} to their listeners in the order they were emitted, on one thread at a
 * time ({@code bitcoinfx-node-events}). The thread ends when idle for {@link #IDLE}, so a
 * supervisor that is stopped and dropped without {@link #shutdown()} (one per start in the app)
 * leaves no thread behind. A failing listener is logged and the others still hear the event.
 */
final class NodeEventBus {
    private static final Logger log = LoggerFactory.getLogger(NodeEventBus.class);

    /** How long the idle event thread lingers before it ends: 1 s. */
    static final Duration IDLE = Duration.ofSeconds(1);

    private final List<NodeEvents> listeners = new CopyOnWriteArrayList<>();
    private final ThreadPoolExecutor executor;

    NodeEventBus() {
        executor = new ThreadPoolExecutor(1, 1, IDLE.toMillis(), TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "bitcoinfx-node-events");
            t.setDaemon(true);
            return t;
        });
        executor.allowCoreThreadTimeOut(true);
    }

    void add(NodeEvents listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    void remove(NodeEvents listener) {
        listeners.remove(listener);
    }

    /** Queues {@code event} for every listener; after {@link #shutdown()} it is logged and dropped. */
    void emit(Consumer<NodeEvents> event) {
        try {
            executor.execute(() -> {
                for (NodeEvents l : listeners) {
                    try {
                        event.accept(l);
                    } catch (RuntimeException e) {
                        log.error("A NodeEvents listener failed", e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            log.warn("Event after close() dropped", e);
        }
    }

    /**
     * @return completes once every event emitted so far has reached the listeners; at once after
     *         {@link #shutdown()} (there is nobody to tell)
     */
    CompletableFuture<Void> delivered() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        try {
            executor.execute(() -> f.complete(null));
        } catch (RejectedExecutionException e) {
            f.complete(null);
        }
        return f;
    }

    /** Delivers what is queued, then lets the thread end; later events are dropped. */
    void shutdown() {
        executor.shutdown();
    }
}
