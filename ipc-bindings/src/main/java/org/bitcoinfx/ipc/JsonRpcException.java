package org.bitcoinfx.ipc;

/**
 * The node answered a JSON-RPC request with an error object, e.g. code -32601 "Method not found".
 * Codes are Bitcoin Core's {@code RPCErrorCode} ({@code src/rpc/protocol.h}).
 */
public class JsonRpcException extends IpcException {
    private final int code;
    private final String rpcMessage;

    /** @param code JSON-RPC error code; @param message the node's message */
    public JsonRpcException(int code, String message) {
        super(Type.FAILED, "RPC error " + code + ": " + message);
        this.code = code;
        this.rpcMessage = message;
    }

    /** @return the JSON-RPC error code */
    public int code() {
        return code;
    }

    /** @return the node's error message, without the code */
    public String rpcMessage() {
        return rpcMessage;
    }
}
