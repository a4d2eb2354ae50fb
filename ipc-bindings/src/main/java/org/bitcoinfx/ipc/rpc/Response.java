package org.bitcoinfx.ipc.rpc;

import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.bitcoinfx.ipc.rpc.schema.CapnpRpc;
import org.bitcoinfx.ipc.rpc.transport.MalformedMessageException;
import org.capnproto.DecodeException;
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
    private final Consumer<MalformedMessageException> malformed;

    /** @param malformed told when {@link #read} finds the results undecodable (the connection aborts), or null */
    Response(CapnpRpc.Payload.Reader payload, FromPointerReader<R> factory, List<Capability> caps, int bytes,
            Consumer<MalformedMessageException> malformed) {
        this.payload = payload;
        this.results = payload.getContent().getAs(factory);
        this.caps = caps;
        this.bytes = bytes;
        this.malformed = malformed;
    }

    /**
     * Decodes the results with {@code decode}, which reads their fields (capnproto-java reads a
     * pointer when its getter is called, checking it against the segments and the message's
     * traversal limit, {@link org.bitcoinfx.ipc.rpc.transport.Frames#TRAVERSAL_LIMIT_WORDS}).
     * A pointer that breaks the encoding rules or passes the limit — a lying peer — makes the
     * connection abort, as a malformed message read by the connection itself does, and the call
     * fail with a {@link MalformedMessageException}.
     *
     * @throws CompletionException whose cause is the {@link MalformedMessageException}, for
     *         capnproto-java's {@link DecodeException} or {@link IndexOutOfBoundsException} (a far
     *         pointer to a segment the message lacks, a list shorter than it says)
     */
    public <T> T read(Function<? super R, T> decode) {
        try {
            return decode.apply(results);
        } catch (DecodeException | IndexOutOfBoundsException e) {
            MalformedMessageException m = new MalformedMessageException("malformed results: " + e.getMessage(), e);
            if (malformed != null) {
                malformed.accept(m);
            }
            throw new CompletionException(m);
        }
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
