package org.bitcoinfx.node;

/**
 * The process serving an IPC socket is not the one we expected (another pid, or another user), so
 * Bitcoin FX refuses to talk to it.
 */
public class PeerCheckException extends NodeStartException {
    /** @param message who was expected and who answered */
    public PeerCheckException(String message) {
        super(message);
    }
}
