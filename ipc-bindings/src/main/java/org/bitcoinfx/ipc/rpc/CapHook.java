package org.bitcoinfx.ipc.rpc;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a {@link Capability} points at, with a reference count of the handles on it. Subclasses:
 * {@link ImportHook}, {@link PipelineHook}, {@link LocalHook}, {@link BrokenHook}.
 */
abstract class CapHook {
    private final AtomicInteger refs = new AtomicInteger(1);

    void addRef() {
        refs.incrementAndGet();
    }

    /** Adds a reference unless the count has already reached zero. */
    boolean tryAddRef() {
        while (true) {
            int n = refs.get();
            if (n <= 0) {
                return false;
            }
            if (refs.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    void release() {
        int n = refs.decrementAndGet();
        if (n == 0) {
            onLastRelease();
        } else if (n < 0) {
            throw new IllegalStateException("capability released more often than referenced");
        }
    }

    /** Delivers the call: sends it or dispatches it here. Completes {@code call.promise} one way or another. */
    abstract void send(Request<?, ?> call);

    /** Called once, when the last reference goes. */
    abstract void onLastRelease();

    /** The hook calls actually go to now (a resolved promise's resolution). */
    CapHook resolvedHook() {
        return this;
    }
}
