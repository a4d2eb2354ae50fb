package org.bitcoinfx.ipc.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.bitcoinfx.ipc.BlockCreateOptions;
import org.bitcoinfx.ipc.DisconnectedException;
import org.bitcoinfx.ipc.IpcException;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.ipc.RemoteException;
import org.bitcoinfx.ipc.cli.SchemaReport.Row;
import org.bitcoinfx.ipc.cli.SchemaReport.Status;
import org.bitcoinfx.ipc.rpc.AnyStruct;
import org.bitcoinfx.ipc.rpc.Capability;
import org.bitcoinfx.ipc.rpc.MethodInfo;
import org.bitcoinfx.ipc.rpc.Request;
import org.bitcoinfx.ipc.rpc.Response;
import org.bitcoinfx.ipc.schema.EchoCapnp;
import org.bitcoinfx.ipc.schema.InitCapnp;
import org.bitcoinfx.ipc.schema.MiningCapnp;
import org.bitcoinfx.ipc.schema.ProxyCapnp;
import org.bitcoinfx.ipc.schema.RpcCapnp;

/**
 * The probing behind {@code bitcoinfx-ipc schema}: which methods of the app's schemas the node
 * serves, found on a client's own connection (fresh, with no {@code ThreadMap.makePool}) by calls
 * that make the node do nothing.
 *
 * <p>A method whose params have a libmultiprocess {@code context :Proxy.Context} field
 * ({@link MethodInfo#hasContext()}) is sent with empty params: its {@code context.thread} is null
 * and the connection has no pool, so the node fails it before it runs with FAILED "no thread
 * specified and no pool configured" (MP {@code include/mp/type-context.h} {@code PassField}; the
 * context is every such method's first field): that answer means served. UNIMPLEMENTED, which the
 * node answers for an ordinal its schema lacks before looking at the params, means not served
 * (older schema). The only trace a probe leaves is two error lines in the node's debug.log
 * ("IPC server error request #N, no thread specified and no pool configured" and "IPC server
 * unhandled exception: …").
 *
 * <p>A method without a context would run, so it is not sent ("not probed (no Context: the call
 * would run)"), except these, judged one by one:
 * <ul>
 *   <li>{@code Init.construct @0} and {@code ThreadMap.makeThread @0}: served, as the handshake
 *       called them; not sent again (that would hand out another ThreadMap or Thread).
 *   <li>{@code Init.makeMiningOld2 @2}: sent; the node only throws "Old mining interface (@2) not
 *       supported" (BC {@code src/interfaces/init.h}).
 *   <li>{@code Thread.getName @0}: sent to the main Thread; it only reads the Thread's name (MP
 *       {@code src/mp/proxy.cpp}).
 *   <li>{@code Mining.interrupt @6} and {@code BlockTemplate.interruptWait @9}: sent to the Mining
 *       and BlockTemplate made for the probe, after their other probes; they set that object's own
 *       interrupt flag and wake the node's waiters, which find their own flags unset and wait on
 *       (BC {@code src/node/interfaces.cpp} {@code MinerImpl::interrupt},
 *       {@code BlockTemplateImpl::interruptWait}, {@code src/node/miner.cpp} {@code InterruptWait}).
 *   <li>{@code ThreadMap.makePool @1}: sent last with empty params, so {@code count} 0: the node
 *       makes no threads, and the connection still has no pool (MP {@code src/mp/proxy.cpp}).
 * </ul>
 *
 * <p>The objects are made as the app makes them: {@code Init.makeEcho}, {@code makeMining},
 * {@code makeRpc} on the client's main Thread, a BlockTemplate from {@code Mining.createNewBlock}
 * with default options and {@code cooldown} false, destroyed ({@code BlockTemplate.destroy}) after
 * its probes. An interface whose object cannot be made has its methods "not probed (no X object:
 * Init.makeX answered …)". Any answer other than those above is reported as unexpected.
 */
final class SchemaProbe {
    /** How long each call may take. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** What the node answers a Context method with a null thread on a connection without a pool (MP type-context.h). */
    static final String NO_THREAD = "no thread specified and no pool configured";
    /** The detail of a method the handshake called. */
    static final String HANDSHAKE = "the handshake called it";
    /** Why a method without a Context is not sent. */
    static final String WOULD_RUN = "no Context: the call would run";

    /** An interface of the app's schemas: its generated {@code NAME}, {@code TYPE_ID} and {@code METHODS}. */
    record Iface(String name, long typeId, List<MethodInfo> methods) {
    }

    /** Every interface the app's schemas define, in the order they are reported. */
    static final List<Iface> INTERFACES = List.of(
            new Iface(InitCapnp.Init.NAME, InitCapnp.Init.TYPE_ID, InitCapnp.Init.METHODS),
            new Iface(ProxyCapnp.ThreadMap.NAME, ProxyCapnp.ThreadMap.TYPE_ID, ProxyCapnp.ThreadMap.METHODS),
            new Iface(ProxyCapnp.Thread.NAME, ProxyCapnp.Thread.TYPE_ID, ProxyCapnp.Thread.METHODS),
            new Iface(EchoCapnp.Echo.NAME, EchoCapnp.Echo.TYPE_ID, EchoCapnp.Echo.METHODS),
            new Iface(MiningCapnp.Mining.NAME, MiningCapnp.Mining.TYPE_ID, MiningCapnp.Mining.METHODS),
            new Iface(MiningCapnp.BlockTemplate.NAME, MiningCapnp.BlockTemplate.TYPE_ID, MiningCapnp.BlockTemplate.METHODS),
            new Iface(RpcCapnp.Rpc.NAME, RpcCapnp.Rpc.TYPE_ID, RpcCapnp.Rpc.METHODS));

