package org.bitcoinfx.packaging;

/** A packaging step failed; the message says what and, where it can, what to do about it. */
public class PackagingException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, for the builder */
    public PackagingException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, for the builder
     * @param cause   the underlying error
     */
    public PackagingException(String message, Throwable cause) {
        super(message, cause);
    }
}
