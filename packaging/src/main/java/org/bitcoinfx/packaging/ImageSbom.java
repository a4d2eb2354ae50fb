package org.bitcoinfx.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.bitcoinfx.node.BundledNodeManifest;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;

/**
 * The CycloneDX 1.6 SBOM (JSON) of an app image, written beside {@code SHA256SUMS}: one component
 * per jar anywhere in the image (in practice {@code lib/app/}) and one for the bundled
 * {@code lib/node/bitcoin-node}, each with the SHA-256 of the file as it lies in the image, its path
 * in the image (property {@value #PATH_PROPERTY}), and for jars the Maven coordinates and purl read
 * from the jar's own {@code META-INF/maven/…/pom.properties}. The image itself is the metadata's
 * component. Built with CycloneDX's own library ({@code org.cyclonedx:cyclonedx-core-java}).
 *
 * <p>The output is reproducible: the timestamp is the build's ({@code SOURCE_DATE_EPOCH}), the
 * serial number a name-based UUID of the components' hashes, components sorted by path.
 */
public final class ImageSbom {
    /** The property naming a component's file, relative to the image root ({@code lib/app/x.jar}). */
    public static final String PATH_PROPERTY = "bitcoinfx:image-path";
    /** The property carrying the bundled node's {@code -version} first line. */
    public static final String NODE_VERSION_PROPERTY = "bitcoinfx:version-line";
    /** The CycloneDX specification version written. */
    public static final Version SPEC = Version.VERSION_16;

    private static final Pattern NODE_VERSION = Pattern.compile("\\bv(\\d+\\.\\d+(?:\\.\\d+)?(?:[-.][0-9A-Za-z.-]+)?)");

    private ImageSbom() {
    }

    /** The SBOM's file name beside SHA256SUMS: {@code bitcoinfx-experimental-<v>-linux-<arch>.cdx.json}. */
    public static String fileName(String appVersion) {
        return AppImageLayout.NAME + "-" + appVersion + "-linux-" + Packager.arch() + ".cdx.json";
    }

    /**
     * Writes the image's SBOM to {@code <out>/}{@link #fileName}.
     *
     * @param image        the app image directory ({@code <out>/bitcoinfx-experimental})
     * @param out          the directory of SHA256SUMS
     * @param epochSeconds the build's timestamp
     * @return the file written
     * @throws PackagingException if the image has no bundled node or its manifest cannot be read
     * @throws IOException        if a file cannot be read or the SBOM written
     */
    public static Path write(Path image, Path out, String appVersion, long epochSeconds) throws PackagingException, IOException {
        Bom bom = build(image, appVersion, epochSeconds);
        String json;
        try {
            json = BomGeneratorFactory.createJson(SPEC, bom).toJsonString();
        } catch (GeneratorException e) {
            throw new PackagingException("cannot write the CycloneDX SBOM: " + e.getMessage(), e);
        }
        Path file = out.resolve(fileName(appVersion));
        Files.writeString(file, json + "\n", StandardCharsets.UTF_8);
        return file;
    }

    /**
     * The SBOM of an image (see the class comment).
     *
     * @throws PackagingException if {@code lib/node/bitcoin-node} or its manifest is missing
     */
    static Bom build(Path image, String appVersion, long epochSeconds) throws PackagingException, IOException {
        List<Component> components = new ArrayList<>();
        List<Path> jars;
        try (Stream<Path> s = Files.walk(image)) {
            jars = s.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
                    .sorted((a, b) -> image.relativize(a).toString().compareTo(image.relativize(b).toString())).toList();
        }
        for (Path jar : jars) {
            components.add(jarComponent(image, jar));
        }
        components.add(nodeComponent(image));

        StringBuilder all = new StringBuilder();
        for (Component c : components) {
            all.append(c.getBomRef()).append('=').append(c.getHashes().get(0).getValue()).append('\n');
        }
        Component app = new Component();
        app.setType(Component.Type.APPLICATION);
        app.setBomRef(AppImageLayout.NAME);
        app.setName(AppImageLayout.NAME);
        app.setVersion(appVersion);
        app.setDescription(Packager.DESCRIPTION);
        Metadata metadata = new Metadata();
        metadata.setTimestamp(Date.from(Instant.ofEpochSecond(epochSeconds)));
        metadata.setComponent(app);

        Bom bom = new Bom();
        bom.setSerialNumber("urn:uuid:" + UUID.nameUUIDFromBytes(all.toString().getBytes(StandardCharsets.UTF_8)));
        bom.setVersion(1);
        bom.setMetadata(metadata);
        bom.setComponents(components);
        return bom;
    }

