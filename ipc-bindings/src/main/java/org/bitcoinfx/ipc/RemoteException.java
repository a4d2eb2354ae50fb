package org.bitcoinfx.ipc;

/**
 * The peer answered a call with {@code Return.exception}. {@link #reason()} is the wire text, e.g.
 * {@code std::exception: Old mining interface (@2) not supported. Please update your client!};
 * the message adds the prefix {@code remote exception: } as Cap'n Proto's C++ receiver does.
 */
public class RemoteException extends IpcException {
    private final String reason;

    /** @param type the exception type from the wire; @param reason the reason from the wire */
    public RemoteException(Type type, String reason) {
        super(type, "remote exception: " + reason);
        this.reason = reason;
    }

    /** @return the reason text exactly as on the wire */
    public String reason() {
        return reason;
    }
}
