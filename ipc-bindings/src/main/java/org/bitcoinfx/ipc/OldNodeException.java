package org.bitcoinfx.ipc;

/**
 * The bitcoin-node speaks an older IPC schema than Bitcoin FX needs (v31 or newer): it answered
 * {@code makeMining @3} or {@code makeRpc @4} with UNIMPLEMENTED.
 */
public class OldNodeException extends IpcException {
    /** The message every caller shows. */
    public static final String MESSAGE = "this bitcoin-node speaks an older IPC schema; Bitcoin FX needs v31 or newer";

    /** @param cause the UNIMPLEMENTED reply */
    public OldNodeException(Throwable cause) {
        super(Type.UNIMPLEMENTED, MESSAGE + " (" + cause.getMessage() + ")", cause);
    }
}
