package org.bitcoinfx.gui.wallet;

import java.util.Arrays;

/**
 * A wallet passphrase held as a {@code char[]} that {@link #close()} overwrites with zeros. Its
 * {@link #toString()} never shows the characters, so it cannot reach a log line by accident.
 * The chars go to the node only as a JSON-RPC parameter: the RPC client writes a {@code char[]}
 * param into the request bytes char by char, never as a String, zeroes those bytes after the call,
 * and sends the call with the node's ipc trace logging off ({@link org.bitcoinfx.ipc.RpcClient#callSecret});
 * the request text is not logged, not in {@link org.bitcoinfx.ipc.IpcEvent}s and so not in the
 * IPC inspector or the feedback zip.
 */
public final class Passphrase implements AutoCloseable {
    private final char[] chars;
    private boolean cleared;

    /** Takes {@code chars} (not copied: the caller's array is cleared by {@link #close()}). */
    public Passphrase(char[] chars) {
        this.chars = chars == null ? new char[0] : chars;
    }

    /** @return an empty passphrase (no encryption) */
    public static Passphrase none() {
        return new Passphrase(new char[0]);
    }

    /** @return true if there are no characters */
    public boolean isEmpty() {
        return chars.length == 0;
    }

    /**
     * @return the characters themselves (for the RPC parameter only)
     * @throws IllegalStateException after {@link #close()}
     */
    public char[] chars() {
        if (cleared) {
            throw new IllegalStateException("passphrase already cleared");
        }
        return chars;
    }

    /** @return true if {@code other} holds the same characters (constant time in the length) */
    public boolean sameAs(Passphrase other) {
        return MessageDigestEquals.equal(chars, other.chars);
    }

    /** Overwrites the characters with zeros. */
    @Override
    public void close() {
        Arrays.fill(chars, '\0');
        cleared = true;
    }

    /** @return {@code Passphrase[***]}: never the characters */
    @Override
    public String toString() {
        return "Passphrase[***]";
    }

    /** Constant-time comparison of char arrays. */
    private static final class MessageDigestEquals {
        static boolean equal(char[] a, char[] b) {
            int diff = a.length ^ b.length;
            for (int i = 0; i < Math.max(a.length, b.length); i++) {
                char x = i < a.length ? a[i] : 0;
                char y = i < b.length ? b[i] : 0;
                diff |= x ^ y;
            }
            return diff == 0;
        }
    }
}
