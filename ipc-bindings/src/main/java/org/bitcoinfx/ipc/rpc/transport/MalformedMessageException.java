package org.bitcoinfx.ipc.rpc.transport;

import java.io.IOException;

/**
 * A frame or message broke the Cap'n Proto rules or this runtime's limits: truncated, too many
 * segments (512 or more), more than the traversal limit (8 Mi words), or not decodable. Thrown
 * by {@link Frames} for a frame's segment table; a connection also reports with it a message whose
 * pointers do not decode, and fails with it a call whose results do not
 * ({@link org.bitcoinfx.ipc.rpc.Response#read}). Either way the connection is aborted.
 */
public class MalformedMessageException extends IOException {
    /** @param message what is wrong */
    public MalformedMessageException(String message) {
        super(message);
    }

    /** With a cause. */
    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