    private final IpcNodeClient client;
    private final IpcNodeClient.Handshake handshake;
    private final Map<String, TreeMap<Integer, Row>> rows = new LinkedHashMap<>();

    SchemaProbe(IpcNodeClient client) {
        this.client = client;
        this.handshake = client.handshake();
        INTERFACES.forEach(i -> rows.put(i.name(), new TreeMap<>()));
    }

    private static Iface iface(String name) {
        return INTERFACES.stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow();
    }

    /**
     * Probes every method of {@link #INTERFACES}.
     *
     * @return one row per method, interface by interface in {@link #INTERFACES} order, by ordinal
     * @throws IOException if the connection fails
     */
    List<Row> run() throws IOException {
        set(ProxyCapnp.ThreadMap.NAME, ProxyCapnp.ThreadMap.METHOD_MAKE_THREAD, Status.SERVED, HANDSHAKE);
        set(InitCapnp.Init.NAME, InitCapnp.Init.METHOD_CONSTRUCT, Status.SERVED, HANDSHAKE);
        probe(InitCapnp.Init.NAME, handshake.init(), null, Set.of((int) InitCapnp.Init.METHOD_MAKE_MINING_OLD2));
        probe(ProxyCapnp.Thread.NAME, handshake.mainThread(), null, Set.of((int) ProxyCapnp.Thread.METHOD_GET_NAME));
        InitCapnp.Init.Client init = new InitCapnp.Init.Client(handshake.init());

        Made echo = make("Init.makeEcho", init.makeEchoRequest(), p -> p.initContext(), p -> { }, r -> r.getResultCapIndex());
        probe(EchoCapnp.Echo.NAME, echo.cap(), echo.why(), Set.of());
        echo.close();

        Made rpc = make("Init.makeRpc", init.makeRpcRequest(), p -> p.initContext(), p -> { }, r -> r.getResultCapIndex());
        probe(RpcCapnp.Rpc.NAME, rpc.cap(), rpc.why(), Set.of());
        rpc.close();

        Made mining = make("Init.makeMining", init.makeMiningRequest(), p -> p.initContext(), p -> { }, r -> r.getResultCapIndex());
        Made template = mining.cap() == null ? new Made(null, mining.why())
                : make("Mining.createNewBlock", new MiningCapnp.Mining.Client(mining.cap()).createNewBlockRequest(), p -> p.initContext(), p -> {
                    MiningCapnp.BlockCreateOptions.Builder o = p.initOptions();
                    o.setUseMempool(BlockCreateOptions.DEFAULT.useMempool());
                    o.setBlockReservedWeight(BlockCreateOptions.DEFAULT.blockReservedWeight());
                    o.setCoinbaseOutputMaxAdditionalSigops(BlockCreateOptions.DEFAULT.coinbaseOutputMaxAdditionalSigops());
                    p.setCooldown(false);
                }, r -> r.getResultCapIndex());
        probe(MiningCapnp.BlockTemplate.NAME, template.cap(), template.why(), Set.of((int) MiningCapnp.BlockTemplate.METHOD_INTERRUPT_WAIT));
        if (template.cap() != null) {
            make("BlockTemplate.destroy", new MiningCapnp.BlockTemplate.Client(template.cap()).destroyRequest(), p -> p.initContext(), p -> { }, null);
        }
        template.close();
        probe(MiningCapnp.Mining.NAME, mining.cap(), mining.why(), Set.of((int) MiningCapnp.Mining.METHOD_INTERRUPT));
        mining.close();

        probe(ProxyCapnp.ThreadMap.NAME, handshake.threadMap(), null, Set.of((int) ProxyCapnp.ThreadMap.METHOD_MAKE_POOL));
        List<Row> all = new ArrayList<>();
        rows.values().forEach(m -> all.addAll(m.values()));
        return all;
    }

    /** An object made for the probe, or why there is none. */
    private record Made(Capability cap, String why) {
        void close() {
            if (cap != null) {
                cap.close();
            }
        }
    }

    /**
     * Makes an object as the app does: the call on the main Thread. {@code capIndex} null: a call
     * without a result object (the template's destroy), whose failure is ignored.
     */
    private <P, R> Made make(String what, Request<P, R> req, Function<P, ProxyCapnp.Context.Builder> context,
                             java.util.function.Consumer<P> params, ToIntFunction<R> capIndex) throws IOException {
        context.apply(req.params()).setThreadCapIndex(req.addCap(handshake.mainThread()));
        params.accept(req.params());
        req.threadLabel(IpcNodeClient.MAIN_THREAD);
        try (Response<R> r = await(req.sendForResponse())) {
            if (capIndex == null) {
                return new Made(null, "");
            }
            Capability c = r.cap(capIndex.applyAsInt(r.results()));
            return c != null ? new Made(c, "") : new Made(null, what + " returned none");
        } catch (IpcException e) {
            return new Made(null, what + " answered " + answer(e));
        }
    }

