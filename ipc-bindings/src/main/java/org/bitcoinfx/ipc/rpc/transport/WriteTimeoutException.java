package org.bitcoinfx.ipc.rpc.transport;

import org.bitcoinfx.ipc.DisconnectedException;

/**
 * The peer stopped reading: one write waited longer than the connection's write deadline, so the
 * connection was aborted ({@link FrameWriter}). Pending calls fail with it.
 */
public class WriteTimeoutException extends DisconnectedException {
    /** @param message how long the write waited, and the deadline */
    public WriteTimeoutException(String message) {
        super(message);
    }
}
