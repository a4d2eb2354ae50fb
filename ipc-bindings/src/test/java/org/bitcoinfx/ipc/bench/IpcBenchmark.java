package org.bitcoinfx.ipc.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.bitcoinfx.ipc.IpcNodeClient;
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
        if (args.length > 0) {
            client = IpcNodeClient.connect(Path.of(args[0]), Duration.ofSeconds(60));
            target = "running node at " + args[0];
        } else if (node != null && !node.isBlank()) {
            datadir = Files.createTempDirectory("bfx-bench");
            Path sock = datadir.resolve("regtest").resolve("node.sock");
            process = new ProcessBuilder(node, "-regtest", "-datadir=" + datadir, "-ipcbind=unix", "-server=0", "-listen=0",
                    "-printtoconsole=0").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
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
            target = "real node " + node + " (pid " + process.pid() + ", regtest, datadir " + datadir + ")";
        } else {
            client = IpcNodeClient.open(fakeConnection(), Duration.ofSeconds(10));
            target = "in-process fake server (set BITCOIN_NODE=/path/to/bitcoin-node for a real node)";
        }
        System.out.println("IpcBenchmark against: " + target);
        try {
            run(client);
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
