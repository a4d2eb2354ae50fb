package org.bitcoinfx.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.bitcoinfx.node.BundledNodeManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeSupplyTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String V32 = "Bitcoin Core daemon version v32.0.0 bitcoin-node";

    /** A stand-in bitcoin-node: a script answering -version. */
    private static String script(String versionLine) {
        return "#!/bin/sh\nif [ \"$1\" = -version ]; then echo '" + versionLine + "'; exit 0; fi\nexit 2\n";
    }

    /** Writes a .tar.gz with the given entries (name to content; content null for a symbolic link). */
    private static Path tarball(Path file, Map<String, String> entries) throws Exception {
        try (OutputStream out = Files.newOutputStream(file);
             GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            for (var e : new java.util.TreeMap<>(entries).entrySet()) {
                if (e.getValue() == null) {
                    TarArchiveEntry link = new TarArchiveEntry(e.getKey(), TarConstants.LF_SYMLINK);
                    link.setLinkName("/usr/bin/true");
                    tar.putArchiveEntry(link);
                } else {
                    byte[] b = e.getValue().getBytes(StandardCharsets.UTF_8);
                    TarArchiveEntry f = new TarArchiveEntry(e.getKey());
                    f.setSize(b.length);
                    f.setMode(0100755);
                    tar.putArchiveEntry(f);
                    tar.write(b);
                }
                tar.closeArchiveEntry();
            }
        }
        return file;
    }

    private static Path sums(Path dir, Path tarball) throws Exception {
        Path f = dir.resolve("SHA256SUMS");
        Sha256Sums.write(f, Map.of(tarball.getFileName().toString(), BundledNodeManifest.sha256(tarball),
                "bitcoin-32.0-win64.zip", "b".repeat(64)));
        return f;
    }

    @Test
    void extractsLibexecNodeFromAVerifiedTarball(@TempDir Path dir) throws Exception {
        Path tgz = tarball(dir.resolve("bitcoin-32.0-x86_64-linux-gnu.tar.gz"), Map.of(
                "bitcoin-32.0/bin/bitcoind", "not this one",
                "bitcoin-32.0/libexec/bitcoin-node", script(V32),
                "bitcoin-32.0/libexec/bitcoin-gui", "nor this"));
        Path nodeDir = dir.resolve("image/lib/node");
        BundledNodeManifest m = NodeSupply.supply(new NodeSupply.Tarball(tgz, sums(dir, tgz)), nodeDir, TIMEOUT);
        Path node = nodeDir.resolve("bitcoin-node");
        assertEquals(script(V32), Files.readString(node));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(node)));
        assertEquals(V32, m.versionLine());
        assertEquals(BundledNodeManifest.sha256(node), m.sha256());
        assertEquals("bitcoin-32.0-x86_64-linux-gnu.tar.gz", m.source());
        assertEquals(BundledNodeManifest.sha256(tgz), m.sourceSha256());
        assertEquals(m, BundledNodeManifest.read(nodeDir.resolve(BundledNodeManifest.FILE_NAME)));
        assertEquals(m.sha256() + "  bitcoin-node\n", Files.readString(nodeDir.resolve(BundledNodeManifest.SHA256_FILE_NAME)));
    }

    @Test
    void refusesATarballWhoseHashDiffers(@TempDir Path dir) throws Exception {
        Path tgz = tarball(dir.resolve("bitcoin-32.0-x86_64-linux-gnu.tar.gz"), Map.of("bitcoin-32.0/libexec/bitcoin-node", script(V32)));
        Path sums = dir.resolve("SHA256SUMS");
        Files.writeString(sums, "c".repeat(64) + "  bitcoin-32.0-x86_64-linux-gnu.tar.gz\n");
        Path nodeDir = dir.resolve("node");
        PackagingException e = assertThrows(PackagingException.class,
                () -> NodeSupply.supply(new NodeSupply.Tarball(tgz, sums), nodeDir, TIMEOUT));
        assertTrue(e.getMessage().contains("c".repeat(64)) && e.getMessage().contains(BundledNodeManifest.sha256(tgz)), e.getMessage());
        assertFalse(Files.exists(nodeDir.resolve("bitcoin-node")), "nothing extracted from an unverified tarball");
    }

    @Test
    void refusesATarballNotListed(@TempDir Path dir) throws Exception {
        Path tgz = tarball(dir.resolve("bitcoin-32.0-x86_64-linux-gnu.tar.gz"), Map.of("bitcoin-32.0/libexec/bitcoin-node", script(V32)));
        Path sums = dir.resolve("SHA256SUMS");
        Files.writeString(sums, "c".repeat(64) + "  bitcoin-32.0-arm-linux-gnueabihf.tar.gz\n");
        PackagingException e = assertThrows(PackagingException.class,
                () -> NodeSupply.supply(new NodeSupply.Tarball(tgz, sums), dir.resolve("node"), TIMEOUT));
        assertTrue(e.getMessage().contains("not listed"), e.getMessage());
    }

    @Test
    void refusesTarballsWithoutOneRegularLibexecNode(@TempDir Path dir) throws Exception {
        Path none = tarball(dir.resolve("none.tar.gz"), Map.of("bitcoin-30.0/bin/bitcoind", "x"));
        Map<String, String> symlink = new java.util.HashMap<>();
        symlink.put("bitcoin-32.0/libexec/bitcoin-node", null);
        Path link = tarball(dir.resolve("link.tar.gz"), symlink);
        Path two = tarball(dir.resolve("two.tar.gz"), Map.of("a/libexec/bitcoin-node", script(V32), "b/libexec/bitcoin-node", script(V32)));
        for (Path t : new Path[] {none, link, two}) {
            Path sums = dir.resolve("SHA256SUMS");
            Sha256Sums.write(sums, Map.of(t.getFileName().toString(), BundledNodeManifest.sha256(t)));
            Path nodeDir = dir.resolve("node-" + t.getFileName());
            PackagingException e = assertThrows(PackagingException.class,
                    () -> NodeSupply.supply(new NodeSupply.Tarball(t, sums), nodeDir, TIMEOUT), t.toString());
            assertFalse(Files.exists(nodeDir.resolve("bitcoin-node")), t + ": " + e.getMessage());
        }
    }

    @Test
    void copiesABinaryAndRecordsItsHash(@TempDir Path dir) throws Exception {
        Path bin = dir.resolve("my-bitcoin-node");
        Files.writeString(bin, script(V32));
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwx------"));
        BundledNodeManifest m = NodeSupply.supply(new NodeSupply.Binary(bin), dir.resolve("node"), TIMEOUT);
        assertEquals(BundledNodeManifest.SOURCE_BINARY, m.source());
        assertEquals(BundledNodeManifest.sha256(bin), m.sha256());
        assertEquals(m.sha256(), m.sourceSha256());
    }

    @Test
    void refusesANodeTooOldOrNotANode(@TempDir Path dir) throws Exception {
        Path old = dir.resolve("old");
        Files.writeString(old, script("Bitcoin Core daemon version v30.2.0 bitcoin-node"));
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rwx------"));
        PackagingException e = assertThrows(PackagingException.class,
                () -> NodeSupply.supply(new NodeSupply.Binary(old), dir.resolve("a"), TIMEOUT));
        assertTrue(e.getMessage().contains("too old"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("a/bitcoin-node")));
        assertThrows(PackagingException.class, () -> NodeSupply.supply(new NodeSupply.Binary(dir.resolve("missing")), dir.resolve("b"), TIMEOUT));
    }

    @Test
    void refusesAV31ReleaseTarballWhichLacksMakeRpc(@TempDir Path dir) throws Exception {
        Path tgz = tarball(dir.resolve("bitcoin-31.0-x86_64-linux-gnu.tar.gz"),
                Map.of("bitcoin-31.0/libexec/bitcoin-node", script("Bitcoin Core daemon version v31.0.0 bitcoin-node")));
        Path nodeDir = dir.resolve("node");
        PackagingException e = assertThrows(PackagingException.class,
                () -> NodeSupply.supply(new NodeSupply.Tarball(tgz, sums(dir, tgz)), nodeDir, TIMEOUT));
        assertTrue(e.getMessage().contains("v31.0.0 is too old") && e.getMessage().contains("needs v32 or newer"), e.getMessage());
        assertFalse(Files.exists(nodeDir.resolve("bitcoin-node")), "a refused node is not left in the image");
    }

    @Test
    void optionsNeedExactlyOneNode() throws Exception {
        PackagingException none = assertThrows(PackagingException.class, () -> NodeSupply.fromOptions("", null, ""));
        assertTrue(none.getMessage().contains("-Dnode.tarball=") && none.getMessage().contains("-Dnode.binary="), none.getMessage());
        assertThrows(PackagingException.class, () -> NodeSupply.fromOptions("/a", "/b.tar.gz", "/SHA256SUMS"));
        assertThrows(PackagingException.class, () -> NodeSupply.fromOptions(null, "/b.tar.gz", " "));
        assertInstanceOf(NodeSupply.Binary.class, NodeSupply.fromOptions("/a", "", ""));
        assertEquals(new NodeSupply.Tarball(Path.of("/b.tar.gz"), Path.of("/S")), NodeSupply.fromOptions(null, "/b.tar.gz", "/S"));
    }

    @Test
    void entryNames() {
        assertTrue(NodeSupply.isNodeEntry("bitcoin-32.0/libexec/bitcoin-node"));
        assertTrue(NodeSupply.isNodeEntry("./bitcoin-32.0/libexec/bitcoin-node"));
        assertTrue(NodeSupply.isNodeEntry("libexec/bitcoin-node"));
        assertFalse(NodeSupply.isNodeEntry("bitcoin-32.0/bin/bitcoin-node"));
        assertFalse(NodeSupply.isNodeEntry("../libexec/bitcoin-node"));
        assertFalse(NodeSupply.isNodeEntry("a/b/libexec/bitcoin-node"));
        assertFalse(NodeSupply.isNodeEntry("bitcoin-32.0/libexec/bitcoin-node.exe"));
    }
}
