package org.bitcoinfx.packaging;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.bitcoinfx.node.BundledNodeManifest;
import org.bitcoinfx.node.NodeBinary;
import org.bitcoinfx.node.NodeException;
import org.bitcoinfx.node.NodeLocator;

/**
 * Puts the builder's bitcoin-node into an app image. The node is never built or vendored by this
 * project: it comes either from a Bitcoin Core release tarball checked against its {@code SHA256SUMS},
 * or as a bare executable whose SHA-256 is printed and recorded. Either way it lands at
 * {@code <image>/}{@value NodeLocator#BUNDLED_NODE_PATH} (mode 0755) with
 * {@link BundledNodeManifest} files beside it, and must answer {@code -version} with a supported version ({@link org.bitcoinfx.node.NodeVersion#REQUIRED}).
 */
public final class NodeSupply {
    /** The largest bitcoin-node accepted from a tarball: 1 GiB (release builds are about 30 MB). */
    static final long MAX_NODE_BYTES = 1L << 30;

    private NodeSupply() {
    }

    /** Where the node comes from. */
    public sealed interface Source permits Tarball, Binary {
    }

    /**
     * A Bitcoin Core release tarball ({@code bitcoin-32.0-x86_64-linux-gnu.tar.gz}) and the
     * {@code SHA256SUMS} file listing it; its {@code <top>/libexec/bitcoin-node} is extracted.
     *
     * @param tarball    the {@code .tar.gz}
     * @param sha256sums the SHA256SUMS file (its signature, SHA256SUMS.asc, is the builder's to check first)
     */
    public record Tarball(Path tarball, Path sha256sums) implements Source {
    }

    /**
     * A bitcoin-node executable the builder built or unpacked.
     *
     * @param path the executable
     */
    public record Binary(Path path) implements Source {
    }

    /**
     * Reads the Maven properties {@code node.binary}, {@code node.tarball} and {@code node.sha256sums}
     * (empty or null when not given).
     *
     * @return the source they name
     * @throws PackagingException if none or both are given, or the tarball has no SHA256SUMS; the
     *                            message says what to pass
     */
    public static Source fromOptions(String binary, String tarball, String sha256sums) throws PackagingException {
        boolean hasBinary = binary != null && !binary.isBlank();
        boolean hasTarball = tarball != null && !tarball.isBlank();
        if (!hasBinary && !hasTarball) {
            throw new PackagingException(howToSupply("No bitcoin-node supplied."));
        }
        if (hasBinary && hasTarball) {
            throw new PackagingException(howToSupply("Both node.binary and node.tarball given; pass only one."));
        }
        if (hasBinary) {
            return new Binary(Path.of(binary.strip()));
        }
        if (sha256sums == null || sha256sums.isBlank()) {
            throw new PackagingException(howToSupply("node.tarball given without node.sha256sums."));
        }
        return new Tarball(Path.of(tarball.strip()), Path.of(sha256sums.strip()));
    }

    /** The builder-facing explanation of how to supply a node, after {@code problem}. */
    static String howToSupply(String problem) {
        return problem + " Bitcoin FX never builds or vendors Bitcoin Core; supply the node to bundle with\n"
                + "  -Dnode.tarball=bitcoin-32.x-x86_64-linux-gnu.tar.gz -Dnode.sha256sums=SHA256SUMS\n"
                + "or\n"
                + "  -Dnode.binary=/path/to/bitcoin-node\n"
                + "(see packaging/README.md)";
    }

    /**
     * Installs the node into {@code nodeDir} (the image's {@code lib/node}) as {@code bitcoin-node},
     * mode 0755, and writes its {@link BundledNodeManifest}.
     *
     * @param versionTimeout how long {@code bitcoin-node -version} may take
     * @return the manifest written
     * @throws PackagingException if the tarball is not listed in or does not match SHA256SUMS, has no or
     *                            several {@code libexec/bitcoin-node}, or the node is missing, not a
     *                            regular file, or does not answer {@code -version} with a supported version
     * @throws IOException        on I/O errors
     */
    public static BundledNodeManifest supply(Source source, Path nodeDir, Duration versionTimeout) throws PackagingException, IOException {
        Files.createDirectories(nodeDir);
        Path dest = nodeDir.resolve(NodeLocator.NODE_EXECUTABLE);
        Files.deleteIfExists(dest);
        String sourceName;
        String sourceHash;
        if (source instanceof Tarball t) {
            sourceHash = checkTarball(t);
            sourceName = t.tarball().getFileName().toString();
            extractNode(t.tarball(), dest);
        } else {
            Binary b = (Binary) source;
            Path p = b.path();
            if (!Files.exists(p)) {
                throw new PackagingException("node.binary " + p + " does not exist");
            }
            if (!Files.isRegularFile(p)) {
                throw new PackagingException("node.binary " + p + " is not a regular file");
            }
            Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
            sourceName = BundledNodeManifest.SOURCE_BINARY;
            sourceHash = null;
        }
        Files.setPosixFilePermissions(dest, PosixFilePermissions.fromString("rwxr-xr-x"));
        String hash = BundledNodeManifest.sha256(dest);
        NodeBinary checked;
        try {
            checked = NodeLocator.inspect(dest, versionTimeout);
        } catch (NodeException e) {
            Files.deleteIfExists(dest);
            throw new PackagingException("the supplied bitcoin-node cannot be bundled: " + e.getMessage(), e);
        }
        BundledNodeManifest m = new BundledNodeManifest(checked.versionLine(), hash, sourceName, sourceHash != null ? sourceHash : hash);
        m.writeTo(nodeDir);
        return m;
    }

