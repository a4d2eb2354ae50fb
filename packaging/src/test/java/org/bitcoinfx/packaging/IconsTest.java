package org.bitcoinfx.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.bitcoinfx.node.BundledNodeManifest;
import org.junit.jupiter.api.Test;

/** The committed renders of icons/bitcoinfx.svg are there, the right size, and from the current master. */
class IconsTest {
    private static final Path ICONS = Path.of(System.getProperty("packaging.icons", "../icons"));

    @Test
    void rendersAreFromTheCurrentMaster() throws Exception {
        String recorded = Files.readString(ICONS.resolve("bitcoinfx.svg.sha256")).split("\\s+")[0];
        assertEquals(recorded, BundledNodeManifest.sha256(ICONS.resolve("bitcoinfx.svg")),
                "icons/bitcoinfx.svg changed since it was rendered: run icons/render.sh and commit its outputs");
    }

    @Test
    void everyPngSizeIsThereAndSquare() throws Exception {
        for (int n : List.of(16, 22, 24, 32, 36, 48, 64, 72, 96, 128, 192, 256, 512, 1024)) {
            BufferedImage img = ImageIO.read(ICONS.resolve("png/bitcoinfx-" + n + ".png").toFile());
            assertEquals(n, img.getWidth(), "width of bitcoinfx-" + n + ".png");
            assertEquals(n, img.getHeight(), "height of bitcoinfx-" + n + ".png");
            assertTrue(img.getColorModel().hasAlpha(), "bitcoinfx-" + n + ".png has transparent corners");
        }
    }

    @Test
    void icoAndIcnsCarryTheirMagic() throws Exception {
        byte[] ico = Files.readAllBytes(ICONS.resolve("bitcoinfx.ico"));
        assertEquals(0, ico[0]);
        assertEquals(0, ico[1]);
        assertEquals(1, ico[2]);
        assertEquals(7, ico[4] & 0xff, "7 sizes in the .ico");
        byte[] icns = Files.readAllBytes(ICONS.resolve("bitcoinfx.icns"));
        assertEquals("icns", new String(icns, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(icns.length, java.nio.ByteBuffer.wrap(icns, 4, 4).getInt(), "icns length field");
    }
}
