package org.bitcoinfx.gui.feedback;

import atlantafx.base.theme.Styles;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.image.WritableImage;
import javafx.stage.FileChooser;
import javax.imageio.ImageIO;
import org.bitcoinfx.gui.inspector.IpcEventLog;
import org.bitcoinfx.gui.settings.SettingsStore;
import org.bitcoinfx.gui.shell.AppContext;
import org.bitcoinfx.gui.shell.ErrorDialogs;
import org.bitcoinfx.gui.util.Fx;
import org.bitcoinfx.gui.util.Json;
import org.bitcoinfx.gui.wallet.SensitiveRpc;
import org.bitcoinfx.ipc.IpcEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Send feedback": a zip with versions, OS, settings without secrets, a summary of the last IPC
 * calls, the node and app log tails and a PNG of the window. Nothing is sent anywhere; the user attaches
 * the file to a report. Secrets are left out everywhere: passwords in node arguments, private keys
 * and the parameters of secret RPCs in every text file ({@link SensitiveRpc#redactLogLine}), and
 * in the window picture every node styled {@value #SECRET_STYLE}, and every text with such a
 * secret, is blank ({@link #secretNodes}).
 */
public final class FeedbackBundle {
    private static final Logger LOG = LoggerFactory.getLogger(FeedbackBundle.class);
    /**
     * The style class of a node whose content is secret (a console result with private keys, a
     * command line being typed with a passphrase): the window picture leaves it blank.
     */
    public static final String SECRET_STYLE = "holds-secret";

    private FeedbackBundle() {
    }

    /**
     * What is gathered on the JavaFX Application Thread: the text files and the window picture,
     * not yet encoded.
     *
     * @param files  file name → content
     * @param window the window's snapshot
     */
    public record Gathered(Map<String, byte[]> files, WritableImage window) {
    }

    /**
     * The bundle's files, complete: {@link #gatherOnFx} then {@link #encode}. Call on the JavaFX
     * Application Thread (tests use it).
     *
     * @param window the node to snapshot (the window's root)
     * @return file name → content
     * @throws IOException if the picture cannot be encoded
     */
    public static Map<String, byte[]> gather(AppContext ctx, IpcEventLog ipc, Node window) throws IOException {
        return encode(gatherOnFx(ctx, ipc, window));
    }

    /** Encodes the window picture as {@code window.png} (any thread). @throws IOException if encoding fails */
    public static Map<String, byte[]> encode(Gathered g) throws IOException {
        Map<String, byte[]> files = new TreeMap<>(g.files());
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(SwingFXUtils.fromFXImage(g.window(), null), "png", png);
        files.put("window.png", png.toByteArray());
        return files;
    }

    /**
     * Gathers versions, settings without secrets, IPC summary, log tails and a snapshot of
     * {@code window}; call on the JavaFX Application Thread.
     */
    public static Gathered gatherOnFx(AppContext ctx, IpcEventLog ipc, Node window) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        StringBuilder v = new StringBuilder();
        v.append("Bitcoin FX ").append(version()).append('\n');
        v.append("Java ").append(System.getProperty("java.version")).append(" (").append(System.getProperty("java.vendor")).append(")\n");
        v.append("JavaFX ").append(System.getProperty("javafx.runtime.version", "?")).append('\n');
        v.append("OS ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                .append(' ').append(System.getProperty("os.arch")).append('\n');
        v.append("bitcoin-node ").append(ctx.session().backend().nodeVersion().orElse("unknown"))
                .append(" at ").append(ctx.session().backend().nodePath().map(Path::toString).orElse("unknown")).append('\n');
        v.append("Node state ").append(ctx.session().statusProperty().get()).append('\n');
        v.append("Created ").append(Instant.now()).append('\n');
        files.put("versions.txt", utf8(v.toString()));

        ObjectNode settings = SettingsStore.toJson(ctx.settings());
        settings.put("extraArgs", redact(ctx.settings().extraArgsProperty().get()));
        files.put("settings.json", Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(settings));

        files.put("ipc-calls.txt", utf8(redactLines(List.of(ipcSummary(ipc.last(500))))));
        files.put("node-log-tail.txt", utf8(redactLines(ctx.session().backend().recentLog(500))));
        files.put("app-log-tail.txt", utf8(redactLines(RecentLogAppender.lines())));

        return new Gathered(files, snapshotWithoutSecrets(window));
    }

    /**
     * Log lines for the bundle, each line (and each line of a multi-line entry, such as a stack
     * trace) passed through {@link SensitiveRpc#redactLogLine}.
     *
     * @param entries log entries, oldest first
     * @return the entries joined by new lines, with a final new line
     */
    static String redactLines(List<String> entries) {
        StringBuilder sb = new StringBuilder();
        for (String e : entries) {
            String body = e.endsWith("\n") ? e.substring(0, e.length() - 1) : e;
            for (String line : body.split("\n", -1)) {
                sb.append(SensitiveRpc.redactLogLine(line)).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * A picture of {@code window} in which every node styled {@value #SECRET_STYLE} is blank (made
     * invisible for the snapshot and shown again at once; the screen is not repainted in between).
     * Call on the JavaFX Application Thread.
     *
     * @param window the window's root
     * @return the picture
     */
    public static WritableImage snapshotWithoutSecrets(Node window) {
        List<Node> hidden = new ArrayList<>();
        for (Node n : secretNodes(window)) {
            if (n.isVisible()) {
                n.setVisible(false);
                hidden.add(n);
            }
        }
        try {
            return window.snapshot(null, null);
        } finally {
            hidden.forEach(n -> n.setVisible(true));
        }
    }

    /**
     * The nodes the window picture must leave blank: those styled {@value #SECRET_STYLE}, and every
     * label, cell or text field whose text has a secret in it ({@link SensitiveRpc#redactLogLine}
     * would change it: a node log line with {@code -debug=ipc}'s {@code walletpassphrase} request, a
     * private key, a password in node arguments), wherever it is shown. Call on the JavaFX thread.
     *
     * @param window the window's root
     * @return the nodes, in scene-graph order
     */
    public static List<Node> secretNodes(Node window) {
        List<Node> out = new ArrayList<>(window.lookupAll("." + SECRET_STYLE));
        collectSecretText(window, out);
        return out;
    }

    private static void collectSecretText(Node n, List<Node> out) {
        String text = n instanceof javafx.scene.control.Labeled l ? l.getText()
                : n instanceof javafx.scene.control.TextInputControl t ? t.getText() : null;
        if (text != null && !text.isEmpty() && holdsSecret(text) && !out.contains(n)) {
            out.add(n);
            return;
        }
        if (n instanceof javafx.scene.Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                collectSecretText(c, out);
            }
        }
    }

    /** @return true if some line of {@code text} has a secret that {@link SensitiveRpc#redactLogLine} removes */
    static boolean holdsSecret(String text) {
        for (String line : text.split("\n", -1)) {
            if (!SensitiveRpc.redactLogLine(line).equals(line)) {
                return true;
            }
        }
        return false;
    }

    /** Replaces secret values in node arguments by {@code ***} (white space runs become one space). */
    public static String redact(String extraArgs) {
        if (extraArgs == null || extraArgs.isBlank()) {
            return "";
        }
        return SensitiveRpc.redactArgs(extraArgs.strip().replaceAll("\\s+", " "));
    }

    /** Per-method count, failures, median and max duration, then the calls themselves. */
    static String ipcSummary(List<IpcEvent> events) {
        Map<String, List<IpcEvent>> by = new TreeMap<>();
        for (IpcEvent e : events) {
            by.computeIfAbsent(e.interfaceName() + "." + e.method(), k -> new ArrayList<>()).add(e);
        }
        StringBuilder sb = new StringBuilder("# last ").append(events.size()).append(" IPC calls\n");
        sb.append(String.format("%-36s %7s %7s %12s %12s%n", "call", "count", "failed", "median_us", "max_us"));
        by.forEach((k, list) -> {
            long[] d = list.stream().mapToLong(IpcEvent::durationNanos).sorted().toArray();
            long failed = list.stream().filter(e -> !e.ok()).count();
            sb.append(String.format("%-36s %7d %7d %12d %12d%n", k, list.size(), failed, d[d.length / 2] / 1000, d[d.length - 1] / 1000));
        });
        sb.append("\n# calls, oldest first\n");
        for (IpcEvent e : events) {
            sb.append(e.start()).append(' ').append(e.toLogLine()).append('\n');
        }
        return sb.toString();
    }

    /** Writes the files as a zip. */
    public static void writeZip(Map<String, byte[]> files, OutputStream out) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (var e : files.entrySet()) {
                zip.putNextEntry(new ZipEntry("bitcoinfx-feedback/" + e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
    }

    /** Asks where to save, gathers, writes the zip off the JavaFX thread, and says where it went. */
    public static void saveInteractive(AppContext ctx, IpcEventLog ipc, Node window) {
        FileChooser fc = new FileChooser();
        fc.setTitle("Save feedback bundle");
        fc.setInitialFileName("bitcoinfx-feedback.zip");
        var f = fc.showSaveDialog(ctx.stage());
        if (f == null) {
            return;
        }
        Gathered gathered;
        try {
            gathered = gatherOnFx(ctx, ipc, window);
        } catch (IOException e) {
            LOG.error("cannot gather feedback", e);
            ErrorDialogs.show("Cannot create the feedback bundle", e.getMessage(), e);
            return;
        }
        Path target = f.toPath();
        Fx.deliver(CompletableFuture.runAsync(() -> {
            try (OutputStream out = Files.newOutputStream(target)) {
                writeZip(encode(gathered), out);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }), v -> {
            Alert a = new Alert(Alert.AlertType.INFORMATION, "Saved " + target
                    + ".\nIt holds versions, your settings (without passwords), recent IPC calls, the node and app log tails (passwords and private keys "
                    + "replaced by ***) and a picture of the window (secret console results blanked). "
                    + "Look through it before you share it.");
            a.setHeaderText("Feedback bundle saved");
            a.initOwner(ctx.stage());
            a.getDialogPane().getStyleClass().add(Styles.TEXT);
            a.show();
        }, e -> {
            LOG.error("cannot write feedback bundle {}", target, e);
            ErrorDialogs.show("Cannot save the feedback bundle", Fx.message(e), e);
        });
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String version() {
        String v = FeedbackBundle.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT (dev)" : v;
    }
}
