package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link GtkCheck} on made-up linker paths, caches and ld.so.conf files. */
class GtkCheckTest {
    @TempDir
    Path tmp;

    @Test
    void foundInASearchDirectory() throws Exception {
        Path lib = Files.createDirectories(tmp.resolve("lib"));
        Path emptyCache = Files.write(tmp.resolve("ld.so.cache"), new byte[0]);
        assertFalse(GtkCheck.found(GtkCheck.LIBRARY, List.of(lib), emptyCache));
        Files.writeString(lib.resolve(GtkCheck.LIBRARY), "");
        assertTrue(GtkCheck.found(GtkCheck.LIBRARY, List.of(tmp.resolve("nothing-here"), lib), emptyCache));
    }

    @Test
    void foundByNameInTheLinkersCacheOnlyAsAWholeName() throws Exception {
        Path cache = tmp.resolve("ld.so.cache");
        Files.write(cache, cacheOf("libc.so.6", "/usr/lib/x86_64-linux-gnu/libc.so.6", "libfoolibgtk-3.so.0", "libgtk-3.so.0.2400.38"));
        assertFalse(GtkCheck.found(GtkCheck.LIBRARY, List.of(), cache), "a longer name is not GTK 3's soname");
        Files.write(cache, cacheOf("libc.so.6", "libgtk-3.so.0", "/usr/lib/x86_64-linux-gnu/libgtk-3.so.0"));
        assertTrue(GtkCheck.found(GtkCheck.LIBRARY, List.of(), cache));
        Files.write(cache, cacheOf("/usr/lib/x86_64-linux-gnu/libgtk-3.so.0"));
        assertTrue(GtkCheck.found(GtkCheck.LIBRARY, List.of(), cache), "a path ending in the name");
        assertFalse(GtkCheck.found(GtkCheck.LIBRARY, List.of(), tmp.resolve("no-cache")), "no cache: not found, no error");
    }

    @Test
    void searchDirsFollowLdLibraryPathThenConfAndItsIncludesThenDefaults() throws Exception {
        Path confD = Files.createDirectories(tmp.resolve("ld.so.conf.d"));
        Files.writeString(confD.resolve("b.conf"), "/opt/b/lib\n");
        Files.writeString(confD.resolve("a.conf"), "# multiarch\n/opt/a/lib   # trailing comment\n\n");
        Files.writeString(confD.resolve("ignored.txt"), "/opt/not-a-conf\n");
        Path conf = Files.writeString(tmp.resolve("ld.so.conf"), "include " + confD + "/*.conf\n/opt/c/lib\ninclude ld.so.conf\n");
        List<Path> dirs = GtkCheck.searchDirs("/env/one::/env/two", conf, List.of(Path.of("/usr/lib")));
        assertEquals(List.of(Path.of("/env/one"), Path.of("/env/two"), Path.of("/opt/a/lib"), Path.of("/opt/b/lib"),
                Path.of("/opt/c/lib"), Path.of("/usr/lib")), dirs, "its own include is a loop, followed no further");
        assertEquals(List.of(Path.of("/usr/lib")), GtkCheck.searchDirs(null, tmp.resolve("no-conf"), List.of(Path.of("/usr/lib"))));
    }

    @Test
    void messageIsOneLineSayingWhatToInstall() {
        assertFalse(GtkCheck.MESSAGE.contains("\n"));
        assertTrue(GtkCheck.MESSAGE.startsWith("Bitcoin FX needs GTK 3"), GtkCheck.MESSAGE);
        assertTrue(GtkCheck.MESSAGE.contains("apt-get install libgtk-3-0"), GtkCheck.MESSAGE);
    }

    @Test
    void glassFailureIsRecognisedInTheCauseChain() {
        RuntimeException launch = new RuntimeException("Application launch failed",
                new UnsupportedOperationException("Unable to load glass GTK library"));
        assertTrue(GtkCheck.isGlassGtkFailure(launch));
        assertFalse(GtkCheck.isGlassGtkFailure(new RuntimeException("Unable to open DISPLAY")));
    }

    @Test
    void thisMachineEitherHasGtkOrGetsTheMessage() {
        // the real check: whichever way this machine is, it answers at once and never throws
        GtkCheck.problem().ifPresent(m -> assertEquals(GtkCheck.MESSAGE, m));
    }

    private static byte[] cacheOf(String... names) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("glibc-ld.so.cache1.1".getBytes(StandardCharsets.US_ASCII));
        for (String n : names) {
            out.writeBytes(new byte[] {1, 2, 3, 0});
            out.writeBytes(n.getBytes(StandardCharsets.US_ASCII));
            out.write(0);
        }
        return out.toByteArray();
    }
}
