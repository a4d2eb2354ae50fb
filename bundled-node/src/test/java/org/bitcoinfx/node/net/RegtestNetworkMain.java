package org.bitcoinfx.node.net;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Run in a child JVM by {@link RegtestNetworkTest}: starts a 2-node network in the work directory
 * {@code args[0]}, writes one line {@code <pid> <runtime dir>} per node to {@code args[1]} (atomically), then
 * waits to be killed with SIGKILL, so that no shutdown hook runs.
 */
public final class RegtestNetworkMain {
    private RegtestNetworkMain() {
    }

    public static void main(String[] args) throws Exception {
        RegtestNetwork net = RegtestNetwork.builder().nodes(2).workDir(Path.of(args[0])).start();
        StringBuilder sb = new StringBuilder();
        for (RegtestNode n : net.nodes()) {
            sb.append(n.pid()).append(' ').append(n.process().runtimeDir().path()).append('\n');
        }
        Path tmp = Path.of(args[1] + ".tmp");
        Files.writeString(tmp, sb);
        Files.move(tmp, Path.of(args[1]), StandardCopyOption.ATOMIC_MOVE);
        Thread.sleep(Long.MAX_VALUE);
    }
}
