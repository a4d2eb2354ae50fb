package org.bitcoinfx.gui.wallet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * A BIP21 payment URI read: {@code bitcoin:<address>[?amount=<BTC>][&label=…][&message=…]} (BIP 21; Bitcoin
 * Core's GUI reads them in {@code src/qt/guiutil.cpp} {@code parseBitcoinURI}). The scheme is case-insensitive;
 * parameters are percent-decoded as UTF-8; {@code amount} is a plain BTC decimal; unknown parameters are
 * ignored, but an unknown {@code req-} parameter makes the URI unusable, as BIP21 requires. The address is not
 * checked here (the node's {@code validateaddress} does that in the Send form).
 *
 * @param address   the address, as given
 * @param amountSat the amount, sat; -1 when the URI names none
 * @param label     the {@code label} parameter, or ""
 * @param message   the {@code message} parameter, or ""
 */
public record PaymentUri(String address, long amountSat, String label, String message) {
    /** The longest URI taken, characters (a BIP21 URI of a P2TR address with a long message stays far under it). */
    public static final int MAX_LENGTH = 2048;

    /**
     * @param uri what the user clicked or pasted
     * @return the URI's parts
     * @throws IllegalArgumentException with a sentence that says what is wrong: not a {@code bitcoin:} URI, too
     *         long, no address, a malformed or repeated parameter, a bad amount (negative, exponent, over 8 decimals,
     *         over 21,000,000 BTC), bad percent-encoding, or a {@code req-} parameter this app does not know
     */
    public static PaymentUri parse(String uri) {
        String u = uri == null ? "" : uri.strip();
        if (u.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("The payment link is " + u.length() + " characters long; at most " + MAX_LENGTH + " are taken.");
        }
        if (!u.regionMatches(true, 0, "bitcoin:", 0, 8)) {
            throw new IllegalArgumentException("Not a bitcoin: payment link (it must start with \"bitcoin:\").");
        }
        String rest = u.substring(8);
        if (rest.startsWith("//")) {
            rest = rest.substring(2); // bitcoin://address, which some wallets write
        }
        int q = rest.indexOf('?');
        String address = q < 0 ? rest : rest.substring(0, q);
        if (address.isEmpty()) {
            throw new IllegalArgumentException("The payment link names no address.");
        }
        if (!address.matches("[A-Za-z0-9]+")) {
            throw new IllegalArgumentException("The payment link's address \"" + address + "\" has characters no Bitcoin address has.");
        }
        long amount = -1;
        String label = "";
        String message = "";
        Set<String> seen = new HashSet<>();
        if (q >= 0 && q + 1 < rest.length()) {
            for (String pair : rest.substring(q + 1).split("&", -1)) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("The payment link has a parameter without a value: \"" + pair + "\".");
                }
                String key = pair.substring(0, eq).toLowerCase(Locale.ROOT);
                String value = decode(pair.substring(eq + 1));
                if (!seen.add(key)) {
                    throw new IllegalArgumentException("The payment link gives \"" + key + "\" twice.");
                }
                switch (key) {
                    case "amount" -> {
                        if (value.contains(",")) {
                            throw new IllegalArgumentException("The payment link's amount \"" + value
                                    + "\" cannot be used: BIP21 amounts use a decimal point, not a comma.");
                        }
                        try {
                            amount = Amounts.parse(value, Amounts.Unit.BTC);
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException("The payment link's amount \"" + value + "\" cannot be used: " + e.getMessage());
                        }
                    }
                    case "label" -> label = value;
                    case "message" -> message = value;
                    default -> {
                        if (key.startsWith("req-")) {
                            throw new IllegalArgumentException("The payment link requires \"" + key.substring(4)
                                    + "\", which Bitcoin FX does not understand, so it cannot pay it safely (BIP21 req- parameter).");
                        }
                        // other parameters (lightning, pj, …) are optional and ignored
                    }
                }
            }
        }
        return new PaymentUri(address, amount, label, message);
    }

    /** Percent-decoding as UTF-8 ('+' stays '+': BIP21 follows RFC 3986, not HTML forms). */
    private static String decode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new IllegalArgumentException("The payment link has a broken %-escape: \"" + s + "\".");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("The payment link has a broken %-escape: \"" + s + "\".");
                }
                out.write(hi * 16 + lo);
                i += 3;
            } else {
                byte[] b = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                i += Character.charCount(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("The payment link's text is not valid UTF-8 once decoded: \"" + s + "\".");
        }
    }
}
