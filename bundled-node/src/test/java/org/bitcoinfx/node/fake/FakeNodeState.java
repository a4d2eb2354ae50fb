package org.bitcoinfx.node.fake;

import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * Everything a fake node serves from, shared by its IPC servers, RPC handlers and
 * {@link FakeRpcPlugin}s: chain and mempool, network, the RPC registry, the log, the start time,
 * a scheduler for timeouts, and how to ask the node to stop.
 */
public final class FakeNodeState {
    private final FakeNodeOptions options;
    private final FakeChain chain;
    private final FakeNetwork network;
    private final FakeDebugLog log;
    private final FakeRpcHandlers rpc;
    private final long startTime = Instant.now().getEpochSecond();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fake-node-scheduler");
        t.setDaemon(true);
        return t;
    });
    private final Consumer<String> stopRequest;
    private volatile String warmup;
    private volatile java.math.BigDecimal feeEstimate;
    private final boolean ipcTraceLoop;
    private final boolean ipcDebugLoop;
    private volatile CompletableFuture<Void> answering = CompletableFuture.completedFuture(null);
    private final java.util.concurrent.atomic.AtomicInteger pendingWaits = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong postedCalls = new java.util.concurrent.atomic.AtomicLong();

    /**
     * @param options     the command line
     * @param chain       the chain
     * @param log         debug.log
     * @param stopRequest asks the node to shut down, with the reason logged ({@code stop RPC}, {@code SIGTERM})
     */
    public FakeNodeState(FakeNodeOptions options, FakeChain chain, FakeDebugLog log, Consumer<String> stopRequest) {
        this.options = Objects.requireNonNull(options);
        this.chain = Objects.requireNonNull(chain);
        this.log = Objects.requireNonNull(log);
        this.stopRequest = Objects.requireNonNull(stopRequest);
        this.network = new FakeNetwork(startTime, options.peers());
        this.rpc = new FakeRpcHandlers(this);
        this.ipcTraceLoop = log.traceEnabled("ipc");
        this.ipcDebugLoop = log.enabled("ipc");
    }

    /**
     * Logs an IPC server line from the event loop thread, as libmultiprocess does at debug level
     * ({@code [ipc] {bitcoin-node-PID/b-capnp-loop-PID} …}): only if {@code -debug=ipc} was given at start
     * (the loop's level is chosen once, BC {@code src/ipc/capnp/protocol.cpp}) and the category is still on.
     */
    public void ipcDebug(String message) {
        long pid = ProcessHandle.current().pid();
        ipcDebugOn("bitcoin-node-" + pid + "/b-capnp-loop-" + pid, message);
    }

    /** As {@link #ipcDebug}, from the named thread ({@code {thread} message}). */
    public void ipcDebugOn(String thread, String message) {
        if (ipcDebugLoop) {
            log.debug("ipc", "{" + thread + "} " + message);
        }
    }

    /** An IPC error as the node logs it whatever the category: {@code [error] ipc: {loop} message} (MP {@code Log::Error}). */
    public void ipcError(String message) {
        long pid = ProcessHandle.current().pid();
        log.info("[error] ipc: {bitcoin-node-" + pid + "/b-capnp-loop-" + pid + "} " + message);
    }

    /**
     * Whether the IPC event loop logs at trace level: chosen once, when the loop starts, from
     * {@code -debug=ipc} and {@code -loglevel} (BC {@code src/ipc/capnp/protocol.cpp}
     * {@code GetRequestedIPCLogLevel}); each trace line is then still subject to the ipc category
     * being enabled at the time ({@code IpcLogFn} calls {@code LogTrace}), which the {@code logging}
     * RPC can change.
     */
    public boolean ipcTraceLoop() {
        return ipcTraceLoop;
    }

    /** @return the command line */
    public FakeNodeOptions options() {
        return options;
    }

    /** @return the chain and mempool */
    public FakeChain chain() {
        return chain;
    }

    /** @return the network state */
    public FakeNetwork network() {
        return network;
    }

    /** @return debug.log */
    public FakeDebugLog log() {
        return log;
    }

    /** @return the RPC registry (plugins register here) */
    public FakeRpcHandlers rpc() {
        return rpc;
    }

    /** @return seconds since the epoch when the node started */
    public long startTime() {
        return startTime;
    }

    /** @return the scheduler for timeouts and periodic work (one daemon thread; keep tasks short) */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /**
     * @return how many mining waits ({@code waitTipChanged}, {@code waitNext}, a cooldown) are pending
     *         now: each was checked against the chain and mempool when it came and after every change
     *         since, and has not been answered. A test asserts that a wait did <em>not</em> return by
     *         waiting until this count says it is pending, after the change it must not return on.
     */
    public int pendingWaits() {
        return pendingWaits.get();
    }

    /** Counts a mining wait that begins ({@code +1}) or ends ({@code -n}); see {@link #pendingWaits()}. */
    void countWaits(int delta) {
        pendingWaits.addAndGet(delta);
    }

    /**
     * @return how many calls were posted to a server Thread ({@code mp.Thread}) so far: a call counted here has
     *         reached the node and waits behind its Thread's earlier calls, or runs
     */
    public long postedCalls() {
        return postedCalls.get();
    }

    /** Counts a call posted to a server Thread; see {@link #postedCalls()}. */
    void countPostedCall() {
        postedCalls.incrementAndGet();
    }

    /** @return the chain name given with {@code -chain} */
    public String chainName() {
        return options.chain();
    }

    /** Asks the node to shut down (asynchronously). */
    public void requestStop(String reason) {
        stopRequest.accept(reason);
    }

    /** @return the warmup message RPC answers with (error -28) while starting, or null once ready */
    public String warmupMessage() {
        return warmup;
    }

    /**
     * Makes the node stop answering, as a stopped or wedged bitcoin-node does: every call with a
     * Context that reaches a Thread from now on waits (its Thread busy) until {@link #answerAgain()}.
     * Calls without a Context (makeThread, construct) still answer, as they run on the node's event loop.
     */
    public synchronized void stopAnswering() {
        if (answering.isDone()) {
            answering = new CompletableFuture<>();
        }
    }

    /** Lets the calls held by {@link #stopAnswering()} run, in order, and answers again. */
    public synchronized void answerAgain() {
        answering.complete(null);
    }

    /** @return completes when the node answers (at once unless {@link #stopAnswering()} holds it) */
    CompletableFuture<Void> answering() {
        return answering;
    }

    /**
     * Sets what {@code estimatesmartfee} (and wallet funding with {@code conf_target}) answers: {@code satPerVb}
     * for targets of 1–2 blocks, 60 % of it up to 6 blocks, 25 % beyond, never below 1 sat/vB; null (the
     * default) for no estimate, as on a fresh regtest.
     */
    public void setFeeEstimate(java.math.BigDecimal satPerVb) {
        feeEstimate = satPerVb;
    }

    /** @return the fee rate estimate for {@code confTarget} blocks in sat/vB, or null if there is none ({@link #setFeeEstimate}) */
    public java.math.BigDecimal feeEstimate(long confTarget) {
        java.math.BigDecimal est = feeEstimate;
        if (est == null) {
            return null;
        }
        return est.multiply(java.math.BigDecimal.valueOf(confTarget <= 2 ? 1.0 : confTarget <= 6 ? 0.6 : 0.25)).max(java.math.BigDecimal.ONE);
    }

    /** Sets or (with null) ends the warmup. */
    public void setWarmup(String message) {
        this.warmup = message;
    }
}
