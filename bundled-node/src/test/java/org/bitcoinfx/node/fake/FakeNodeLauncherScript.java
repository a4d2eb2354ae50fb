package org.bitcoinfx.node.fake;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes an executable {@code bitcoin-node} shell script that {@code exec}s this JVM's {@code java}
 * on {@link FakeNode} with the test classpath, so that {@code NodeLocator}, {@code NodeLauncher}
 * and {@code NodeSupervisor} run the fake exactly as they would run bitcoin-node ({@code exec}: the
 * socket's peer pid is the child's pid, so {@code SocketPeerCheck} passes).
 *
 * <pre>
 * Path node = FakeNodeLauncherScript.write(tmp.resolve("bin"));          // tmp/bin/bitcoin-node
 * Path node = FakeNodeLauncherScript.write(tmp.resolve("bin"), List.of("-fakeblocks=101"));
 * </pre>
 * From a shell: {@code java -cp <test classpath> org.bitcoinfx.node.fake.FakeNodeLauncherScript DIR [fixed args…]}.
 */
public final class FakeNodeLauncherScript {
    /** The script's file name. */
    public static final String NAME = "bitcoin-node";
    /** JVM options for a quick start (about 0.5 s) and a small footprint. */
    public static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k", "-Xmx256m",
            "-XX:-UsePerfData", "-Dlogback.configurationFile=fake-node-logback.xml");

    private FakeNodeLauncherScript() {
    }

    /** Writes {@code dir/bitcoin-node} with no fixed arguments. @see #write(Path, List) */
    public static Path write(Path dir) throws IOException {
        return write(dir, List.of());
    }

    /**
     * Writes {@code dir/bitcoin-node} (mode 0700), creating {@code dir}.
     *
     * @param fixedArgs arguments put before the caller's, e.g. {@code -fakeblocks=101}
     * @return the script
     * @throws IOException if it cannot be written
     * @throws IllegalArgumentException if an argument contains a single quote
     */
    public static Path write(Path dir, List<String> fixedArgs) throws IOException {
        Files.createDirectories(dir);
        Path script = dir.resolve(NAME);
        String javaExe = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        StringBuilder b = new StringBuilder("#!/bin/sh\n")
                .append("# Bitcoin FX fake bitcoin-node (test double, written by FakeNodeLauncherScript)\n")
                .append("exec ").append(quote(javaExe));
        for (String o : JVM_OPTIONS) {
            b.append(' ').append(quote(o));
        }
        b.append(" -cp ").append(quote(classpath())).append(' ').append(FakeNode.class.getName());
        for (String a : fixedArgs) {
            b.append(' ').append(quote(a));
        }
        b.append(" \"$@\"\n");
        Path tmp = Files.createTempFile(dir, NAME, ".tmp");
        Files.writeString(tmp, b.toString());
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));
        Files.move(tmp, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return script;
    }

    private static String quote(String s) {
        if (s.contains("'")) {
            throw new IllegalArgumentException("a single quote in a script argument: " + s);
        }
        return "'" + s + "'";
    }

    /**
     * The classpath FakeNode runs with: Surefire's real test classpath when under Surefire (its own
     * {@code java.class.path} is a manifest-only jar), the URLs of a {@link URLClassLoader} (exec:java),
     * else {@code java.class.path}.
     */
    static String classpath() {
        String surefire = System.getProperty("surefire.test.class.path");
        if (surefire != null && !surefire.isBlank()) {
            return absolute(surefire);
        }
        Set<String> entries = new LinkedHashSet<>();
        for (ClassLoader l = FakeNode.class.getClassLoader(); l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    try {
                        entries.add(Path.of(url.toURI()).toString());
                    } catch (URISyntaxException | IllegalArgumentException e) {
                        entries.add(url.getPath());
                    }
                }
            }
        }
        List<String> out = new ArrayList<>(entries);
        for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!e.isBlank() && !out.contains(e)) {
                out.add(e);
            }
        }
        return absolute(String.join(File.pathSeparator, out));
    }

    private static String absolute(String classpath) {
        List<String> out = new ArrayList<>();
        for (String e : classpath.split(File.pathSeparator)) {
            if (!e.isBlank()) {
                out.add(Path.of(e).toAbsolutePath().toString());
            }
        }
        return String.join(File.pathSeparator, out);
    }

    /** Writes {@code ARGS[0]/bitcoin-node} with ARGS[1…] as fixed arguments and prints its path. */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: FakeNodeLauncherScript DIR [fixed bitcoin-node args…]");
            System.exit(2);
        }
        System.out.println(write(Path.of(args[0]), List.of(args).subList(1, args.length)));
    }
}
