package org.bitcoinfx.gui.wallet;

import java.nio.charset.StandardCharsets;

/**
 * BIP21 payment URIs: {@code bitcoin:<address>?amount=<BTC>&label=<…>&message=<…>}, the
 * parameters percent-encoded as RFC 3986 asks (space as {@code %20}).
 */
public final class Bip21 {
    private Bip21() {
    }

    /**
     * @param address   the receiving address (not encoded: addresses are plain ASCII)
     * @param amountSat the amount, sat, or a negative number for none
     * @param label     the label, or empty
     * @param message   the message, or empty
     * @return the URI
     */
    public static String uri(String address, long amountSat, String label, String message) {
        StringBuilder sb = new StringBuilder("bitcoin:").append(address);
        char sep = '?';
        if (amountSat >= 0) {
            sb.append(sep).append("amount=").append(Amounts.plainBtc(amountSat));
            sep = '&';
        }
        if (label != null && !label.isBlank()) {
            sb.append(sep).append("label=").append(encode(label.strip()));
            sep = '&';
        }
        if (message != null && !message.isBlank()) {
            sb.append(sep).append("message=").append(encode(message.strip()));
        }
        return sb.toString();
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters, as UTF-8. */
    static String encode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (x & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
                b.append(c);
            } else {
                b.append('%').append(String.format("%02X", x & 0xff));
            }
        }
        return b.toString();
    }
}
