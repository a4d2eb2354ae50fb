package org.bitcoinfx.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Run in a separate JVM by {@link ShutdownHookTest}: starts a fake node under a supervisor, writes
 * the child's pid to a file, then exits the JVM normally without stopping the supervisor.
 * Arguments: fake node script, datadir, runtime parent, pid file, and optionally {@code hang}: then
 * the JVM does not exit but waits to be killed (for the watchdog test).
 */
public final class ShutdownHookMain {
    private ShutdownHookMain() {
    }

    public static void main(String[] args) throws Exception {
        NodeBinary binary = NodeLocator.inspect(Path.of(args[0]), Duration.ofSeconds(10));
        NodeConfig config = NodeConfig.of(Path.of(args[1]), Chain.REGTEST).withRuntimeParent(Path.of(args[2]))
                .withReadyTimeout(Duration.ofSeconds(20)).withStopTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
        NodeSupervisor s = NodeSupervisor.spawning(new NodeLauncher(binary, new FakeNodeConnector()), config);
        s.start();
        Files.writeString(Path.of(args[3]), Long.toString(s.pid().orElseThrow()));
        if (args.length > 4 && args[4].equals("hang")) {
            Thread.sleep(Long.MAX_VALUE);
        }
        System.exit(0);
    }
}
