package org.bitcoinfx.ipc.rpc;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.capnproto.Data;
import org.capnproto.Text;

/**
 * The bytes of a {@code Text} or {@code Data} field where the message that carried it holds them,
 * not copied: a window on the segment array {@link org.bitcoinfx.ipc.rpc.transport.Frames#read}
 * filled from the socket (or, for a local call, the results the server built). Those arrays are
 * never reused or written to once the message is read (a server's results once it answered), so a
 * blob stays valid, and unchanged, as long as it is reachable (it keeps the whole segment alive).
 * Capnproto-java's own {@code Text.Reader.toString()} copies twice (an array, then the String) and
 * {@code Data.Reader.toArray()} once; a {@code Blob} lets the one copy that is needed be the last:
 * {@link #utf8()} builds the String from the segment, a JSON parser reads {@link #array()} between
 * {@link #offset()} and {@link #offset()} + {@link #length()} in place.
 *
 * @param array  the segment's backing array (never write to it)
 * @param offset where the field's bytes start in {@code array}
 * @param length how many bytes the field has (a Text's NUL terminator excluded)
 */
public record Blob(byte[] array, int offset, int length) {
    /** @throws IndexOutOfBoundsException if the window is not inside {@code array} */
    public Blob {
        java.util.Objects.checkFromIndexSize(offset, length, array.length);
    }

    /** The bytes of a Text field (without its NUL terminator); copies only if its buffer is not an array's. */
    public static Blob of(Text.Reader t) {
        return of(t.buffer, t.offset, t.size);
    }

    /** The bytes of a Data field; copies only if its buffer is not an array's. */
    public static Blob of(Data.Reader d) {
        return of(d.buffer, d.offset, d.size);
    }

    private static Blob of(ByteBuffer buffer, int offset, int size) {
        if (buffer.hasArray() && !buffer.isReadOnly()) {
            return new Blob(buffer.array(), buffer.arrayOffset() + offset, size);
        }
        byte[] copy = new byte[size];
        buffer.duplicate().position(offset).get(copy, 0, size);
        return new Blob(copy, 0, size);
    }

    /** @return the bytes decoded as UTF-8 (one copy, the String's own; malformed input becomes U+FFFD) */
    public String utf8() {
        return new String(array, offset, length, StandardCharsets.UTF_8);
    }

    /** @return a copy of the bytes */
    public byte[] toArray() {
        return Arrays.copyOfRange(array, offset, offset + length);
    }

    /** @return a stream over the bytes, in place */
    public InputStream stream() {
        return new ByteArrayInputStream(array, offset, length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Blob b && Arrays.equals(array, offset, offset + length, b.array, b.offset, b.offset + b.length);
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = offset; i < offset + length; i++) {
            h = 31 * h + array[i];
        }
        return h;
    }

    @Override
    public String toString() {
        return "Blob[" + length + " bytes]";
    }
}
