package org.bitcoinfx.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.bitcoinfx.node.BundledNodeManifest;

/**
 * Builds Bitcoin FX's distributables on Linux: a jlink runtime of only the modules the app needs plus
 * OpenJFX, a jpackage app image {@code bitcoinfx-experimental} with the builder's bitcoin-node in
 * {@code lib/node}, a reproducible {@code .tar.gz} of that image, a {@code .deb} and (where
 * {@code rpmbuild} exists) an {@code .rpm}, a CycloneDX SBOM of the image ({@link ImageSbom}), and
 * {@code SHA256SUMS} of them. Run by
 * {@code mvn -Pdist package} (packaging/README.md); {@code PackagerIT} runs the app-image part.
 *
 * <p>Options ({@code --name=value}; empty values count as not given):
 * {@code --jars} (gui-app and its runtime dependencies), {@code --main-jar}, {@code --app-version}
 * (numeric), {@code --icons} (the repository's icons/), {@code --resources} (packaging/src/jpackage),
 * {@code --work}, {@code --out}, {@code --types} (comma-separated: deb, rpm; the app image is always
 * made), {@code --timestamp} (ISO-8601 instant or epoch seconds; {@code SOURCE_DATE_EPOCH} wins),
 * {@code --node-binary}, or {@code --node-tarball} with {@code --node-sha256sums}.
 *
 * <p>Exit status: 0 done, 1 a step failed, 2 bad options or no node supplied.
 */
public final class Packager {
    /**
     * JVM options of the packaged launcher: the app's own, those the README's run command uses
     * ({@code bitcoinfx.jvmArgs} in gui-app/pom.xml, shipped in gui-app's jar as the resource
     * {@code org/bitcoinfx/gui/jvm-options}).
     */
    static final String JAVA_OPTIONS = appJvmOptions();

    private static String appJvmOptions() {
        try (var in = Packager.class.getResourceAsStream("/org/bitcoinfx/gui/jvm-options")) {
            if (in == null) {
                throw new IllegalStateException("gui-app's org/bitcoinfx/gui/jvm-options is not on the class path");
            }
            String options = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            if (options.isEmpty() || options.contains("${")) {
                throw new IllegalStateException("gui-app's org/bitcoinfx/gui/jvm-options was not filled in: " + options);
            }
            return options;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read gui-app's org/bitcoinfx/gui/jvm-options", e);
        }
    }

    /** The app's main class (class-path launcher). */
    public static final String MAIN_CLASS = "org.bitcoinfx.gui.Main";
    /**
     * The runtime's root modules. From the app's imports and jdeps on its jars: java.desktop
     * (javafx.swing, ImageIO), java.logging (Ikonli), java.naming and java.xml (Logback),
     * java.sql (Jackson's date handlers), jdk.security.auth (UnixSystem: the socket peer's uid),
     * jdk.unsupported, jdk.localedata and jdk.charsets (the user's locale), and OpenJFX.
     * No java.net.http and no TLS provider: the app makes no network connection of its own.
     */
    public static final List<String> RUNTIME_MODULES = List.of(
            "java.base", "java.desktop", "java.logging", "java.naming", "java.sql", "java.xml",
            "jdk.security.auth", "jdk.unsupported", "jdk.localedata", "jdk.charsets",
            "javafx.base", "javafx.graphics", "javafx.controls", "javafx.swing");
    /** Time allowed for the bundled node's {@code -version}. */
    static final Duration NODE_VERSION_TIMEOUT = Duration.ofSeconds(30);
    static final String VENDOR = "Bitcoin FX";
    static final String DESCRIPTION = "Experimental JavaFX frontend for Bitcoin Core, driving its own bitcoin-node over IPC";
    /** The .deb's maintainer address (jpackage writes "Maintainer: <vendor> <address>"). */
    static final String MAINTAINER_EMAIL = "maintainers@bitcoinfx.invalid";

    private static final Pattern JAVAFX_JAR = Pattern.compile("^javafx-([a-z]+)-[0-9][^-]*(?:-([a-z0-9_-]+))?\\.jar$");

    /** What to build. */
    record Options(Path jars, String mainJar, String appVersion, Path icons, Path resources, Path work, Path out,
                   Set<String> types, long epochSeconds, NodeSupply.Source node) {
    }

    private Packager() {
    }

