package org.bitcoinfx.node;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a usable bitcoin-node. Candidates, in order:
 * <ol>
 *   <li>an explicit path ({@code --node PATH}); if given, it is the only candidate: a bad explicit
 *       path fails at once rather than silently falling back to another binary;</li>
 *   <li>the environment variable {@code BITCOIN_NODE};</li>
 *   <li>the app image's bundled node, {@code <image>/}{@value #BUNDLED_NODE_PATH}, where the image
 *       is found from the system property {@code jpackage.app-path} (the launcher
 *       {@code <image>/bin/<name>});</li>
 *   <li>each directory of {@code PATH};</li>
 *   <li>{@code ~/bitcoin-*}{@code /libexec/bitcoin-node} (unpacked release tarballs, newest name first);</li>
 *   <li>{@code /usr/local/libexec/bitcoin-node}.</li>
 * </ol>
 * Each candidate must exist, be a regular executable file, and print a first {@code -version}
 * line with a supported version ({@link NodeVersion#REQUIRED}) within the version timeout.
 */
public final class NodeLocator {
    private static final Logger log = LoggerFactory.getLogger(NodeLocator.class);

    /** The executable's file name. */
    public static final String NODE_EXECUTABLE = "bitcoin-node";
    /**
     * Where packaging must put the bundled node, relative to the app image root (the parent of the
     * launcher's {@code bin/} directory): {@code <image>/lib/node/bitcoin-node}.
     */
    public static final String BUNDLED_NODE_PATH = "lib/node/bitcoin-node";
    /** The environment variable naming a bitcoin-node. */
    public static final String ENV_VAR = "BITCOIN_NODE";
    /** Default time allowed for {@code bitcoin-node -version}: 10 s. */
    public static final Duration DEFAULT_VERSION_TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, String> env;
    private final Path home;
    private final String appPath;
    private final Path systemLibexec;
    private final Duration versionTimeout;

    /**
     * A locator with everything injectable (for tests).
     *
     * @param env            environment variables ({@code BITCOIN_NODE}, {@code PATH})
     * @param home           the user's home directory, searched for {@code bitcoin-*}; null to skip
     * @param appPath        value of {@code jpackage.app-path}, or null when not packaged
     * @param systemLibexec  the system-wide candidate, normally {@code /usr/local/libexec/bitcoin-node}; null to skip
     * @param versionTimeout how long {@code -version} may take
     */
    public NodeLocator(Map<String, String> env, Path home, String appPath, Path systemLibexec, Duration versionTimeout) {
        this.env = Map.copyOf(env);
        this.home = home;
        this.appPath = appPath;
        this.systemLibexec = systemLibexec;
        this.versionTimeout = Objects.requireNonNull(versionTimeout, "versionTimeout");
    }

    /** @return a locator reading this process's environment, {@code user.home} and {@code jpackage.app-path} */
    public static NodeLocator system() {
        return new NodeLocator(System.getenv(), Path.of(System.getProperty("user.home")), System.getProperty("jpackage.app-path"),
                Path.of("/usr/local/libexec/bitcoin-node"), DEFAULT_VERSION_TIMEOUT);
    }

    /**
     * Finds the first usable bitcoin-node.
     *
     * @param explicit the path given with {@code --node}, if any; then it is the only candidate
     * @return the first candidate that passed every check
     * @throws NodeNotFoundException listing every place tried and why it failed
     */
    public NodeBinary locate(Optional<Path> explicit) throws NodeNotFoundException {
        List<String> attempts = new ArrayList<>();
        if (explicit.isPresent()) {
            Path p = explicit.get();
            try {
                return inspect(p, versionTimeout);
            } catch (NodeException e) {
                attempts.add("--node " + p + ": " + e.getMessage());
                throw new NodeNotFoundException(attempts);
            }
        }
        Optional<NodeBinary> found = tryCandidates(attempts);
        if (found.isPresent()) {
            NodeBinary b = found.get();
            if (!attempts.isEmpty()) {
                log.warn("Using {} ({}); rejected before it: {}", b.path(), b.version(), attempts);
            } else {
                log.info("Using {} ({})", b.path(), b.version());
            }
            return b;
        }
        throw new NodeNotFoundException(attempts);
    }

    private Optional<NodeBinary> tryCandidates(List<String> attempts) {
        // 1. BITCOIN_NODE
        String envNode = env.get(ENV_VAR);
        if (envNode == null || envNode.isBlank()) {
            attempts.add(ENV_VAR + ": not set");
        } else {
            Optional<NodeBinary> b = tryOne(ENV_VAR + "=" + envNode, Path.of(envNode), attempts);
            if (b.isPresent()) {
                return b;
            }
        }
        // 2. app image
        Optional<Path> bundled = bundledNode(appPath);
        if (bundled.isEmpty()) {
            attempts.add("app image: not running from a packaged app (jpackage.app-path is not set)");
        } else {
            Optional<NodeBinary> b = tryOne("app image " + bundled.get(), bundled.get(), attempts);
            if (b.isPresent()) {
                return b;
            }
        }
        // 3. PATH
        String pathVar = env.getOrDefault("PATH", "");
        boolean anyOnPath = false;
        for (String dir : pathVar.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir).resolve(NODE_EXECUTABLE);
            if (Files.exists(p)) {
                anyOnPath = true;
                Optional<NodeBinary> b = tryOne("PATH " + p, p, attempts);
                if (b.isPresent()) {
                    return b;
                }
            }
        }
        if (!anyOnPath) {
            attempts.add("PATH (" + pathVar + "): no " + NODE_EXECUTABLE + " in any directory");
        }
        // 4. ~/bitcoin-*/libexec/bitcoin-node
        if (home != null) {
            List<Path> tarballs = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(home, "bitcoin-*")) {
                for (Path d : ds) {
                    Path p = d.resolve("libexec").resolve(NODE_EXECUTABLE);
                    if (Files.exists(p)) {
                        tarballs.add(p);
                    }
                }
            } catch (IOException e) {
                attempts.add(home + "/bitcoin-*/libexec/" + NODE_EXECUTABLE + ": cannot list " + home + ": " + e);
            }
            tarballs.sort((a, b) -> b.toString().compareTo(a.toString()));
            if (tarballs.isEmpty()) {
                attempts.add(home + "/bitcoin-*/libexec/" + NODE_EXECUTABLE + ": no match");
            }
            for (Path p : tarballs) {
                Optional<NodeBinary> b = tryOne(p.toString(), p, attempts);
                if (b.isPresent()) {
                    return b;
                }
            }
        }
        // 5. /usr/local/libexec/bitcoin-node
        if (systemLibexec != null) {
            return tryOne(systemLibexec.toString(), systemLibexec, attempts);
        }
        return Optional.empty();
    }

    private Optional<NodeBinary> tryOne(String label, Path p, List<String> attempts) {
        try {
            return Optional.of(inspect(p, versionTimeout));
        } catch (NodeException e) {
            attempts.add(label + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The bundled node of an app image.
     *
     * @param appPath the value of {@code jpackage.app-path}: {@code <image>/bin/<launcher>} on Linux,
     *                {@code <X.app>/Contents/MacOS/<launcher>} on macOS (image = {@code Contents}),
     *                {@code <image>\<launcher>.exe} on Windows (jpackage puts the launcher at the image root); or null
     * @return {@code <image>/}{@value #BUNDLED_NODE_PATH} ({@code <image>\lib\node\bitcoin-node.exe} on Windows),
     *         or empty if {@code appPath} is null or too short a path
     */
    public static Optional<Path> bundledNode(String appPath) {
        if (appPath == null || appPath.isBlank()) {
            return Optional.empty();
        }
        Path launcher = Path.of(appPath).toAbsolutePath();
        Path launcherDir = launcher.getParent();
        if (launcherDir == null) {
            return Optional.empty();
        }
        if (launcher.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".exe")) {
            return Optional.of(launcherDir.resolve(BUNDLED_NODE_PATH + ".exe"));
        }
        if (launcherDir.getParent() == null) {
            return Optional.empty();
        }
        return Optional.of(launcherDir.getParent().resolve(BUNDLED_NODE_PATH));
    }

    /**
     * Checks one candidate: it exists, is a regular executable file, and {@code -version} prints a
     * supported version within {@code timeout}.
     *
     * @return the checked binary, with its absolute path
     * @throws NodeException whose message says why it is unusable, e.g. {@code does not exist},
     *                       {@code v31.0.0 is too old, Bitcoin FX needs v32 or newer, …}
     */
    public static NodeBinary inspect(Path path, Duration timeout) throws NodeException {
        Path p = path.toAbsolutePath();
        if (!Files.exists(p)) {
            throw new NodeException("does not exist");
        }
        if (!Files.isRegularFile(p)) {
            throw new NodeException("is not a regular file");
        }
        if (!Files.isExecutable(p)) {
            throw new NodeException("is not executable (chmod +x " + p + ")");
        }
        String firstLine = runVersion(p, timeout);
        NodeVersion v = NodeVersion.parse(firstLine).orElseThrow(() -> new NodeException(
                "'-version' printed '" + firstLine + "', which has no version; is it a bitcoin-node?"));
        if (!v.isSupported()) {
            throw new NodeException(v + " is too old, Bitcoin FX needs " + NodeVersion.REQUIRED);
        }
        return new NodeBinary(p, v, firstLine);
    }

    private static String runVersion(Path p, Duration timeout) throws NodeException {
        Process proc;
        try {
            proc = new ProcessBuilder(p.toString(), "-version").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new NodeException("cannot run '-version': " + e.getMessage(), e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (InputStream in = proc.getInputStream()) {
                byte[] buf = new byte[8192];
                int n;
                while ((n = in.read(buf)) > 0) {
                    synchronized (out) {
                        if (out.size() < 65536) {
                            out.write(buf, 0, n);
                        }
                    }
                }
            } catch (IOException e) {
                log.debug("reading '{} -version' output ended: {}", p, e.toString());
            }
        }, "bitcoinfx-node-version");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!proc.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                proc.destroyForcibly();
                throw new NodeException("'-version' did not finish within " + Durations.human(timeout));
            }
            reader.join(2000);
        } catch (InterruptedException e) {
            proc.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new NodeException("interrupted while running '-version'", e);
        }
        String text;
        synchronized (out) {
            text = out.toString(StandardCharsets.UTF_8);
        }
        String firstLine = text.lines().filter(l -> !l.isBlank()).findFirst().orElse("").strip();
        if (proc.exitValue() != 0) {
            throw new NodeException("'-version' exited with code " + proc.exitValue()
                    + (firstLine.isEmpty() ? "" : ": " + firstLine));
        }
        if (firstLine.isEmpty()) {
            throw new NodeException("'-version' printed nothing");
        }
        return firstLine;
    }
}
