package org.bitcoinfx.ipc.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.bitcoinfx.ipc.BlockCreateOptions;
import org.bitcoinfx.ipc.BlockTemplate;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.ipc.primitives.BigBlocks;
import org.bitcoinfx.ipc.rpc.CallContext;
import org.bitcoinfx.ipc.rpc.Capability;
import org.bitcoinfx.ipc.rpc.RpcConnection;
import org.bitcoinfx.ipc.schema.EchoCapnp;
import org.bitcoinfx.ipc.schema.InitCapnp;
import org.bitcoinfx.ipc.schema.ProxyCapnp;
import org.bitcoinfx.ipc.schema.RpcCapnp;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketPair;

/**
 * IPC latency and throughput figures (not a test). Against, in this order of preference: the
 * socket given as the first argument (a running node: compare with a C++ client on the same node
 * and the same machine load, back to back); a real node when {@code BITCOIN_NODE} names a
 * {@code bitcoin-node} binary (spawned on a fresh regtest datadir with
 * {@code -ipcbind=unix -server=0 -listen=0}, stopped at the end); else an in-process fake server
 * over a Unix socket pair.
 *
 * <p>The JVM compiles the hot paths while it runs, so the first calls are slower: the figures for
 * the warm-up (the first {@value #WARM_UP_CALLS} echoes after connecting) are printed apart from
 * the measured rounds, with the machine's load average and the GC pauses in each phase, because
 * this machine is shared and the tail moves with its load.
 *
 * <p>Then, on a real node, big messages ({@link #bigMessages}): {@code getBlock} of a ~4 MB template
 * and {@code executeRpc(getblock <hash> 0)} of a ~4 MB block, time and bytes allocated per message,
 * and the C++ reference client's time for the same calls on the same node. The spawned node runs
 * with {@code -acceptnonstdtxn=1} for that (regtest only); a node given by its socket needs it too.
 *
 * <pre>
 * mvn -q -pl ipc-bindings exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.bitcoinfx.ipc.bench.IpcBenchmark [-Dexec.args=SOCKET]
 * </pre>
 */
public final class IpcBenchmark {
    static final int WARM_UP_CALLS = 10_000;
    static final int ECHO_ROUNDS = 5;
    static final int ECHO_CALLS = 10_000;
    static final int PIPELINED_CALLS = 10_000;
    static final int PIPELINED_WARM_UP_ROUNDS = 5;
    static final int PIPELINED_ROUNDS = 5;
    static final int IN_FLIGHT = 64;
    static final int RPC_CALLS = 2_000;
    static final int RPC_WARM_UP_CALLS = 10_000;

