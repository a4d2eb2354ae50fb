package org.bitcoinfx.ipc;

/**
 * An IPC call failed. Carries the Cap'n Proto exception type: FAILED, OVERLOADED, DISCONNECTED or
 * UNIMPLEMENTED ({@code Exception.Type} in Cap'n Proto's {@code rpc.capnp}).
 */
public class IpcException extends RuntimeException {
    /** Cap'n Proto's {@code Exception.Type}, in wire order. */
    public enum Type { FAILED, OVERLOADED, DISCONNECTED, UNIMPLEMENTED }

    private final Type type;

    /** @param type the Cap'n Proto exception type; @param message the reason */
    public IpcException(Type type, String message) {
        super(message);
        this.type = type;
    }

    /** With a cause. */
    public IpcException(Type type, String message, Throwable cause) {
        super(message, cause);
        this.type = type;
    }

    /** @return the Cap'n Proto exception type */
    public Type type() {
        return type;
    }
}
