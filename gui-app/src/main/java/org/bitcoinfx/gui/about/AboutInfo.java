package org.bitcoinfx.gui.about;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.bitcoinfx.gui.BitcoinFxApp;
import org.bitcoinfx.node.BundledNodeManifest;
import org.bitcoinfx.node.NodeLocator;

/**
 * What the About dialog shows. {@link #collect} reads files and hashes the bundled node (about
 * 30 MB): call it off the JavaFX Application Thread.
 *
 * @param appVersion   the app's version ({@code jpackage.app-version} when packaged, else the jar's
 *                     Implementation-Version, else "development build")
 * @param runtime      Java and JavaFX versions, e.g. {@code Java 17.0.21, JavaFX 21.0.5}
 * @param bundledNode  the packaged node and how its bytes compare with what the packager recorded
 * @param dataDir      the node's data directory from the settings
 * @param settingsFile the settings file
 */
public record AboutInfo(String appVersion, String runtime, BundledNode bundledNode, Path dataDir, Path settingsFile) {

    /** How the bundled node checks out. */
    public enum Status {
        /** Not running from an app image ({@code jpackage.app-path} unset): no bundled node. */
        NOT_PACKAGED,
        /** Packaged, but {@code lib/node/bitcoin-node} or its manifest is missing. */
        MISSING,
        /** The node's SHA-256 equals the one recorded at build time. */
        MATCHES,
        /** The node's SHA-256 differs from the one recorded at build time: changed after packaging. */
        DIFFERS,
        /** The manifest or the node cannot be read; {@link BundledNode#detail()} says why. */
        UNREADABLE
    }

    /**
     * @param status       how it checks out
     * @param path         where the app image keeps it ({@code <image>/lib/node/bitcoin-node}), or null if not packaged
     * @param manifest     what the packager recorded, or null if missing or unreadable
     * @param actualSha256 the SHA-256 of the node's bytes now, or null if it could not be read
     * @param detail       for MISSING and UNREADABLE: what is missing or the error; else empty
     */
    public record BundledNode(Status status, Path path, BundledNodeManifest manifest, String actualSha256, String detail) {
    }

    /**
     * Gathers the About information (blocking file I/O).
     *
     * @param appPath      {@code jpackage.app-path}, or null when not packaged
     * @param dataDir      the data directory setting (may be null)
     * @param settingsFile the settings file
     */
    public static AboutInfo collect(String appPath, Path dataDir, Path settingsFile) {
        String version = System.getProperty("jpackage.app-version");
        if (version == null || version.isBlank()) {
            version = BitcoinFxApp.class.getPackage().getImplementationVersion();
        }
        if (version == null || version.isBlank()) {
            version = "development build";
        }
        String runtime = "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name", "?") + "), JavaFX "
                + System.getProperty("javafx.runtime.version", System.getProperty("javafx.version", "?"));
        return new AboutInfo(version, runtime, bundledNode(appPath), dataDir, settingsFile);
    }

    /** Checks the bundled node of the app image whose launcher is {@code appPath} (blocking file I/O). */
    static BundledNode bundledNode(String appPath) {
        Optional<Path> node = NodeLocator.bundledNode(appPath);
        if (node.isEmpty()) {
            return new BundledNode(Status.NOT_PACKAGED, null, null, null, "");
        }
        Path path = node.get();
        Path manifestFile = path.resolveSibling(BundledNodeManifest.FILE_NAME);
        if (!Files.exists(path)) {
            return new BundledNode(Status.MISSING, path, null, null, path + " does not exist");
        }
        if (!Files.exists(manifestFile)) {
            return new BundledNode(Status.MISSING, path, null, null, manifestFile + " does not exist");
        }
        BundledNodeManifest manifest;
        try {
            manifest = BundledNodeManifest.read(manifestFile);
        } catch (IOException e) {
            return new BundledNode(Status.UNREADABLE, path, null, null, "cannot read " + manifestFile + ": " + e.getMessage());
        }
        String actual;
        try {
            actual = BundledNodeManifest.sha256(path);
        } catch (IOException e) {
            return new BundledNode(Status.UNREADABLE, path, manifest, null, "cannot read " + path + ": " + e.getMessage());
        }
        return new BundledNode(actual.equals(manifest.sha256()) ? Status.MATCHES : Status.DIFFERS, path, manifest, actual, "");
    }
}
