package org.bitcoinfx.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the packager recorded about the app image's bundled node, in
 * {@code <image>/lib/node/}{@value #FILE_NAME} beside {@code <image>/}{@value NodeLocator#BUNDLED_NODE_PATH}.
 * The same SHA-256 is also written as {@code bitcoin-node.sha256} in {@code sha256sum -c} format.
 * The file is JSON, fields in this order, no timestamps (so that builds are reproducible):
 * <pre>{@code
 * {
 *   "versionLine" : "Bitcoin Core daemon version v32.0.0 bitcoin-node",
 *   "sha256" : "<64 hex digits of bitcoin-node>",
 *   "source" : "bitcoin-31.0-x86_64-linux-gnu.tar.gz",
 *   "sourceSha256" : "<64 hex digits of the tarball, as listed in its SHA256SUMS>"
 * }
 * }</pre>
 * {@code source} is the release tarball the node was taken from, or {@code "binary"} when the builder
 * supplied a bare executable ({@code -Dnode.binary}); then {@code sourceSha256} equals {@code sha256}.
 *
 * @param versionLine  the first line {@code bitcoin-node -version} printed at build time
 * @param sha256       SHA-256 of the bundled executable, 64 lower-case hex digits
 * @param source       file name of the release tarball it came from, or {@value #SOURCE_BINARY}
 * @param sourceSha256 SHA-256 of that tarball (checked against its SHA256SUMS), 64 lower-case hex digits
 */
public record BundledNodeManifest(String versionLine, String sha256, String source, String sourceSha256) {
    /** The manifest's file name, in the directory of the bundled node. */
    public static final String FILE_NAME = "bitcoin-node.json";
    /** The checksum file's name ({@code sha256sum -c} format), in the directory of the bundled node. */
    public static final String SHA256_FILE_NAME = "bitcoin-node.sha256";
    /** {@link #source()} when the node was supplied as a bare executable. */
    public static final String SOURCE_BINARY = "binary";

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * @throws IllegalArgumentException if a hash is not 64 lower-case hex digits or a text is blank
     */
    public BundledNodeManifest {
        Objects.requireNonNull(versionLine, "versionLine");
        Objects.requireNonNull(source, "source");
        if (versionLine.isBlank() || source.isBlank()) {
            throw new IllegalArgumentException("versionLine and source must not be blank");
        }
        requireHex("sha256", sha256);
        requireHex("sourceSha256", sourceSha256);
    }

    private static void requireHex(String name, String value) {
        if (value == null || !HEX64.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be 64 lower-case hex digits, got " + value);
        }
    }

    /**
     * The manifest of the running app image, if there is one.
     *
     * @param appPath the value of {@code jpackage.app-path}, or null when not packaged
     * @return the manifest beside the bundled node; empty if not packaged or the image has no manifest
     * @throws IOException if the manifest exists but cannot be read or is malformed
     */
    public static Optional<BundledNodeManifest> forAppPath(String appPath) throws IOException {
        Optional<Path> node = NodeLocator.bundledNode(appPath);
        if (node.isEmpty()) {
            return Optional.empty();
        }
        Path file = node.get().resolveSibling(FILE_NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(read(file));
    }

    /**
     * Reads a manifest.
     *
     * @throws IOException if it cannot be read, is not JSON, or lacks or has a malformed field
     */
    public static BundledNodeManifest read(Path file) throws IOException {
        JsonNode n = JSON.readTree(file.toFile());
        try {
            return new BundledNodeManifest(text(n, "versionLine"), text(n, "sha256"), text(n, "source"), text(n, "sourceSha256"));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("missing text field '" + field + "'");
        }
        return v.asText();
    }

    /**
     * Writes {@value #FILE_NAME} and {@value #SHA256_FILE_NAME} into {@code dir} (the bundled node's directory).
     *
     * @throws IOException if they cannot be written
     */
    public void writeTo(Path dir) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("versionLine", versionLine);
        n.put("sha256", sha256);
        n.put("source", source);
        n.put("sourceSha256", sourceSha256);
        Files.writeString(dir.resolve(FILE_NAME), JSON.writeValueAsString(n) + "\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(SHA256_FILE_NAME), sha256 + "  " + NodeLocator.NODE_EXECUTABLE + "\n", StandardCharsets.US_ASCII);
    }

    /**
     * SHA-256 of a file's bytes.
     *
     * @return 64 lower-case hex digits
     * @throws IOException if the file cannot be read
     */
    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int r;
            while ((r = in.read(buf)) > 0) {
                md.update(buf, 0, r);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
