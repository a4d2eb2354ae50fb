package org.bitcoinfx.ipc.schema;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Test helper: locates the schema directory and runs the reference {@code capnp} tool. */
public final class CapnpTool {
    private CapnpTool() {
    }

    /** @return true if a {@code capnp} executable is on the PATH */
    public static boolean available() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "capnp"))) {
                return true;
            }
        }
        return false;
    }

    /** @return {@code ipc-bindings/src/main/capnp}, found from the working directory or its parents */
    public static Path schemaDir() {
        Path p = Path.of("").toAbsolutePath();
        for (Path d = p; d != null; d = d.getParent()) {
            for (Path c : List.of(d.resolve("src/main/capnp"), d.resolve("ipc-bindings/src/main/capnp"))) {
                if (Files.isRegularFile(c.resolve("mining.capnp"))) {
                    return c;
                }
            }
        }
        throw new IllegalStateException("ipc-bindings/src/main/capnp not found from " + p);
    }

    /**
     * Runs {@code capnp} with {@code args} in {@code dir}, feeding {@code stdin}.
     *
     * @return stdout
     * @throws IOException if the tool fails (the message holds its stderr)
     */
    public static byte[] run(Path dir, byte[] stdin, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("capnp");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin);
        }
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("capnp timed out: " + cmd);
            }
            if (p.exitValue() != 0) {
                throw new IOException("capnp failed (" + p.exitValue() + "): " + cmd + "\n" + new String(err.get(), StandardCharsets.UTF_8));
            }
            return out.get();
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IOException(e);
        }
    }

    private static byte[] drain(InputStream s) {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            s.transferTo(b);
            return b.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
