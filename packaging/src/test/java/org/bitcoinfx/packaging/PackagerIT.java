package org.bitcoinfx.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.node.BundledNodeManifest;
import org.bitcoinfx.node.NodeLocator;
import org.bitcoinfx.node.fake.FakeNodeLauncherScript;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Builds the real app image (jlink, jpackage), its tarball, SBOM and SHA256SUMS ({@link Packager#build}
 * without .deb/.rpm) from {@code target/jars} with a stand-in node, checks its layout and its SBOM,
 * runs the packaged launcher's {@code --self-test}, which must find the bundled node, start it on
 * regtest, talk to it over IPC and exit 0, and builds it all a second time to compare SHA256SUMS. The node is {@code BITCOIN_NODE} when set (a
 * real bitcoin-node), else FakeNode's launcher script (the Cap'n Proto-serving test double of
 * bundled-node's test-jar). Skips, saying why, without jlink/jpackage/jmods (fails instead when
 * {@code BITCOINFX_REQUIRE_PACKAGING} is set, as {@code .ci/run} does).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PackagerIT {
    private static Path image;
    private static Path node;
    private static Path work;
    private static final long EPOCH = 1795305600L;
    private static Packager.Options options;
    private static Path deb;

    @BeforeAll
    static void buildImage() throws Exception {
        String why = JdkTools.unavailableReason();
        if (why != null && System.getenv("BITCOINFX_REQUIRE_PACKAGING") != null) {
            // .ci/run sets this: CI must build the image, a skip there would hide a broken package
            throw new AssertionError("cannot build an app image here: " + why);
        }
        Assumptions.assumeTrue(why == null, "cannot build an app image here: " + why);
        work = Path.of(System.getProperty("packaging.work", "target/it")).toAbsolutePath();
        Packager.deleteTree(work);
        Files.createDirectories(work);
        String real = System.getenv(NodeLocator.ENV_VAR);
        if (real != null && !real.isBlank()) {
            node = Path.of(real);
        } else {
            node = FakeNodeLauncherScript.write(work.resolve("fake-node"));
        }
        // the whole build but the .deb/.rpm: image, tarball, SBOM, SHA256SUMS
        options = options("work", "out");
        image = Packager.build(options);
    }

    private static Packager.Options options(String workDir, String outDir) {
        return new Packager.Options(
                Path.of(System.getProperty("packaging.jars")), System.getProperty("packaging.mainJar"),
                System.getProperty("packaging.appVersion"), Path.of(System.getProperty("packaging.icons")),
                Path.of(System.getProperty("packaging.resources")), work.resolve(workDir), work.resolve(outDir),
                Set.of(), EPOCH, new NodeSupply.Binary(node));
    }

    @Test
    @Order(1)
    void layoutIsComplete() throws IOException {
        assertEquals(List.of(), AppImageLayout.check(image, System.getProperty("packaging.mainJar")));
    }

    @Test
    @Order(2)
    void nodeIsWhereTheLocatorLooksWithItsRunBitAndRecordedHash() throws Exception {
        Path bundled = NodeLocator.bundledNode(AppImageLayout.launcher(image).toString()).orElseThrow();
        assertEquals(AppImageLayout.node(image), bundled);
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(bundled)));
        BundledNodeManifest m = BundledNodeManifest.read(bundled.resolveSibling(BundledNodeManifest.FILE_NAME));
        assertEquals(BundledNodeManifest.sha256(node), m.sha256());
        assertEquals(BundledNodeManifest.SOURCE_BINARY, m.source());
        assertTrue(m.versionLine().contains("version v3"), m.versionLine());
        assertEquals(Files.readAllBytes(node).length, Files.size(bundled));
    }

    @Test
    @Order(3)
    void runtimeHoldsJavaFxAndNoNetworkClient() throws IOException {
        Set<String> modules = AppImageLayout.runtimeModules(AppImageLayout.runtimeDir(image).resolve("release"));
        assertTrue(modules.containsAll(Packager.RUNTIME_MODULES), modules.toString());
        assertFalse(modules.contains("java.net.http"), modules.toString());
        try (var s = Files.list(AppImageLayout.appDir(image))) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("javafx-")), "JavaFX only in the runtime");
        }
    }

    @Test
    @Order(3)
    void launcherCarriesTheAppsJvmOptions() throws IOException {
        Path cfg = image.resolve("lib/app/" + AppImageLayout.NAME + ".cfg");
        String text = Files.readString(cfg);
        for (String opt : Packager.JAVA_OPTIONS.split(" ")) {
            assertTrue(text.contains("java-options=" + opt), cfg + " lacks " + opt + ":\n" + text);
        }
    }

    @Test
    @Order(4)
    void desktopIntegrationInstallsAndRemovesOnlyItsOwnFiles() throws Exception {
        Path share = work.resolve("usr-share");
        Files.createDirectories(share.resolve("applications"));
        Path other = Files.writeString(share.resolve("applications/bitcoin-qt.desktop"), "[Desktop Entry]\n");
        Path script = image.resolve("lib/desktop-integration.sh");
        assertEquals(0, run(List.of(script.toString(), "install"), Map.of("DESKTOP_INTEGRATION_SHARE", share.toString()), 30).exit);
        assertTrue(Files.isRegularFile(share.resolve("applications/org.bitcoinfx.experimental.desktop")));
        assertTrue(Files.isRegularFile(share.resolve("metainfo/org.bitcoinfx.experimental.metainfo.xml")));
        assertTrue(Files.isRegularFile(share.resolve("icons/hicolor/48x48/apps/org.bitcoinfx.experimental.png")));
        assertEquals(0, run(List.of(script.toString(), "remove"), Map.of("DESKTOP_INTEGRATION_SHARE", share.toString()), 30).exit);
        assertFalse(Files.exists(share.resolve("applications/org.bitcoinfx.experimental.desktop")));
        assertFalse(Files.exists(share.resolve("icons/hicolor/48x48/apps/org.bitcoinfx.experimental.png")));
        assertTrue(Files.exists(other), "someone else's desktop entry is left alone");
    }

    @Test
    @Order(5)
    void launcherRejectsABadOptionWithAMessage() throws Exception {
        Result r = run(List.of(AppImageLayout.launcher(image).toString(), "--no-such-option"), Map.of(), 60);
        assertEquals(2, r.exit, r.output);
        assertTrue(r.output.contains("unknown option: --no-such-option"), r.output);
    }

    @Test
    @Order(6)
    void packagedSelfTestFindsTheBundledNodeAndTalksToItOverIpc() throws Exception {
        Path settings = work.resolve("home/settings.json"); // absent: no node chosen in settings
        Result r = run(List.of(AppImageLayout.launcher(image).toString(), "--self-test", "--settings=" + settings), Map.of(), 240);
        assertEquals(0, r.exit, r.output);
        assertTrue(r.output.contains(AppImageLayout.node(image).toString()), "used the bundled node:\n" + r.output);
        assertTrue(r.output.strip().endsWith("self-test passed"), r.output);
    }

    /**
     * Every JDK module our own jars use (jdeps on gui-app, bundled-node and ipc-bindings) is in the
     * image's runtime: a use of a module left out of {@link Packager#RUNTIME_MODULES} fails only
     * when that code runs in the packaged app (java.management once did, in the window-shown log).
     */
    @Test
    @Order(7)
    void runtimeHasEveryJdkModuleOurJarsUse() throws Exception {
        Path jars = Path.of(System.getProperty("packaging.jars"));
        List<String> ours;
        try (var s = Files.list(jars)) {
            ours = s.map(Path::toString).filter(n -> n.matches(".*/(gui-app|bundled-node|ipc-bindings)-[^/]*\\.jar")).sorted().toList();
        }
        assertEquals(3, ours.size(), "our three jars in " + jars + ": " + ours);
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        List<String> args = new java.util.ArrayList<>(List.of("--multi-release", "17", "--ignore-missing-deps", "--print-module-deps"));
        args.addAll(ours);
        int code = java.util.spi.ToolProvider.findFirst("jdeps").orElseThrow()
                .run(new java.io.PrintWriter(out), new java.io.PrintWriter(err), args.toArray(new String[0]));
        assertEquals(0, code, "jdeps failed: " + err);
        Set<String> used = Set.of(out.toString().strip().split(","));
        // jpackage leaves out the runtime's bin/java; its release file names the modules (MODULES="java.base …")
        String modulesLine = Files.readAllLines(AppImageLayout.runtimeDir(image).resolve("release")).stream()
                .filter(l -> l.startsWith("MODULES=")).findFirst().orElseThrow(() -> new AssertionError("no MODULES= in the runtime's release file"));
        Set<String> runtime = Set.of(modulesLine.substring("MODULES=".length()).replace("\"", "").strip().split("\\s+"));
        for (String m : used) {
            assertTrue(runtime.contains(m), "our jars use " + m + ", which the image's runtime lacks (add it to Packager.RUNTIME_MODULES); "
                    + "jdeps: " + used + ", runtime: " + runtime);
        }
    }

    /**
     * The SBOM beside SHA256SUMS (and listed in it) is valid CycloneDX 1.6 and names every jar in the
     * image and the bundled node, each with the SHA-256 of the file as it lies in the image.
     */
    @Test
    @Order(12)
    void sbomListsEveryJarAndTheNodeWithTheirHashes() throws Exception {
        Path out = image.getParent();
        String version = System.getProperty("packaging.appVersion");
        Path sbomFile = out.resolve(ImageSbom.fileName(version));
        assertTrue(Files.isRegularFile(sbomFile), "no SBOM beside SHA256SUMS: " + sbomFile);
        assertEquals(Optional.of(BundledNodeManifest.sha256(sbomFile)),
                Sha256Sums.read(out.resolve("SHA256SUMS")).lookup(sbomFile.getFileName().toString()), "SHA256SUMS lists the SBOM");
        byte[] json = Files.readAllBytes(sbomFile);
        org.cyclonedx.parsers.JsonParser parser = new org.cyclonedx.parsers.JsonParser();
        assertEquals(List.of(), parser.validate(json, ImageSbom.SPEC), "CycloneDX schema");
        org.cyclonedx.model.Bom bom = parser.parse(json);

        Map<String, String> listed = new java.util.TreeMap<>(); // image path -> SHA-256
        for (org.cyclonedx.model.Component c : bom.getComponents()) {
            String path = c.getProperties().stream().filter(p -> p.getName().equals(ImageSbom.PATH_PROPERTY))
                    .map(org.cyclonedx.model.Property::getValue).findFirst().orElseThrow(() -> new AssertionError(c.getName() + " has no path"));
            assertEquals(1, c.getHashes().size(), path);
            assertEquals("SHA-256", c.getHashes().get(0).getAlgorithm(), path);
            assertEquals(null, listed.put(path, c.getHashes().get(0).getValue()), path + " listed twice");
        }
        Map<String, String> inImage = new java.util.TreeMap<>();
        try (var s = Files.walk(image)) {
            for (Path f : s.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)).toList()) {
                inImage.put(image.relativize(f).toString(), BundledNodeManifest.sha256(f));
            }
        }
        assertTrue(inImage.size() > 10, "the image's jars: " + inImage.keySet());
        Path bundled = AppImageLayout.node(image);
        inImage.put(image.relativize(bundled).toString(), BundledNodeManifest.sha256(bundled));
        assertEquals(inImage, listed, "the SBOM's components are the image's jars and node, with their hashes");

        org.cyclonedx.model.Component nodeComponent = bom.getComponents().stream().filter(c -> c.getName().equals("bitcoin-node"))
                .findFirst().orElseThrow();
        BundledNodeManifest m = BundledNodeManifest.read(bundled.resolveSibling(BundledNodeManifest.FILE_NAME));
        assertEquals(m.sha256(), nodeComponent.getHashes().get(0).getValue(), "node's hash = its manifest's");
        assertTrue(m.versionLine().contains("v" + nodeComponent.getVersion()), nodeComponent.getVersion() + " vs " + m.versionLine());
        org.cyclonedx.model.Component gui = bom.getComponents().stream()
                .filter(c -> "org.bitcoinfx".equals(c.getGroup()) && "gui-app".equals(c.getName())).findFirst().orElseThrow();
        assertEquals("pkg:maven/org.bitcoinfx/gui-app@" + gui.getVersion(), gui.getPurl());
        assertEquals(AppImageLayout.NAME, bom.getMetadata().getComponent().getName());
        assertEquals(EPOCH * 1000, bom.getMetadata().getTimestamp().getTime());
    }

    /**
     * CI's cheap stand-in for {@code reproducible.sh}: a second build from the same inputs in another
     * directory gives the same SHA256SUMS (the tarball, hence every image file's bytes, mode and
     * time, and the SBOM). On a difference it names the image files that differ.
     */
    @Test
    @Order(13)
    void aSecondBuildGivesTheSameSha256Sums() throws Exception {
        Path image2 = Packager.build(options("work2", "out2"));
        String first = Files.readString(image.getParent().resolve("SHA256SUMS"));
        String second = Files.readString(image2.getParent().resolve("SHA256SUMS"));
        if (!first.equals(second)) {
            List<String> differ = new java.util.ArrayList<>();
            try (var s = Files.walk(image)) {
                for (Path f : s.sorted().toList()) {
                    Path g = image2.resolve(image.relativize(f).toString());
                    if (!Files.exists(g, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        differ.add(image.relativize(f) + " (only in the first)");
                    } else if (Files.isRegularFile(f) && (Files.mismatch(f, g) != -1
                            || !Files.getPosixFilePermissions(f).equals(Files.getPosixFilePermissions(g)))) {
                        differ.add(image.relativize(f).toString());
                    }
                }
            }
            throw new AssertionError("not reproducible: SHA256SUMS\n" + first + "vs\n" + second + "image files that differ: " + differ);
        }
        Packager.deleteTree(work.resolve("work2"));
        Packager.deleteTree(work.resolve("out2"));
    }

    /**
     * On a machine without GTK 3 the packaged launcher prints one line saying what to install and
     * exits 4, with no stack trace. Where GTK is missing (CI's clean machine before the install test
     * pulls it in) the launcher runs as it is; where it is installed and we are root, GTK is hidden
     * in a private mount namespace ({@code unshare -m}: an overlay with whiteouts over its directory
     * and a linker cache made without it). Skips, saying why, otherwise. (JavaFX's own failure, which
     * the app also catches, needs a display to be reached: checked by hand, packaging/README.md.)
     */
    @Test
    @Order(7)
    void withoutGtkTheLauncherSaysWhatToInstallInOneLine() throws Exception {
        String launcher = AppImageLayout.launcher(image).toString();
        List<Result> results = new java.util.ArrayList<>();
        if (org.bitcoinfx.gui.GtkCheck.problem().isPresent()) {
            results.add(run(List.of(launcher), Map.of(), 60));
        } else {
            Assumptions.assumeTrue("0".equals(uid()) && JdkTools.onPath("unshare") && JdkTools.onPath("ldconfig"),
                    "GTK 3 is installed and hiding it needs root, unshare and ldconfig: not tried");
            Result where = run(List.of("sh", "-c", "ldconfig -p | grep -m1 'libgtk-3.so.0 '"), Map.of(), 60);
            Assumptions.assumeTrue(where.exit == 0 && where.output.contains("=>"), "cannot find libgtk-3.so.0 with ldconfig -p: " + where.output);
            Path gtk = Path.of(where.output.substring(where.output.indexOf("=>") + 2).strip()).toRealPath();
            Path dir = gtk.getParent();
            Path ns = Files.createDirectories(work.resolve("no-gtk"));
            Path script = ns.resolve("no-gtk.sh");
            Files.writeString(script, String.join("\n",
                    "set -e",
                    "mkdir -p upper ovl-work",
                    "for f in " + dir + "/libgtk-3.so*; do mknod \"upper/$(basename \"$f\")\" c 0 0; done",
                    "mount -t overlay overlay -o lowerdir=" + dir + ",upperdir=upper,workdir=ovl-work " + dir,
                    "ldconfig -C \"$PWD/ld.so.cache\"",
                    "mount --bind \"$PWD/ld.so.cache\" /etc/ld.so.cache",
                    "set +e",
                    "\"$1\" > checked.out 2>&1; echo $? > checked.rc",
                    ""));
            Result r = run(List.of("sh", "-c", "cd " + ns + " && unshare -m --propagation private sh no-gtk.sh " + launcher), Map.of(), 180);
            Assumptions.assumeTrue(r.exit == 0 && Files.exists(ns.resolve("checked.rc")),
                    "cannot hide GTK here (no overlay mounts in this container?): " + r.output);
            results.add(new Result(Integer.parseInt(Files.readString(ns.resolve("checked.rc")).strip()),
                    Files.readString(ns.resolve("checked.out"))));
        }
        for (Result r : results) {
            assertEquals(4, r.exit, r.output);
            assertTrue(r.output.startsWith("bitcoinfx: " + org.bitcoinfx.gui.GtkCheck.MESSAGE), r.output);
            assertEquals(1, r.output.strip().lines().count(), "one line, no stack trace:\n" + r.output);
        }
    }

    /**
     * The desktop entry opens {@code bitcoin:} links with the app (the link as its argument), and
     * the AppStream metadata validates ({@code appstreamcli validate --no-net}; {@code .ci/run}
     * installs Debian's {@code appstream}; skipped here without it). {@code desktop-file-validate}
     * too where it is installed.
     */
    @Test
    @Order(8)
    void desktopEntryTakesBitcoinLinksAndAppStreamValidates() throws Exception {
        String entry = Files.readString(AppImageLayout.desktopFile(image));
        assertTrue(entry.contains("\nMimeType=x-scheme-handler/bitcoin;\n"), entry);
        assertTrue(entry.contains("\nExec=/opt/" + AppImageLayout.NAME + "/bin/" + AppImageLayout.NAME + " %u\n"), entry);
        for (int size : AppImageLayout.HICOLOR_SIZES) {
            java.awt.image.BufferedImage icon = javax.imageio.ImageIO.read(AppImageLayout.hicolorIcon(image, size).toFile());
            assertEquals(size, icon.getWidth(), "icon " + size);
        }
        if (JdkTools.onPath("desktop-file-validate")) {
            Result d = run(List.of("desktop-file-validate", AppImageLayout.desktopFile(image).toString()), Map.of(), 60);
            assertEquals(0, d.exit, d.output);
        }
        boolean ci = System.getenv("BITCOINFX_REQUIRE_PACKAGING") != null;
        if (!JdkTools.onPath("appstreamcli")) {
            assertFalse(ci, "CI must validate the AppStream metadata: install appstream (.ci/run does)");
            Assumptions.abort("appstreamcli is not installed (Debian: apt-get install appstream): AppStream metadata not validated");
        }
        Result r = run(List.of("appstreamcli", "validate", "--no-net", "--pedantic", AppImageLayout.metainfoFile(image).toString()), Map.of(), 120);
        assertEquals(0, r.exit, r.output);
    }

    /**
     * The startup archive: {@code lib/cds-archive.sh create} makes it from the shipped class list
     * where the image is, the launcher then maps most of its classes from it, and {@code remove}
     * deletes it; a launch without it starts all the same.
     */
    @Test
    @Order(9)
    void startupArchiveIsMadeWhereTheImageIsAndUsed() throws Exception {
        Path jsa = StartupArchive.archive(image);
        Path log = work.resolve("class-load.log");
        try {
            StartupArchive.Result made = StartupArchive.run(image, "create", 300);
            assertEquals(0, made.exit(), made.output());
            assertTrue(Files.size(jsa) > 10_000_000, "archive of " + Files.size(jsa) + " bytes:\n" + made.output());
            Result r = run(List.of(AppImageLayout.launcher(image).toString(), "--no-such-option"),
                    Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + log), 60);
            assertEquals(2, r.exit, r.output);
            List<String> loaded = Files.readAllLines(log);
            long shared = loaded.stream().filter(l -> l.contains("source: shared objects file")).count();
            assertTrue(shared > 1500 && shared > 0.9 * loaded.size(), shared + " of " + loaded.size() + " classes from the archive");
        } finally {
            StartupArchive.Result removed = StartupArchive.run(image, "remove", 60);
            assertEquals(0, removed.exit(), removed.output());
        }
        assertFalse(Files.exists(jsa));
        Result without = run(List.of(AppImageLayout.launcher(image).toString(), "--no-such-option"), Map.of(), 60);
        assertEquals(2, without.exit, without.output);
        assertFalse(without.output.contains("warning"), "no archive, no complaint:\n" + without.output);
    }

    /**
     * The {@code .deb}'s {@code Depends} names the shared libraries the runtime needs (GTK 3 first
     * of all: without it JavaFX cannot open a window), whatever this machine has installed.
     */
    @Test
    @Order(10)
    void debDependsOnGtkAndTheRuntimesLibraries() throws Exception {
        Path pkg = deb();
        Result r = run(List.of("dpkg-deb", "-f", pkg.toString(), "Depends"), Map.of(), 60);
        assertEquals(0, r.exit, r.output);
        Set<String> alternatives = new java.util.HashSet<>();
        for (String dep : r.output.strip().split(",")) {
            for (String alt : dep.split("\\|")) {
                alternatives.add(alt.strip().replaceAll("\\s*\\(.*\\)$", ""));
            }
        }
        for (String p : List.of("libgtk-3-0", "libc6", "libx11-6", "libgl1", "libfreetype6")) {
            assertTrue(alternatives.contains(p) || alternatives.contains(p + "t64"), "Depends lacks " + p + ": " + r.output);
        }
        // exactly ours: not jpackage's lookup of what this machine happens to have installed
        assertEquals(NativeDeps.debDepends(NativeDeps.of(image), w -> { }), r.output.strip());
    }

    /**
     * Install, upgrade and remove of the {@code .deb} in this (clean, CI) root: {@code apt-get install
     * ./….deb} (pulls the Depends in), the installed launcher's {@code --self-test}, the startup
     * archive made by postinst, the desktop entry registered for {@code bitcoin:}; {@code dpkg -i}
     * again (an upgrade: prerm upgrade, postinst configure); {@code dpkg -r}: the install directory,
     * desktop entry and archive are gone and the user's data directory and settings are left alone.
     * Runs only as root with {@code BITCOINFX_INSTALL_TEST=1} ({@code .ci/run} sets it): it changes
     * the machine's {@code /opt} and {@code /usr/share}.
     */
    @Test
    @Order(11)
    void debInstallsUpgradesAndRemovesLeavingTheUsersData() throws Exception {
        Assumptions.assumeTrue("0".equals(uid()), "installing the .deb needs root (CI runs as root): not tried as uid " + uid());
        Assumptions.assumeTrue("1".equals(System.getenv("BITCOINFX_INSTALL_TEST")),
                "BITCOINFX_INSTALL_TEST=1 not set: the .deb is not installed into this machine (.ci/run sets it)");
        Result status = run(List.of("dpkg-query", "-W", "-f=${Status}", AppImageLayout.NAME), Map.of(), 60);
        Assumptions.assumeFalse(status.output.contains("installed") && !status.output.contains("not-installed"),
                AppImageLayout.NAME + " is installed on this machine already: not touching it");
        Path pkg = deb();
        Path opt = Path.of("/opt", AppImageLayout.NAME);
        Path entry = Path.of("/usr/share/applications", AppImageLayout.APP_ID + ".desktop");
        // the user's data and settings, as a run of the app leaves them
        Path home = Files.createDirectories(work.resolve("home"));
        Path data = Files.createDirectories(home.resolve(".local/share/" + AppImageLayout.NAME + "/regtest"));
        Path wallet = Files.writeString(data.resolve("wallet.dat"), "the user's wallet");
        Path settings = Files.createDirectories(home.resolve(".config/bitcoinfx")).resolve("settings.json");
        Files.writeString(settings, "{\"version\":1,\"onboarded\":true}\n");
        try {
            Result install = run(List.of("apt-get", "install", "-y", "-q", pkg.toString()), Map.of("DEBIAN_FRONTEND", "noninteractive"), 900);
            assertEquals(0, install.exit, install.output);
            assertTrue(install.output.contains("startup archive"), "postinst made the startup archive:\n" + install.output);
            assertTrue(Files.isRegularFile(opt.resolve("lib/app/" + StartupArchive.ARCHIVE)), install.output);
            assertTrue(Files.readString(entry).contains("MimeType=x-scheme-handler/bitcoin;"));
            Result self = run(List.of(opt.resolve("bin/" + AppImageLayout.NAME).toString(), "--self-test",
                    "--settings=" + work.resolve("self-test-settings.json")), Map.of(), 240);
            assertEquals(0, self.exit, self.output);
            assertTrue(self.output.contains(opt.resolve(NodeLocator.BUNDLED_NODE_PATH).toString()), "the installed bundled node:\n" + self.output);

            Result upgrade = run(List.of("dpkg", "-i", pkg.toString()), Map.of("DEBIAN_FRONTEND", "noninteractive"), 600);
            assertEquals(0, upgrade.exit, upgrade.output);
            assertTrue(Files.isRegularFile(opt.resolve("lib/app/" + StartupArchive.ARCHIVE)), "archive made again:\n" + upgrade.output);
            assertTrue(Files.isRegularFile(entry));
        } finally {
            Result remove = run(List.of("dpkg", "-r", AppImageLayout.NAME), Map.of("DEBIAN_FRONTEND", "noninteractive"), 600);
            assertEquals(0, remove.exit, remove.output);
        }
        assertFalse(Files.exists(opt), opt + " is left after dpkg -r");
        assertFalse(Files.exists(entry), entry + " is left after dpkg -r");
        assertEquals("the user's wallet", Files.readString(wallet), "the user's data is left alone");
        assertEquals("{\"version\":1,\"onboarded\":true}\n", Files.readString(settings), "the user's settings are left alone");
        Result purge = run(List.of("dpkg", "--purge", AppImageLayout.NAME), Map.of("DEBIAN_FRONTEND", "noninteractive"), 600);
        assertEquals(0, purge.exit, "dpkg --purge, to leave the machine as it was: " + purge.output);
    }

    /** The .deb of the image, built once (jpackage --type deb); skips without dpkg-deb and fakeroot, fails so in CI. */
    private static synchronized Path deb() throws Exception {
        if (deb == null) {
            boolean tools = JdkTools.onPath("dpkg-deb") && JdkTools.onPath("fakeroot");
            if (!tools && System.getenv("BITCOINFX_REQUIRE_PACKAGING") != null) {
                throw new AssertionError("CI must build the .deb: dpkg-deb and fakeroot are needed (.ci/run installs fakeroot)");
            }
            Assumptions.assumeTrue(tools, "no .deb here: dpkg-deb and fakeroot are needed (Debian: apt-get install fakeroot)");
            deb = Packager.buildPackage(options, JdkTools.find(), image, "deb");
        }
        return deb;
    }

    private static String uid() throws Exception {
        return String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    }

    record Result(int exit, String output) {
    }

    /**
     * Runs a command with a clean environment: no {@code BITCOIN_NODE}, {@code HOME} and XDG
     * directories in the work directory, no display.
     */
    private static Result run(List<String> cmd, Map<String, String> extraEnv, long timeoutS) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.remove(NodeLocator.ENV_VAR);
        env.remove("DISPLAY");
        Path home = Files.createDirectories(work.resolve("home"));
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("XDG_DATA_HOME", home.resolve(".local/share").toString());
        env.putAll(extraEnv);
        Path log = Files.createTempFile(work, "run", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            return new Result(-1, "timed out after " + timeoutS + " s:\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