    /**
     * Probes the methods of {@code name} that have no row yet: those with a Context with a null
     * thread, those in {@code harmless} with empty params; the rest are not probed.
     *
     * @param cap the object, or null if it could not be made
     * @param why why there is no object (with {@code cap} null)
     */
    private void probe(String name, Capability cap, String why, Set<Integer> harmless) throws IOException {
        Iface iface = iface(name);
        List<MethodInfo> later = new ArrayList<>();
        for (MethodInfo m : iface.methods()) {
            if (rows.get(name).containsKey(m.ordinal())) {
                continue;
            }
            if (cap == null) {
                set(name, m.ordinal(), Status.NOT_PROBED, "no " + name + " object: " + why);
            } else if (m.hasContext()) {
                set(name, m.ordinal(), nullThreadProbe(cap, iface, m));
            } else if (harmless.contains(m.ordinal())) {
                later.add(m);
            } else {
                set(name, m.ordinal(), Status.NOT_PROBED, WOULD_RUN);
            }
        }
        for (MethodInfo m : later) {
            set(name, m.ordinal(), runProbe(cap, iface, m));
        }
    }

    /** A Context method with a null thread: FAILED "no thread…" is served, UNIMPLEMENTED not. */
    private Row nullThreadProbe(Capability cap, Iface iface, MethodInfo m) throws IOException {
        try (Response<AnyStruct.Reader> r = await(send(cap, iface, m))) {
            return row(iface, m, Status.UNEXPECTED, "ran without a thread");
        } catch (RemoteException e) {
            if (e.type() == IpcException.Type.UNIMPLEMENTED) {
                return row(iface, m, Status.NOT_SERVED, e.reason());
            }
            if (e.type() == IpcException.Type.FAILED && e.reason().endsWith(NO_THREAD)) {
                return row(iface, m, Status.SERVED, "");
            }
            return row(iface, m, Status.UNEXPECTED, answer(e));
        } catch (IpcException e) {
            return row(iface, m, Status.UNEXPECTED, answer(e));
        }
    }

    /** A harmless method without a Context, run: any answer but UNIMPLEMENTED is served. */
    private Row runProbe(Capability cap, Iface iface, MethodInfo m) throws IOException {
        try (Response<AnyStruct.Reader> r = await(send(cap, iface, m))) {
            return row(iface, m, Status.SERVED, "ran");
        } catch (RemoteException e) {
            if (e.type() == IpcException.Type.UNIMPLEMENTED) {
                return row(iface, m, Status.NOT_SERVED, e.reason());
            }
            return row(iface, m, Status.SERVED, "ran, answered " + answer(e));
        } catch (IpcException e) {
            return row(iface, m, Status.UNEXPECTED, answer(e));
        }
    }

    private static CompletableFuture<Response<AnyStruct.Reader>> send(Capability cap, Iface iface, MethodInfo m) {
        Request<AnyStruct.Builder, AnyStruct.Reader> req = cap.newCall(iface.typeId(), (short) m.ordinal(), iface.name(), m.name(),
                AnyStruct.factory, AnyStruct.factory);
        req.threadLabel("probe");
        return req.sendForResponse();
    }

    /** "FAILED: reason", or the type alone for UNIMPLEMENTED (whose reason only repeats the ordinal). */
    static String answer(IpcException e) {
        if (e instanceof RemoteException r) {
            return r.type() == IpcException.Type.UNIMPLEMENTED ? "UNIMPLEMENTED" : r.type() + ": " + r.reason();
        }
        return e.getMessage();
    }

    /**
     * Waits for a call's answer.
     *
     * @throws IpcException the node's error, or FAILED after {@link #TIMEOUT} without an answer
     * @throws IOException  if the connection failed
     */
    private <T> T await(CompletableFuture<T> f) throws IOException {
        try {
            return f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(false);
            throw new IpcException(IpcException.Type.FAILED, "nothing within " + TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof DisconnectedException || !client.isOpen()) {
                throw new IOException("the connection failed: " + (c == null ? e : c.getMessage()), c);
            }
            if (c instanceof IpcException x) {
                throw x;
            }
            throw new IpcException(IpcException.Type.FAILED, String.valueOf(c), c);
        }
    }

    private static Row row(Iface iface, MethodInfo m, Status status, String detail) {
        return new Row(iface.name(), m.ordinal(), m.name(), status, detail);
    }

    private void set(String name, int ordinal, Status status, String detail) {
        Iface iface = iface(name);
        MethodInfo m = iface.methods().stream().filter(x -> x.ordinal() == ordinal).findFirst().orElseThrow();
        set(name, ordinal, row(iface, m, status, detail));
    }

    private void set(String name, int ordinal, Row row) {
        rows.get(name).put(ordinal, row);
    }
}
