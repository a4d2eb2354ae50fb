package org.bitcoinfx.ipc;

/** The connection ended (socket closed, Abort received, or closed locally) before the call returned. */
public class DisconnectedException extends IpcException {
    /** @param message what ended the connection */
    public DisconnectedException(String message) {
        super(Type.DISCONNECTED, message);
    }

    /** With a cause. */
    public DisconnectedException(String message, Throwable cause) {
        super(Type.DISCONNECTED, message, cause);
    }
}
