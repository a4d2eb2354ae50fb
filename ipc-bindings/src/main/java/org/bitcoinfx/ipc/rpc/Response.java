package org.bitcoinfx.ipc.rpc;

import java.util.List;
import org.bitcoinfx.ipc.rpc.schema.CapnpRpc;
import org.capnproto.FromPointerReader;

/**
 * The results of a call: the results struct and the capabilities its cap table names. The
 * response owns one reference to each; {@link #cap(int)} hands out new ones, and {@link #close()}
 * drops the response's own.
 *
 * @param <R> the generated {@code …Results.Reader} type
 */
public final class Response<R> implements AutoCloseable {
    private final R results;
    final CapnpRpc.Payload.Reader payload;
    private final List<Capability> caps;
    private final int bytes;

    Response(CapnpRpc.Payload.Reader payload, FromPointerReader<R> factory, List<Capability> caps, int bytes) {
        this.payload = payload;
        this.results = payload.getContent().getAs(factory);
        this.caps = caps;
        this.bytes = bytes;
    }

    /** @return the results struct */
    public R results() {
        return results;
    }

    /**
     * A new reference to cap-table entry {@code index} (as a generated {@code get…CapIndex()}
     * returns it).
     *
     * @return the capability, or null for index -1 or a {@code none} descriptor
     * @throws IndexOutOfBoundsException if the cap table has no such entry
     */
    public Capability cap(int index) {
        if (index < 0) {
            return null;
        }
        Capability c = caps.get(index);
        return c == null ? null : c.dup();
    }

    /** @return the size of the Return message on the wire, bytes (0 for a local call) */
    public int bytes() {
        return bytes;
    }

    /** Drops the response's references to its capabilities. */
    @Override
    public void close() {
        for (Capability c : caps) {
            if (c != null) {
                c.close();
            }
        }
    }
}
