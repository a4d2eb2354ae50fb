package org.bitcoinfx.ipc.cli;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.IpcNodeClient;

/**
 * The node's {@code debug.log}, read by the check where an assertion of Bitcoin Core's tests is a
 * log line ({@code assert_debug_log}): found with {@code getrpcinfo}'s {@code logpath} (the node is
 * on this machine: the IPC socket is a Unix socket), read from a mark on.
 */
final class NodeDebugLog {
    private final Path file;

    private NodeDebugLog(Path file) {
        this.file = file;
    }

    /**
     * @return the node's log, or throws {@link ConformanceCheck.Skip} saying why it cannot be read
     *         (no {@code logpath}: {@code -nodebuglogfile}; not readable by this user)
     */
    static NodeDebugLog of(IpcNodeClient client) throws Exception {
        String path = ConformanceCheck.get(client.rpc().call("getrpcinfo")).path("logpath").asText("");
        if (path.isEmpty()) {
            throw new ConformanceCheck.Skip("the node writes no debug.log (getrpcinfo has no logpath)");
        }
        Path p = Path.of(path);
        if (!Files.isReadable(p)) {
            throw new ConformanceCheck.Skip("the node's debug.log " + p + " is not readable here");
        }
        return new NodeDebugLog(p);
    }

    /** @return the log's length now, bytes: lines after it are new */
    long mark() throws IOException {
        return Files.size(file);
    }

    /**
     * Waits until every one of {@code texts} appears in the log after {@code mark} (each in some
     * line, in any order), as {@code assert_debug_log(expected_msgs)} does.
     *
     * @param timeout an upper bound
     * @return the lines that matched
     * @throws AssertionError naming the first text still missing after {@code timeout}
     */
    List<String> await(long mark, Duration timeout, String... texts) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> found = new ArrayList<>();
        for (String t : texts) {
            found.add(awaitAny(mark, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), t));
        }
        return found;
    }

    /**
     * Waits until one of {@code texts} appears in the log after {@code mark}.
     *
     * @param timeout an upper bound
     * @return the first line that matched
     * @throws AssertionError naming the texts after {@code timeout}
     */
    String awaitAny(long mark, Duration timeout, String... texts) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        CountDownLatch never = new CountDownLatch(1);
        while (true) {
            for (String line : linesAfter(mark)) {
                for (String t : texts) {
                    if (line.contains(t)) {
                        return line;
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("debug.log showed none of " + List.of(texts) + " within " + timeout.toMillis() + " ms");
            }
            never.await(50, TimeUnit.MILLISECONDS); // the node writes its log on its own: read it again
        }
    }

    private List<String> linesAfter(long mark) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length();
            if (len <= mark) {
                return List.of();
            }
            byte[] b = new byte[(int) Math.min(len - mark, 16L << 20)];
            f.seek(mark);
            f.readFully(b);
            return new String(b, StandardCharsets.UTF_8).lines().toList();
        }
    }
}
