package org.bitcoinfx.ipc.primitives;

import java.nio.charset.StandardCharsets;

/**
 * RFC 3986 percent-encoding: the wallet name in a JSON-RPC URI ({@code /wallet/<name>}, as
 * Bitcoin Core's {@code httprpc.cpp} decodes it) and the values of a BIP21 {@code bitcoin:} URI.
 */
public final class PercentEncoding {
    private PercentEncoding() {
    }

    /**
     * @return {@code s} as UTF-8 with every byte but the RFC 3986 unreserved characters
     *     ({@code A-Z a-z 0-9 - . _ ~}) written as {@code %XX} (upper-case hex)
     */
    public static String encode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (x & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
                b.append(c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit((x >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(x & 0xf, 16)));
            }
        }
        return b.toString();
    }
}
