package org.bitcoinfx.ipc.rpc;

import java.nio.ByteBuffer;
import org.capnproto.DecodeException;

/**
 * Capability pointers, which capnproto-java 0.1.16 does not support: a pointer word of kind 3
 * ("other") with bits 2–31 zero and the cap-table index in the upper 32 bits (Cap'n Proto encoding
 * spec, "Capabilities (Interfaces)"). Generated code calls these for interface-typed fields.
 */
public final class CapPointers {
    private CapPointers() {
    }

    /**
     * Reads the capability pointer at {@code byteOffset}.
     *
     * @return the cap-table index, or -1 for a null pointer
     * @throws DecodeException if the word is neither null nor a capability pointer
     */
    public static int read(ByteBuffer segment, int byteOffset) {
        if (byteOffset < 0 || byteOffset + 8 > segment.limit()) {
            throw new DecodeException("capability pointer out of bounds");
        }
        long word = segment.getLong(byteOffset);
        if (word == 0) {
            return -1;
        }
        if ((word & 0xffffffffL) != 3) {
            throw new DecodeException("expected a capability pointer, found pointer word 0x" + Long.toHexString(word));
        }
        long index = word >>> 32;
        if (index > Integer.MAX_VALUE) {
            throw new DecodeException("capability index out of range: " + index);
        }
        return (int) index;
    }

    /** Writes a capability pointer to cap-table entry {@code index}; -1 writes a null pointer. */
    public static void write(ByteBuffer segment, int byteOffset, int index) {
        segment.putLong(byteOffset, index < 0 ? 0L : ((long) index << 32) | 3L);
    }
}
