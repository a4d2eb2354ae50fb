package org.bitcoinfx.node.net;

/** An RPC of a {@link RegtestNode} failed: a JSON-RPC error ({@link #code()}), a broken connection or no answer in time. */
public final class RegtestRpcException extends RuntimeException {
    private final int code;

    /**
     * @param message what was called on which node, and what went wrong
     * @param code    the JSON-RPC error code (Bitcoin Core {@code src/rpc/protocol.h}), or 0 if not an RPC error
     * @param cause   the underlying failure
     */
    public RegtestRpcException(String message, int code, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** @return the JSON-RPC error code, or 0 for a transport failure or time-out */
    public int code() {
        return code;
    }
}
