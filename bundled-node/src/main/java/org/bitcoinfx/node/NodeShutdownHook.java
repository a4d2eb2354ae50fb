package org.bitcoinfx.node;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM shutdown hook ({@code bitcoinfx-node-shutdown}) that stops a spawned child on a normal JVM
 * exit, so that it leaves no orphan; {@link NodeWatchdog} covers a JVM that dies without running its
 * hooks. Installed while a spawned child runs. Not thread-safe: the supervisor calls it under its lock.
 */
final class NodeShutdownHook {
    private static final Logger log = LoggerFactory.getLogger(NodeShutdownHook.class);

    private final Runnable stop;
    private Thread hook;

    /** @param stop what the hook runs: the supervisor's stop */
    NodeShutdownHook(Runnable stop) {
        this.stop = stop;
    }

    /** Installs the hook if it is not installed. */
    void install() {
        if (hook != null) {
            return;
        }
        hook = new Thread(() -> {
            log.info("JVM shutting down: stopping bitcoin-node");
            stop.run();
        }, "bitcoinfx-node-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Removes the hook, unless the JVM is already running it (then it stays and finishes). */
    void remove() {
        if (hook == null) {
            return;
        }
        if (Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                log.debug("JVM already shutting down; the hook stays: {}", e.toString());
            }
        }
        hook = null;
    }
}
