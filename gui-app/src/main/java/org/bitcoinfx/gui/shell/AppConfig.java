package org.bitcoinfx.gui.shell;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.bitcoinfx.gui.node.NodeBackend;
import org.bitcoinfx.gui.node.NodeBackends;
import org.bitcoinfx.gui.settings.SettingsStore;
import org.bitcoinfx.node.ConnectAddress;

/**
 * How the app is wired: where settings live, which node backend to use and what "exit" does
 * (tests and demos replace these).
 *
 * @param settingsFile  the settings JSON
 * @param backend       makes the node backend (called once, on the JavaFX Application Thread)
 * @param resetSettings true to forget the settings and show onboarding again ({@code --reset-settings})
 * @param exitAction    run after a clean shutdown (normally {@code Platform::exit})
 * @param connectSocket {@code --connect unix:PATH}: the socket of a running bitcoin-node to attach to, or null to launch one
 * @param paymentUri    a {@code bitcoin:} URI given on the command line (the desktop opening a payment link), or null
 * @param handoffDir    where this app listens for payment links from later starts ({@link UriHandoff}), or null not to
 */
public record AppConfig(Path settingsFile, Supplier<NodeBackend> backend, boolean resetSettings, Runnable exitAction, Path connectSocket,
        String paymentUri, Path handoffDir) {

    /** Without a payment link or hand-off. */
    public AppConfig(Path settingsFile, Supplier<NodeBackend> backend, boolean resetSettings, Runnable exitAction, Path connectSocket) {
        this(settingsFile, backend, resetSettings, exitAction, connectSocket, null, null);
    }

    /** Without {@code --connect}. */
    public AppConfig(Path settingsFile, Supplier<NodeBackend> backend, boolean resetSettings, Runnable exitAction) {
        this(settingsFile, backend, resetSettings, exitAction, null);
    }

    /** The options {@link #fromArgs} knows, for messages. */
    public static final String OPTIONS = "--reset-settings, --settings=<file>, --connect unix:<path to node.sock>, --self-test, bitcoin:<payment URI>";

    /**
     * Reads the command line: {@code --reset-settings}, {@code --settings=<file>},
     * {@code --connect unix:<path>} (or {@code --connect=unix:<path>}: attach to a running
     * bitcoin-node instead of launching one), and one {@code bitcoin:} URI (a payment link the desktop opens with
     * the app: Send is filled from it). The hand-off directory is {@link UriHandoff#directoryFor} the settings'.
     *
     * @throws IllegalArgumentException for an unknown option or a bad {@code --connect} address (not
     *         {@code unix:PATH}, or a path of 108 bytes or more, which a Unix socket cannot have), or two payment links
     */
    public static AppConfig fromArgs(List<String> args, Runnable exitAction) {
        Path file = SettingsStore.defaultFile();
        boolean reset = false;
        Path connect = null;
        String uri = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--reset-settings")) {
                reset = true;
            } else if (a.startsWith("--settings=")) {
                file = Path.of(a.substring("--settings=".length()));
            } else if (a.equals("--connect")) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("--connect needs an address: --connect unix:<path to node.sock>");
                }
                connect = ConnectAddress.parse(args.get(++i));
            } else if (a.startsWith("--connect=")) {
                connect = ConnectAddress.parse(a.substring("--connect=".length()));
            } else if (a.regionMatches(true, 0, "bitcoin:", 0, 8)) {
                if (uri != null) {
                    throw new IllegalArgumentException("one payment link at a time: " + uri + " and " + a);
                }
                uri = a;
            } else {
                throw new IllegalArgumentException("unknown option: " + a + " (known: " + OPTIONS + ")");
            }
        }
        if (connect != null) {
            int bytes = connect.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes >= org.bitcoinfx.node.RuntimeDir.MAX_SOCKET_PATH_BYTES) {
                throw new IllegalArgumentException("--connect: the socket path is " + bytes + " bytes; Unix sockets allow at most "
                        + (org.bitcoinfx.node.RuntimeDir.MAX_SOCKET_PATH_BYTES - 1) + ": " + connect
                        + ". Give the node a shorter -ipcbind=unix: path (or a symbolic link to its directory).");
            }
        }
        Path socket = connect;
        return new AppConfig(file, () -> NodeBackends.load(socket), reset, exitAction, socket, uri,
                UriHandoff.directoryFor(file.toAbsolutePath().getParent(), System.getenv()));
    }

    /**
     * The {@code bitcoin:} URI (BIP21) the app was started with, as given: the desktop entry's
     * {@code Exec=… %u} passes a clicked {@code bitcoin:} link (scheme matched in any case).
     *
     * @return the first such argument, or empty
     */
    public static java.util.Optional<String> bitcoinUri(List<String> args) {
        return args.stream().filter(AppConfig::isBitcoinUri).findFirst();
    }

    private static boolean isBitcoinUri(String a) {
        return a.regionMatches(true, 0, "bitcoin:", 0, "bitcoin:".length());
    }
}
