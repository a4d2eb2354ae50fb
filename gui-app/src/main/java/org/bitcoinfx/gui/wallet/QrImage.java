package org.bitcoinfx.gui.wallet;

import io.nayuki.qrcodegen.QrCode;
import javafx.scene.image.Image;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;

/** QR codes (Nayuki's qrcodegen, error correction M) as JavaFX images: black modules on white, with a quiet zone. */
public final class QrImage {
    private QrImage() {
    }

    /**
     * @param text   what to encode (e.g. a BIP21 URI; uppercase it first for a smaller code if it is an address only)
     * @param scale  pixels per module
     * @param border quiet zone, modules (4 is the standard's)
     * @return the image, (size + 2 × border) × scale pixels square
     * @throws IllegalArgumentException if the text is too long for a QR code
     */
    public static Image of(String text, int scale, int border) {
        QrCode qr;
        try {
            qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        } catch (io.nayuki.qrcodegen.DataTooLongException e) {
            throw new IllegalArgumentException("too long for a QR code: " + text.length() + " characters", e);
        }
        return render(qr, scale, border);
    }

    /** @return the modules of {@code text}'s QR code: true = dark (for tests) */
    public static boolean[][] modules(String text) {
        QrCode qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        boolean[][] m = new boolean[qr.size][qr.size];
        for (int y = 0; y < qr.size; y++) {
            for (int x = 0; x < qr.size; x++) {
                m[y][x] = qr.getModule(x, y);
            }
        }
        return m;
    }

    private static Image render(QrCode qr, int scale, int border) {
        int n = (qr.size + 2 * border) * scale;
        WritableImage img = new WritableImage(n, n);
        PixelWriter w = img.getPixelWriter();
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                int mx = x / scale - border;
                int my = y / scale - border;
                boolean dark = mx >= 0 && my >= 0 && mx < qr.size && my < qr.size && qr.getModule(mx, my);
                w.setColor(x, y, dark ? Color.BLACK : Color.WHITE);
            }
        }
        return img;
    }
}
