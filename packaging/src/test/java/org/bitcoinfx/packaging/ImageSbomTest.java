package org.bitcoinfx.packaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.bitcoinfx.node.BundledNodeManifest;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ImageSbom} on a small image made here (no jlink): components, coordinates from the jar's own
 * pom.properties (also when other jars were shaded into it), hashes of the files as they lie in the
 * image, the node from its manifest, valid CycloneDX, the same bytes twice, a clear error without a node.
 * {@code PackagerIT} checks it on the real image.
 */
class ImageSbomTest {
    private static final long EPOCH = 1795305600L;

    @TempDir
    Path tmp;

    @Test
    void listsEveryJarAndTheNodeWithHashesAndIsReproducible() throws Exception {
        Path image = tmp.resolve("bitcoinfx-experimental");
        Path app = Files.createDirectories(AppImageLayout.appDir(image));
        jar(app.resolve("foo-1.2.jar"), Map.of("META-INF/maven/org.example/foo/pom.properties", pom("org.example", "foo", "1.2")));
        // a jar with another's pom.properties shaded in: its own is the one whose name makes the file name
        jar(app.resolve("javafx-graphics-21.0.5-linux.jar"), Map.of(
                "META-INF/maven/org.example/shaded/pom.properties", pom("org.example", "shaded", "9"),
                "META-INF/maven/org.openjfx/javafx-graphics/pom.properties", pom("org.openjfx", "javafx-graphics", "21.0.5")));
        jar(app.resolve("plain.jar"), Map.of("a.txt", "no maven metadata"));
        Path runtimeJar = Files.createDirectories(AppImageLayout.runtimeDir(image).resolve("lib")).resolve("jrt-fs.jar");
        jar(runtimeJar, Map.of("x", "y"));
        Path node = AppImageLayout.node(image);
        Files.createDirectories(node.getParent());
        Files.writeString(node, "#!/bin/sh\necho node\n");
        new BundledNodeManifest("Bitcoin Core daemon version v31.99.0-58a7869f86", BundledNodeManifest.sha256(node),
                BundledNodeManifest.SOURCE_BINARY, BundledNodeManifest.sha256(node)).writeTo(node.getParent());

        Path out1 = Files.createDirectories(tmp.resolve("out1"));
        Path out2 = Files.createDirectories(tmp.resolve("out2"));
        Path f1 = ImageSbom.write(image, out1, "0.1.0", EPOCH);
        Path f2 = ImageSbom.write(image, out2, "0.1.0", EPOCH);
        assertEquals(ImageSbom.fileName("0.1.0"), f1.getFileName().toString());
        assertTrue(f1.getFileName().toString().endsWith(".cdx.json"));
        assertArrayEquals(Files.readAllBytes(f1), Files.readAllBytes(f2), "same image, same SBOM bytes");

        byte[] json = Files.readAllBytes(f1);
        JsonParser parser = new JsonParser();
        assertEquals(List.of(), parser.validate(json, ImageSbom.SPEC));
        Bom bom = parser.parse(json);
        Map<String, Component> byPath = new TreeMap<>();
        for (Component c : bom.getComponents()) {
            byPath.put(c.getBomRef(), c);
        }
        assertEquals(List.of("lib/app/foo-1.2.jar", "lib/app/javafx-graphics-21.0.5-linux.jar", "lib/app/plain.jar",
                "lib/node/bitcoin-node", "lib/runtime/lib/jrt-fs.jar"), List.copyOf(byPath.keySet()));
        for (Map.Entry<String, Component> e : byPath.entrySet()) {
            Component c = e.getValue();
            assertEquals(BundledNodeManifest.sha256(image.resolve(e.getKey())), c.getHashes().get(0).getValue(), e.getKey());
            assertEquals(e.getKey(), c.getProperties().stream().filter(p -> p.getName().equals(ImageSbom.PATH_PROPERTY))
                    .findFirst().orElseThrow().getValue());
        }
        assertEquals("pkg:maven/org.example/foo@1.2", byPath.get("lib/app/foo-1.2.jar").getPurl());
        Component fx = byPath.get("lib/app/javafx-graphics-21.0.5-linux.jar");
        assertEquals("javafx-graphics", fx.getName());
        assertEquals("pkg:maven/org.openjfx/javafx-graphics@21.0.5?classifier=linux", fx.getPurl());
        assertEquals("plain", byPath.get("lib/app/plain.jar").getName());
        Component n = byPath.get("lib/node/bitcoin-node");
        assertEquals("bitcoin-node", n.getName());
        assertEquals("31.99.0-58a7869f86", n.getVersion());
        assertEquals(Component.Type.APPLICATION, n.getType());
        assertEquals(EPOCH * 1000, bom.getMetadata().getTimestamp().getTime());
        assertEquals("0.1.0", bom.getMetadata().getComponent().getVersion());
        assertTrue(bom.getSerialNumber().matches("urn:uuid:[0-9a-f-]{36}"), bom.getSerialNumber());
    }

    @Test
    void anImageWithoutItsNodeIsRefused() throws IOException {
        Path image = tmp.resolve("bitcoinfx-experimental");
        jar(Files.createDirectories(AppImageLayout.appDir(image)).resolve("foo-1.2.jar"), Map.of("a", "b"));
        PackagingException e = assertThrows(PackagingException.class, () -> ImageSbom.write(image, tmp, "0.1.0", EPOCH));
        assertTrue(e.getMessage().contains("no bundled node"), e.getMessage());
    }

    private static String pom(String g, String a, String v) {
        return "groupId=" + g + "\nartifactId=" + a + "\nversion=" + v + "\n";
    }

    private static void jar(Path file, Map<String, String> entries) throws IOException {
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, String> e : new TreeMap<>(entries).entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
    }
}
