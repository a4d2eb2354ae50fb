package org.bitcoinfx.ipc;

/**
 * The bitcoin-node speaks an older IPC schema than Bitcoin FX needs (v32 or newer, or a v31.99 master build from 2026-03-30 on): it answered
 * {@code makeMining @3} or {@code makeRpc @4} with UNIMPLEMENTED.
 */
public class OldNodeException extends IpcException {
    /** The message every caller shows. */
    public static final String MESSAGE = "this bitcoin-node speaks an older IPC schema (no makeRpc @4);"
            + " Bitcoin FX needs v32 or newer, or a v31.99 master build from 2026-03-30 on";

    /** @param cause the UNIMPLEMENTED reply */
    public OldNodeException(Throwable cause) {
        super(Type.UNIMPLEMENTED, MESSAGE + " (" + cause.getMessage() + ")", cause);
    }
}
