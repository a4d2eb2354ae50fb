package org.bitcoinfx.gui.util;

/**
 * Keeps a view from going back in time when the answers to its reads come out of order. A read of the
 * node (a wallet list, a wallet directory, an address book) takes a number when it is asked
 * ({@link #ask()}); its answer is shown only if no read asked after it has been shown already
 * ({@link #tryApply(long)}). Answers are delivered off the connection's reader on a pool, so an older
 * read can land after a newer one, and showing it would undo what the newer one saw (a wallet loaded, a
 * contact labelled, a wallet migrated since). Use from one thread (the JavaFX Application Thread).
 */
public final class ReadOrder {
    private long asked;
    private long applied;

    /** @return the number of the read being asked: 1 for the first, one more for each after */
    public long ask() {
        return ++asked;
    }

    /**
     * Called when read {@code seq}'s answer arrives, before it is shown.
     *
     * @param seq the number {@link #ask()} gave the read
     * @return true if the answer is to be shown (it is then the one {@link #applied()} names); false if a read asked
     *         later was shown already, and this older answer must be dropped
     */
    public boolean tryApply(long seq) {
        if (seq < applied) {
            return false;
        }
        applied = seq;
        return true;
    }

    /** @return the number of the latest read asked; 0 before any */
    public long asked() {
        return asked;
    }

    /** @return the number of the read whose answer is shown; 0 before any */
    public long applied() {
        return applied;
    }
}
