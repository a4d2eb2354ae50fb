package org.bitcoinfx.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.bitcoinfx.node.BundledNodeManifest;
import org.bitcoinfx.node.NodeLocator;

/**
 * The Linux app image {@link Packager} makes ({@code jpackage --type app-image} plus the bundled node
 * and desktop files), and a check of it. Paths are relative to the image root:
 * <pre>
 * bin/bitcoinfx-experimental                 the launcher (jpackage.app-path)
 * lib/app/*.jar, lib/app/bitcoinfx-experimental.cfg
 * lib/runtime/                               the jlink runtime, JavaFX's modules and native libraries included
 * lib/node/bitcoin-node                      the bundled node, mode 0755 (NodeLocator.BUNDLED_NODE_PATH)
 * lib/node/bitcoin-node.json, .sha256        its BundledNodeManifest
 * lib/node/COPYING                           Bitcoin Core's license (MIT), shipped with the binary
 * lib/desktop-integration.sh                 installs/removes the files below into /usr/share (deb/rpm scripts)
 * lib/cds-archive.sh, lib/app/bitcoinfx.classlist   makes/removes lib/app/bitcoinfx.jsa, the startup archive (deb/rpm scripts)
 * lib/share/applications/org.bitcoinfx.experimental.desktop
 * lib/share/metainfo/org.bitcoinfx.experimental.metainfo.xml
 * lib/share/icons/hicolor/NxN/apps/org.bitcoinfx.experimental.png, scalable/apps/….svg
 * </pre>
 * Everything of ours is under {@code lib/}: jpackage makes a .deb or .rpm from an app image's
 * {@code bin/} and {@code lib/} only.
 */
public final class AppImageLayout {
    /** Package, launcher and image directory name. */
    public static final String NAME = "bitcoinfx-experimental";
    /** Desktop entry id and AppStream component id. */
    public static final String APP_ID = "org.bitcoinfx.experimental";
    /** The URI scheme the desktop entry registers the app for (BIP21 {@code bitcoin:} links). */
    public static final String BITCOIN_SCHEME = "x-scheme-handler/bitcoin";
    /** Icon sizes installed into the hicolor theme, in pixels: every size its index.theme lists (with the SVG for the rest). */
    public static final List<Integer> HICOLOR_SIZES = List.of(16, 22, 24, 32, 36, 48, 64, 72, 96, 128, 192, 256, 512);
    /** JDK and JavaFX modules the runtime must hold (see {@link Packager#RUNTIME_MODULES}). */
    static final List<String> REQUIRED_MODULES = List.of("java.base", "java.desktop", "javafx.controls", "javafx.swing", "jdk.security.auth");
    /** Modules the runtime must not hold: the app makes no network connection of its own. */
    static final List<String> FORBIDDEN_MODULES = List.of("java.net.http", "jdk.httpserver", "jdk.crypto.ec", "java.rmi");

    private AppImageLayout() {
    }

    /** @return the launcher, {@code bin/bitcoinfx-experimental} */
    public static Path launcher(Path image) {
        return image.resolve("bin").resolve(NAME);
    }

    /** @return {@code lib/app} */
    public static Path appDir(Path image) {
        return image.resolve("lib").resolve("app");
    }

    /** @return {@code lib/runtime} */
    public static Path runtimeDir(Path image) {
        return image.resolve("lib").resolve("runtime");
    }

    /** @return the bundled node, {@code <image>/}{@value NodeLocator#BUNDLED_NODE_PATH} */
    public static Path node(Path image) {
        return image.resolve(NodeLocator.BUNDLED_NODE_PATH);
    }

    /** @return {@code lib/share/applications/org.bitcoinfx.experimental.desktop} */
    public static Path desktopFile(Path image) {
        return image.resolve("lib/share/applications/" + APP_ID + ".desktop");
    }

    /** @return {@code lib/share/metainfo/org.bitcoinfx.experimental.metainfo.xml} */
    public static Path metainfoFile(Path image) {
        return image.resolve("lib/share/metainfo/" + APP_ID + ".metainfo.xml");
    }

    /** @return {@code lib/share/icons/hicolor/NxN/apps/org.bitcoinfx.experimental.png} */
    public static Path hicolorIcon(Path image, int size) {
        return image.resolve("lib/share/icons/hicolor/" + size + "x" + size + "/apps/" + APP_ID + ".png");
    }

