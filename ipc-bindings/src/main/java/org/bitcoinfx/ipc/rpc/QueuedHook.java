package org.bitcoinfx.ipc.rpc;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.bitcoinfx.ipc.IpcException;

/**
 * A promise capability, resolved later to another capability (Cap'n Proto C++ {@code QueuedClient}
 * in {@code capability.c++}). Calls made before it resolves wait in a queue and are delivered to the
 * resolution in the order they were made; calls made while that queue drains join its end; later
 * calls go straight to the resolution. Used for
 * <ul>
 *   <li>a {@code receiverAnswer} naming one of our answers that has not returned yet (C++
 *       {@code RpcConnectionState::receiveCap} hands out {@code answer.pipeline->getPipelinedCap});
 *       it resolves when the answer returns, to the capability in its results, or to a broken
 *       capability carrying the answer's exception;</li>
 *   <li>pipelining on a local or failed call ({@link RemotePromise#pipelineCap}).</li>
 * </ul>
 * Queued calls are delivered even if every handle on the promise was released meanwhile, as C++'s
 * queued calls keep their promise alive.
 */
final class QueuedHook extends CapHook {
    private final ArrayDeque<Consumer<CapHook>> queue = new ArrayDeque<>(); // guarded by this
    private CapHook resolution; // guarded by this; one reference owned once set
    private boolean draining;   // the queue is being delivered to the resolution
    private boolean released;   // the last handle went

    /** A promise resolved by {@code target}: to its capability (reference taken over), or broken. */
    static QueuedHook of(CompletableFuture<Capability> target) {
        QueuedHook h = new QueuedHook();
        target.whenComplete((cap, err) -> {
            if (err != null) {
                h.resolve(new BrokenHook(Messages.asIpc(err)));
            } else if (cap == null) {
                h.resolve(new BrokenHook(new IpcException(IpcException.Type.FAILED, "called a null capability")));
            } else {
                h.resolve(cap.hook); // the handle's reference passes to the promise
            }
        });
        return h;
    }

    @Override
    void send(Request<?, ?> call) {
        whenResolved(h -> {
            try {
                h.send(call);
            } catch (RuntimeException e) {
                call.fail(Messages.asIpc(e));
            }
        });
    }

    /** Runs {@code action} with the resolution: now if resolved and nothing is queued, else in turn. */
    void whenResolved(Consumer<CapHook> action) {
        CapHook target;
        synchronized (this) {
            if (resolution == null || draining) {
                queue.add(action);
                return;
            }
            target = resolution;
        }
        action.accept(target);
    }

    /**
     * Resolves the promise to {@code to}, taking over one reference to it, and delivers the queued
     * calls in order. A second resolution is dropped. Call without the connection lock: the queued
     * calls may run local servers.
     */
    void resolve(CapHook to) {
        synchronized (this) {
            if (resolution != null) {
                to.release();
                return;
            }
            resolution = to;
            draining = true;
        }
        boolean drop;
        while (true) {
            Consumer<CapHook> next;
            synchronized (this) {
                next = queue.poll();
                if (next == null) {
                    draining = false;
                    drop = released;
                    if (drop) {
                        resolution = null;
                    }
                    break;
                }
            }
            next.accept(to);
        }
        if (drop) {
            to.release();
        }
    }

    @Override
    void onLastRelease() {
        CapHook drop = null;
        synchronized (this) {
            released = true;
            if (resolution != null && !draining) {
                drop = resolution;
                resolution = null;
            }
        }
        if (drop != null) {
            drop.release();
        }
    }

    @Override
    CapHook resolvedHook() {
        CapHook r;
        synchronized (this) {
            if (resolution == null || draining) {
                return this;
            }
            r = resolution;
        }
        return r.resolvedHook(); // outside our lock: a PipelineHook takes the connection lock
    }

    @Override
    public synchronized String toString() {
        return resolution == null ? "promise (unresolved, " + queue.size() + " calls queued)" : "promise resolved to " + resolution;
    }
}
