package org.bitcoinfx.gui;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.bitcoinfx.gui.node.BundledNodeBackend;
import org.bitcoinfx.gui.node.NodeBackend;
import org.bitcoinfx.gui.node.NodeBackends;
import org.bitcoinfx.gui.node.NodeSettings;
import org.bitcoinfx.gui.settings.SettingsStore;
import org.bitcoinfx.gui.shell.AppConfig;
import org.bitcoinfx.gui.util.Fx;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.node.Chain;

/**
 * {@code bitcoinfx --self-test}: a headless check (no window, no display) that this installation
 * can run its node. It finds bitcoin-node as the app would (the settings' chosen binary, else
 * {@code BITCOIN_NODE}, the app image's bundled node, {@code PATH}, …), starts it on regtest in a
 * temporary datadir (or {@code --datadir=DIR}) with {@code -listen=0}, connects over IPC, calls
 * {@code Echo.echo} and {@code getblockchaininfo}, stops it ({@code stop} over IPC), checks that no
 * process and no runtime directory is left, and prints a short report.
 *
 * <p>Options: {@code --datadir=DIR} (kept afterwards), {@code --settings=FILE} (where the chosen
 * binary is read from; default: the app's settings file). Exit status: 0 passed, 1 failed (the
 * reason and the node's last log lines are printed), 2 bad options.
 */
public final class SelfTest {
    /** Longest wait for the node to become ready, seconds (the backend's own limit is 60 s). */
    static final long START_LIMIT_S = 90;
    /** Longest wait for one IPC call, seconds. */
    static final long CALL_LIMIT_S = 30;
    /** Longest wait for the stop, seconds (the stop RPC, then SIGTERM after 120 s, then SIGKILL). */
    static final long STOP_LIMIT_S = 150;

    private SelfTest() {
    }

    /**
     * Runs the self-test with the app's node backend ({@link NodeBackends#load()}).
     *
     * @param args the options (without {@code --self-test})
     * @param out  where the report goes
     * @return the exit status: 0 passed, 1 failed, 2 bad options
     */
    public static int run(List<String> args, PrintStream out) {
        return run(args, out, NodeBackends.load());
    }

    /**
     * As {@link #run(List, PrintStream)} with a given backend (tests).
     *
     * @return the exit status: 0 passed, 1 failed, 2 bad options
     */
    public static int run(List<String> args, PrintStream out, NodeBackend backend) {
        Path datadir = null;
        Path settingsFile = SettingsStore.defaultFile();
        for (String a : args) {
            if (a.startsWith("--datadir=") && a.length() > "--datadir=".length()) {
                datadir = Path.of(a.substring("--datadir=".length())).toAbsolutePath();
            } else if (a.startsWith("--settings=")) {
                settingsFile = Path.of(a.substring("--settings=".length()));
            } else {
                out.println("bitcoinfx --self-test: unknown option " + a + " (known: --datadir=DIR, --settings=FILE; the app's: "
                        + AppConfig.OPTIONS + ")");
                return 2;
            }
        }
        out.println("Bitcoin FX self-test");
        boolean temporary = datadir == null;
        try {
            if (temporary) {
                datadir = Files.createTempDirectory("bitcoinfx-selftest-");
            }
        } catch (IOException e) {
            out.println("self-test FAILED: cannot create a temporary datadir: " + e.getMessage());
            return 1;
        }
        try {
            return check(backend, settingsFile, datadir, temporary, out);
        } finally {
            if (temporary) {
                deleteTree(datadir, out);
            }
        }
    }