    private IpcBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String node = System.getenv("BITCOIN_NODE");
        Process process = null;
        Path datadir = null;
        IpcNodeClient client;
        String target;
        Path socket = null;
        if (args.length > 0) {
            socket = Path.of(args[0]);
            client = IpcNodeClient.connect(socket, Duration.ofSeconds(60));
            target = "running node at " + args[0];
        } else if (node != null && !node.isBlank()) {
            datadir = Files.createTempDirectory("bfx-bench");
            Path sock = datadir.resolve("regtest").resolve("node.sock");
            process = new ProcessBuilder(node, "-regtest", "-datadir=" + datadir, "-ipcbind=unix", "-server=0", "-listen=0",
                    "-printtoconsole=0", "-acceptnonstdtxn=1").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(sock)) {
                if (!process.isAlive()) {
                    throw new IOException(node + " exited with " + process.exitValue() + " before creating " + sock);
                }
                if (System.nanoTime() > end) {
                    process.destroy();
                    throw new IOException("no " + sock + " after 60 s");
                }
                Thread.sleep(50);
            }
            client = IpcNodeClient.connect(sock, Duration.ofSeconds(60));
            socket = sock;
            target = "real node " + node + " (pid " + process.pid() + ", regtest, datadir " + datadir + ")";
        } else {
            client = IpcNodeClient.open(fakeConnection(), Duration.ofSeconds(10));
            target = "in-process fake server (set BITCOIN_NODE=/path/to/bitcoin-node for a real node)";
        }
        System.out.println("IpcBenchmark against: " + target);
        try {
            if (BIG_ONLY) {
                System.out.println("bitcoinfx.bench.big=only: big messages only");
            } else {
                run(client);
            }
            if (socket != null) {
                bigMessages(client, socket);
            } else {
                System.out.println("big messages: skipped (they need a real node: BITCOIN_NODE or a socket)");
            }
        } finally {
            if (process != null) {
                try {
                    client.rpc().call("stop").get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    System.out.println("stop failed: " + e);
                }
                client.close();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    System.out.println("node did not exit in 60 s; killing it");
                    process.destroyForcibly().waitFor();
                }
                System.out.println("node exited with " + process.exitValue());
                deleteTree(datadir);
            } else {
                client.close();
            }
        }
    }

    static void run(IpcNodeClient client) throws Exception {
        System.out.println("JVM " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + ", " + Runtime.getRuntime().availableProcessors() + " CPUs; load average " + loadAverage());
        // Warm-up: JIT, the Echo capability, the Rpc capability.
        Phase warm = new Phase();
        long[] cold = echoes(client, WARM_UP_CALLS);
        for (int i = 0; i < RPC_WARM_UP_CALLS; i++) { // the JIT compiles the JSON paths: fewer leave a tail in p99
            client.rpc().call("getblockcount").get(10, TimeUnit.SECONDS);
        }
        System.out.printf(Locale.ROOT, "warm-up, first %,d echoes after connecting: p50 %.0f us, p99 %.0f us, max %.0f us; then %,d executeRpc; %s%n",
                WARM_UP_CALLS, pct(cold, 50) / 1e3, pct(cold, 99) / 1e3, cold[cold.length - 1] / 1e3, RPC_WARM_UP_CALLS, warm.end());

        long[] echo = new long[0];
        for (int round = 1; round <= ECHO_ROUNDS; round++) {
            Phase ph = new Phase();
            long[] r = echoes(client, ECHO_CALLS / ECHO_ROUNDS);
            System.out.printf(Locale.ROOT, "  echo round %d (%,d calls): p50 %.0f us, p99 %.0f us, max %.0f us; %s%n",
                    round, r.length, pct(r, 50) / 1e3, pct(r, 99) / 1e3, r[r.length - 1] / 1e3, ph.end());
            long[] all = Arrays.copyOf(echo, echo.length + r.length);
            System.arraycopy(r, 0, all, echo.length, r.length);
            echo = all;
        }
        Arrays.sort(echo);
        System.out.printf(Locale.ROOT, "echo round trip (%,d sequential calls): p50 %.0f us, p99 %.0f us, max %.0f us%n",
                ECHO_CALLS, pct(echo, 50) / 1e3, pct(echo, 99) / 1e3, echo[echo.length - 1] / 1e3);

        pipelined(client, "each next call sent from a completion callback, as the C++ reference does", true);
        pipelined(client, "sent by one thread that waits for a free slot", false);

        Phase rpcPhase = new Phase();
        long[] rpc = new long[RPC_CALLS];
        long height = -1;
        for (int i = 0; i < RPC_CALLS; i++) {
            long s = System.nanoTime();
            height = client.rpc().call("getblockcount").get(10, TimeUnit.SECONDS).asLong();
            rpc[i] = System.nanoTime() - s;
        }
        Arrays.sort(rpc);
        System.out.printf(Locale.ROOT, "executeRpc(getblockcount) (%,d calls, result %d): p50 %.0f us, p99 %.0f us; %s%n",
                RPC_CALLS, height, pct(rpc, 50) / 1e3, pct(rpc, 99) / 1e3, rpcPhase.end());
        System.out.println("Compare with the C++ client on the same node, back to back: ipc-bindings/src/test/cpp/reference-bench.sh SOCKET "
                + "(a C++ client measured on another machine of this kind read echo p50 240-280 us, pipelined 4,000-4,800 calls/s)");
    }

    /** {@code -Dbitcoinfx.bench.big=only}: skip the echo and small executeRpc figures. */
    static final boolean BIG_ONLY = "only".equals(System.getProperty("bitcoinfx.bench.big"));
    static final int BIG_WARM_UP_CALLS = 10; // the JIT compiles the read and copy paths; C++ warms up as many
    static final int BIG_CALLS = 20;
    /** Java time over C++ time the issue aims at (issue 16). */
    static final double TARGET_RATIO = 1.3;

    /** One big-message measurement: times (ns, sorted), the message size, bytes allocated per call. */
    record Big(String name, long[] nanos, long bytes, long readerAllocated, long allAllocated) {
        String line() {
            return String.format(Locale.ROOT, "%s (%d calls, %,d bytes): p50 %.1f ms, min %.1f ms, max %.1f ms; "
                    + "allocated per message: reader thread %.2f×, all threads %.2f× the message", name, nanos.length, bytes,
                    pct(nanos, 50) / 1e6, nanos[0] / 1e6, nanos[nanos.length - 1] / 1e6,
                    (double) readerAllocated / bytes, (double) allAllocated / bytes);
        }
    }

    /**
     * Big messages (issue 16), on a real node run with {@code -acceptnonstdtxn=1} on a fresh regtest
     * chain: {@link BigBlocks#prepare} mines a ~4 MB block and fills the mempool with another; then
     * {@code BlockTemplate.getBlock} of a template of that mempool, and {@code executeRpc(getblock
     * <hash> 0)} of the mined block, as the typed client's String ({@code executeRaw}) and as a JSON
     * tree ({@code call}); each {@value #BIG_WARM_UP_CALLS} warm-up calls then {@value #BIG_CALLS}
     * timed. Memory: bytes allocated per message (com.sun.management.ThreadMXBean), on the
     * connection's reader thread (frame, segments, the String or byte[]) and on all threads (with
     * Jackson's tree and the caller's copies). Then the C++ reference client, on the same node, the
     * same calls ({@code reference-bench.sh SOCKET WARM HASH}), and Java time over C++ time.
     */
    static void bigMessages(IpcNodeClient client, Path socket) throws Exception {
        BigBlocks.Prepared p;
        try {
            p = BigBlocks.prepare(client.rpc());
        } catch (Exception e) {
            System.out.println("big messages: skipped, the node could not make the big block (it needs -acceptnonstdtxn=1 and a fresh "
                    + "regtest chain): " + e);
            return;
        }
        List<Big> js = new ArrayList<>();
        try (BlockTemplate t = client.mining().createNewBlock(BlockCreateOptions.DEFAULT, false).get(60, TimeUnit.SECONDS).orElseThrow()) {
            js.add(big("Java getBlock", () -> t.getBlock().get(60, TimeUnit.SECONDS).length));
        }
        String request = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getblock\",\"params\":[\"" + p.blockHash() + "\",0]}";
        js.add(big("Java executeRpc(getblock <hash> 0) as a String", () -> client.rpc().executeRaw(request, "/").get(60, TimeUnit.SECONDS).length()));
        long replyBytes = js.get(1).bytes(); // the reply text; its JSON tree is measured against it
        js.add(big("Java executeRpc(getblock <hash> 0) as JSON", () -> {
            client.rpc().call("getblock", p.blockHash(), 0).get(60, TimeUnit.SECONDS);
            return replyBytes;
        }));
        js.forEach(b -> System.out.println(b.line()));
        List<String> cpp = referenceBench(socket, p.blockHash());
        compare(js.get(0), cpp, "C++ getBlock");
        compare(js.get(1), cpp, "C++ executeRpc(getblock <hash> 0)");
        compare(js.get(2), cpp, "C++ executeRpc(getblock <hash> 0)");
    }

    /** A call returning the size of what it got, bytes. */
    interface SizedCall {
        long call() throws Exception;
    }

    static Big big(String name, SizedCall call) throws Exception {
        for (int i = 0; i < BIG_WARM_UP_CALLS; i++) {
            call.call();
        }
        long[] t = new long[BIG_CALLS];
        long bytes = 0;
        Thread reader = Thread.getAllStackTraces().keySet().stream().filter(x -> x.getName().matches("capnp-rpc-\\d+-reader"))
                .findFirst().orElse(null);
        long r0 = allocated(reader);
        java.util.Map<Long, Long> all0 = allocatedByThread();
        for (int i = 0; i < BIG_CALLS; i++) {
            long s = System.nanoTime();
            bytes = call.call();
            t[i] = System.nanoTime() - s;
        }
        long reader1 = allocated(reader) - r0;
        java.util.Map<Long, Long> all1 = allocatedByThread();
        long all = 0;
        for (var e : all1.entrySet()) {
            all += e.getValue() - all0.getOrDefault(e.getKey(), 0L);
        }
        Arrays.sort(t);
        return new Big(name, t, bytes, reader1 / BIG_CALLS, all / BIG_CALLS);
    }

    static long allocated(Thread t) {
        if (t != null && ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean b) {
            return b.getThreadAllocatedBytes(t.getId());
        }
        return 0;
    }

    /** Bytes allocated so far by each live thread (threads that end between two readings are not counted). */
    static java.util.Map<Long, Long> allocatedByThread() {
        java.util.Map<Long, Long> m = new java.util.HashMap<>();
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean b) {
            long[] ids = b.getAllThreadIds();
            long[] bytes = b.getThreadAllocatedBytes(ids);
            for (int i = 0; i < ids.length; i++) {
                if (bytes[i] >= 0) {
                    m.put(ids[i], bytes[i]);
                }
            }
        }
        return m;
    }

    /**
     * Runs {@code src/test/cpp/reference-bench.sh SOCKET 1000 HASH} (found from the working
     * directory: the repository or ipc-bindings), printing its output.
     *
     * @return its lines, or none if it could not run
     */
    static List<String> referenceBench(Path socket, String hash) throws Exception {
        Path script = Stream.of(Path.of("ipc-bindings/src/test/cpp/reference-bench.sh"), Path.of("src/test/cpp/reference-bench.sh"))
                .filter(Files::isRegularFile).findFirst().orElse(null);
        if (script == null) {
            System.out.println("C++ reference: reference-bench.sh not found from " + Path.of("").toAbsolutePath());
            return List.of();
        }
        Process proc = new ProcessBuilder("bash", script.toString(), socket.toString(), "1000", hash).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(proc.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null; ) {
                System.out.println("  | " + l);
                lines.add(l);
            }
        }
        if (!proc.waitFor(600, TimeUnit.SECONDS) || proc.exitValue() != 0) {
            System.out.println("C++ reference: reference-bench.sh failed");
        }
        return lines;
    }

    /** Prints Java p50 over the C++ line's p50 beside the target. */
    static void compare(Big j, List<String> cpp, String cppName) {
        java.util.regex.Pattern p50 = java.util.regex.Pattern.compile("p50 ([0-9.]+) ms");
        for (String l : cpp) {
            if (l.startsWith(cppName + " (")) {
                java.util.regex.Matcher m = p50.matcher(l);
                if (m.find()) {
                    double c = Double.parseDouble(m.group(1));
                    double ratio = pct(j.nanos(), 50) / 1e6 / c;
                    System.out.printf(Locale.ROOT, "%s: Java p50 %.1f ms / C++ p50 %.1f ms = %.2f× (target ≤ %.1f×: %s)%n", j.name(),
                            pct(j.nanos(), 50) / 1e6, c, ratio, TARGET_RATIO, ratio <= TARGET_RATIO ? "met" : "NOT met");
                    return;
                }
            }
        }
        System.out.println(j.name() + ": no C++ figure to compare with");
    }

    /**
     * Pipelined echo throughput: {@value #PIPELINED_WARM_UP_ROUNDS} warm-up rounds (the JIT
     * compiles the pipelined paths, which the sequential echoes do not reach), then
     * {@value #PIPELINED_ROUNDS} measured rounds of {@value #PIPELINED_CALLS} calls, each printed,
     * and their median: the figure to compare with the C++ reference's median.
     */
    static void pipelined(IpcNodeClient client, String shape, boolean fromCallbacks) throws Exception {
        StringBuilder warm = new StringBuilder();
        Phase wp = new Phase();
        for (int i = 0; i < PIPELINED_WARM_UP_ROUNDS; i++) {
            double r = fromCallbacks ? pipelinedFromCallbacks(client) : pipelinedFromSender(client);
            warm.append(String.format(Locale.ROOT, "%s%,.0f", i == 0 ? "" : ", ", r));
        }
        System.out.printf(Locale.ROOT, "  pipelined echo warm-up (%s): %s calls/s; %s%n", shape, warm, wp.end());
        double[] rounds = new double[PIPELINED_ROUNDS];
        for (int i = 0; i < PIPELINED_ROUNDS; i++) {
            Phase ph = new Phase();
            rounds[i] = fromCallbacks ? pipelinedFromCallbacks(client) : pipelinedFromSender(client);
            System.out.printf(Locale.ROOT, "  pipelined echo round %d: %,.0f calls/s; %s%n", i + 1, rounds[i], ph.end());
        }
        Arrays.sort(rounds);
        System.out.printf(Locale.ROOT, "pipelined echo (%d in flight, %,d calls a round, %s): median %,.0f calls/s "
                + "(min %,.0f, max %,.0f)%n", IN_FLIGHT, PIPELINED_CALLS, shape, rounds[rounds.length / 2], rounds[0],
                rounds[rounds.length - 1]);
    }

    /**
     * {@value #PIPELINED_CALLS} echo calls, {@value #IN_FLIGHT} in flight, shaped as the C++
     * reference's: {@value #IN_FLIGHT} calls go out, and each completion callback sends the next.
     *
     * @return calls per second
     */
    static double pipelinedFromCallbacks(IpcNodeClient client) throws Exception {
        AtomicInteger sent = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(PIPELINED_CALLS);
        AtomicReference<Throwable> error = new AtomicReference<>();
        Runnable[] sendOne = new Runnable[1];
        sendOne[0] = () -> {
            int i = sent.getAndIncrement();
            if (i >= PIPELINED_CALLS) {
                return;
            }
            client.echo("p" + i).whenComplete((v, e) -> {
                if (e != null) {
                    error.compareAndSet(null, e);
                }
                done.countDown();
                sendOne[0].run();
            });
        };
        long t0 = System.nanoTime();
        for (int i = 0; i < IN_FLIGHT; i++) {
            sendOne[0].run();
        }
        return awaitPipelined(done, error, t0);
    }

    /**
     * {@value #PIPELINED_CALLS} echo calls, {@value #IN_FLIGHT} in flight, sent by this thread,
     * which waits for a free slot; completion callbacks free the slots.
     *
     * @return calls per second
     */
    static double pipelinedFromSender(IpcNodeClient client) throws Exception {
        Semaphore slots = new Semaphore(IN_FLIGHT);
        CountDownLatch done = new CountDownLatch(PIPELINED_CALLS);
        AtomicReference<Throwable> error = new AtomicReference<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < PIPELINED_CALLS; i++) {
            slots.acquire();
            client.echo("p" + i).whenComplete((v, e) -> {
                if (e != null) {
                    error.compareAndSet(null, e);
                }
                slots.release();
                done.countDown();
            });
        }
        return awaitPipelined(done, error, t0);
    }

    private static double awaitPipelined(CountDownLatch done, AtomicReference<Throwable> error, long t0) throws Exception {
        if (!done.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("pipelined echo calls did not finish");
        }
        long dt = System.nanoTime() - t0;
        if (error.get() != null) {
            throw new IllegalStateException("pipelined echo failed", error.get());
        }
        return PIPELINED_CALLS / (dt / 1e9);
    }

    /** {@code n} sequential echo round trips, sorted, in ns. */
    static long[] echoes(IpcNodeClient client, int n) throws Exception {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            String r = client.echo("bench").get(10, TimeUnit.SECONDS);
            t[i] = System.nanoTime() - t0;
            if (!r.equals("bench")) {
                throw new IllegalStateException("echo returned " + r);
            }
        }
        Arrays.sort(t);
        return t;
    }

    /** GC pauses and the load average over one phase of the run. */
    static final class Phase {
        private final long gcCount = gcCount();
        private final long gcMillis = gcMillis();

        String end() {
            return String.format(Locale.ROOT, "GC %d pauses, %d ms; load %s", gcCount() - gcCount, gcMillis() - gcMillis, loadAverage());
        }

        private static long gcCount() {
            return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
        }

        private static long gcMillis() {
            return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
        }
    }

    /** The 1-minute load average, as {@code uptime} shows it. */
    static String loadAverage() {
        return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    static double pct(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.out.println("could not delete " + dir + ": " + e);
        }
    }

    // ---- in-process fake server ----------------------------------------------------------------

    static RpcConnection fakeConnection() throws IOException {
        AFUNIXSocketPair<AFUNIXSocketChannel> pair = AFUNIXSocketPair.open();
        Socket c = pair.getSocket1().socket();
        Socket s = pair.getSocket2().socket();
        new RpcConnection(s.getInputStream(), s.getOutputStream(), s, new FakeInit());
        return new RpcConnection(c.getInputStream(), c.getOutputStream(), c, null);
    }

    static final class FakeThread extends ProxyCapnp.Thread.Server {
    }

    static final class FakeThreadMap extends ProxyCapnp.ThreadMap.Server {
        @Override
        protected CompletableFuture<Void> makeThread(CallContext.Typed<ProxyCapnp.ThreadMap.MakeThreadParams.Reader, ProxyCapnp.ThreadMap.MakeThreadResults.Builder> c) {
            c.results().setResultCapIndex(c.addResultCap(Capability.local(new FakeThread())));
            return CompletableFuture.completedFuture(null);
        }
    }

    static final class FakeEcho extends EchoCapnp.Echo.Server {
        @Override
        protected CompletableFuture<Void> echo(CallContext.Typed<EchoCapnp.Echo.EchoParams.Reader, EchoCapnp.Echo.EchoResults.Builder> c) {
            c.results().setResult(c.params().getEcho().toString());
            return CompletableFuture.completedFuture(null);
        }

        @Override
        protected CompletableFuture<Void> destroy(CallContext.Typed<EchoCapnp.Echo.DestroyParams.Reader, EchoCapnp.Echo.DestroyResults.Builder> c) {
            return CompletableFuture.completedFuture(null);
        }
    }

    static final class FakeRpc extends RpcCapnp.Rpc.Server {
        @Override
        protected CompletableFuture<Void> executeRpc(CallContext.Typed<RpcCapnp.Rpc.ExecuteRpcParams.Reader, RpcCapnp.Rpc.ExecuteRpcResults.Builder> c) {
            String req = c.params().getRequest().toString();
            c.results().setResult(req.contains("\"stop\"") ? "{\"result\":\"stopping\",\"error\":null,\"id\":1}"
                    : "{\"result\":101,\"error\":null,\"id\":1}");
            return CompletableFuture.completedFuture(null);
        }
    }

    static final class FakeInit extends InitCapnp.Init.Server {
        @Override
        protected CompletableFuture<Void> construct(CallContext.Typed<InitCapnp.Init.ConstructParams.Reader, InitCapnp.Init.ConstructResults.Builder> c) {
            c.results().setThreadMapCapIndex(c.addResultCap(Capability.local(new FakeThreadMap())));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        protected CompletableFuture<Void> makeEcho(CallContext.Typed<InitCapnp.Init.MakeEchoParams.Reader, InitCapnp.Init.MakeEchoResults.Builder> c) {
            c.results().setResultCapIndex(c.addResultCap(Capability.local(new FakeEcho())));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        protected CompletableFuture<Void> makeRpc(CallContext.Typed<InitCapnp.Init.MakeRpcParams.Reader, InitCapnp.Init.MakeRpcResults.Builder> c) {
            c.results().setResultCapIndex(c.addResultCap(Capability.local(new FakeRpc())));
            return CompletableFuture.completedFuture(null);
        }
    }
}
