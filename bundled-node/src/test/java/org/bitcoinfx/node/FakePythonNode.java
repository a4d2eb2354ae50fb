package org.bitcoinfx.node;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: writes {@code fake-bitcoin-node.py} (a python3 stand-in for bitcoin-node speaking a
 * line protocol that {@link FakePythonNodeClient} understands) as an executable with a given mode.
 */
final class FakePythonNode {
    static final String VERSION = "Bitcoin Core daemon version v31.99.0-58a7869f860f bitcoin-node";
    private static volatile String python;

    private FakePythonNode() {
    }

    /** The absolute python3 executable, so the script's pid is python's own (no wrapper in between). */
    static synchronized String python() throws IOException, InterruptedException {
        if (python == null) {
            Process p = new ProcessBuilder("python3", "-c", "import sys; print(sys.executable)").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0 || !out.startsWith("/")) {
                throw new IOException("python3 is needed for the fake bitcoin-node: " + out);
            }
            python = out;
        }
        return python;
    }

    /**
     * @param path where to write the script
     * @param mode normal, exit1, nosocket, ignorestop, foreign, slowstop, heldbyclient or heldbyclient,donelate (see the script)
     */
    static Path write(Path path, String mode) throws IOException, InterruptedException {
        String body;
        try (InputStream in = FakePythonNode.class.getResourceAsStream("/fake-bitcoin-node.py")) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Files.createDirectories(path.getParent());
        Files.writeString(path, "#!" + python() + "\nMODE = '" + mode + "'\nVERSION = '" + VERSION + "'\n" + body);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
        return path;
    }

    /** Writes the script and returns it as a checked binary. */
    static NodeBinary binary(Path path, String mode) throws Exception {
        write(path, mode);
        return NodeLocator.inspect(path, NodeLocator.DEFAULT_VERSION_TIMEOUT);
    }
}