    /** Runs the build; see the class comment for options and exit status. */
    public static void main(String[] args) {
        Options o;
        try {
            o = parse(args, System.getenv("SOURCE_DATE_EPOCH"));
        } catch (PackagingException e) {
            System.err.println("packager: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            build(o);
        } catch (PackagingException e) {
            System.err.println("packager: " + e.getMessage());
            System.exit(1);
        } catch (IOException | UncheckedIOException e) {
            System.err.println("packager: I/O error: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    /**
     * Reads the options.
     *
     * @param sourceDateEpoch the environment's {@code SOURCE_DATE_EPOCH}, or null
     * @throws PackagingException naming the bad or missing option, or explaining how to supply a node
     */
    static Options parse(String[] args, String sourceDateEpoch) throws PackagingException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String a : args) {
            if (!a.startsWith("--") || !a.contains("=")) {
                throw new PackagingException("bad argument '" + a + "': options are --name=value");
            }
            m.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        NodeSupply.Source node = NodeSupply.fromOptions(m.get("node-binary"), m.get("node-tarball"), m.get("node-sha256sums"));
        Set<String> types = new LinkedHashSet<>();
        for (String t : m.getOrDefault("types", "").split(",")) {
            String tt = t.strip().toLowerCase(Locale.ROOT);
            if (tt.isEmpty() || tt.equals("app-image")) {
                continue;
            }
            if (!tt.equals("deb") && !tt.equals("rpm")) {
                throw new PackagingException("unknown package type '" + t + "' (known: deb, rpm; the app image is always made)");
            }
            types.add(tt);
        }
        String version = required(m, "app-version");
        if (!version.matches("\\d+(\\.\\d+){0,2}")) {
            throw new PackagingException("app-version '" + version + "' must be numeric, like 0.1.0 (jpackage's rule)");
        }
        long epoch = epochSeconds(sourceDateEpoch, m.get("timestamp"));
        return new Options(Path.of(required(m, "jars")), required(m, "main-jar"), version, Path.of(required(m, "icons")),
                Path.of(required(m, "resources")), Path.of(required(m, "work")), Path.of(required(m, "out")), types, epoch, node);
    }

    private static String required(Map<String, String> m, String name) throws PackagingException {
        String v = m.get(name);
        if (v == null || v.isBlank()) {
            throw new PackagingException("--" + name + " is required");
        }
        return v.strip();
    }

    /**
     * The build's timestamp: {@code SOURCE_DATE_EPOCH} if set, else Maven's
     * {@code project.build.outputTimestamp} (ISO-8601 instant or epoch seconds).
     *
     * @throws PackagingException if neither is set or one is malformed
     */
    static long epochSeconds(String sourceDateEpoch, String outputTimestamp) throws PackagingException {
        if (sourceDateEpoch != null && !sourceDateEpoch.isBlank()) {
            try {
                return Long.parseLong(sourceDateEpoch.strip());
            } catch (NumberFormatException e) {
                throw new PackagingException("SOURCE_DATE_EPOCH '" + sourceDateEpoch + "' is not a number of seconds", e);
            }
        }
        if (outputTimestamp == null || outputTimestamp.isBlank()) {
            throw new PackagingException("no timestamp: set SOURCE_DATE_EPOCH or pass --timestamp (project.build.outputTimestamp)");
        }
        String t = outputTimestamp.strip();
        if (t.matches("\\d+")) {
            return Long.parseLong(t);
        }
        try {
            return Instant.parse(t).getEpochSecond();
        } catch (DateTimeParseException e) {
            throw new PackagingException("timestamp '" + t + "' is neither an ISO-8601 instant nor epoch seconds", e);
        }
    }

    /**
     * Runs every step: runtime, app image, node, desktop files, check, tarball, packages, SHA256SUMS.
     *
     * @return the app image directory ({@code <out>/bitcoinfx-experimental})
     * @throws PackagingException if a tool is missing or a step fails
     */
    static Path build(Options o) throws PackagingException, IOException {
        JdkTools tools = JdkTools.find();
        Path image = buildAppImage(o, tools);
        Map<String, String> sums = new TreeMap<>();
        Path tar = o.out().resolve(AppImageLayout.NAME + "-" + o.appVersion() + "-linux-" + arch() + ".tar.gz");
        say("writing " + tar);
        ReproducibleTar.write(image, AppImageLayout.NAME, tar, o.epochSeconds());
        sums.put(tar.getFileName().toString(), BundledNodeManifest.sha256(tar));
        for (String type : o.types()) {
            if (type.equals("rpm") && !JdkTools.onPath("rpmbuild")) {
                say("skipping .rpm: rpmbuild is not installed (Debian: apt-get install rpm)");
                continue;
            }
            if (type.equals("deb") && !(JdkTools.onPath("dpkg-deb") && JdkTools.onPath("fakeroot"))) {
                throw new PackagingException("a .deb needs dpkg-deb and fakeroot (Debian: apt-get install fakeroot)");
            }
            Path pkg = buildPackage(o, tools, image, type);
            sums.put(pkg.getFileName().toString(), BundledNodeManifest.sha256(pkg));
        }
        Path sbom = ImageSbom.write(image, o.out(), o.appVersion(), o.epochSeconds()); // CycloneDX, beside SHA256SUMS and listed in it
        sums.put(sbom.getFileName().toString(), BundledNodeManifest.sha256(sbom));
        Sha256Sums.write(o.out().resolve("SHA256SUMS"), sums);
        say("done: " + o.out() + "/SHA256SUMS");
        sums.forEach((n, h) -> System.out.println("  " + h + "  " + n));
        return image;
    }

    /**
     * Makes and checks the app image at {@code <out>/bitcoinfx-experimental}.
     *
     * @return the image directory
     * @throws PackagingException if jlink or jpackage fail, the node cannot be supplied, or the image
     *                            fails {@link AppImageLayout#check}
     */
    static Path buildAppImage(Options o, JdkTools tools) throws PackagingException, IOException {
        Path mainJar = o.jars().resolve(o.mainJar());
        if (!Files.isRegularFile(mainJar)) {
            throw new PackagingException(mainJar + " does not exist: build gui-app first (mvn -pl packaging -am package)");
        }
        deleteTree(o.work());
        Files.createDirectories(o.work());
        deleteTree(o.out()); // no package of an earlier build may sit beside this build's SHA256SUMS
        Files.createDirectories(o.out());
        Path image = o.out().resolve(AppImageLayout.NAME);

        // 1. class path jars and JavaFX's platform jars
        Path input = o.work().resolve("input");
        Files.createDirectories(input);
        List<Path> javafx = new ArrayList<>();
        try (Stream<Path> s = Files.list(o.jars())) {
            for (Path jar : s.sorted().toList()) {
                String name = jar.getFileName().toString();
                if (!name.endsWith(".jar")) {
                    continue;
                }
                Matcher fx = JAVAFX_JAR.matcher(name);
                if (fx.matches()) {
                    if (fx.group(2) != null) {
                        javafx.add(jar); // javafx-graphics-21.0.5-linux.jar: a module for the runtime
                    } // javafx-graphics-21.0.5.jar: Maven's empty placeholder, not needed
                    continue;
                }
                Files.copy(jar, input.resolve(name));
            }
        }
        if (javafx.stream().noneMatch(p -> p.getFileName().toString().startsWith("javafx-graphics-"))) {
            throw new PackagingException("no JavaFX platform jars (javafx-graphics-<version>-<platform>.jar) in " + o.jars());
        }

        // 2. runtime
        Path runtime = o.work().resolve("runtime");
        say("jlink: " + String.join(",", RUNTIME_MODULES));
        List<String> jlink = new ArrayList<>(List.of(tools.jlink().toString(),
                "--module-path", tools.jmods() + java.io.File.pathSeparator + String.join(java.io.File.pathSeparator, javafx.stream().map(Path::toString).toList()),
                "--add-modules", String.join(",", RUNTIME_MODULES),
                "--strip-debug", "--no-header-files", "--no-man-pages", "--strip-native-commands", "--compress=2",
                // JavaFX's native libraries go next to the JDK's (below), so they load from the image, never from ~/.openjfx/cache
                "--exclude-resources=glob:/javafx.graphics/*.so,glob:/javafx.graphics/*.dylib,glob:/javafx.graphics/*.dll",
                "--output", runtime.toString()));
        run(jlink, o.epochSeconds());
        for (Path fx : javafx) {
            extractNatives(fx, runtime.resolve("lib"));
        }

        // 3. app image
        say("jpackage app-image");
        run(List.of(tools.jpackage().toString(), "--type", "app-image",
                "--name", AppImageLayout.NAME, "--app-version", o.appVersion(),
                "--vendor", VENDOR, "--description", DESCRIPTION,
                "--copyright", "Bitcoin FX developers; bitcoin-node: The Bitcoin Core developers",
                "--runtime-image", runtime.toString(), "--input", input.toString(),
                "--main-jar", o.mainJar(), "--main-class", MAIN_CLASS,
                // the same JVM options as the README's run command (gui-app/pom.xml bitcoinfx.jvmArgs):
                // resident memory stays under the 300 MB target with them (gui-app's AppBench)
                "--java-options", JAVA_OPTIONS,
                // the startup archive lib/cds-archive.sh makes where the app is installed (none: starts without it)
                "--java-options", StartupArchive.JAVA_OPTION,
                "--icon", o.icons().resolve("png/bitcoinfx-256.png").toString(),
                "--dest", o.out().toString()), o.epochSeconds());

        // 4. node
        BundledNodeManifest node = NodeSupply.supply(o.node(), AppImageLayout.node(image).getParent(), NODE_VERSION_TIMEOUT);
        Files.copy(o.resources().resolve("common/bitcoin-node-COPYING"), AppImageLayout.node(image).resolveSibling("COPYING"));
        say("bundled bitcoin-node: " + node.versionLine());
        say("bundled bitcoin-node SHA-256: " + node.sha256() + "  (recorded in lib/node/" + BundledNodeManifest.FILE_NAME
                + " and " + BundledNodeManifest.SHA256_FILE_NAME + "; from " + node.source() + ")");

        // 5. desktop entry, AppStream metadata, icons, and the script the deb/rpm run to install them
        installDesktopFiles(o, image);

        StartupArchive.install(o.resources(), image);

        // 6. same bytes, modes and times on every build
        normalize(image, o.epochSeconds());

        List<String> problems = AppImageLayout.check(image, o.mainJar());
        if (!problems.isEmpty()) {
            throw new PackagingException("the app image " + image + " is not right:\n  " + String.join("\n  ", problems));
        }
        say("app image: " + image);
        return image;
    }

    static Path buildPackage(Options o, JdkTools tools, Path image, String type) throws PackagingException, IOException {
        say("jpackage " + type);
        Path resourceDir = o.work().resolve("resources-" + type);
        deleteTree(resourceDir);
        Files.createDirectories(resourceDir);
        Path linux = o.resources().resolve("linux");
        // the system libraries the runtime needs (GTK 3 above all), whatever this machine has installed, written
        // into our control template / spec in place of jpackage's lookup of what is installed here
        NativeDeps.Needs needs = NativeDeps.of(image);
        if (type.equals("deb")) {
            for (String script : List.of("postinst", "prerm")) {
                Files.copy(linux.resolve(script), resourceDir.resolve(script));
            }
            String deps = NativeDeps.debDepends(needs, Packager::say);
            say("deb Depends: " + deps);
            Files.writeString(resourceDir.resolve("control"), Files.readString(linux.resolve("control")).replace("@DEPENDS@", deps));
        } else {
            String deps = NativeDeps.rpmRequires(needs);
            say("rpm Requires: " + deps);
            Files.writeString(resourceDir.resolve(AppImageLayout.NAME + ".spec"),
                    Files.readString(linux.resolve(AppImageLayout.NAME + ".spec")).replace("@REQUIRES@", deps));
        }
        Path dest = o.work().resolve("pkg-" + type);
        deleteTree(dest);
        Files.createDirectories(dest);
        List<String> cmd = new ArrayList<>(List.of(tools.jpackage().toString(), "--type", type,
                "--app-image", image.toString(),
                "--name", AppImageLayout.NAME, "--app-version", o.appVersion(),
                "--vendor", VENDOR, "--description", DESCRIPTION,
                "--resource-dir", resourceDir.toString(),
                "--linux-package-name", AppImageLayout.NAME,
                "--linux-app-release", "1",
                "--linux-app-category", type.equals("deb") ? "net" : "Applications/Internet",
                "--dest", dest.toString()));
        if (type.equals("deb")) {
            cmd.addAll(List.of("--linux-deb-maintainer", MAINTAINER_EMAIL));
        } else {
            cmd.addAll(List.of("--linux-rpm-license-type", "MIT"));
        }
        run(cmd, o.epochSeconds());
        Path pkg;
        try (Stream<Path> s = Files.list(dest)) {
            pkg = s.filter(p -> p.getFileName().toString().endsWith("." + type)).findFirst()
                    .orElseThrow(() -> new UncheckedIOException(new IOException("jpackage made no ." + type + " in " + dest)));
        }
        Path target = o.out().resolve(pkg.getFileName());
        Files.move(pkg, target, StandardCopyOption.REPLACE_EXISTING);
        say(type + ": " + target);
        return target;
    }

    /** Copies JavaFX's native libraries (the jar's top-level .so/.dylib/.dll) into the runtime's lib/. */
    static void extractNatives(Path javafxJar, Path libDir) throws IOException {
        try (ZipInputStream zin = new ZipInputStream(Files.newInputStream(javafxJar))) {
            ZipEntry e;
            while ((e = zin.getNextEntry()) != null) {
                String n = e.getName();
                if (!e.isDirectory() && !n.contains("/") && (n.endsWith(".so") || n.endsWith(".dylib") || n.endsWith(".dll"))) {
                    Path dest = libDir.resolve(n);
                    Files.copy(zin, dest, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(dest, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
        }
    }

    private static void installDesktopFiles(Options o, Path image) throws IOException {
        Path linux = o.resources().resolve("linux");
        String version = o.appVersion();
        String date = Instant.ofEpochSecond(o.epochSeconds()).atZone(ZoneOffset.UTC).toLocalDate().toString();
        copyTemplate(linux.resolve(AppImageLayout.APP_ID + ".desktop"), AppImageLayout.desktopFile(image), version, date);
        copyTemplate(linux.resolve(AppImageLayout.APP_ID + ".metainfo.xml"), AppImageLayout.metainfoFile(image), version, date);
        for (int size : AppImageLayout.HICOLOR_SIZES) {
            Path icon = AppImageLayout.hicolorIcon(image, size);
            Files.createDirectories(icon.getParent());
            Files.copy(o.icons().resolve("png/bitcoinfx-" + size + ".png"), icon);
        }
        Path svg = image.resolve("lib/share/icons/hicolor/scalable/apps/" + AppImageLayout.APP_ID + ".svg");
        Files.createDirectories(svg.getParent());
        Files.copy(o.icons().resolve("bitcoinfx.svg"), svg);
        Path script = image.resolve("lib/desktop-integration.sh");
        Files.copy(linux.resolve("desktop-integration.sh"), script);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Copies a text template, replacing {@code @VERSION@} and {@code @DATE@} (YYYY-MM-DD, from the build timestamp). */
    private static void copyTemplate(Path template, Path dest, String version, String date) throws IOException {
        Files.createDirectories(dest.getParent());
        String text = Files.readString(template, StandardCharsets.UTF_8).replace("@VERSION@", version).replace("@DATE@", date);
        Files.writeString(dest, text, StandardCharsets.UTF_8);
    }

    /**
     * Gives every file and directory of the tree the build's timestamp and modes without group or
     * world write (0755 for directories and executables, 0644 for the rest).
     */
    static void normalize(Path root, long epochSeconds) throws IOException {
        FileTime t = FileTime.from(Instant.ofEpochSecond(epochSeconds));
        Set<PosixFilePermission> exec = PosixFilePermissions.fromString("rwxr-xr-x");
        Set<PosixFilePermission> plain = PosixFilePermissions.fromString("rw-r--r--");
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                if (Files.isSymbolicLink(p)) {
                    continue;
                }
                boolean x = Files.isDirectory(p) || Files.getPosixFilePermissions(p).contains(PosixFilePermission.OWNER_EXECUTE);
                Files.setPosixFilePermissions(p, x ? exec : plain);
                Files.getFileAttributeView(p, java.nio.file.attribute.BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .setTimes(t, t, t);
            }
        }
    }

    /** Runs a tool with {@code SOURCE_DATE_EPOCH} set, its output passed through. */
    static void run(List<String> cmd, long epochSeconds) throws PackagingException, IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().put("SOURCE_DATE_EPOCH", Long.toString(epochSeconds));
        Process p = pb.start();
        int rc;
        try {
            rc = p.waitFor();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new PackagingException("interrupted while running " + cmd.get(0), e);
        }
        if (rc != 0) {
            throw new PackagingException(Path.of(cmd.get(0)).getFileName() + " failed with exit code " + rc + ": " + String.join(" ", cmd));
        }
    }

    /** Deletes a directory tree if it exists. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** The CPU name used in file names: x86_64, aarch64, … */
    static String arch() {
        String a = System.getProperty("os.arch", "unknown");
        return a.equals("amd64") ? "x86_64" : a;
    }

    private static void say(String s) {
        System.out.println("[packager] " + s);
    }

}
