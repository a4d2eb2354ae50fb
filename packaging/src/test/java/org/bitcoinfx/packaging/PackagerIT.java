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
        image = Packager.build(options("work", "out"));
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
    @Order(8)
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
    @Order(9)
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
