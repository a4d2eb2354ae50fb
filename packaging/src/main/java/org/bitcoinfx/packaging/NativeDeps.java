package org.bitcoinfx.packaging;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The shared libraries the app image needs from the system, and the {@code .deb}'s {@code Depends}
 * and {@code .rpm}'s {@code Requires} that pull them in, whatever the build machine has installed
 * (jpackage's own lookup, {@code ldd} then {@code dpkg -S}, finds only what is installed there:
 * a builder without GTK made a {@code .deb} that installed and then could not open a window).
 *
 * <p>The libraries are the {@code DT_NEEDED} entries of every ELF file under {@code lib/runtime}
 * and {@code bin/} (read here, no {@code readelf} needed), less the ones the image holds itself
 * ({@code libjvm.so}, {@code libawt.so}, …). Each must be in {@link #DEB_PACKAGES}: a new one
 * (a new JavaFX or JDK) fails the build until it is added. Libraries the bundled node needs are
 * added when known and reported when not (a release node from bitcoincore.org needs only libc).
 */
public final class NativeDeps {
    /**
     * Soname → Debian package. Where Debian trixie renamed a package for 64-bit time
     * ({@code libgtk-3-0t64}), both names are given as alternatives, the new one first.
     */
    static final Map<String, String> DEB_PACKAGES = debPackages();

    private static Map<String, String> debPackages() {
        Map<String, String> m = new TreeMap<>();
        for (String s : List.of("libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1",
                "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1")) {
            m.put(s, "libc6");
        }
        m.put("libstdc++.so.6", "libstdc++6");
        m.put("libgcc_s.so.1", "libgcc-s1");
        m.put("libz.so.1", "zlib1g");
        m.put("libX11.so.6", "libx11-6");
        m.put("libXext.so.6", "libxext6");
        m.put("libXtst.so.6", "libxtst6");
        m.put("libXrender.so.1", "libxrender1");
        m.put("libXi.so.6", "libxi6");
        m.put("libXxf86vm.so.1", "libxxf86vm1");
        m.put("libGL.so.1", "libgl1");
        m.put("libfreetype.so.6", "libfreetype6");
        m.put("libfontconfig.so.1", "libfontconfig1");
        m.put("libharfbuzz.so.0", "libharfbuzz0b");
        m.put("libpng16.so.16", "libpng16-16t64 | libpng16-16");
        m.put("libjpeg.so.62", "libjpeg62-turbo | libjpeg62");
        m.put("libgif.so.7", "libgif7");
        m.put("liblcms2.so.2", "liblcms2-2");
        m.put("libasound.so.2", "libasound2t64 | libasound2");
        for (String s : List.of("libglib-2.0.so.0", "libgobject-2.0.so.0", "libgthread-2.0.so.0", "libgio-2.0.so.0", "libgmodule-2.0.so.0")) {
            m.put(s, "libglib2.0-0t64 | libglib2.0-0");
        }
        m.put("libpango-1.0.so.0", "libpango-1.0-0");
        m.put("libpangoft2-1.0.so.0", "libpangoft2-1.0-0");
        m.put("libpangocairo-1.0.so.0", "libpangocairo-1.0-0");
        m.put("libcairo.so.2", "libcairo2");
        m.put("libcairo-gobject.so.2", "libcairo-gobject2");
        m.put("libgdk_pixbuf-2.0.so.0", "libgdk-pixbuf-2.0-0 | libgdk-pixbuf2.0-0");
        m.put("libgtk-3.so.0", "libgtk-3-0t64 | libgtk-3-0");
        m.put("libgdk-3.so.0", "libgtk-3-0t64 | libgtk-3-0");
        m.put("libatk-1.0.so.0", "libatk1.0-0t64 | libatk1.0-0");
        return Map.copyOf(m);
    }

    /** What the image needs: its runtime's and launcher's libraries (all known), and the node's. */
    record Needs(Set<String> sonames, Set<String> nodeOnly) {
    }

    private NativeDeps() {
    }

    /**
     * Reads the image's ELF files.
     *
     * @param image an app image (see {@link AppImageLayout})
     * @throws IOException if a file cannot be read or an ELF file is malformed
     */
    static Needs of(Path image) throws IOException {
        Set<String> own = new TreeSet<>();
        Set<String> needed = new TreeSet<>();
        for (Path f : elfFiles(List.of(image.resolve("bin"), image.resolve("lib/runtime")))) {
            own.add(f.getFileName().toString());
            needed.addAll(needed(f));
        }
        Set<String> node = new TreeSet<>();
        Path n = AppImageLayout.node(image);
        if (isElf(n)) {
            node.addAll(needed(n));
        }
        needed.removeAll(own);
        node.removeAll(own);
        node.removeAll(needed);
        return new Needs(needed, node);
    }

    /**
     * The {@code .deb}'s {@code Depends} (the packager writes it into its {@code control} template): one entry per
     * package, in name order.
     *
     * @param warn told of each node library with no known package (it is left out)
     * @throws PackagingException naming the runtime's libraries {@link #DEB_PACKAGES} does not know
     */
    static String debDepends(Needs needs, java.util.function.Consumer<String> warn) throws PackagingException {
        Set<String> unknown = new TreeSet<>();
        Set<String> pkgs = new TreeSet<>();
        for (String s : needs.sonames()) {
            String p = DEB_PACKAGES.get(s);
            if (p == null) {
                unknown.add(s);
            } else {
                pkgs.add(p);
            }
        }
        if (!unknown.isEmpty()) {
            throw new PackagingException("the runtime needs " + unknown + ", which NativeDeps.DEB_PACKAGES does not map to "
                    + "Debian packages: add them (dpkg -S <library> names the package)");
        }
        for (String s : needs.nodeOnly()) {
            String p = DEB_PACKAGES.get(s);
            if (p == null) {
                warn.accept("the bundled bitcoin-node needs " + s + ", which no Depends names (a release build from bitcoincore.org needs only libc)");
            } else {
                pkgs.add(p);
            }
        }
        return String.join(", ", pkgs);
    }

    /**
     * The {@code .rpm}'s requirements: each library by its soname, as rpm's own dependency
     * generator writes them ({@code libgtk-3.so.0()(64bit)}), which every RPM distribution's
     * package of it provides.
     */
    static String rpmRequires(Needs needs) {
        Set<String> all = new TreeSet<>(needs.sonames());
        all.addAll(needs.nodeOnly());
        List<String> out = new ArrayList<>();
        for (String s : all) {
            out.add(s + "()(64bit)");
        }
        return String.join(", ", out);
    }

    /** Regular ELF files under the given directories, in path order. */
    static List<Path> elfFiles(List<Path> roots) throws IOException {
        Set<Path> out = new LinkedHashSet<>();
        for (Path r : roots) {
            if (!Files.isDirectory(r)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(r)) {
                for (Path p : s.sorted().toList()) {
                    if (Files.isRegularFile(p) && !Files.isSymbolicLink(p) && isElf(p)) {
                        out.add(p);
                    }
                }
            }
        }
        return new ArrayList<>(out);
    }

    static boolean isElf(Path p) throws IOException {
        if (!Files.isRegularFile(p) || Files.size(p) < 64) {
            return false;
        }
        try (var in = Files.newInputStream(p)) {
            byte[] m = in.readNBytes(4);
            return m.length == 4 && m[0] == 0x7f && m[1] == 'E' && m[2] == 'L' && m[3] == 'F';
        }
    }

    /**
     * The {@code DT_NEEDED} sonames of a 64-bit little-endian ELF file (x86_64, aarch64), in order.
     *
     * @throws IOException if the file is not such an ELF file or its dynamic section is malformed
     */
    static List<String> needed(Path elf) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(elf)).order(ByteOrder.LITTLE_ENDIAN);
        try {
            if (b.get(4) != 2 || b.get(5) != 1) {
                throw new IOException(elf + ": not a 64-bit little-endian ELF file");
            }
            long phoff = b.getLong(0x20);
            int phentsize = Short.toUnsignedInt(b.getShort(0x36));
            int phnum = Short.toUnsignedInt(b.getShort(0x38));
            long dynOff = -1;
            long dynSize = 0;
            List<long[]> loads = new ArrayList<>(); // {vaddr, offset, filesz}
            for (int i = 0; i < phnum; i++) {
                int ph = Math.toIntExact(phoff + (long) i * phentsize);
                int type = b.getInt(ph);
                if (type == 1) { // PT_LOAD
                    loads.add(new long[] {b.getLong(ph + 0x10), b.getLong(ph + 0x08), b.getLong(ph + 0x20)});
                } else if (type == 2) { // PT_DYNAMIC
                    dynOff = b.getLong(ph + 0x08);
                    dynSize = b.getLong(ph + 0x20);
                }
            }
            if (dynOff < 0) {
                return List.of(); // statically linked
            }
            long strtab = -1;
            List<Long> neededOffsets = new ArrayList<>();
            for (long e = dynOff; e + 16 <= dynOff + dynSize; e += 16) {
                long tag = b.getLong(Math.toIntExact(e));
                long val = b.getLong(Math.toIntExact(e + 8));
                if (tag == 0) { // DT_NULL
                    break;
                } else if (tag == 1) { // DT_NEEDED
                    neededOffsets.add(val);
                } else if (tag == 5) { // DT_STRTAB, a virtual address
                    strtab = val;
                }
            }
            if (neededOffsets.isEmpty()) {
                return List.of();
            }
            long strOff = -1;
            for (long[] l : loads) {
                if (strtab >= l[0] && strtab < l[0] + l[2]) {
                    strOff = strtab - l[0] + l[1];
                }
            }
            if (strOff < 0) {
                throw new IOException(elf + ": DT_STRTAB 0x" + Long.toHexString(strtab) + " is in no loaded segment");
            }
            List<String> out = new ArrayList<>();
            for (long o : neededOffsets) {
                int start = Math.toIntExact(strOff + o);
                int end = start;
                while (b.get(end) != 0) {
                    end++;
                }
                byte[] name = new byte[end - start];
                b.get(start, name);
                out.add(new String(name, StandardCharsets.US_ASCII));
            }
            return out;
        } catch (IndexOutOfBoundsException | ArithmeticException e) {
            throw new IOException(elf + ": malformed ELF file (" + e + ")", e);
        }
    }
}
