package org.bitcoinfx.ipc;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.bitcoinfx.ipc.rpc.Capability;

/**
 * A capability made on first use by an Init factory method ({@code makeMining @3}, {@code makeRpc @4}),
 * made again if that failed; an UNIMPLEMENTED reply becomes {@link OldNodeException}. Once released
 * (the client is closing) it is never made again.
 */
final class LazyCap {
    private final Supplier<CompletableFuture<Capability>> make;
    private CompletableFuture<Capability> cap;
    private boolean released;

    LazyCap(Supplier<CompletableFuture<Capability>> make) {
        this.make = make;
    }

    /** @return the capability; after {@link #release()} a future failed with {@link DisconnectedException} (the client was closed) */
    synchronized CompletableFuture<Capability> get() {
        if (released) {
            return CompletableFuture.failedFuture(IpcNodeClient.closedHere());
        }
        if (cap == null || cap.isCompletedExceptionally()) {
            CompletableFuture<Capability> f = new CompletableFuture<>();
            make.get().whenComplete((c, e) -> {
                if (e != null) {
                    f.completeExceptionally(IpcNodeClient.oldNode(e));
                } else {
                    f.complete(c);
                }
            });
            cap = f;
        }
        return cap;
    }

    /** Drops the capability for good: the client is closing. */
    synchronized void release() {
        released = true;
        if (cap != null && cap.isDone() && !cap.isCompletedExceptionally()) {
            cap.join().close();
        }
        cap = null;
    }
}
