package org.bitcoinfx.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Run in a separate JVM by {@link ShutdownHookTest}: starts a fake node under a supervisor, writes
 * the child's pid to a file, then exits the JVM normally without stopping the supervisor.
 * Arguments: fake node script, datadir, runtime parent, pid file, and optionally {@code hang}: then
 * the JVM does not exit but waits to be killed (for the watchdog test); {@code hang-early} writes the
 * pid as soon as the child is spawned (during its start-up) and hangs; {@code hang-stopping} starts a
 * stop after the node is ready, writes the pid and hangs (killed during a shutdown in progress).
 */
public final class ShutdownHookMain {
    private ShutdownHookMain() {
    }

    public static void main(String[] args) throws Exception {
        NodeBinary binary = NodeLocator.inspect(Path.of(args[0]), Duration.ofSeconds(10));
        NodeConfig config = NodeConfig.of(Path.of(args[1]), Chain.REGTEST).withRuntimeParent(Path.of(args[2]))
                .withReadyTimeout(Duration.ofSeconds(20)).withStopTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
        NodeSupervisor s = NodeSupervisor.spawning(new NodeLauncher(binary, new FakeNodeConnector()), config);
        String mode = args.length > 4 ? args[4] : "";
        if (mode.equals("hang-early")) {
            s.addListener(new NodeEvents() {
                @Override
                public void started(long pid) {
                    try {
                        Files.writeString(Path.of(args[3]), Long.toString(pid));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            });
            new Thread(() -> {
                try {
                    s.start();
                } catch (NodeStartException e) {
                    e.printStackTrace();
                }
            }).start();
            Thread.sleep(Long.MAX_VALUE);
        }
        s.start();
        long pid = s.pid().orElseThrow();
        if (mode.equals("hang-stopping")) {
            new Thread(s::stop).start();
        }
        Files.writeString(Path.of(args[3]), Long.toString(pid));
        if (mode.startsWith("hang")) {
            Thread.sleep(Long.MAX_VALUE);
        }
        System.exit(0);
    }
}
