package org.bitcoinfx.gui.util;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers an asynchronous result to the JavaFX Application Thread, bound to a {@link TaskScope}
 * (after Cryptomator's {@code Tasks}):
 * <pre>{@code
 * Tasks.on(scope, service.networkInfo(), "getnetworkinfo")
 *      .onSuccess(vm::applyNetworkInfo)
 *      .onError(JsonRpcException.class, e -> ...)
 *      .run();
 * }</pre>
 * A result that arrives after the scope closed is dropped (logged at debug). An error no handler
 * takes is logged ({@code WARN}, with the task's name), never swallowed; an exception thrown by a
 * handler reaches the JavaFX thread's uncaught-exception handler ({@code ErrorDialogs}).
 */
public final class Tasks {
    private static final Logger LOG = LoggerFactory.getLogger(Tasks.class);

    private Tasks() {
    }

    /**
     * Starts describing the delivery of {@code future}.
     *
     * @param scope  results are dropped once it is closed
     * @param future the work, already started, on any thread
     * @param name   for the log, e.g. the RPC method
     */
    public static <T> Task<T> on(TaskScope scope, CompletableFuture<T> future, String name) {
        return new Task<>(scope, future, name);
    }

    /** One delivery: handlers, then {@link #run()}. */
    public static final class Task<T> {
        private final TaskScope scope;
        private final CompletableFuture<T> future;
        private final String name;
        private Consumer<? super T> onSuccess = v -> { };
        private final List<ErrorHandler<?>> onError = new ArrayList<>();
        private Runnable andFinally = () -> { };

        private Task(TaskScope scope, CompletableFuture<T> future, String name) {
            this.scope = Objects.requireNonNull(scope);
            this.future = Objects.requireNonNull(future);
            this.name = Objects.requireNonNull(name);
        }

        /** @param c gets the value on the JavaFX thread while the scope is open */
        public Task<T> onSuccess(Consumer<? super T> c) {
            onSuccess = Objects.requireNonNull(c);
            return this;
        }

        /**
         * Handles failures of type {@code type} (the cause, unwrapped from {@code CompletionException}).
         * Handlers are tried in the order given; the first whose type matches takes the error.
         */
        public <E extends Throwable> Task<T> onError(Class<E> type, Consumer<? super E> c) {
            onError.add(new ErrorHandler<>(type, c));
            return this;
        }

        /** Handles every failure not taken by an earlier {@link #onError(Class, Consumer)}. */
        public Task<T> onError(Consumer<Throwable> c) {
            return onError(Throwable.class, c);
        }

        /** @param r runs on the JavaFX thread after the success or error handler (while the scope is open) */
        public Task<T> andFinally(Runnable r) {
            andFinally = Objects.requireNonNull(r);
            return this;
        }

        /**
         * Delivers the outcome.
         *
         * @return completes (normally, on the JavaFX thread) once the outcome was handled or dropped
         */
        public CompletableFuture<Void> run() {
            CompletableFuture<Void> done = new CompletableFuture<>();
            Fx.deliver(future, v -> {
                try {
                    if (open()) {
                        onSuccess.accept(v);
                        andFinally.run();
                    }
                } finally {
                    done.complete(null);
                }
            }, e -> {
                try {
                    if (open()) {
                        handle(e);
                        andFinally.run();
                    }
                } finally {
                    done.complete(null);
                }
            });
            return done;
        }

        private boolean open() {
            if (scope.isOpen()) {
                return true;
            }
            LOG.debug("{}: result dropped, its scope closed", name);
            return false;
        }

        private void handle(Throwable e) {
            for (ErrorHandler<?> h : onError) {
                if (h.take(e)) {
                    return;
                }
            }
            if (e instanceof CancellationException) {
                LOG.debug("{} cancelled", name);
            } else {
                LOG.warn("{} failed: {}", name, Fx.message(e), e);
            }
        }
    }

    private record ErrorHandler<E extends Throwable>(Class<E> type, Consumer<? super E> handler) {
        boolean take(Throwable e) {
            if (!type.isInstance(e)) {
                return false;
            }
            handler.accept(type.cast(e));
            return true;
        }
    }
}
