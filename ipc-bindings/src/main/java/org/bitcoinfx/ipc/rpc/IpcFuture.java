package org.bitcoinfx.ipc.rpc;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The futures the RPC runtime hands out ({@link RemotePromise#response()},
 * {@link RpcConnection#closed()}): a {@link CompletableFuture} whose dependents never run on a
 * connection's reader thread, so that a callback that blocks (say, on another call's result) cannot
 * stall the connection.
 *
 * <p>The runtime completes these futures on the reader thread itself: a thread blocked in
 * {@link #get()}/{@link #join()} wakes at once, with no hand-off through another thread. A
 * dependent added with a non-async method ({@code thenApply}, {@code whenComplete}, …) runs as
 * usual, on the thread that completes the future or on the caller if it is already complete;
 * only when that thread is a reader thread does it run on a shared callback thread instead, handed
 * over when the reader's turn (the frames that arrived together) ends.
 * Futures derived from an {@code IpcFuture} are {@code IpcFuture}s too, and the async methods
 * without an executor use the callback threads.
 *
 * <p>{@link #thenApplyInline} is for the runtime's own short, non-blocking decoding of results:
 * it may run on the reader thread.
 *
 * @param <T> the result type
 */
public class IpcFuture<T> extends CompletableFuture<T> {
    private static final AtomicInteger THREADS = new AtomicInteger();
    /**
     * The most callback threads alive at once. Dependents beyond that wait, in order, for a free
     * thread: one that blocks (on another call's response, which the reader completes, not a
     * callback) delays no other until this many block at once.
     */
    public static final int MAX_CALLBACK_THREADS = 64;
    /** Callback threads: created on demand up to {@link #MAX_CALLBACK_THREADS}, idle ones end after 60 s. */
    private static final ExecutorService CALLBACKS = callbackPool();

    /**
     * Hands a task to an idle callback thread if one waits; else (offer fails) the pool starts a
     * thread, up to the cap; at the cap the task joins the queue ({@link #enqueue}).
     */
    private static final class HandOffQueue extends LinkedTransferQueue<Runnable> {
        @Override
        public boolean offer(Runnable r) {
            return tryTransfer(r);
        }

        void enqueue(Runnable r) {
            super.offer(r);
        }
    }

    private static ExecutorService callbackPool() {
        HandOffQueue queue = new HandOffQueue();
        return new ThreadPoolExecutor(0, MAX_CALLBACK_THREADS, 60, TimeUnit.SECONDS, queue, r -> {
            Thread t = new Thread(r, "capnp-rpc-callback-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, (r, pool) -> queue.enqueue(r));
    }
    /**
     * Runs a dependent where it was triggered, unless that is a reader thread: then it joins the
     * reader's current turn's batch, handed to a callback thread in one go when the turn ends.
     */
    private static final Executor OFF_READER = r -> {
        if (Thread.currentThread() instanceof ReaderThread reader) {
            reader.defer(r);
        } else {
            r.run();
        }
    };
    private static final Executor INLINE = Runnable::run;

    /** An incomplete future. */
    public IpcFuture() {
    }

    /** @return a future already completed with {@code value} */
    public static <U> IpcFuture<U> completed(U value) {
        IpcFuture<U> f = new IpcFuture<>();
        f.complete(value);
        return f;
    }

    /** @return a future already completed exceptionally with {@code error} */
    public static <U> IpcFuture<U> failed(Throwable error) {
        IpcFuture<U> f = new IpcFuture<>();
        f.completeExceptionally(error);
        return f;
    }

    /**
     * Like {@code thenApply}, but {@code fn} runs on the thread that completes this future even
     * if it is the connection's reader thread. Only for short, non-blocking work (decoding a
     * response): no waiting on other calls, no long locks, no heavy parsing. The returned future's
     * own dependents are kept off the reader thread again.
     *
     * @return a future of {@code fn}'s result, failed with {@code fn}'s exception if it throws
     */
    public <U> IpcFuture<U> thenApplyInline(Function<? super T, ? extends U> fn) {
        return (IpcFuture<U>) super.thenApplyAsync(fn, INLINE);
    }

    /**
     * A thread that reads a connection's messages; dependents of {@link IpcFuture}s never run on
     * it. Those triggered while it handles the messages of one turn (the frames that arrived
     * together) are collected and handed to callback threads when the turn ends
     * ({@link #endTurn}), each to its own as before, so that one that blocks delays no other.
     */
    static final class ReaderThread extends Thread {
        private final java.util.ArrayList<Runnable> deferred = new java.util.ArrayList<>(); // this thread only

        ReaderThread(Runnable body, String name) {
            super(body, name);
            setDaemon(true);
        }

        void defer(Runnable r) {
            deferred.add(r);
        }

        /**
         * Hands the turn's dependents to callback threads, {@code after} to the one that runs the
         * last of them, after it. Called on this thread.
         *
         * @param after run on a callback thread after the turn's last dependent, or null
         * @return whether anything was handed over (false: nothing deferred, {@code after} not run)
         */
        boolean endTurn(Runnable after) {
            if (deferred.isEmpty()) {
                return false;
            }
            int last = deferred.size() - 1;
            for (int i = 0; i < last; i++) {
                CALLBACKS.execute(deferred.get(i));
            }
            Runnable r = deferred.get(last);
            deferred.clear();
            if (after == null) {
                CALLBACKS.execute(r);
            } else {
                CALLBACKS.execute(() -> {
                    try {
                        r.run();
                    } finally {
                        after.run();
                    }
                });
            }
            return true;
        }
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new IpcFuture<>();
    }

    @Override
    public Executor defaultExecutor() {
        return CALLBACKS;
    }

    @Override
    public <U> CompletableFuture<U> thenApply(Function<? super T, ? extends U> fn) {
        return thenApplyAsync(fn, OFF_READER);
    }

    @Override
    public CompletableFuture<Void> thenAccept(Consumer<? super T> action) {
        return thenAcceptAsync(action, OFF_READER);
    }

    @Override
    public CompletableFuture<Void> thenRun(Runnable action) {
        return thenRunAsync(action, OFF_READER);
    }

    @Override
    public <U, V> CompletableFuture<V> thenCombine(CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
        return thenCombineAsync(other, fn, OFF_READER);
    }

    @Override
    public <U> CompletableFuture<Void> thenAcceptBoth(CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
        return thenAcceptBothAsync(other, action, OFF_READER);
    }

    @Override
    public CompletableFuture<Void> runAfterBoth(CompletionStage<?> other, Runnable action) {
        return runAfterBothAsync(other, action, OFF_READER);
    }

    @Override
    public <U> CompletableFuture<U> applyToEither(CompletionStage<? extends T> other, Function<? super T, U> fn) {
        return applyToEitherAsync(other, fn, OFF_READER);
    }

    @Override
    public CompletableFuture<Void> acceptEither(CompletionStage<? extends T> other, Consumer<? super T> action) {
        return acceptEitherAsync(other, action, OFF_READER);
    }

    @Override
    public CompletableFuture<Void> runAfterEither(CompletionStage<?> other, Runnable action) {
        return runAfterEitherAsync(other, action, OFF_READER);
    }

    @Override
    public <U> CompletableFuture<U> thenCompose(Function<? super T, ? extends CompletionStage<U>> fn) {
        return thenComposeAsync(fn, OFF_READER);
    }

    @Override
    public CompletableFuture<T> whenComplete(BiConsumer<? super T, ? super Throwable> action) {
        return whenCompleteAsync(action, OFF_READER);
    }

    @Override
    public <U> CompletableFuture<U> handle(BiFunction<? super T, Throwable, ? extends U> fn) {
        return handleAsync(fn, OFF_READER);
    }

    @Override
    public CompletableFuture<T> exceptionally(Function<Throwable, ? extends T> fn) {
        return exceptionallyAsync(fn, OFF_READER);
    }

    @Override
    public CompletableFuture<T> exceptionallyCompose(Function<Throwable, ? extends CompletionStage<T>> fn) {
        return exceptionallyComposeAsync(fn, OFF_READER);
    }

    @Override
    public CompletionStage<T> minimalCompletionStage() {
        // Relay through a guarded stage so that the minimal stage completes off the reader thread.
        return thenApplyAsync(Function.identity(), OFF_READER).minimalCompletionStage();
    }
}
