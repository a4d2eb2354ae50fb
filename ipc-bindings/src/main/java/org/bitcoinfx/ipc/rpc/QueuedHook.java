package org.bitcoinfx.ipc.rpc;

import java.util.concurrent.CompletableFuture;
import org.bitcoinfx.ipc.IpcException;

/** A capability known only when a future completes (pipelining on a local call); calls wait for it. */
final class QueuedHook extends CapHook {
    private final CompletableFuture<Capability> target;

    QueuedHook(CompletableFuture<Capability> target) {
        this.target = target;
    }

    @Override
    void send(Request<?, ?> call) {
        target.whenComplete((cap, err) -> {
            if (err != null) {
                call.fail(RpcConnection.asIpc(err));
            } else if (cap == null) {
                call.fail(new IpcException(IpcException.Type.FAILED, "called a null capability"));
            } else {
                cap.hook.send(call);
            }
        });
    }

    @Override
    void onLastRelease() {
        target.thenAccept(c -> {
            if (c != null) {
                c.close();
            }
        });
    }

    @Override
    public String toString() {
        return "queued promise";
    }
}