    private static int check(NodeBackend backend, Path settingsFile, Path datadir, boolean temporary, PrintStream out) {
        String step = "find bitcoin-node";
        NodeClient client = null;
        boolean started = false;
        try {
            Path chosen = new SettingsStore(settingsFile).load().nodeBinaryProperty().get();
            Optional<Path> binary = backend.findNodeBinary(chosen);
            if (binary.isEmpty()) {
                String why = backend.notFoundReason();
                return fail(out, step, why.isEmpty() ? "no bitcoin-node found" : why, backend, false);
            }
            row(out, "bitcoin-node", binary.get()
                    + (chosen != null ? " [chosen in " + settingsFile + "]" : ""));
            row(out, "datadir", datadir + (temporary ? " (temporary, removed afterwards)" : ""));

            step = "start bitcoin-node on regtest";
            long t0 = System.nanoTime();
            started = true;
            client = backend.start(NodeSettings.of(Chain.REGTEST, datadir, 0, binary.get(), List.of("-listen=0")))
                    .get(START_LIMIT_S, TimeUnit.SECONDS);
            String where = backend instanceof BundledNodeBackend b ? b.socket().map(s -> " on " + s).orElse("") : "";
            row(out, "start", backend.nodeVersion().orElse("bitcoin-node") + " ready over IPC in " + ms(t0) + " ms" + where);

            step = "Echo.echo";
            t0 = System.nanoTime();
            String answer = client.echo("bitcoinfx self-test").get(CALL_LIMIT_S, TimeUnit.SECONDS);
            if (!"bitcoinfx self-test".equals(answer)) {
                return fail(out, step, "echo answered \"" + answer + "\"", backend, true);
            }
            row(out, "echo", "answered in " + ms(t0) + " ms");

            step = "getblockchaininfo";
            t0 = System.nanoTime();
            JsonNode info = client.rpc().call("getblockchaininfo").get(CALL_LIMIT_S, TimeUnit.SECONDS);
            if (!"regtest".equals(info.path("chain").asText())) {
                return fail(out, step, "chain is \"" + info.path("chain").asText() + "\", expected regtest", backend, true);
            }
            row(out, "getblockchaininfo", "chain=" + info.path("chain").asText() + " blocks=" + info.path("blocks").asLong()
                    + " headers=" + info.path("headers").asLong() + " (" + ms(t0) + " ms)");
            client.close();
            client = null;

            step = "stop bitcoin-node";
            t0 = System.nanoTime();
            backend.stop().get(STOP_LIMIT_S, TimeUnit.SECONDS);
            started = false;
            String left = leftovers(backend);
            if (!left.isEmpty()) {
                return fail(out, step, left, backend, false);
            }
            row(out, "stop", "stopped in " + ms(t0) + " ms; no process or runtime directory left");
            out.println("self-test passed");
            return 0;
        } catch (ExecutionException e) {
            return fail(out, step, Fx.message(e), backend, started);
        } catch (TimeoutException e) {
            return fail(out, step, "no answer within the time limit", backend, started);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(out, step, "interrupted", backend, started);
        } catch (RuntimeException e) {
            return fail(out, step, e.toString(), backend, started);
        } finally {
            if (client != null) {
                client.close();
            }
        }
    }

    /** @return what a stop left behind (a live process, the runtime directory), or empty */
    private static String leftovers(NodeBackend backend) {
        if (!(backend instanceof BundledNodeBackend b)) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        b.child().filter(ProcessHandle::isAlive).ifPresent(p -> sb.append("bitcoin-node (pid ").append(p.pid()).append(") still runs. "));
        b.socket().map(Path::getParent).filter(Files::exists).ifPresent(d -> sb.append("the runtime directory ").append(d).append(" is left. "));
        return sb.toString().strip();
    }

    private static int fail(PrintStream out, String step, String why, NodeBackend backend, boolean stopNode) {
        out.println("self-test FAILED at \"" + step + "\": " + why.replace("\n", "\n  "));
        List<String> log = backend.recentLog(30);
        if (!log.isEmpty()) {
            out.println("last node log lines:");
            log.forEach(l -> out.println("  " + l));
        }
        if (stopNode) {
            try {
                backend.stop().get(STOP_LIMIT_S, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                out.println("stopping bitcoin-node after the failure failed too: " + Fx.message(e) + "; killing it");
                backend.kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                backend.kill();
            }
        }
        return 1;
    }

    private static void row(PrintStream out, String what, String text) {
        out.printf("  %-18s %s%n", what, text);
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static void deleteTree(Path dir, PrintStream out) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            out.println("note: cannot remove the temporary datadir " + dir + ": " + e.getMessage());
        }
    }
}
