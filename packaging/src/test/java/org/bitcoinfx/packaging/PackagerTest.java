package org.bitcoinfx.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackagerTest {
    private static String[] args(String... extra) {
        List<String> a = new java.util.ArrayList<>(List.of("--jars=/j", "--main-jar=gui-app.jar", "--app-version=0.1.0",
                "--icons=/i", "--resources=/r", "--work=/w", "--out=/o", "--timestamp=2026-11-22T00:00:00Z"));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    @Test
    void withoutANodeSaysHowToSupplyOne() {
        PackagingException e = assertThrows(PackagingException.class, () -> Packager.parse(args("--node-binary=", "--node-tarball="), null));
        assertTrue(e.getMessage().startsWith("No bitcoin-node supplied."), e.getMessage());
        assertTrue(e.getMessage().contains("-Dnode.binary=/path/to/bitcoin-node"), e.getMessage());
    }

    @Test
    void readsOptions() throws Exception {
        Packager.Options o = Packager.parse(args("--node-binary=/n/bitcoin-node", "--types=deb, rpm,app-image"), null);
        assertEquals(Set.of("deb", "rpm"), o.types());
        assertEquals(Path.of("/n/bitcoin-node"), ((NodeSupply.Binary) o.node()).path());
        assertEquals(1795305600L, o.epochSeconds());
        assertThrows(PackagingException.class, () -> Packager.parse(args("--node-binary=/n", "--types=msi"), null));
        assertThrows(PackagingException.class, () -> Packager.parse(new String[] {"--node-binary=/n", "--jars=/j"}, null));
        assertThrows(PackagingException.class, () -> Packager.parse(args("--node-binary=/n", "--app-version=0.1.0-SNAPSHOT"), null));
        assertThrows(PackagingException.class, () -> Packager.parse(args("--node-binary=/n", "positional"), null));
    }

    @Test
    void sourceDateEpochWinsOverTheMavenTimestamp() throws Exception {
        assertEquals(1700000000L, Packager.epochSeconds("1700000000", "2026-11-22T00:00:00Z"));
        assertEquals(1795305600L, Packager.epochSeconds(null, "2026-11-22T00:00:00Z"));
        assertEquals(42L, Packager.epochSeconds(" ", "42"));
        assertThrows(PackagingException.class, () -> Packager.epochSeconds("yesterday", null));
        assertThrows(PackagingException.class, () -> Packager.epochSeconds(null, "22/11/2026"));
        assertThrows(PackagingException.class, () -> Packager.epochSeconds(null, null));
    }

    @Test
    void normalizeSetsTimesAndDropsGroupAndWorldWrite(@TempDir Path dir) throws Exception {
        Path exe = Files.createDirectories(dir.resolve("a/bin")).resolve("run");
        Files.writeString(exe, "#!/bin/sh\n");
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path data = dir.resolve("a/data.txt");
        Files.writeString(data, "x");
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rw-rw-rw-"));
        Packager.normalize(dir.resolve("a"), 1000);
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(exe)));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/bin"))));
        assertEquals(FileTime.fromMillis(1_000_000), Files.getLastModifiedTime(data));
    }

    @Test
    void extractsOnlyTopLevelNativeLibraries(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("javafx-graphics-21.0.5-linux.jar");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(jar))) {
            for (String n : List.of("libglass.so", "com/sun/glass/Foo.class", "META-INF/x.so")) {
                z.putNextEntry(new ZipEntry(n));
                z.write(n.getBytes());
                z.closeEntry();
            }
        }
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Packager.extractNatives(jar, lib);
        try (var s = Files.list(lib)) {
            assertEquals(List.of(lib.resolve("libglass.so")), s.toList());
        }
        assertEquals("libglass.so", Files.readString(lib.resolve("libglass.so")));
    }
}
