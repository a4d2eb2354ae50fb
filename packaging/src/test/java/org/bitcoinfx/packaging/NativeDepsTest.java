package org.bitcoinfx.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link NativeDeps}: ELF reading on this JDK's own libraries, and the package lists. */
class NativeDepsTest {
    @TempDir
    Path tmp;

    @Test
    void readsTheNeededLibrariesOfThisJdksLibjava() throws Exception {
        Path libjava = Path.of(System.getProperty("java.home"), "lib/libjava.so");
        List<String> needed = NativeDeps.needed(libjava);
        assertTrue(needed.contains("libjvm.so"), needed.toString());
        assertTrue(needed.contains("libc.so.6"), needed.toString());
    }

    @Test
    void aNonElfFileIsNoElfAndAShortOneIsRefused() throws Exception {
        Path script = Files.writeString(tmp.resolve("script"), "#!/bin/sh\n" + "echo padding padding padding padding padding padding\n");
        assertTrue(!NativeDeps.isElf(script));
        Path bad = Files.write(tmp.resolve("bad.so"), new byte[] {0x7f, 'E', 'L', 'F', 1, 1});
        assertThrows(java.io.IOException.class, () -> NativeDeps.needed(bad));
    }

    @Test
    void debDependsNamesGtkWithItsT64NameAndOnePackageOnce() throws Exception {
        List<String> warnings = new ArrayList<>();
        String deps = NativeDeps.debDepends(new NativeDeps.Needs(Set.of("libgtk-3.so.0", "libgdk-3.so.0", "libc.so.6", "libm.so.6"),
                Set.of("libevent-2.1.so.7")), warnings::add);
        assertEquals("libc6, libgtk-3-0t64 | libgtk-3-0", deps);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("libevent-2.1.so.7"), warnings.toString());
    }

    @Test
    void aRuntimeLibraryWithNoKnownPackageFailsTheBuild() {
        PackagingException e = assertThrows(PackagingException.class,
                () -> NativeDeps.debDepends(new NativeDeps.Needs(Set.of("libnew.so.1"), Set.of()), w -> { }));
        assertTrue(e.getMessage().contains("libnew.so.1"), e.getMessage());
    }

    @Test
    void rpmRequiresBySoname() {
        assertEquals("libc.so.6()(64bit), libgtk-3.so.0()(64bit)",
                NativeDeps.rpmRequires(new NativeDeps.Needs(Set.of("libgtk-3.so.0"), Set.of("libc.so.6"))));
    }

    @Test
    void theImagesOwnLibrariesAreNotDependencies() throws Exception {
        Path image = tmp.resolve("image");
        Path lib = Files.createDirectories(image.resolve("lib/runtime/lib"));
        Files.createDirectories(image.resolve("bin"));
        Path jdkLib = Path.of(System.getProperty("java.home"), "lib");
        Files.copy(jdkLib.resolve("libjava.so"), lib.resolve("libjava.so"));
        Files.createDirectories(lib.resolve("server"));
        Files.copy(jdkLib.resolve("server/libjvm.so"), lib.resolve("server/libjvm.so"));
        NativeDeps.Needs needs = NativeDeps.of(image);
        assertTrue(!needs.sonames().contains("libjvm.so"), needs.toString());
        assertTrue(needs.sonames().contains("libc.so.6"), needs.toString());
        assertEquals(Set.of(), needs.nodeOnly());
    }
}
