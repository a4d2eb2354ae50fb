package org.bitcoinfx.node;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fresh private directory (mode 0700, owned by us) holding the node's IPC socket
 * {@value #SOCKET_NAME}: {@code $XDG_RUNTIME_DIR/bitcoinfx-XXXXXXXX} if that variable is set, else
 * {@code /tmp/bitcoinfx-<uid>-XXXXXXXX}. The node is given {@code -ipcbind=unix:<dir>/node.sock}.
 */
public final class RuntimeDir {
    private static final Logger log = LoggerFactory.getLogger(RuntimeDir.class);

    /** The socket's file name inside the directory. */
    public static final String SOCKET_NAME = "node.sock";
    /** Unix socket paths must be shorter than this many bytes ({@code sun_path} is 108 bytes with its NUL). */
    public static final int MAX_SOCKET_PATH_BYTES = 108;
    /** The only permissions the directory may have. */
    public static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;

    private RuntimeDir(Path dir) {
        this.dir = dir;
    }

    /** @return this process's real uid */
    public static long currentUid() {
        return new UnixSystem().getUid();
    }

    /**
     * Where runtime directories go by default.
     *
     * @param env the environment ({@code XDG_RUNTIME_DIR})
     * @return {@code $XDG_RUNTIME_DIR} if set and an existing directory, else {@code /tmp}
     */
    public static Path defaultParent(Map<String, String> env) {
        String xdg = env.get("XDG_RUNTIME_DIR");
        if (xdg != null && !xdg.isBlank() && Files.isDirectory(Path.of(xdg))) {
            return Path.of(xdg);
        }
        return Path.of("/tmp");
    }

    /**
     * Creates a fresh private directory under {@code parent}, with mode 0700 set at creation.
     *
     * @param parent {@link #defaultParent} normally; under {@code /tmp} the name carries our uid
     * @return the new directory, checked by {@link #assertPrivate()}
     * @throws NodeStartException if the socket path would be 108 bytes or longer, or the
     *                            directory cannot be created or is not private
     */
    public static RuntimeDir create(Path parent) throws NodeStartException {
        Path absParent = parent.toAbsolutePath().normalize();
        String prefix = absParent.equals(Path.of("/tmp")) ? "bitcoinfx-" + currentUid() + "-" : "bitcoinfx-";
        int socketBytes = absParent.resolve(prefix + "00000000").resolve(SOCKET_NAME).toString().getBytes(StandardCharsets.UTF_8).length;
        if (socketBytes >= MAX_SOCKET_PATH_BYTES) {
            throw new NodeStartException("The IPC socket path under " + absParent + " would be " + socketBytes
                    + " bytes; Unix sockets allow at most " + (MAX_SOCKET_PATH_BYTES - 1)
                    + ". Set XDG_RUNTIME_DIR to a shorter directory.");
        }
        for (int attempt = 0; ; attempt++) {
            byte[] r = new byte[4];
            RANDOM.nextBytes(r);
            Path dir = absParent.resolve(prefix + HexFormat.of().formatHex(r));
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE));
            } catch (FileAlreadyExistsException e) {
                if (attempt < 10) {
                    continue;
                }
                throw new NodeStartException("Cannot create a runtime directory under " + absParent + ": names keep colliding", e);
            } catch (IOException e) {
                throw new NodeStartException("Cannot create a runtime directory under " + absParent + ": " + e, e);
            }
            RuntimeDir rd = new RuntimeDir(dir);
            try {
                rd.assertPrivate();
            } catch (NodeStartException e) {
                rd.delete();
                throw e;
            }
            log.debug("Created runtime directory {}", dir);
            return rd;
        }
    }

    /**
     * Checks the directory is a real directory (not a symlink), owned by us, with mode exactly 0700.
     *
     * @throws NodeStartException saying what is wrong
     */
    public void assertPrivate() throws NodeStartException {
        PosixFileAttributes a;
        try {
            a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new NodeStartException("Cannot read the attributes of runtime directory " + dir + ": " + e, e);
        }
        if (!a.isDirectory()) {
            throw new NodeStartException("Runtime directory " + dir + " is not a directory (a symlink?)");
        }
        long uid;
        try {
            uid = ((Number) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
        } catch (IOException | UnsupportedOperationException e) {
            throw new NodeStartException("Cannot read the owner of runtime directory " + dir + ": " + e, e);
        }
        if (uid != currentUid()) {
            throw new NodeStartException("Runtime directory " + dir + " is owned by uid " + uid + ", not by us (uid " + currentUid() + ")");
        }
        if (!a.permissions().equals(PRIVATE)) {
            throw new NodeStartException("Runtime directory " + dir + " has mode " + PosixFilePermissions.toString(a.permissions())
                    + "; it must be rwx------ (0700) so that no other user can reach the node's socket");
        }
    }

    /** @return the directory */
    public Path path() {
        return dir;
    }

    /** @return {@code <dir>/node.sock} */
    public Path socket() {
        return dir.resolve(SOCKET_NAME);
    }

    /** Deletes the directory and everything in it; logs (never throws) on failure. Idempotent. */
    public void delete() {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
            log.debug("Removed runtime directory {}", dir);
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            log.warn("Cannot remove runtime directory {}", dir, e);
        }
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
