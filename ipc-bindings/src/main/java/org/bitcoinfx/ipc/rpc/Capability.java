package org.bitcoinfx.ipc.rpc;

import java.util.concurrent.atomic.AtomicBoolean;
import org.bitcoinfx.ipc.IpcException;
import org.capnproto.StructFactory;
import org.capnproto.StructReader;

/**
 * One counted reference to a capability: an import from the peer, a promise on a call's results
 * (promise pipelining), an object hosted here, or a broken capability. {@link #close()} drops the
 * reference; when the last reference to an import goes, a {@code Release} is sent.
 * Thread-safe; close is idempotent.
 */
public final class Capability implements AutoCloseable {
    final CapHook hook;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Wraps a hook whose reference the new handle owns. */
    Capability(CapHook hook) {
        this.hook = hook;
    }

    /** A capability served in this process by {@code server}. */
    public static Capability local(Server server) {
        return new Capability(new LocalHook(server));
    }

    /** A capability whose every call fails with {@code error}. */
    public static Capability broken(IpcException error) {
        return new Capability(new BrokenHook(error));
    }

    /** @return a new, independent reference to the same capability */
    public Capability dup() {
        if (closed.get()) {
            throw new IllegalStateException("capability already released");
        }
        hook.addRef();
        return new Capability(hook);
    }

    /**
     * Starts a call. Generated {@code Client} classes call this; fill {@link Request#params()}, then
     * {@link Request#send()}.
     *
     * @param interfaceId the interface's type ID
     * @param methodId    the method's ordinal ({@code @N})
     */
    public <PB, PR extends StructReader, RB, RR extends StructReader> Request<PB, RR> newCall(
            long interfaceId, short methodId, String interfaceName, String methodName,
            StructFactory<PB, PR> params, StructFactory<RB, RR> results) {
        if (closed.get()) {
            throw new IllegalStateException("call on a released capability: " + interfaceName + "." + methodName);
        }
        return new Request<>(this, interfaceId, methodId, interfaceName, methodName, params, results);
    }

    /**
     * The server behind this capability when it is hosted in this process: made by {@link #local},
     * possibly sent to the peer and received back ({@code receiverHosted}, or a resolved
     * {@code receiverAnswer}). Servers use it to recognise their own objects in params, as
     * libmultiprocess recognises its {@code Thread}s in {@code Context.thread}.
     *
     * @return the local server, or empty for an import, an unresolved promise or a broken capability
     */
    public java.util.Optional<Server> localServer() {
        CapHook h = hook.resolvedHook();
        return h instanceof LocalHook l ? java.util.Optional.of(l.server) : java.util.Optional.empty();
    }

    /** @return true if calls on this capability fail at once (a broken capability) */
    public boolean isBroken() {
        return hook.resolvedHook() instanceof BrokenHook;
    }

    /** Drops this reference. Never throws. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            hook.release();
        }
    }

    @Override
    public String toString() {
        return "Capability[" + hook + (closed.get() ? ", released" : "") + "]";
    }
}
