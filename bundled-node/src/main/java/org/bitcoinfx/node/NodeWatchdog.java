package org.bitcoinfx.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a spawned bitcoin-node when this JVM ends without running its shutdown hooks: GTK calling
 * {@code exit()} after the X server went away, a SIGKILL, the OOM killer, a JVM crash. A small
 * {@code /bin/sh} process polls the JVM once a second; once the JVM is gone it sends the node SIGTERM
 * (bitcoin-node then shuts down cleanly and flushes its chainstate, as on Ctrl-C), waits for it to
 * exit and removes the private runtime directory (also when the node had already exited and the JVM
 * died before removing it). Processes are matched by pid <em>and</em> start time
 * ({@code /proc/<pid>/stat} field 22, counted after the parenthesised command name, which may hold
 * spaces), so a reused pid is never signalled. Linux only: where there is
 * no {@code /proc} (macOS) the watchdog ends at once and does nothing. A normal stop closes the
 * watchdog once the runtime directory is gone ({@link #close()}).
 */
final class NodeWatchdog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeWatchdog.class);

    /** $1 JVM pid, $2 its start time, $3 node pid, $4 its start time, $5 runtime dir. */
    static final String SCRIPT = String.join("\n",
            // field 2 (comm) is in parentheses and may hold spaces ("bitcoin node"): drop through its last ") ",
            // then the start time is field 20 of the rest, as startTime() reads it
            "st() { sed -e 's/^.*) //' \"/proc/$1/stat\" 2>/dev/null | cut -d' ' -f20; }",
            // wait for the JVM to go, even after the node exited: the JVM may die before removing the runtime dir
            "while [ \"$(st \"$1\")\" = \"$2\" ]; do sleep 1; done",
            "if [ \"$(st \"$3\")\" = \"$4\" ]; then",
            "  kill -TERM \"$3\"",
            "  while [ \"$(st \"$3\")\" = \"$4\" ]; do sleep 1; done",
            "fi",
            "rm -rf -- \"$5\"",
            "");

    private final Process process;

    private NodeWatchdog(Process process) {
        this.process = process;
    }

    /**
     * Starts a watchdog over {@code node}.
     *
     * @param node the spawned bitcoin-node
     * @param runtimeDir its private runtime directory, removed after the node exits
     * @return the watchdog, or empty where processes cannot be matched (no {@code /proc}) or it cannot
     *         start (logged; the JVM's shutdown hook still covers normal exits)
     */
    static Optional<NodeWatchdog> start(ProcessHandle node, Path runtimeDir) {
        ProcessHandle self = ProcessHandle.current();
        Optional<String> selfStart = startTime(self.pid());
        Optional<String> nodeStart = startTime(node.pid());
        if (selfStart.isEmpty() || nodeStart.isEmpty()) {
            log.debug("no /proc start times: no watchdog for bitcoin-node pid {}", node.pid());
            return Optional.empty();
        }
        try {
            Process p = new ProcessBuilder(List.of("/bin/sh", "-c", SCRIPT, "bitcoinfx-node-watchdog",
                    Long.toString(self.pid()), selfStart.get(), Long.toString(node.pid()), nodeStart.get(),
                    runtimeDir.toString()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            log.debug("watchdog pid {} over bitcoin-node pid {}", p.pid(), node.pid());
            return Optional.of(new NodeWatchdog(p));
        } catch (IOException e) {
            log.warn("cannot start the bitcoin-node watchdog (an abnormal JVM exit may leave the node running): {}", e.toString());
            return Optional.empty();
        }
    }

    /** @return the start time of {@code pid} in clock ticks since boot ({@code /proc/<pid>/stat} field 22) */
    static Optional<String> startTime(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // field 2 (comm) is in parentheses and may hold spaces: count fields after its closing one
            String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return rest.length > 19 ? Optional.of(rest[19]) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** @return the watchdog's own process (for tests) */
    ProcessHandle handle() {
        return process.toHandle();
    }

    /** Ends the watchdog (the node is being stopped the normal way). Idempotent. */
    @Override
    public void close() {
        process.destroy();
    }
}
