package org.bitcoinfx.gui.node;

import java.util.List;
import org.bitcoinfx.node.NodeCrash;
import org.bitcoinfx.node.NodeNotFoundException;
import org.bitcoinfx.node.NodeProcess;
import org.bitcoinfx.node.NodeStartException;

/**
 * The sentences {@link BundledNodeBackend} shows for what went wrong: no usable bitcoin-node (and
 * the places tried), a failed start, a crash (exit code or signal).
 */
final class NodeProblemMessages {
    private NodeProblemMessages() {
    }

    /**
     * The problem banner's message when no usable bitcoin-node was found: {@link UnavailableNodeBackend#NO_NODE}
     * ("No bitcoin-node found. …", for which the banner offers "Choose bitcoin-node…"), then why the
     * chosen binary failed, or which found binary is too old, if that is the case.
     */
    static String noNodeMessage(NodeNotFoundException e) {
        List<String> places = placesTried(e);
        String why = "";
        if (places.size() == 1 && places.get(0).startsWith("chosen ")) {
            why = " The c" + places.get(0).substring(1) + ".";
        } else {
            why = places.stream().filter(p -> p.contains("is too old")).findFirst().map(p -> " " + p + ".").orElse("");
        }
        return UnavailableNodeBackend.NO_NODE + why;
    }

    /** @return one line per place tried, e.g. {@code BITCOIN_NODE: not set}; a chosen binary reads {@code chosen /path: why} */
    static List<String> placesTried(NodeNotFoundException e) {
        return e.attempts().stream().map(a -> a.startsWith("--node ") ? "chosen " + a.substring("--node ".length()) : a).toList();
    }

    /** The message of a {@link NodeStartException} without the log lines it appends. */
    static String summary(NodeStartException e) {
        String m = String.valueOf(e.getMessage());
        int i = m.indexOf("\nLast log lines:");
        return i >= 0 ? m.substring(0, i) : m;
    }

    /**
     * A failed start's message: for a node that exited with an error code and said why on stderr,
     * "bitcoin-node exited with code 1 during startup: Unable to bind to 127.0.0.1:8333 on this computer. …" (its
     * own words, {@link #nodeErrors}); otherwise {@link #summary}.
     *
     * @param output the child's stdout and stderr lines ({@link NodeProcess#output}): its last log lines may not reach
     *               back to them, when debug.log was read in bulk after them
     */
    static String startFailure(NodeStartException e, List<String> output) {
        int code = e.exitCode().orElse(0);
        List<String> errors = nodeErrors(concat(e.lastLogLines(), output));
        if (code == 0 || isSignal(code) || errors.isEmpty()) {
            return summary(e);
        }
        return "bitcoin-node exited with code " + code + " during startup: " + String.join(" ", errors);
    }

    /**
     * Why bitcoin-node says it stopped: the text of each of its stderr lines {@code Error: …} (Bitcoin Core's
     * {@code InitError} and other fatal messages, written to stderr by {@code noui_ThreadSafeMessageBox},
     * {@code src/noui.cpp}), in order, without repeats.
     *
     * @param taggedLines log lines as {@link NodeProcess#lastLogLines} gives them ({@code [stderr] …} for stderr)
     */
    static List<String> nodeErrors(List<String> taggedLines) {
        String prefix = "[stderr] Error: ";
        return taggedLines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()).strip())
                .filter(t -> !t.isEmpty()).distinct().toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static boolean isSignal(int code) {
        return code > 128 && code < 128 + 65;
    }

    /**
     * A sentence for a crash: "bitcoin-node exited unexpectedly with exit code 1", "… was killed by
     * signal 9 (SIGKILL)", or for an attached node "The IPC socket … is gone: …".
     */
    static String crashMessage(NodeCrash crash) {
        return crashMessage(crash, "", List.of());
    }

    /**
     * As {@link #crashMessage(NodeCrash)}, with {@code when} (e.g. " during startup") after the exit code or signal,
     * and for an exit code the node's own words after it, if it said why on stderr ({@link #nodeErrors}) in its last
     * log lines or {@code output} (its stdout and stderr lines, {@link NodeProcess#output}).
     */
    static String crashMessage(NodeCrash crash, String when, List<String> output) {
        if (crash.pid().isEmpty()) {
            return crash.description() + when + ". The bitcoin-node Bitcoin FX was attached to stopped, or its IPC socket is gone.";
        }
        int code = crash.exitCode().orElse(-1);
        if (isSignal(code)) {
            int sig = code - 128;
            return "bitcoin-node (pid " + crash.pid().getAsLong() + ") was killed by signal " + sig + signalName(sig) + when;
        }
        List<String> errors = nodeErrors(concat(crash.lastLogLines(), output));
        return "bitcoin-node (pid " + crash.pid().getAsLong() + ") exited unexpectedly with exit code " + code + when
                + (errors.isEmpty() ? "" : ": " + String.join(" ", errors));
    }

    private static String signalName(int sig) {
        return switch (sig) {
            case 1 -> " (SIGHUP)";
            case 2 -> " (SIGINT)";
            case 4 -> " (SIGILL)";
            case 6 -> " (SIGABRT)";
            case 7 -> " (SIGBUS)";
            case 8 -> " (SIGFPE)";
            case 9 -> " (SIGKILL)";
            case 11 -> " (SIGSEGV)";
            case 15 -> " (SIGTERM)";
            default -> "";
        };
    }

    /**
     * Why a start failed when its child has exited meanwhile: by a signal, "bitcoin-node (pid N) was
     * killed by signal 9 (SIGKILL) during startup. Start it again."; with a non-zero exit code, "bitcoin-node (pid N)
     * exited with code C during startup: " and the node's own words ({@link #nodeErrors}), or without them
     * {@code otherwise} + "; bitcoin-node (pid N) exited with code C during startup"; else (exit code 0,
     * or not seen within 10 s) {@code otherwise}. Call it after the failed start's stop, when the child
     * has exited; waits for its exit to be seen, at most 10 s.
     */
    static String exitedDuringStartMessage(NodeProcess np, String otherwise) {
        Integer code;
        try {
            // called after the failed start's stop: the child has exited, or is being reaped this moment
            code = np.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return otherwise;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return otherwise;
        }
        if (code == null || code == 0) {
            return otherwise;
        }
        if (!isSignal(code)) {
            List<String> errors = nodeErrors(np.output().all());
            return errors.isEmpty() ? otherwise + "; bitcoin-node (pid " + np.pid() + ") exited with code " + code + " during startup"
                    : "bitcoin-node (pid " + np.pid() + ") exited with code " + code + " during startup: " + String.join(" ", errors);
        }
        return crashMessage(new org.bitcoinfx.node.NodeCrash(java.util.OptionalLong.of(np.pid()),
                java.util.OptionalInt.of(code), List.of(), java.time.Instant.now(), "")) + " during startup. Start it again.";
    }
}
