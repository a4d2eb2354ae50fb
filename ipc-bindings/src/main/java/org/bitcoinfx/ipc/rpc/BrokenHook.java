package org.bitcoinfx.ipc.rpc;

import org.bitcoinfx.ipc.IpcException;

/** A capability whose calls all fail with one error (a broken promise, a bad import). */
final class BrokenHook extends CapHook {
    final IpcException error;

    BrokenHook(IpcException error) {
        this.error = error;
    }

    @Override
    void send(Request<?, ?> call) {
        call.fail(error);
    }

    @Override
    void onLastRelease() {
    }

    @Override
    public String toString() {
        return "broken: " + error.getMessage();
    }
}
