package org.bitcoinfx.ipc.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.bitcoinfx.ipc.rpc.schema.CapnpRpc;
import org.bitcoinfx.ipc.rpc.transport.Frames;
import org.bitcoinfx.ipc.rpc.transport.MalformedMessageException;
import org.bitcoinfx.ipc.schema.Captures;
import org.capnproto.DecodeException;
import org.capnproto.MessageReader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Seeded, deterministic fuzzing of {@link Frames} and the generated {@code CapnpRpc} readers with
 * mutations of the messages recorded from a real bitcoin-node ({@code shared/ipc-captures}) and with
 * random frames. Every input must end in a value or a typed exception ({@link MalformedMessageException},
 * {@link EOFException}, {@link DecodeException}, {@link IndexOutOfBoundsException},
 * {@link IllegalArgumentException}); anything else (errors such as OutOfMemoryError or
 * StackOverflowError, NegativeArraySizeException, NullPointerException, ...) or a slow input fails.
 */
class FrameFuzzTest {
    static final long SEED = 0x5EED_B17C_0FFEEL;
    static final int ITERATIONS = 12_000;
    static final int WALK_DEPTH = 12;

    /** What happened to one input. */
    enum Outcome { VALUE, TYPED_EXCEPTION }

    static boolean acceptable(Throwable t) {
        return t instanceof MalformedMessageException || t instanceof EOFException || t instanceof DecodeException
                || t instanceof IndexOutOfBoundsException || t instanceof IllegalArgumentException;
    }

    // ---------------------------------------------------------------- deep reading

    static final Map<Class<?>, List<Method>> GETTERS = new ConcurrentHashMap<>();