    /**
     * Checks an image: launcher and node executable, main jar and .cfg present, runtime with the
     * required and without the forbidden modules and with JavaFX's native libraries, node manifest
     * matching the node's bytes, desktop entry, AppStream metadata and icons, nothing group- or
     * world-writable.
     *
     * @param mainJar the gui-app jar's file name
     * @return one line per problem; empty if the image is good
     * @throws IOException if the image cannot be read
     */
    public static List<String> check(Path image, String mainJar) throws IOException {
        List<String> problems = new ArrayList<>();
        requireExecutable(problems, launcher(image));
        requireExecutable(problems, image.resolve("lib/desktop-integration.sh"));
        requireExecutable(problems, image.resolve(StartupArchive.SCRIPT));
        requireFile(problems, appDir(image).resolve(StartupArchive.CLASS_LIST));
        requireFile(problems, appDir(image).resolve(mainJar));
        Path cfg = appDir(image).resolve(NAME + ".cfg");
        if (requireFile(problems, cfg)) {
            String text = Files.readString(cfg, StandardCharsets.UTF_8);
            if (!text.contains("app.mainclass=" + Packager.MAIN_CLASS)) {
                problems.add(cfg + ": main class is not " + Packager.MAIN_CLASS);
            }
        }
        Path release = runtimeDir(image).resolve("release");
        if (requireFile(problems, release)) {
            Set<String> modules = runtimeModules(release);
            for (String m : REQUIRED_MODULES) {
                if (!modules.contains(m)) {
                    problems.add("runtime lacks module " + m);
                }
            }
            for (String m : FORBIDDEN_MODULES) {
                if (modules.contains(m)) {
                    problems.add("runtime holds module " + m + ", which the app must not need");
                }
            }
        }
        requireFile(problems, runtimeDir(image).resolve("lib/modules"));
        requireFile(problems, runtimeDir(image).resolve("lib/libglass.so"));
        try (Stream<Path> s = Files.list(appDir(image))) {
            s.filter(p -> p.getFileName().toString().startsWith("javafx-"))
                    .forEach(p -> problems.add(p + ": JavaFX belongs in the runtime, not on the class path"));
        }

        Path node = node(image);
        if (requireExecutable(problems, node)) {
            Path manifest = node.resolveSibling(BundledNodeManifest.FILE_NAME);
            if (requireFile(problems, manifest)) {
                try {
                    BundledNodeManifest m = BundledNodeManifest.read(manifest);
                    String actual = BundledNodeManifest.sha256(node);
                    if (!actual.equals(m.sha256())) {
                        problems.add(manifest + " records SHA-256 " + m.sha256() + " but the node's is " + actual);
                    }
                } catch (IOException e) {
                    problems.add(manifest + ": " + e.getMessage());
                }
            }
            requireFile(problems, node.resolveSibling(BundledNodeManifest.SHA256_FILE_NAME));
            requireFile(problems, node.resolveSibling("COPYING"));
        }

        Path desktop = desktopFile(image);
        if (requireFile(problems, desktop)) {
            String text = Files.readString(desktop, StandardCharsets.UTF_8);
            for (String key : List.of("[Desktop Entry]", "Type=Application", "Exec=", "Icon=" + APP_ID, "Name=",
                    // bitcoin: links open the app, which gets the link as its argument
                    "MimeType=" + BITCOIN_SCHEME + ";", " %u\n")) {
                if (!text.contains(key)) {
                    problems.add(desktop + " has no " + key);
                }
            }
        }
        Path metainfo = metainfoFile(image);
        if (requireFile(problems, metainfo)) {
            String text = Files.readString(metainfo, StandardCharsets.UTF_8);
            if (!text.contains("<id>" + APP_ID + "</id>") || !text.contains(APP_ID + ".desktop")) {
                problems.add(metainfo + " does not name " + APP_ID + " and its desktop entry");
            }
        }
        for (int size : HICOLOR_SIZES) {
            requireFile(problems, hicolorIcon(image, size));
        }
        requireFile(problems, image.resolve("lib/share/icons/hicolor/scalable/apps/" + APP_ID + ".svg"));

        try (Stream<Path> s = Files.walk(image)) {
            s.filter(p -> !Files.isSymbolicLink(p)).forEach(p -> {
                try {
                    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                    if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                        problems.add(p + " is group- or world-writable");
                    }
                } catch (IOException e) {
                    problems.add(p + ": cannot read permissions: " + e.getMessage());
                }
            });
        }
        return problems;
    }

    /** The module names in a runtime's {@code release} file ({@code MODULES="java.base …"}). */
    static Set<String> runtimeModules(Path release) throws IOException {
        for (String line : Files.readAllLines(release, StandardCharsets.UTF_8)) {
            if (line.startsWith("MODULES=")) {
                String v = line.substring("MODULES=".length()).replace("\"", "").strip();
                return Set.copyOf(Arrays.asList(v.split("\\s+")));
            }
        }
        return Set.of();
    }

    private static boolean requireFile(List<String> problems, Path p) {
        if (!Files.isRegularFile(p)) {
            problems.add("missing " + p);
            return false;
        }
        return true;
    }

    private static boolean requireExecutable(List<String> problems, Path p) {
        if (!requireFile(problems, p)) {
            return false;
        }
        if (!Files.isExecutable(p)) {
            problems.add(p + " is not executable");
            return false;
        }
        return true;
    }
}
