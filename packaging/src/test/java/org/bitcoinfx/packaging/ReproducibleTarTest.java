package org.bitcoinfx.packaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReproducibleTarTest {
    private static Path tree(Path root, long mtimeMillis, String mode) throws IOException {
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("lib/node"));
        Files.writeString(root.resolve("bin/launcher"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(root.resolve("bin/launcher"), PosixFilePermissions.fromString("rwx" + mode));
        Files.writeString(root.resolve("lib/node/" + "n".repeat(120)), "long name");
        Files.writeString(root.resolve("lib/a.jar"), "jar");
        try (var s = Files.walk(root)) {
            for (Path p : s.toList()) {
                Files.setLastModifiedTime(p, FileTime.fromMillis(mtimeMillis));
            }
        }
        return root;
    }

    @Test
    void sameTreeGivesSameBytesWhateverTimesAndGroupBits(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.tar.gz");
        Path b = dir.resolve("b.tar.gz");
        ReproducibleTar.write(tree(dir.resolve("one"), 1_000, "------"), "app", a, 1795305600L);
        ReproducibleTar.write(tree(dir.resolve("two"), 9_999_000, "r-xr-x"), "app", b, 1795305600L);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    @Test
    void entriesAreSortedOwnedByRootWithTheTimestampAndModes(@TempDir Path dir) throws Exception {
        Path t = dir.resolve("x.tar.gz");
        ReproducibleTar.write(tree(dir.resolve("img"), 5_000, "------"), "app", t, 1795305600L);
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new GzipCompressorInputStream(Files.newInputStream(t)))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                names.add(e.getName());
                assertEquals(0, e.getLongUserId());
                assertEquals("root", e.getUserName());
                assertEquals(1795305600L, e.getLastModifiedTime().toInstant().getEpochSecond(), e.getName());
                if (e.getName().equals("app/bin/launcher") || e.isDirectory()) {
                    assertEquals(0755, e.getMode() & 0777, e.getName());
                } else {
                    assertEquals(0644, e.getMode() & 0777, e.getName());
                }
            }
        }
        assertEquals(List.of("app/", "app/bin/", "app/bin/launcher", "app/lib/", "app/lib/a.jar", "app/lib/node/",
                "app/lib/node/" + "n".repeat(120)), names);
    }

    @Test
    void refusesSymbolicLinks(@TempDir Path dir) throws Exception {
        Path root = tree(dir.resolve("img"), 1_000, "------");
        Files.createSymbolicLink(root.resolve("lib/link"), Path.of("/etc/passwd"));
        assertThrows(IOException.class, () -> ReproducibleTar.write(root, "app", dir.resolve("x.tar.gz"), 0));
    }
}