    private static Component jarComponent(Path image, Path jar) throws IOException {
        String path = image.relativize(jar).toString();
        String fileName = jar.getFileName().toString();
        Component c = new Component();
        c.setType(Component.Type.LIBRARY);
        c.setBomRef(path);
        Properties pom = pomProperties(jar, fileName);
        if (pom != null) {
            String g = pom.getProperty("groupId");
            String a = pom.getProperty("artifactId");
            String v = pom.getProperty("version");
            c.setGroup(g);
            c.setName(a);
            c.setVersion(v);
            String classifier = fileName.startsWith(a + "-" + v + "-") ? fileName.substring((a + "-" + v + "-").length(), fileName.length() - 4) : "";
            c.setPurl("pkg:maven/" + g + "/" + a + "@" + v + (classifier.isEmpty() ? "" : "?classifier=" + classifier));
        } else {
            c.setName(fileName.substring(0, fileName.length() - 4));
        }
        c.addHash(new Hash(Hash.Algorithm.SHA_256, BundledNodeManifest.sha256(jar)));
        c.addProperty(property(PATH_PROPERTY, path));
        return c;
    }

    /**
     * The jar's own {@code META-INF/maven/<g>/<a>/pom.properties}: the one whose artifactId and
     * version make the file name (a jar may carry those of jars shaded into it), else the only one.
     */
    private static Properties pomProperties(Path jar, String fileName) throws IOException {
        List<Properties> found = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                if (e.getName().startsWith("META-INF/maven/") && e.getName().endsWith("/pom.properties")) {
                    Properties p = new Properties();
                    try (InputStream in = zip.getInputStream(e)) {
                        p.load(in);
                    }
                    if (p.getProperty("groupId") != null && p.getProperty("artifactId") != null && p.getProperty("version") != null) {
                        found.add(p);
                    }
                }
            }
        }
        for (Properties p : found) {
            if (fileName.startsWith(p.getProperty("artifactId") + "-" + p.getProperty("version"))) {
                return p;
            }
        }
        return found.size() == 1 ? found.get(0) : null;
    }

    private static Component nodeComponent(Path image) throws PackagingException, IOException {
        Path node = AppImageLayout.node(image);
        Path manifestFile = node.resolveSibling(BundledNodeManifest.FILE_NAME);
        if (!Files.isRegularFile(node) || !Files.isRegularFile(manifestFile)) {
            throw new PackagingException("no bundled node in " + image + ": " + node + " and " + manifestFile + " must exist");
        }
        BundledNodeManifest m = BundledNodeManifest.read(manifestFile);
        Component c = new Component();
        c.setType(Component.Type.APPLICATION);
        String path = image.relativize(node).toString();
        c.setBomRef(path);
        c.setName("bitcoin-node");
        Matcher v = NODE_VERSION.matcher(m.versionLine());
        c.setVersion(v.find() ? v.group(1) : m.versionLine());
        c.setDescription("Bitcoin Core's multiprocess node, supplied by the builder (" + m.source() + "), not built by this project");
        // the file as it lies in the image, not the manifest's word for it
        c.addHash(new Hash(Hash.Algorithm.SHA_256, BundledNodeManifest.sha256(node)));
        c.addProperty(property(PATH_PROPERTY, path));
        c.addProperty(property(NODE_VERSION_PROPERTY, m.versionLine()));
        return c;
    }

    private static Property property(String name, String value) {
        Property p = new Property();
        p.setName(name);
        p.setValue(value);
        return p;
    }
}
