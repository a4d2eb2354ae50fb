package org.bitcoinfx.gui.node;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a bitcoin-node binary the way {@link NodeBackend#findNodeBinary} documents: the chosen
 * path, {@code $BITCOIN_NODE}, next to the app, then {@code PATH}.
 */
public final class NodeBinaryLocator {
    private final Map<String, String> env;
    private final Path appDir;

    /** @param env the environment to read ({@code System.getenv()}); @param appDir the app's directory, or null */
    public NodeBinaryLocator(Map<String, String> env, Path appDir) {
        this.env = env;
        this.appDir = appDir;
    }

    /** A locator over the process environment, without an app directory. */
    public static NodeBinaryLocator system() {
        return new NodeBinaryLocator(System.getenv(), null);
    }

    /** @param configured the path the user chose, or null; @return the first executable found */
    public Optional<Path> find(Path configured) {
        if (configured != null && isExecutable(configured)) {
            return Optional.of(configured);
        }
        String fromEnv = env.get("BITCOIN_NODE");
        if (fromEnv != null && !fromEnv.isBlank() && isExecutable(Path.of(fromEnv))) {
            return Optional.of(Path.of(fromEnv));
        }
        String exe = isWindows() ? "bitcoin-node.exe" : "bitcoin-node";
        if (appDir != null && isExecutable(appDir.resolve(exe))) {
            return Optional.of(appDir.resolve(exe));
        }
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isBlank()) {
                Path p = Path.of(dir, exe);
                if (isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** @return true if {@code p} is a regular file we may execute */
    public static boolean isExecutable(Path p) {
        return Files.isRegularFile(p) && Files.isExecutable(p);
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
    }
}