    static List<Method> getters(Class<?> c) {
        return GETTERS.computeIfAbsent(c, k -> {
            List<Method> out = new ArrayList<>();
            for (Method m : k.getMethods()) {
                String n = m.getName();
                if (m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers()) && m.getDeclaringClass() == k
                        && (n.startsWith("get") || n.startsWith("has") || n.startsWith("is") || n.equals("which"))) {
                    out.add(m);
                }
            }
            out.sort(java.util.Comparator.comparing(Method::getName));
            return out;
        });
    }

    /** Walks a generated reader: every getter, union member or not, recursing into structs, lists and payload content. */
    static void walk(Object reader, int depth, int[] budget) {
        if (reader == null || depth > WALK_DEPTH || budget[0]-- <= 0) {
            return;
        }
        for (Method m : getters(reader.getClass())) {
            Object v;
            try {
                v = m.invoke(reader);
            } catch (InvocationTargetException e) {
                if (acceptable(e.getCause())) {
                    continue; // a typed error in one field; keep reading the others
                }
                throw rethrow(e.getCause());
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
            visit(v, depth, budget);
        }
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new AssertionError(t);
    }

    static void visit(Object v, int depth, int[] budget) {
        if (v == null) {
            return;
        }
        if (v instanceof org.capnproto.Text.Reader t) {
            t.toString();
        } else if (v instanceof org.capnproto.Data.Reader d) {
            d.toArray();
        } else if (v instanceof org.capnproto.StructList.Reader<?> l) {
            int n = Math.min(l.size(), 64);
            for (int k = 0; k < n; k++) {
                int i = k;
                visit(guard(() -> l.get(i)), depth + 1, budget);
            }
            if (l.size() > 0) {
                visit(guard(() -> l.get(l.size() - 1)), depth + 1, budget);
            }
        } else if (v instanceof org.capnproto.AnyPointer.Reader p) {
            if (!p.isNull()) {
                AnyStruct.Reader s = guard(() -> p.getAs(AnyStruct.factory));
                walkAny(s, depth + 1, budget);
            }
        } else if (v instanceof org.capnproto.DataList.Reader l) {
            int n = Math.min(l.size(), 64);
            for (int k = 0; k < n; k++) {
                int i = k;
                guard(() -> l.get(i).toArray());
            }
        } else if (v instanceof org.capnproto.PrimitiveList.Long.Reader l) {
            int n = Math.min(l.size(), 64);
            for (int k = 0; k < n; k++) {
                int i = k;
                guard(() -> l.get(i));
            }
        } else if (v instanceof CapnpRpc.Call.Reader call) {
            walk(v, depth + 1, budget);
            // the params as the Bitcoin Core struct the call names
            Class<?> params = PARAMS.get(call.getInterfaceId() + "/" + call.getMethodId());
            if (params != null) {
                visit(guard(() -> call.getParams().getContent().getAs(factory(params))), depth + 1, budget);
            }
        } else if (v instanceof CapnpRpc.Return.Reader ret) {
            walk(v, depth + 1, budget);
            // the results as some Bitcoin Core results struct (the answer's method is not in the message)
            Class<?> results = RESULTS.get(Math.floorMod(ret.getAnswerId(), RESULTS.size()));
            visit(guard(() -> ret.getResults().getContent().getAs(factory(results))), depth + 1, budget);
        } else if (v.getClass().getName().startsWith("org.bitcoinfx.ipc.rpc.schema.") || v.getClass().getName().startsWith("org.bitcoinfx.ipc.schema.")) {
            if (!(v instanceof Enum<?>)) {
                walk(v, depth + 1, budget);
            }
        }
    }

    /** "interfaceId/methodId" to the generated Params class of every Bitcoin Core method. */
    static final Map<String, Class<?>> PARAMS = new java.util.HashMap<>();
    /** Every generated Results class of the Bitcoin Core interfaces, in name order. */
    static final List<Class<?>> RESULTS = new ArrayList<>();

    static {
        Class<?>[] files = {org.bitcoinfx.ipc.schema.InitCapnp.class, org.bitcoinfx.ipc.schema.EchoCapnp.class, org.bitcoinfx.ipc.schema.MiningCapnp.class,
            org.bitcoinfx.ipc.schema.RpcCapnp.class, org.bitcoinfx.ipc.schema.ProxyCapnp.class};
        try {
            for (Class<?> f : files) {
                for (Class<?> iface : f.getDeclaredClasses()) {
                    java.lang.reflect.Field id;
                    try {
                        id = iface.getField("TYPE_ID");
                        iface.getField("NAME");
                    } catch (NoSuchFieldException e) {
                        continue;
                    }
                    for (Class<?> s : iface.getDeclaredClasses()) {
                        String n = s.getSimpleName();
                        if (n.endsWith("Results")) {
                            RESULTS.add(s);
                        }
                    }
                    for (java.lang.reflect.Field m : iface.getFields()) {
                        if (m.getName().startsWith("METHOD_")) {
                            short ordinal = m.getShort(null);
                            String name = (String) iface.getMethod("methodName", int.class).invoke(null, (int) ordinal);
                            String cls = Character.toUpperCase(name.charAt(0)) + name.substring(1) + "Params";
                            for (Class<?> s : iface.getDeclaredClasses()) {
                                if (s.getSimpleName().equals(cls)) {
                                    PARAMS.put(id.getLong(null) + "/" + ordinal, s);
                                }
                            }
                        }
                    }
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        RESULTS.sort(java.util.Comparator.comparing(Class::getName));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static org.capnproto.FromPointerReader<Object> factory(Class<?> struct) {
        try {
            return (org.capnproto.FromPointerReader) struct.getField("factory").get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    interface Get<T> {
        T get();
    }

    /** @return the value, or null if reading it raised an acceptable exception */
    static <T> T guard(Get<T> g) {
        try {
            return g.get();
        } catch (RuntimeException e) {
            if (acceptable(e)) {
                return null;
            }
            throw e;
        }
    }

    /** Walks untyped content: every pointer as a struct and as a capability, to a bounded depth. */
    static void walkAny(AnyStruct.Reader s, int depth, int[] budget) {
        if (s == null || depth > WALK_DEPTH || budget[0]-- <= 0) {
            return;
        }
        int n = Math.min(s.pointerCount(), 16);
        for (int k = 0; k < n; k++) {
            int i = k;
            guard(() -> s.capIndex(i));
            walkAny(guard(() -> s.struct(i)), depth + 1, budget);
        }
    }

    /** Parses a frame and reads it deeply. @return VALUE, or TYPED_EXCEPTION with the exception's class in {@code kind[0]} */
    static Outcome parseAndRead(byte[] frame) {
        return parseAndRead(frame, new String[1]);
    }

    static Outcome parseAndRead(byte[] frame, String[] kind) {
        try {
            MessageReader mr = Frames.parse(frame);
            CapnpRpc.Message.Reader m = mr.getRoot(CapnpRpc.Message.factory);
            m.which();
            walk(m, 0, new int[] {1024});
            return Outcome.VALUE;
        } catch (IOException | RuntimeException e) {
            if (acceptable(e)) {
                kind[0] = e.getClass().getSimpleName();
                return Outcome.TYPED_EXCEPTION;
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError(e);
        }
    }

    // ---------------------------------------------------------------- mutations

    static byte[] mutate(byte[] base, List<byte[]> corpus, Random r) {
        if (base.length < 8) {
            byte[] x = Arrays.copyOf(base, 8 + r.nextInt(16));
            for (int i = base.length; i < x.length; i++) {
                x[i] = (byte) r.nextInt(256);
            }
            return x;
        }
        byte[] b = base.clone();
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int segs = b.length >= 4 ? bb.getInt(0) + 1 : 1;
        int table = 4 + 4 * Math.max(1, Math.min(segs, 512));
        table += table % 8;
        switch (r.nextInt(10)) {
            case 0 -> { // bit flips
                int n = 1 + r.nextInt(8);
                for (int k = 0; k < n; k++) {
                    int i = r.nextInt(b.length);
                    b[i] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 1 -> { // truncation
                return Arrays.copyOf(b, r.nextInt(b.length));
            }
            case 2 -> { // extension
                byte[] x = Arrays.copyOf(b, b.length + 1 + r.nextInt(64));
                for (int i = b.length; i < x.length; i++) {
                    x[i] = (byte) r.nextInt(256);
                }
                return x;
            }
            case 3 -> { // segment count
                int[] counts = {0, 1, 2, 3, 510, 511, 512, 0x7fffffff, -1, -2, r.nextInt()};
                bb.putInt(0, counts[r.nextInt(counts.length)]);
            }
            case 4 -> { // segment sizes
                long[] sizes = {0, 1, 2, 0xffffffffL, 0x7fffffffL, 8L << 20, (8L << 20) + 1, 1L << 27, 0x20000000L, r.nextInt(1 << 16)};
                int k = r.nextInt(Math.max(1, Math.min(segs, (b.length - 4) / 4)));
                if (4 + 4 * k + 4 <= b.length) {
                    bb.putInt(4 + 4 * k, (int) sizes[r.nextInt(sizes.length)]);
                }
            }
            case 5, 6, 7 -> { // pointer-word corruption inside the segments
                int words = (b.length - table) / 8;
                if (words <= 0) {
                    break;
                }
                int w = table + 8 * r.nextInt(words);
                bb.putLong(w, randomPointer(r));
            }
            case 8 -> { // splice a word from another recorded message
                byte[] o = corpus.get(r.nextInt(corpus.size()));
                int words = Math.min((b.length - table) / 8, (o.length - 8) / 8);
                if (words > 0) {
                    int w = r.nextInt(words);
                    System.arraycopy(o, 8 + 8 * w, b, table + 8 * w, 8);
                }
            }
            default -> { // several of the above
                byte[] x = b;
                for (int k = 0; k < 2 + r.nextInt(4); k++) {
                    x = mutate(x.length == 0 ? base : x, corpus, r);
                }
                return x;
            }
        }
        return b;
    }

    /** A random pointer word: struct, list (every element size), far (single and double) or other. */
    static long randomPointer(Random r) {
        int kind = r.nextInt(4);
        long offsetBits = switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> -1;
            case 2 -> r.nextInt(64) - 32;
            default -> r.nextInt();
        };
        long upper = switch (r.nextInt(5)) {
            case 0 -> 0;
            case 1 -> 0xffffffffL;
            case 2 -> r.nextInt(16);
            case 3 -> (1L << 29) - 1;
            default -> r.nextInt() & 0xffffffffL;
        };
        return switch (kind) {
            case 0, 1 -> ((offsetBits << 2) & 0xfffffffcL) | kind | (upper << 32); // struct / list (upper holds sizes/counts)
            case 2 -> (r.nextInt() & 0xfffffff8L) | (r.nextBoolean() ? 4 : 0) | 2 | ((long) r.nextInt(4) << 32);
            default -> ((long) r.nextInt(8) << 32) | 3 | (r.nextBoolean() ? 0 : (long) r.nextInt() & 0xfffffffcL);
        };
    }

    static byte[] randomFrame(Random r) {
        int segs = 1 + r.nextInt(3);
        int table = 4 + 4 * segs;
        table += table % 8;
        int[] words = new int[segs];
        int total = 0;
        for (int k = 0; k < segs; k++) {
            words[k] = r.nextInt(12);
            total += words[k];
        }
        ByteBuffer b = ByteBuffer.allocate(table + 8 * total).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, segs - 1);
        for (int k = 0; k < segs; k++) {
            b.putInt(4 + 4 * k, words[k]);
        }
        for (int w = 0; w < total; w++) {
            b.putLong(table + 8 * w, r.nextInt(3) == 0 ? r.nextLong() : randomPointer(r));
        }
        return b.array();
    }

    // ---------------------------------------------------------------- tests

    static List<byte[]> corpus() throws IOException {
        Path dir = Captures.dir().orElse(null);
        Assumptions.assumeTrue(dir != null, "shared/ipc-captures not found above " + Path.of("").toAbsolutePath() + "; skipping capture-based fuzzing");
        List<byte[]> out = new ArrayList<>();
        for (Captures.Record rec : Captures.readAll(dir)) {
            out.add(rec.frame());
        }
        assertFalse(out.isEmpty(), "no records in " + dir);
        return out;
    }

    @Test
    void recordedMessagesParseAndReadCleanly() throws IOException {
        // Init 5, Echo 2, Mining 10, BlockTemplate 11, Rpc 1, ThreadMap 2, Thread 1 methods
        assertEquals(32, PARAMS.size());
        assertEquals(32, RESULTS.size());
        List<byte[]> corpus = corpus();
        List<String> echoed = new ArrayList<>();
        List<String> requests = new ArrayList<>();
        int typedCalls = 0;
        for (byte[] f : corpus) {
            CapnpRpc.Message.Reader m = Frames.parse(f).getRoot(CapnpRpc.Message.factory);
            if (!m.isCall()) {
                continue;
            }
            CapnpRpc.Call.Reader c = m.getCall();
            Class<?> params = PARAMS.get(c.getInterfaceId() + "/" + c.getMethodId());
            if (params == null) {
                // the README's probe of an unknown method: Init method 9
                assertEquals(org.bitcoinfx.ipc.schema.InitCapnp.Init.TYPE_ID, c.getInterfaceId());
                assertEquals(9, c.getMethodId());
                continue;
            }
            typedCalls++;
            Object p = c.getParams().getContent().getAs(factory(params));
            walk(p, 0, new int[] {4096});
            if (p instanceof org.bitcoinfx.ipc.schema.EchoCapnp.Echo.EchoParams.Reader e) {
                echoed.add(e.getEcho().toString());
            }
            if (p instanceof org.bitcoinfx.ipc.schema.RpcCapnp.Rpc.ExecuteRpcParams.Reader e) {
                requests.add(e.getRequest().toString());
            }
        }
        assertTrue(typedCalls > 20, "typed calls: " + typedCalls);
        assertEquals(List.of("hallo", "", "haha"), echoed, "plain-client-scenario echoes (README)");
        assertTrue(requests.stream().anyMatch(r -> r.contains("getblockcount")), "cli-getblockcount request: " + requests);
        assertTrue(requests.stream().anyMatch(r -> r.contains("getbalances")), "cli-wallet-getbalances request: " + requests);
        for (byte[] f : corpus) {
            assertEquals(Outcome.VALUE, parseAndRead(f), "recorded message " + HexFormat.of().formatHex(f));
            CapnpRpc.Message.Reader m = Frames.parse(f).getRoot(CapnpRpc.Message.factory);
            assertTrue(m.which() != CapnpRpc.Message.Which._NOT_IN_SCHEMA, "recorded message has a known type");
        }
    }

    @Test
    void fuzzedFramesEndInAValueOrATypedException() throws IOException {
        List<byte[]> corpus = corpus();
        Map<String, Integer> tally = new TreeMap<>();
        Map<String, Integer> kinds = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        long[] slowest = {0};
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            Random r = new Random(SEED);
            for (int i = 0; i < ITERATIONS; i++) {
                byte[] input = r.nextInt(10) == 0 ? randomFrame(r) : mutate(corpus.get(r.nextInt(corpus.size())), corpus, r);
                long t0 = System.nanoTime();
                try {
                    String[] kind = new String[1];
                    Outcome o = parseAndRead(input, kind);
                    tally.merge(o.name(), 1, Integer::sum);
                    if (kind[0] != null) {
                        kinds.merge(kind[0], 1, Integer::sum);
                    }
                } catch (Throwable t) {
                    tally.merge("FAILURE " + t.getClass().getName(), 1, Integer::sum);
                    if (failures.size() < 5) {
                        StringWriter sw = new StringWriter();
                        t.printStackTrace(new PrintWriter(sw));
                        String stack = sw.toString();
                        failures.add("input #" + i + " hex " + HexFormat.of().formatHex(input, 0, Math.min(input.length, 512))
                                + (input.length > 512 ? "...(" + input.length + " bytes)" : "") + "\n" + stack.substring(0, Math.min(stack.length(), 3000)));
                    }
                }
                long dt = System.nanoTime() - t0;
                slowest[0] = Math.max(slowest[0], dt);
                if (dt > 2_000_000_000L && failures.size() < 5) {
                    failures.add("input #" + i + " took " + dt / 1_000_000 + " ms: " + HexFormat.of().formatHex(input, 0, Math.min(input.length, 512)));
                }
            }
        });
        int total = tally.values().stream().mapToInt(Integer::intValue).sum();
        System.out.println("FrameFuzzTest: " + total + " inputs, outcomes " + tally + ", exceptions " + kinds + ", slowest " + slowest[0] / 1_000_000 + " ms");
        assertEquals(ITERATIONS, total);
        assertTrue(tally.getOrDefault("VALUE", 0) > 100, "mutations should still often parse: " + tally);
        assertTrue(tally.getOrDefault("TYPED_EXCEPTION", 0) > 100, "mutations should often be rejected: " + tally);
        if (!failures.isEmpty()) {
            fail(failures.size() + " untyped failures, outcomes " + tally + ":\n" + String.join("\n\n", failures));
        }
    }

    static long allocatedBytes() {
        java.lang.management.ThreadMXBean b = ManagementFactory.getThreadMXBean();
        if (b instanceof com.sun.management.ThreadMXBean s && s.isThreadAllocatedMemorySupported()) {
            return s.getThreadAllocatedBytes(Thread.currentThread().getId());
        }
        return -1;
    }

    @Test
    void lyingSegmentTableFailsFastWithoutAllocating() {
        long[] claims = {1L << 27 /* 1 GiB */, Frames.TRAVERSAL_LIMIT_WORDS /* 64 MiB, at the limit */, 0xffffffffL};
        for (long words : claims) {
            ByteBuffer b = ByteBuffer.allocate(8 + 16).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(0, 0);
            b.putInt(4, (int) words);
            b.putLong(8, 0x0000000100000000L);
            long before = allocatedBytes();
            long t0 = System.nanoTime();
            IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                    () -> Frames.read(new ByteArrayInputStream(b.array())), "claim of " + words + " words");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            long allocated = before < 0 ? -1 : allocatedBytes() - before;
            assertTrue(e instanceof MalformedMessageException || e instanceof EOFException, "typed: " + e);
            assertTrue(ms < 1000, "took " + ms + " ms");
            if (allocated >= 0) {
                assertTrue(allocated < 16L << 20, "allocated " + allocated + " bytes for a claim of " + words * 8 + " bytes");
            }
        }
        // Two segments whose sum passes the limit, each below it.
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 1);
        b.putInt(4, (int) (Frames.TRAVERSAL_LIMIT_WORDS / 2 + 1));
        b.putInt(8, (int) (Frames.TRAVERSAL_LIMIT_WORDS / 2 + 1));
        org.junit.jupiter.api.Assertions.assertThrows(MalformedMessageException.class, () -> Frames.read(new ByteArrayInputStream(b.array())));
        // 512 segments is over the limit; 0xffffffff + 1 must not wrap around to 0.
        for (int count : new int[] {511, -1, 0x7fffffff}) {
            ByteBuffer c = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            c.putInt(0, count);
            org.junit.jupiter.api.Assertions.assertThrows(MalformedMessageException.class, () -> Frames.read(new ByteArrayInputStream(c.array())));
        }
    }
}