    /**
     * Checks a tarball against its SHA256SUMS.
     *
     * @return the tarball's SHA-256
     * @throws PackagingException if a file is missing, the tarball is not listed, or the hashes differ
     */
    static String checkTarball(Tarball t) throws PackagingException, IOException {
        if (!Files.isRegularFile(t.tarball())) {
            throw new PackagingException("node.tarball " + t.tarball() + " does not exist or is not a file");
        }
        if (!Files.isRegularFile(t.sha256sums())) {
            throw new PackagingException("node.sha256sums " + t.sha256sums() + " does not exist or is not a file");
        }
        Sha256Sums sums;
        try {
            sums = Sha256Sums.read(t.sha256sums());
        } catch (IllegalArgumentException e) {
            throw new PackagingException(t.sha256sums() + " is not a SHA256SUMS file: " + e.getMessage(), e);
        }
        String name = t.tarball().getFileName().toString();
        String expected = sums.lookup(name).orElseThrow(() -> new PackagingException(
                name + " is not listed in " + t.sha256sums() + " (" + sums.size() + " files listed); is it the right SHA256SUMS?"));
        String actual = BundledNodeManifest.sha256(t.tarball());
        if (!actual.equals(expected)) {
            throw new PackagingException("SHA-256 of " + t.tarball() + " is " + actual + ", but " + t.sha256sums()
                    + " lists " + expected + ": the download is corrupt or not the release it claims to be");
        }
        return actual;
    }

    /**
     * Extracts the one regular file {@code libexec/bitcoin-node} (at the top or one directory down,
     * as in {@code bitcoin-32.0/libexec/bitcoin-node}) from a {@code .tar.gz}.
     *
     * @throws PackagingException if there is none, more than one, it is not a regular file, or it is
     *                            larger than {@link #MAX_NODE_BYTES}
     */
    static void extractNode(Path tarball, Path dest) throws PackagingException, IOException {
        List<String> found = new ArrayList<>();
        boolean written = false;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(tarball));
             GzipCompressorInputStream gz = new GzipCompressorInputStream(raw, true);
             TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (!isNodeEntry(e.getName())) {
                    continue;
                }
                found.add(e.getName());
                if (!e.isFile()) {
                    throw new PackagingException(tarball.getFileName() + ": " + e.getName() + " is not a regular file"
                            + (e.isSymbolicLink() ? " (a link to " + e.getLinkName() + ")" : ""));
                }
                if (e.getSize() > MAX_NODE_BYTES) {
                    throw new PackagingException(tarball.getFileName() + ": " + e.getName() + " is " + e.getSize()
                            + " bytes, more than a bitcoin-node can be");
                }
                if (written) {
                    throw new PackagingException(tarball.getFileName() + " has more than one libexec/bitcoin-node: " + found);
                }
                try (OutputStream out = Files.newOutputStream(dest, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                    tar.transferTo(out);
                }
                written = true;
            }
        } catch (IOException e) {
            Files.deleteIfExists(dest);
            throw new PackagingException("cannot read " + tarball + " as a .tar.gz: " + e.getMessage(), e);
        } catch (PackagingException e) {
            Files.deleteIfExists(dest);
            throw e;
        }
        if (!written) {
            throw new PackagingException(tarball.getFileName() + " has no libexec/bitcoin-node; Bitcoin FX needs a v32+ release tarball, "
                    + "whose libexec/ holds bitcoin-node (built with IPC)");
        }
    }

    /** {@code libexec/bitcoin-node} or {@code <top>/libexec/bitcoin-node}, with an optional leading {@code ./}. */
    static boolean isNodeEntry(String name) {
        String n = name.startsWith("./") ? name.substring(2) : name;
        String[] parts = n.split("/");
        if (parts.length == 2) {
            return parts[0].equals("libexec") && parts[1].equals(NodeLocator.NODE_EXECUTABLE);
        }
        return parts.length == 3 && !parts[0].isEmpty() && !parts[0].equals("..")
                && parts[1].equals("libexec") && parts[2].equals(NodeLocator.NODE_EXECUTABLE);
    }
}
