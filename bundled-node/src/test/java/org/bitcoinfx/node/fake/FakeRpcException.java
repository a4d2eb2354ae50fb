package org.bitcoinfx.node.fake;

/**
 * A JSON-RPC error a fake RPC method answers with: {@code {"code": code, "message": message}}, as
 * Bitcoin Core's {@code JSONRPCError} (codes from {@code src/rpc/protocol.h}).
 */
public final class FakeRpcException extends Exception {
    /** {@code RPC_MISC_ERROR}: also the code of a help text for bad argument counts. */
    public static final int MISC_ERROR = -1;
    /** {@code RPC_TYPE_ERROR}. */
    public static final int TYPE_ERROR = -3;
    /** {@code RPC_INVALID_ADDRESS_OR_KEY}: also "Block not found". */
    public static final int INVALID_ADDRESS_OR_KEY = -5;
    /** {@code RPC_INVALID_PARAMETER}. */
    public static final int INVALID_PARAMETER = -8;
    /** {@code RPC_DESERIALIZATION_ERROR}. */
    public static final int DESERIALIZATION_ERROR = -22;
    /** {@code RPC_VERIFY_ERROR}. */
    public static final int VERIFY_ERROR = -25;
    /** {@code RPC_IN_WARMUP}. */
    public static final int IN_WARMUP = -28;
    /** {@code RPC_WALLET_NOT_FOUND}. */
    public static final int WALLET_NOT_FOUND = -18;
    /** {@code RPC_METHOD_NOT_FOUND}. */
    public static final int METHOD_NOT_FOUND = -32601;
    /** {@code RPC_INVALID_REQUEST}. */
    public static final int INVALID_REQUEST = -32600;
    /** {@code RPC_PARSE_ERROR}. */
    public static final int PARSE_ERROR = -32700;

    private final int code;

    /** @param code the JSON-RPC error code; @param message the message text */
    public FakeRpcException(int code, String message) {
        super(message);
        this.code = code;
    }

    /** @return the JSON-RPC error code */
    public int code() {
        return code;
    }
}
