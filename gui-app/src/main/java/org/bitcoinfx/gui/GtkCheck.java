package org.bitcoinfx.gui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Whether GTK 3, which JavaFX's glass toolkit draws its windows with on Linux, can be loaded, looked
 * up before {@code Application.launch} so that a machine without it gets one line saying what to
 * install instead of JavaFX's {@code UnsupportedOperationException: Unable to load glass GTK library}
 * stack trace. The check loads nothing: it looks for {@value #LIBRARY} where the dynamic linker
 * would, in {@code LD_LIBRARY_PATH}'s directories, in {@code /etc/ld.so.cache} (the names it holds)
 * and in the directories of {@code /etc/ld.so.conf} (with its {@code include}s) and the default
 * ones ({@code /lib}, {@code /usr/lib}, their 64-bit and multiarch forms). It costs a read of the
 * cache (about 100 kB), about a millisecond. Linux only; elsewhere it says GTK is not needed.
 */
public final class GtkCheck {
    /** The soname JavaFX's {@code libglassgtk3.so} opens. */
    public static final String LIBRARY = "libgtk-3.so.0";
    /** The line printed (after {@code bitcoinfx: }) when GTK 3 is missing. */
    public static final String MESSAGE = "Bitcoin FX needs GTK 3 (" + LIBRARY + "), which JavaFX draws its windows with: "
            + "install it (Debian/Ubuntu: sudo apt-get install libgtk-3-0; Fedora: sudo dnf install gtk3) and start again";
    /** The text of JavaFX's own failure when glass cannot load GTK (com.sun.glass.ui.gtk.GtkApplication). */
    static final String GLASS_FAILURE = "Unable to load glass GTK library";
    /** Directories the dynamic linker searches after the cache (ld.so(8)), and their multiarch forms. */
    static final List<Path> DEFAULT_DIRS = List.of(Path.of("/lib"), Path.of("/usr/lib"), Path.of("/lib64"), Path.of("/usr/lib64"),
            Path.of("/lib/x86_64-linux-gnu"), Path.of("/usr/lib/x86_64-linux-gnu"),
            Path.of("/lib/aarch64-linux-gnu"), Path.of("/usr/lib/aarch64-linux-gnu"));

    private GtkCheck() {
    }

    /**
     * Checks this machine (Linux: the real {@code LD_LIBRARY_PATH}, {@code /etc/ld.so.cache},
     * {@code /etc/ld.so.conf}, the default directories). {@code -Dbitcoinfx.gtkCheck=false} turns it off.
     *
     * @return {@link #MESSAGE} if GTK 3 cannot be found, else empty (also on other systems)
     */
    public static Optional<String> problem() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
                || !Boolean.parseBoolean(System.getProperty("bitcoinfx.gtkCheck", "true"))) {
            return Optional.empty();
        }
        List<Path> dirs = searchDirs(System.getenv("LD_LIBRARY_PATH"), Path.of("/etc/ld.so.conf"), DEFAULT_DIRS);
        return found(LIBRARY, dirs, Path.of("/etc/ld.so.cache")) ? Optional.empty() : Optional.of(MESSAGE);
    }

    /**
     * Whether {@code library} is a file in one of {@code dirs} or a name in the linker's cache.
     *
     * @param ldCache {@code /etc/ld.so.cache} (or a test's stand-in); a missing or unreadable one counts as empty
     */
    static boolean found(String library, List<Path> dirs, Path ldCache) {
        for (Path d : dirs) {
            if (Files.exists(d.resolve(library))) {
                return true;
            }
        }
        try {
            // the cache stores each library's name as a NUL-terminated string: a match with its terminator is the library
            byte[] cache = Files.readAllBytes(ldCache);
            byte[] name = (library + "\0").getBytes(StandardCharsets.US_ASCII);
            for (int i = indexOf(cache, name, 0); i >= 0; i = indexOf(cache, name, i + 1)) {
                if (i == 0 || cache[i - 1] == 0 || cache[i - 1] == '/') {
                    return true; // the whole name, or a path's last part; not libfoolibgtk-3.so.0
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The directories to look in, in the linker's order: {@code LD_LIBRARY_PATH}'s, those named in
     * {@code ldSoConf} (following {@code include} lines, with globs in their last part), then {@code defaults}.
     *
     * @param ldLibraryPath the variable's value, or null
     */
    static List<Path> searchDirs(String ldLibraryPath, Path ldSoConf, List<Path> defaults) {
        Set<Path> dirs = new LinkedHashSet<>();
        if (ldLibraryPath != null) {
            for (String d : ldLibraryPath.split("[:;]")) {
                if (!d.isBlank()) {
                    dirs.add(Path.of(d.strip()));
                }
            }
        }
        readConf(ldSoConf, dirs, 0);
        dirs.addAll(defaults);
        return new ArrayList<>(dirs);
    }

    private static void readConf(Path conf, Set<Path> dirs, int depth) {
        if (depth > 8) {
            return; // an include loop
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(conf, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return; // no such file, or not text: nothing to add
        }
        for (String raw : lines) {
            String line = raw.contains("#") ? raw.substring(0, raw.indexOf('#')) : raw;
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("include ") || line.startsWith("include\t")) {
                for (String pattern : line.substring("include".length()).strip().split("\\s+")) {
                    Path p = Path.of(pattern);
                    Path abs = p.isAbsolute() ? p : conf.resolveSibling(p);
                    for (Path inc : glob(abs)) {
                        readConf(inc, dirs, depth + 1);
                    }
                }
            } else if (line.startsWith("/")) {
                dirs.add(Path.of(line.split("\\s+")[0]));
            }
        }
    }

    /** Files matching a path whose last part may be a glob, in name order. */
    private static List<Path> glob(Path pattern) {
        Path dir = pattern.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern.getFileName());
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                if (m.matches(p.getFileName())) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        out.sort(null);
        return out;
    }

    /**
     * Whether a failure of {@code Application.launch} is glass failing to load GTK (its cause chain
     * holds {@link #GLASS_FAILURE}): the check above missed it, and the user still gets {@link #MESSAGE}.
     */
    static boolean isGlassGtkFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null && c.getMessage().contains(GLASS_FAILURE)) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
