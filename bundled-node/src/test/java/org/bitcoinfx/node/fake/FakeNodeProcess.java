package org.bitcoinfx.node.fake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.IpcNodeClient;

/**
 * A {@link FakeNode} running as its own process outside any supervisor, as a user's own
 * bitcoin-node would (for {@code --connect unix:PATH} and "datadir in use" tests): regtest on
 * {@code <dir>/datadir}, socket {@code <dir>/datadir/regtest/node.sock}, output in {@code <dir>/fake-node.out}.
 *
 * <pre>
 * try (FakeNodeProcess n = FakeNodeProcess.start(tmp, "-fakeblocks=101")) {
 *     NodeSupervisor s = NodeSupervisor.attaching(n.socket(), IpcNodeClient::connect);
 *     …
 * }
 * </pre>
 */
public final class FakeNodeProcess implements AutoCloseable {
    /** How long {@link #start} waits for {@code init message: Done loading}. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path datadir;
    private final Path output;

    private FakeNodeProcess(Process process, Path datadir, Path output) {
        this.process = process;
        this.datadir = datadir;
        this.output = output;
    }

    /**
     * Writes {@code <dir>/bin/bitcoin-node} ({@link FakeNodeLauncherScript}), starts it and waits
     * until its debug.log says {@code init message: Done loading} (the socket answers by then).
     *
     * @param dir       a private working directory (short path: the socket must stay under 108 bytes)
     * @param extraArgs further arguments, e.g. {@code -fakeblocks=101}
     * @throws IOException if it exits or does not finish loading within {@link #START_TIMEOUT}; the process is killed
     */
    public static FakeNodeProcess start(Path dir, String... extraArgs) throws IOException, InterruptedException {
        Path script = FakeNodeLauncherScript.write(dir.resolve("bin"));
        Path datadir = dir.resolve("datadir");
        Path out = dir.resolve("fake-node.out");
        List<String> cmd = new ArrayList<>(List.of(script.toString(), "-regtest", "-datadir=" + datadir, "-ipcbind=unix", "-printtoconsole=0"));
        cmd.addAll(List.of(extraArgs));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        FakeNodeProcess n = new FakeNodeProcess(p, datadir, out);
        Path log = datadir.resolve("regtest/debug.log");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Files.exists(log) || !Files.readString(log).contains("init message: Done loading")) {
            if (!p.isAlive()) {
                throw new IOException("the fake node exited with " + p.exitValue() + ": " + Files.readString(out));
            }
            if (System.nanoTime() > deadline) {
                n.kill();
                throw new IOException("the fake node did not finish loading within " + START_TIMEOUT.toSeconds() + " s: " + Files.readString(out));
            }
            Thread.sleep(20);
        }
        return n;
    }

    /** @return the IPC socket: {@code <datadir>/regtest/node.sock} */
    public Path socket() {
        return datadir.resolve("regtest").resolve("node.sock");
    }

    /** @return the datadir */
    public Path datadir() {
        return datadir;
    }

    /** @return the process (pid, exit code) */
    public Process process() {
        return process;
    }

    /** @return what the process printed (stdout and stderr) so far */
    public String output() throws IOException {
        return Files.exists(output) ? Files.readString(output) : "";
    }

    /** @return a new client on its socket; the caller closes it */
    public IpcNodeClient connect() throws IOException {
        return IpcNodeClient.connect(socket());
    }

    /** SIGKILL, and waits for the exit. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM (the fake exits 0), up to 10 s, then SIGKILL. Never throws. */
    @Override
    public void close() {
        try {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
