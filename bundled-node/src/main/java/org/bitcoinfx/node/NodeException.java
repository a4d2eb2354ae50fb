package org.bitcoinfx.node;

/** Base of the checked exceptions of this package: something about the bitcoin-node child went wrong. */
public class NodeException extends Exception {
    /** @param message what went wrong, in words a person can act on */
    public NodeException(String message) {
        super(message);
    }

    /** With a cause. */
    public NodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
