package org.bitcoinfx.gui.shell;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Consumer;
import org.bitcoinfx.node.RuntimeDir;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a {@code bitcoin:} URI from a second start of the app to the one already running (the desktop opens a
 * payment link by starting the app with the URI; the {@link org.bitcoinfx.gui.settings.InstanceLock} lets only
 * one run). The running app listens on a Unix socket {@value #SOCKET_NAME} in a private directory (mode 0700,
 * owned by us, checked before use) under {@code $XDG_RUNTIME_DIR} (else {@code /tmp}), named after the settings
 * directory so that each app instance has its own. Only a peer with our uid is heard.
 *
 * <p>Protocol: the second start writes the URI as UTF-8 and a newline ({@value #MAX_BYTES} bytes at most) and
 * reads one line back: {@code ok}, or {@code refused: <why>}. The running app gets the URI on its listener
 * thread and checks it itself (BIP21) before using it.
 */
public final class UriHandoff implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UriHandoff.class);
    /** The socket's name in the hand-off directory. */
    public static final String SOCKET_NAME = "uri.sock";
    /** The longest hand-off taken, bytes (the URI and its newline). */
    public static final int MAX_BYTES = 4096;

    private final AFUNIXServerSocket server;
    private final Path socket;
    private final Thread thread;
    private volatile boolean closed;

    private UriHandoff(AFUNIXServerSocket server, Path socket, Consumer<String> onUri) {
        this.server = server;
        this.socket = socket;
        this.thread = new Thread(() -> serve(onUri), "bitcoinfx-uri-handoff");
        thread.setDaemon(true);
    }

    /**
     * @param settingsDir the app's settings directory (what {@link org.bitcoinfx.gui.settings.InstanceLock} locks)
     * @param env         the environment ({@code XDG_RUNTIME_DIR})
     * @return the hand-off directory of that settings directory: {@code <runtime parent>/bitcoinfx-<uid>-ui-<8 hex>}
     */
    public static Path directoryFor(Path settingsDir, Map<String, String> env) {
        String key;
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(settingsDir.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            key = HexFormat.of().formatHex(h, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return RuntimeDir.defaultParent(env).resolve("bitcoinfx-" + RuntimeDir.currentUid() + "-ui-" + key);
    }

    /**
     * Listens for hand-offs (call while holding the instance lock, so that no other app listens here): makes the
     * private directory if missing, removes a socket a crashed run left, binds and starts the listener thread.
     *
     * @param dir   {@link #directoryFor}
     * @param onUri gets each URI handed over, on the listener thread
     * @throws IOException if the directory is not ours and private (mode 0700), or the socket cannot be bound
     */
    public static UriHandoff listen(Path dir, Consumer<String> onUri) throws IOException {
        ensurePrivate(dir, true);
        Path socket = dir.resolve(SOCKET_NAME);
        Files.deleteIfExists(socket); // a crashed run's: we hold the instance lock, nobody else listens here
        AFUNIXServerSocket server = AFUNIXServerSocket.newInstance();
        server.bind(AFUNIXSocketAddress.of(socket.toFile()));
        UriHandoff h = new UriHandoff(server, socket, onUri);
        h.thread.start();
        LOG.debug("Listening for bitcoin: URIs on {}", socket);
        return h;
    }

    /**
     * Hands {@code uri} to the app listening in {@code dir}.
     *
     * @param timeout how long to wait for its answer
     * @throws IOException if nobody listens there (no socket, refused), the directory is not private, the answer
     *                     does not come in time, or the app refused the URI (the message says why)
     */
    public static void send(Path dir, String uri, Duration timeout) throws IOException {
        ensurePrivate(dir, false);
        byte[] line = (uri.strip() + "\n").getBytes(StandardCharsets.UTF_8);
        if (line.length > MAX_BYTES) {
            throw new IOException("the link is " + line.length + " bytes; at most " + MAX_BYTES + " are handed over");
        }
        try (AFUNIXSocket s = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(dir.resolve(SOCKET_NAME).toFile()))) {
            s.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            OutputStream out = s.getOutputStream();
            out.write(line);
            out.flush();
            String answer = readLine(s.getInputStream(), 512);
            if (!"ok".equals(answer)) {
                throw new IOException(answer == null ? "the running app closed the connection without an answer" : answer);
            }
        } catch (SocketTimeoutException e) {
            throw new IOException("the running app did not answer within " + timeout.toMillis() + " ms", e);
        }
    }

    private void serve(Consumer<String> onUri) {
        while (!closed) {
            try (AFUNIXSocket s = server.accept()) {
                s.setSoTimeout(5_000);
                AFUNIXSocketCredentials c = s.getPeerCredentials();
                if (c == null || c.getUid() != RuntimeDir.currentUid()) {
                    LOG.warn("A hand-off from uid {} was refused (not ours)", c == null ? "?" : c.getUid());
                    continue;
                }
                String uri;
                try {
                    uri = readLine(s.getInputStream(), MAX_BYTES);
                } catch (IOException e) {
                    answer(s, "refused: " + e.getMessage());
                    continue;
                }
                if (uri == null || !uri.regionMatches(true, 0, "bitcoin:", 0, 8)) {
                    answer(s, "refused: not a bitcoin: URI");
                    continue;
                }
                onUri.accept(uri);
                answer(s, "ok");
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("URI hand-off: {}", e.toString());
                }
            } catch (RuntimeException e) {
                LOG.error("URI hand-off: the handler failed", e);
            }
        }
    }

    private static void answer(AFUNIXSocket s, String line) {
        try {
            OutputStream out = s.getOutputStream();
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            LOG.debug("URI hand-off: the other side left before the answer: {}", e.toString());
        }
    }

    /** Reads bytes up to a newline; null at the end of the stream before any; an IOException past {@code max}. */
    private static String readLine(InputStream in, int max) throws IOException {
        byte[] buf = new byte[max];
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return n == 0 ? null : new String(buf, 0, n, StandardCharsets.UTF_8);
            }
            if (b == '\n') {
                return new String(buf, 0, n, StandardCharsets.UTF_8);
            }
            if (n == max - 1) {
                throw new IOException("longer than " + max + " bytes");
            }
            buf[n++] = (byte) b;
        }
    }

    /** Checks (or, with {@code create}, makes) {@code dir}: a real directory, ours, mode exactly 0700. */
    static void ensurePrivate(Path dir, boolean create) throws IOException {
        if (create && !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(RuntimeDir.PRIVATE));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // checked below
            }
        }
        PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        long uid = ((Number) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
        if (!a.isDirectory() || uid != RuntimeDir.currentUid() || !a.permissions().equals(RuntimeDir.PRIVATE)) {
            throw new IOException("the hand-off directory " + dir + " is not a private directory of ours (mode 0700, uid "
                    + RuntimeDir.currentUid() + "); not using it");
        }
    }

    /** @return the socket listened on */
    public Path socket() {
        return socket;
    }

    /** Stops listening and removes the socket. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing the hand-off socket: {}", e.toString());
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.warn("Could not remove {}: {}", socket, e.toString());
        }
    }
}
