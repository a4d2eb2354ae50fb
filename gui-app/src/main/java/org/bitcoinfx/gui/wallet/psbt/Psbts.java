package org.bitcoinfx.gui.wallet.psbt;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Checks a PSBT before any call, as BIP174 defines its outer form: the serialisation starts with the
 * magic {@code 0x70 0x73 0x62 0x74 0xff} ("psbt" and a separator); as text it is base64 of that
 * ({@code DecodeBase64PSBT} in Bitcoin Core {@code src/psbt.cpp}, which the RPCs take). What is inside
 * (maps, keys) is the node's to judge: {@code decodepsbt} refuses in its own words.
 */
public final class Psbts {
    /** BIP174's magic bytes, {@code PSBT_MAGIC_BYTES} in {@code src/psbt.h}. */
    static final byte[] MAGIC = {0x70, 0x73, 0x62, 0x74, (byte) 0xff};
    /** The biggest PSBT file read: 100 MB (a PSBT of many inputs with full previous transactions stays far below). */
    public static final long MAX_FILE_BYTES = 100L * 1024 * 1024;

    private Psbts() {
    }

    /**
     * Checks pasted text.
     *
     * @param text base64, white space (line breaks of a wrapped paste) ignored
     * @return the base64 text without white space, to hand to the node
     * @throws IllegalArgumentException with a message for the user: empty, not base64, or not a PSBT (no magic)
     */
    public static String checkBase64(String text) {
        String t = text == null ? "" : text.replaceAll("\\s+", "");
        if (t.isEmpty()) {
            throw new IllegalArgumentException("Paste a PSBT (base64, starting \"cHNidP8\").");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("This is not a PSBT: it is not valid base64 (" + e.getMessage() + ").");
        }
        if (!hasMagic(raw)) {
            throw new IllegalArgumentException("This is not a PSBT: its bytes do not start with the PSBT magic \"psbt\\xff\" "
                    + "(a PSBT in base64 starts \"cHNidP8\").");
        }
        return t;
    }

    /**
     * Reads a PSBT file: binary (as Bitcoin Core's GUI and {@code bitcoin-util} write {@code .psbt} files) or base64 text.
     *
     * @param bytes the file's content
     * @return the PSBT in base64
     * @throws IllegalArgumentException with a message for the user when it is neither
     */
    public static String fromFile(byte[] bytes) {
        if (hasMagic(bytes)) {
            if (bytes.length == MAGIC.length) {
                throw new IllegalArgumentException("This file holds only the PSBT magic, no transaction.");
            }
            return Base64.getEncoder().encodeToString(bytes);
        }
        String text = new String(bytes, StandardCharsets.US_ASCII);
        try {
            return checkBase64(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("This file is not a PSBT: neither a binary PSBT (starting with the magic \"psbt\\xff\") "
                    + "nor a base64 one.");
        }
    }

    /**
     * The binary form of a checked PSBT, for a {@code .psbt} file.
     *
     * @param base64 a PSBT that passed {@link #checkBase64}
     * @return its bytes
     */
    public static byte[] toFile(String base64) {
        return Base64.getDecoder().decode(checkBase64(base64));
    }

    private static boolean hasMagic(byte[] raw) {
        return raw.length >= MAGIC.length && Arrays.equals(Arrays.copyOf(raw, MAGIC.length), MAGIC);
    }
}
