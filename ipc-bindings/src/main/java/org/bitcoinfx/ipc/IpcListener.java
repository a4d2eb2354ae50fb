package org.bitcoinfx.ipc;

/** Receives one {@link IpcEvent} per finished IPC call; called on the connection's threads, so keep it quick. */
@FunctionalInterface
public interface IpcListener {
    /** Called once per call when its Return arrives (or the call fails or is canceled). */
    void onCall(IpcEvent event);
}
