package org.bitcoinfx.gui.node;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javafx.application.Platform;
import org.bitcoinfx.gui.util.Fx;
import org.bitcoinfx.gui.util.TaskScope;
import org.bitcoinfx.ipc.NodeClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything bound to one connected {@link NodeClient}: created by {@link NodeSession} when the node
 * is ready ({@link NodeSession#scopeProperty()}), closed when the connection ends (stop, crash, lost
 * socket). It owns the services made for the client ({@link #service}), the polls on the session's
 * scheduler ({@link #poll}) and whatever else registers with {@link #onClose}; closing cancels them
 * all, and {@link org.bitcoinfx.gui.util.Tasks} drops results that arrive afterwards. Pages hold no
 * client of their own: they follow the scope property.
 * <p>Create, {@link #service} and {@link #close} on the JavaFX Application Thread; {@link #isOpen()}
 * from any thread.
 */
public final class ConnectionScope implements TaskScope, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionScope.class);

    private final NodeClient client;
    private final ScheduledExecutorService scheduler;
    private final Map<Class<?>, Object> services = new LinkedHashMap<>();
    private final Deque<Runnable> closers = new ArrayDeque<>();
    private volatile boolean open = true;

    /**
     * @param client    the connected client (not closed by the scope: {@link NodeSession} does that)
     * @param scheduler where polls run ({@link NodeSession#scheduler()})
     */
    public ConnectionScope(NodeClient client, ScheduledExecutorService scheduler) {
        this.client = Objects.requireNonNull(client);
        this.scheduler = Objects.requireNonNull(scheduler);
    }

    /** @return the client; use it through a service */
    public NodeClient client() {
        return client;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /**
     * The one {@code type} service of this connection, made by {@code factory} on first use.
     * Services that keep state (e.g. {@code wallet.LoadedWallets}) are thus shared by every page.
     */
    public <S> S service(Class<S> type, Function<ConnectionScope, S> factory) {
        Object s = services.get(type);
        if (s == null) {
            s = Objects.requireNonNull(factory.apply(this));
            services.put(type, s);
        }
        return type.cast(s);
    }

    /**
     * Runs {@code fxAction} on the JavaFX thread every {@code period}, first after {@code initialDelay},
     * until the returned future is cancelled or the scope closes.
     */
    public ScheduledFuture<?> poll(Runnable fxAction, long initialDelay, long period, TimeUnit unit) {
        ScheduledFuture<?> f = scheduler.scheduleWithFixedDelay(() -> Platform.runLater(() -> {
            if (open) {
                fxAction.run();
            }
        }), initialDelay, period, unit);
        onClose(() -> f.cancel(false));
        return f;
    }

    /** Registers {@code r} to run (on the JavaFX thread) when the scope closes; at once if already closed. */
    public void onClose(Runnable r) {
        synchronized (closers) {
            if (open) {
                closers.push(r);
                return;
            }
        }
        Fx.run(r);
    }

    /** Closes the scope: runs the close actions, newest first; a failing one is logged, the rest still run. */
    @Override
    public void close() {
        Deque<Runnable> todo;
        synchronized (closers) {
            if (!open) {
                return;
            }
            open = false;
            todo = new ArrayDeque<>(closers);
            closers.clear();
        }
        for (Runnable r : todo) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.error("closing the connection scope: a close action failed", e);
            }
        }
        services.clear();
    }
}
