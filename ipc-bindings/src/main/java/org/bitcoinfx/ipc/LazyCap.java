package org.bitcoinfx.ipc;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.bitcoinfx.ipc.rpc.Capability;

/**
 * A capability made on first use by an Init factory method ({@code makeMining @3}, {@code makeRpc @4}),
 * made again if that failed; an UNIMPLEMENTED reply becomes {@link OldNodeException}.
 */
final class LazyCap {
    private final Supplier<CompletableFuture<Capability>> make;
    private CompletableFuture<Capability> cap;

    LazyCap(Supplier<CompletableFuture<Capability>> make) {
        this.make = make;
    }

    synchronized CompletableFuture<Capability> get() {
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

    synchronized void release() {
        if (cap != null && cap.isDone() && !cap.isCompletedExceptionally()) {
            cap.join().close();
        }
        cap = null;
    }
}
