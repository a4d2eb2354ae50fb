package org.bitcoinfx.gui.util;

/**
 * Something a {@link Tasks} result is bound to: once it is closed, results that arrive are dropped
 * (a connection that ended, a page that was disposed).
 */
public interface TaskScope {
    /** A scope that never closes, for work that outlives every connection. */
    TaskScope ALWAYS = () -> true;

    /** @return false once the scope has been closed; results are then dropped */
    boolean isOpen();
}
