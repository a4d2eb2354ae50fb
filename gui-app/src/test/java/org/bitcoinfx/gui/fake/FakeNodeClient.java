package org.bitcoinfx.gui.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.bitcoinfx.ipc.BlockCheckOptions;
import org.bitcoinfx.ipc.BlockCheckResult;
import org.bitcoinfx.ipc.BlockCreateOptions;
import org.bitcoinfx.ipc.BlockRef;
import org.bitcoinfx.ipc.BlockTemplate;
import org.bitcoinfx.ipc.DisconnectedException;
import org.bitcoinfx.ipc.IpcEvent;
import org.bitcoinfx.ipc.IpcException;
import org.bitcoinfx.ipc.IpcListener;
import org.bitcoinfx.ipc.JsonRpcException;
import org.bitcoinfx.ipc.Mining;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.ipc.RpcClient;
import org.bitcoinfx.ipc.ServerThread;
import org.bitcoinfx.ipc.primitives.Hashes;
import org.bitcoinfx.ipc.primitives.Merkle;
import org.bitcoinfx.ipc.primitives.RawTx;

/**
 * A {@link NodeClient} over an in-memory regtest chain, for tests and the demo. {@link #generate}
 * mines blocks (and wakes {@code waitTipChanged}); RPC answers in Bitcoin Core's JSON shapes.
 * Every call is answered on a background thread and reported to {@link IpcListener}s.
 */
public final class FakeNodeClient implements NodeClient {
    /** The fake wallet's descriptor key ({@code listdescriptors}), private: BIP32 test vector 1 on test chains. */
    public static final String TPRV = "tprv8ZgxMBicQKsPeDgjzdC36fs6bMjGApWDNLR9erAXMs5skhMv36j9MV5ecvfavji5khqjWaWSFhN3YcCUUdiKH6isR4Pwy3U5y5egddBr16m";
    /** The fake wallet's descriptor key, public. */
    public static final String TPUB = "tpubD6NzVbkrYhZ4XgiXtGrdW5XDAPFCL9h7we1vwNCpn8tGbBcgfVYjXyhWo4E1xkh56hjod1RhGjxbaTLV3X4FyWuejifB9jusQ46QzG87VKp";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One block of the fake chain. */
    public record Block(int height, byte[] hash, long time, int nTx, long size, long weight, long feeSat) {
        String hashHex() {
            return BlockRef.toDisplayHex(hash);
        }
    }

    private final ScheduledExecutorService exec = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "fake-node");
        t.setDaemon(true);
        return t;
    });
    private final List<Block> chain = new ArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private final List<IpcListener> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final List<Boolean> setNetworkActiveCalls = new CopyOnWriteArrayList<>();
    private final List<String> rpcCalls = new CopyOnWriteArrayList<>();
    private final AtomicInteger threadNo = new AtomicInteger();
    private volatile boolean networkActive = true;
    private volatile CompletableFuture<Void> answering = CompletableFuture.completedFuture(null);
    private volatile boolean interrupted;
    private volatile int headersAhead;
    private volatile boolean oldNode;
    private volatile long totalRecv = 1_234_567;
    private volatile long totalSent = 345_678;
    private volatile int mempoolTx = 12;
    private final long startTime = Instant.now().getEpochSecond();
    private final Mining mining = new FakeMining();
    private final java.util.Map<ServerThread, RpcClient> rpcs = new java.util.EnumMap<>(ServerThread.class);
    private final List<String> threadCalls = new CopyOnWriteArrayList<>();
    private final List<String> secretCalls = new CopyOnWriteArrayList<>();

    private record Waiter(byte[] known, CompletableFuture<Optional<BlockRef>> future) {
    }

    /** A mempool transaction: serialized for real, with the fee and sigop cost the template reports. */
    record MempoolEntry(RawTx tx, long feeSat, long sigops) {
    }

    /** A pending {@code BlockTemplate.waitNext}. */
    private record TemplateWaiter(FakeTemplate template, long threshold, CompletableFuture<Optional<BlockTemplate>> future) {
    }

    private final List<MempoolEntry> mempool = new ArrayList<>();
    private final List<TemplateWaiter> templateWaiters = new ArrayList<>();
    private final java.util.Set<FakeTemplate> interruptedTemplates = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final FakeWalletRpc wallets = new FakeWalletRpc(this);
    private final List<String> submitted = new CopyOnWriteArrayList<>();

    private final String chainName;

    /** A regtest chain with the genesis block and {@code blocks} more, the last one a few minutes old. */
    public FakeNodeClient(int blocks) {
        this(blocks, "regtest");
    }

    /** As {@link #FakeNodeClient(int)}, reporting {@code chainName} in getblockchaininfo. */
    public FakeNodeClient(int blocks, String chainName) {
        this.chainName = chainName;
        long t0 = Instant.now().getEpochSecond() - 600L * (blocks + 1);
        chain.add(block(0, t0, 1));
        for (int i = 1; i <= blocks; i++) {
            chain.add(block(i, t0 + 600L * i, 1 + ThreadLocalRandom.current().nextInt(3000)));
        }
        // the console's "demo" wallet: 1.5 BTC received from outside some blocks ago
        FakeWallet demo = wallets.create("demo", null);
        FakeWallet.Addr a = demo.newAddress("", "bech32", false);
        RawTx funding = new RawTx(2, List.of(new RawTx.Input(Hashes.sha256("demo funding".getBytes(java.nio.charset.StandardCharsets.UTF_8)), 0,
                new byte[0], 0xfffffffdL, List.of(new byte[71], new byte[33]))), List.of(new RawTx.Output(150_000_000L, a.script())), 0);
        String fid = Hashes.displayHex(funding.txid());
        demo.coins.add(new FakeWallet.Coin(fid, 0, 150_000_000L, a.script(), false, false));
        demo.txs.put(fid, new FakeWallet.Wtx(fid, funding, t0 + 600L * Math.max(0, blocks - 5), false, 0, false));
        int fundedAt = Math.max(0, blocks - 5);
        wallets.onBlock(fundedAt, chain.get(fundedAt).hashHex(), chain.get(fundedAt).time(), List.of(fid), null);
    }

    /** Creates and loads a wallet ({@code passphrase} null or empty: not encrypted). */
    public void createWallet(String name, char[] passphrase) {
        synchronized (this) {
            wallets.create(name, passphrase);
        }
    }

    /** Makes estimatesmartfee (and conf_target funding) answer {@code satPerVb}; null: no estimate, as on a fresh regtest. */
    public void setFeeEstimate(java.math.BigDecimal satPerVb) {
        wallets.setFeeEstimate(satPerVb);
    }

    /** Mines {@code n} blocks paying their coinbase to a new address of {@code wallet}. @return the new tip */
    public BlockRef generateToWallet(String wallet, int n) {
        byte[] script;
        synchronized (this) {
            script = wallets.wallet(wallet).newAddress("", "bech32", false).script();
        }
        generateTo(n, script);
        return tipRef();
    }

    /** Adds {@code n} unrelated transactions to the mempool (fees 200…5000 sat), for the template inspector. */
    public void seedMempool(int n) {
        for (int i = 0; i < n; i++) {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            byte[] prev = new byte[32];
            r.nextBytes(prev);
            byte[] prog = new byte[20];
            r.nextBytes(prog);
            int outs = 1 + r.nextInt(3);
            List<RawTx.Output> o = new ArrayList<>();
            for (int k = 0; k < outs; k++) {
                o.add(new RawTx.Output(10_000 + r.nextInt(5_000_000), concat(new byte[] {0, 20}, prog)));
            }
            RawTx tx = new RawTx(2, List.of(new RawTx.Input(prev, r.nextInt(3), new byte[0], 0xfffffffdL,
                    List.of(new byte[71], new byte[33]))), o, 0);
            addToMempool(tx, tx.vsize() * (1 + r.nextInt(30)), 1);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** @return the block hashes accepted through submitSolution/submitBlock, in order */
    public List<String> submittedBlocks() {
        return List.copyOf(submitted);
    }

    /** @return the txids in the mempool (display hex) */
    public synchronized List<String> mempoolTxids() {
        return mempool.stream().map(e -> Hashes.displayHex(e.tx().txid())).toList();
    }

    /** Adds a transaction to the mempool and wakes waitNext callers whose fee threshold is now met. */
    void addToMempool(RawTx tx, long feeSat, long sigops) {
        List<TemplateWaiter> wake = new ArrayList<>();
        long fees;
        synchronized (this) {
            mempool.add(new MempoolEntry(tx, feeSat, sigops));
            fees = mempool.stream().mapToLong(MempoolEntry::feeSat).sum();
            for (TemplateWaiter w : templateWaiters) {
                if (fees >= w.template().totalFees() + w.threshold()) {
                    wake.add(w);
                }
            }
            templateWaiters.removeAll(wake);
        }
        for (TemplateWaiter w : wake) {
            w.future().complete(Optional.of(newTemplate()));
        }
    }

    private synchronized FakeTemplate newTemplate() {
        Block tip = chain.get(chain.size() - 1);
        return new FakeTemplate(this, tip.hash(), tip.height(), tip.time(), List.copyOf(mempool));
    }

    /** Mines {@code n} blocks whose coinbase pays the subsidy (and the first one the mempool's fees) to {@code script}. */
    List<String> generateTo(int n, byte[] script) {
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            FakeTemplate t = newTemplate();
            org.bitcoinfx.ipc.primitives.RawTx cb = org.bitcoinfx.gui.mining.BlockAssembler.buildCoinbase(t.coinbase, script,
                    t.height <= 16 ? new byte[] {0} : new byte[0]);
            org.bitcoinfx.ipc.primitives.RawBlock b = org.bitcoinfx.gui.mining.BlockAssembler.assemble(t.header, cb, t.txs);
            org.bitcoinfx.ipc.primitives.BlockHeader h = org.bitcoinfx.gui.mining.BlockAssembler.grind(b.header(), () -> false, null)
                    .orElseThrow().header();
            BlockCheckResult r = connect(new org.bitcoinfx.ipc.primitives.RawBlock(h, b.txs()), t, true, true, true);
            if (!r.valid()) {
                throw new IllegalStateException("generateTo: " + r.reason() + " " + r.debug());
            }
            hashes.add(h.hashHex());
        }
        return hashes;
    }

    /**
     * Checks a block on the current tip as Bitcoin Core's {@code TestBlockValidity}/{@code SubmitBlock}
     * would (the checks this fake can make) and, if {@code submit}, connects it.
     *
     * @param t the template it was made from (reward and prefix), or null to derive them from the mempool
     */
    BlockCheckResult connect(org.bitcoinfx.ipc.primitives.RawBlock block, FakeTemplate t, boolean checkMerkle, boolean checkPow, boolean submit) {
        List<TemplateWaiter> wake;
        List<Waiter> wakeTip;
        synchronized (this) {
            Block tip = chain.get(chain.size() - 1);
            org.bitcoinfx.ipc.primitives.BlockHeader h = block.header();
            if (!Arrays.equals(h.prevBlock(), tip.hash())) {
                String hash = h.hashHex();
                if (chain.stream().anyMatch(b -> b.hashHex().equals(hash))) {
                    return new BlockCheckResult(false, "duplicate", "");
                }
                return new BlockCheckResult(false, "inconclusive-not-best-prevblk", "the block's previous block is not the tip");
            }
            if (block.txs().isEmpty() || !block.txs().get(0).isCoinbase()) {
                return new BlockCheckResult(false, "bad-cb-missing", "first tx is not coinbase");
            }
            org.bitcoinfx.ipc.primitives.RawTx cb = block.txs().get(0);
            List<org.bitcoinfx.ipc.primitives.RawTx> others = block.txs().subList(1, block.txs().size());
            if (checkPow && !Hashes.meetsTarget(h.hash(), Hashes.targetFromBits(h.bits()))) {
                return new BlockCheckResult(false, "high-hash", "proof of work failed");
            }
            if (checkMerkle && !Arrays.equals(h.merkleRoot(),
                    Merkle.merkleRoot(block.txs().stream().map(org.bitcoinfx.ipc.primitives.RawTx::txid).toList()))) {
                return new BlockCheckResult(false, "bad-txnmrklroot", "hashMerkleRoot mismatch");
            }
            int height = tip.height() + 1;
            byte[] scriptSig = cb.inputs().get(0).scriptSig();
            if (scriptSig.length < 2 || scriptSig.length > 100) {
                return new BlockCheckResult(false, "bad-cb-length", "");
            }
            byte[] prefix = FakeTemplate.heightPush(height);
            if (scriptSig.length < prefix.length || !Arrays.equals(Arrays.copyOf(scriptSig, prefix.length), prefix)) {
                return new BlockCheckResult(false, "bad-cb-height", "block height mismatch in coinbase");
            }
            long fees = 0;
            for (org.bitcoinfx.ipc.primitives.RawTx tx : others) {
                String id = Hashes.displayHex(tx.txid());
                MempoolEntry e = mempool.stream().filter(m -> Hashes.displayHex(m.tx().txid()).equals(id)).findFirst().orElse(null);
                if (e == null) {
                    return new BlockCheckResult(false, "bad-txns-inputs-missingorspent", "CheckTxInputs: inputs missing/spent");
                }
                fees += e.feeSat();
            }
            long limit = FakeTemplate.subsidy(height) + fees;
            if (cb.outputValueSat() > limit) {
                return new BlockCheckResult(false, "bad-cb-amount", "coinbase pays too much (actual=" + cb.outputValueSat() + " vs limit=" + limit + ")");
            }
            Optional<String> witness = org.bitcoinfx.gui.mining.BlockAssembler.checkWitnessCommitment(cb, others);
            if (witness.isPresent()) {
                return new BlockCheckResult(false, witness.get(), "CheckWitnessMalleation : witness merkle commitment mismatch");
            }
            if (!submit) {
                return new BlockCheckResult(true, "", "");
            }
            long size = block.serialize().length;
            chain.add(new Block(height, h.hash(), h.time(), block.txs().size(), size, block.weight(), fees));
            List<String> confirmed = others.stream().map(x -> Hashes.displayHex(x.txid())).toList();
            mempool.removeIf(m -> confirmed.contains(Hashes.displayHex(m.tx().txid())));
            wallets.onBlock(height, h.hashHex(), h.time(), confirmed, cb);
            submitted.add(h.hashHex());
            wake = new ArrayList<>(templateWaiters);
            templateWaiters.clear();
            wakeTip = new ArrayList<>(waiters);
            waiters.clear();
        }
        BlockRef newTip = tipRef();
        wakeTip.forEach(w -> w.future().complete(Optional.of(newTip)));
        wake.forEach(w -> w.future().complete(Optional.of(newTemplate())));
        return new BlockCheckResult(true, "", "");
    }

    /** {@code BlockTemplate.waitNext} of the fake: a new template when the tip moves or mempool fees rise by the threshold. */
    CompletableFuture<Optional<BlockTemplate>> waitNext(FakeTemplate t, long threshold, Duration timeout) {
        if (!isOpen()) {
            return CompletableFuture.failedFuture(new DisconnectedException("connection closed"));
        }
        Instant start = Instant.now();
        long t0 = System.nanoTime();
        CompletableFuture<Optional<BlockTemplate>> f = new CompletableFuture<>();
        synchronized (this) {
            long fees = mempool.stream().mapToLong(MempoolEntry::feeSat).sum();
            if (interruptedTemplates.remove(t)) {
                f.complete(Optional.empty());
            } else if (!Arrays.equals(t.header.prevBlock(), chain.get(chain.size() - 1).hash())
                    || fees >= t.totalFees() + threshold) {
                f.complete(Optional.of(newTemplate()));
            } else {
                templateWaiters.add(new TemplateWaiter(t, threshold, f));
                long ms = timeout == null ? TimeUnit.DAYS.toMillis(1) : timeout.toMillis();
                exec.schedule(() -> {
                    synchronized (FakeNodeClient.this) {
                        templateWaiters.removeIf(w -> w.future() == f);
                    }
                    f.complete(Optional.empty());
                }, ms, TimeUnit.MILLISECONDS);
            }
        }
        CompletableFuture<Optional<BlockTemplate>> out = f.whenCompleteAsync((r, e) -> { }, exec);
        out.whenComplete((r, e) -> emit("BlockTemplate", "waitNext", start, System.nanoTime() - t0, e == null ? "ok" : "disconnected"));
        return out;
    }

    /** {@code BlockTemplate.interruptWait}: the pending (or next) waitNext on {@code t} returns empty. */
    void interruptWait(FakeTemplate t) {
        List<TemplateWaiter> wake;
        synchronized (this) {
            wake = templateWaiters.stream().filter(w -> w.template() == t).toList();
            templateWaiters.removeAll(wake);
            if (wake.isEmpty()) {
                interruptedTemplates.add(t);
            }
        }
        wake.forEach(w -> w.future().complete(Optional.empty()));
    }

    private static Block block(int height, long time, int nTx) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] h = d.digest(d.digest(ByteBuffer.allocate(12).putInt(height).putLong(time).array()));
            h[31] = 0; // a little proof of work, for the looks
            h[30] = 0;
            long size = nTx == 1 ? 250 : 250 + nTx * 380L;
            long weight = Math.min(4_000_000, size * 3 + size / 2);
            long fee = nTx == 1 ? 0 : nTx * (140L + ThreadLocalRandom.current().nextInt(2000));
            return new Block(height, h, time, nTx, size, weight, fee);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Mines {@code n} blocks now (time = now) and wakes waitTipChanged callers. @return the new tip */
    public BlockRef generate(int n) {
        List<Waiter> wake;
        List<TemplateWaiter> wakeTemplates;
        BlockRef tip;
        synchronized (this) {
            for (int i = 0; i < n; i++) {
                int h = chain.size();
                long prev = chain.get(h - 1).time();
                long now = Instant.now().getEpochSecond();
                // catching up (IBD look): spread the times between the last block and now
                long t = headersAhead > i ? Math.min(now - 60, prev + 1) : Math.max(now, prev + 1);
                Block b = block(h, t, 1 + mempool.size() + ThreadLocalRandom.current().nextInt(2500));
                chain.add(b);
                List<String> confirmed = mempool.stream().map(e -> Hashes.displayHex(e.tx().txid())).toList();
                mempool.clear();
                wallets.onBlock(h, b.hashHex(), t, confirmed, null);
            }
            headersAhead = Math.max(0, headersAhead - n);
            tip = tipRef();
            mempoolTx = ThreadLocalRandom.current().nextInt(5, 40);
            wake = new ArrayList<>(waiters);
            waiters.clear();
            wakeTemplates = new ArrayList<>(templateWaiters);
            templateWaiters.clear();
        }
        for (Waiter w : wake) {
            w.future().complete(Optional.of(tip));
        }
        for (TemplateWaiter w : wakeTemplates) {
            w.future().complete(Optional.of(newTemplate()));
        }
        return tip;
    }

    /** Makes getblockchaininfo report {@code n} more headers than blocks (IBD look). */
    public void setHeadersAhead(int n) {
        headersAhead = n;
    }

    /** Makes the Mining interface answer like a node with an older IPC schema (OldNodeException). */
    public void setOldNode(boolean old) {
        oldNode = old;
    }

    /** @return the values passed to setnetworkactive, in order */
    public List<Boolean> setNetworkActiveCalls() {
        return List.copyOf(setNetworkActiveCalls);
    }

    private final java.util.Map<String, CompletableFuture<Void>> held = new java.util.concurrent.ConcurrentHashMap<>();

    /** From now on, answers to {@code method} (node-level calls) are held back until {@link #releaseRpc}: a node that stops answering. */
    public void holdRpc(String method) {
        held.putIfAbsent(method, new CompletableFuture<>());
    }

    /** Delivers the held answers to {@code method} and stops holding them. */
    public void releaseRpc(String method) {
        CompletableFuture<Void> g = held.remove(method);
        if (g != null) {
            g.complete(null);
        }
    }

    /** @return how many times {@code method} was called (node-level or on a wallet) */
    public long rpcCount(String method) {
        return rpcCalls.stream().filter(m -> m.equals(method) || m.endsWith("/" + method)).count();
    }

    /** @return the RPC methods called, in order */
    public List<String> rpcCalls() {
        return List.copyOf(rpcCalls);
    }

    /** @return the current tip */
    public synchronized BlockRef tipRef() {
        Block b = chain.get(chain.size() - 1);
        return new BlockRef(b.hash(), b.height());
    }

    /** @return the current tip height */
    public synchronized int height() {
        return chain.size() - 1;
    }

    // --- NodeClient ---

    @Override
    public CompletableFuture<String> echo(String text) {
        return answer("Echo", "echo", () -> text);
    }

    @Override
    public CompletableFuture<String> echo(ServerThread on, String text) {
        return echo(text);
    }

    /** Makes the node stop answering, as a stopped or wedged bitcoin-node: calls from now on wait until {@link #answerAgain()}. */
    public synchronized void stopAnswering() {
        if (answering.isDone()) {
            answering = new CompletableFuture<>();
        }
    }

    /** Answers the calls held by {@link #stopAnswering()}, and every call after them. */
    public synchronized void answerAgain() {
        answering.complete(null);
    }

    @Override
    public Mining mining() {
        return mining;
    }

    @Override
    public RpcClient rpc() {
        return rpc(ServerThread.MAIN);
    }

    @Override
    public synchronized RpcClient rpc(ServerThread on) {
        return rpcs.computeIfAbsent(on, FakeRpc::new);
    }

    /** @return every RPC as {@code THREAD:method} or {@code THREAD:wallet/method}: the node-side Thread it was sent on */
    public List<String> threadCalls() {
        return List.copyOf(threadCalls);
    }

    /** @return the RPCs sent through {@link RpcClient#callSecret} ({@code method} or {@code wallet/method}) */
    public List<String> secretCalls() {
        return List.copyOf(secretCalls);
    }

    @Override
    public void addListener(IpcListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(IpcListener listener) {
        listeners.remove(listener);
    }

    @Override
    public CompletableFuture<Void> closed() {
        return closed;
    }

    @Override
    public boolean isOpen() {
        return !closed.isDone();
    }

    /** Closes the connection; pending waitTipChanged calls fail with DisconnectedException. */
    @Override
    public void close() {
        List<Waiter> wake;
        synchronized (this) {
            wake = new ArrayList<>(waiters);
            waiters.clear();
        }
        wake.forEach(w -> w.future().completeExceptionally(new DisconnectedException("connection closed")));
        closed.complete(null);
        exec.shutdown();
    }

    /** Ends the connection as if the socket went away. */
    public void disconnect(String why) {
        closed.completeExceptionally(new DisconnectedException(why));
        close();
    }

    /** Answers on a background thread after a short delay and reports an IpcEvent. */
    <T> CompletableFuture<T> answer(String iface, String method, Supplier<T> body) {
        if (!isOpen()) {
            return CompletableFuture.failedFuture(new DisconnectedException("connection closed"));
        }
        CompletableFuture<Void> gate = answering;
        if (!gate.isDone()) {
            return gate.thenCompose(v -> answer(iface, method, body));
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        Instant start = Instant.now();
        long t0 = System.nanoTime();
        long delayUs = 150 + ThreadLocalRandom.current().nextInt(1500);
        try {
            exec.schedule(() -> {
                String outcome = "ok";
                try {
                    f.complete(body.get());
                } catch (RuntimeException e) {
                    outcome = e instanceof JsonRpcException ? "ok" : "FAILED: " + e.getMessage();
                    f.completeExceptionally(e);
                }
                emit(iface, method, start, System.nanoTime() - t0, outcome);
            }, delayUs, TimeUnit.MICROSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            f.completeExceptionally(new DisconnectedException("connection closed"));
        }
        return f;
    }

    private void emit(String iface, String method, Instant start, long nanos, String outcome) {
        IpcEvent ev = new IpcEvent(iface, method, "fake-" + (threadNo.incrementAndGet() % 3), start, nanos,
                64 + ThreadLocalRandom.current().nextInt(200), 96 + ThreadLocalRandom.current().nextInt(2000), outcome);
        listeners.forEach(l -> l.onCall(ev));
    }

    private final class FakeMining implements Mining {
        @Override
        public CompletableFuture<Boolean> isTestChain() {
            return answer("Mining", "isTestChain", () -> true);
        }

        @Override
        public CompletableFuture<Boolean> isInitialBlockDownload() {
            return answer("Mining", "isInitialBlockDownload", () -> headersAhead > 0);
        }

        @Override
        public CompletableFuture<Optional<BlockRef>> getTip() {
            return answer("Mining", "getTip", () -> {
                if (oldNode) {
                    throw new org.bitcoinfx.ipc.OldNodeException(new org.bitcoinfx.ipc.RemoteException(
                            IpcException.Type.UNIMPLEMENTED, "Method not implemented"));
                }
                return Optional.of(tipRef());
            });
        }

        @Override
        public CompletableFuture<Optional<BlockRef>> waitTipChanged(byte[] currentTip, Duration timeout) {
            if (!isOpen()) {
                return CompletableFuture.failedFuture(new DisconnectedException("connection closed"));
            }
            Instant start = Instant.now();
            long t0 = System.nanoTime();
            CompletableFuture<Optional<BlockRef>> f = new CompletableFuture<>();
            synchronized (FakeNodeClient.this) {
                if (interrupted) {
                    f.complete(Optional.empty());
                } else if (!Arrays.equals(tipRef().hash(), currentTip)) {
                    f.complete(Optional.of(tipRef()));
                } else {
                    waiters.add(new Waiter(currentTip, f));
                    long ms = timeout == null ? TimeUnit.DAYS.toMillis(1) : timeout.toMillis();
                    exec.schedule(() -> {
                        synchronized (FakeNodeClient.this) {
                            waiters.removeIf(w -> w.future() == f);
                        }
                        f.complete(Optional.of(tipRef()));
                    }, ms, TimeUnit.MILLISECONDS);
                }
            }
            // complete on another thread, as the real client does
            CompletableFuture<Optional<BlockRef>> out = f.whenCompleteAsync((r, e) -> { }, exec);
            out.whenComplete((r, e) -> emit("Mining", "waitTipChanged", start, System.nanoTime() - t0,
                    e == null ? "ok" : "disconnected"));
            return out;
        }

        @Override
        public CompletableFuture<Optional<BlockTemplate>> createNewBlock(BlockCreateOptions options, boolean cooldown) {
            return answer("Mining", "createNewBlock", () -> interrupted ? Optional.empty() : Optional.of(newTemplate()));
        }

        @Override
        public CompletableFuture<BlockCheckResult> checkBlock(byte[] block, BlockCheckOptions options) {
            return answer("Mining", "checkBlock", () -> {
                org.bitcoinfx.ipc.primitives.RawBlock b;
                try {
                    b = org.bitcoinfx.ipc.primitives.RawBlock.parse(block);
                } catch (IllegalArgumentException e) {
                    throw new IpcException(IpcException.Type.FAILED, "std::exception: Block decode failed: " + e.getMessage());
                }
                return connect(b, null, options.checkMerkleRoot(), options.checkPow(), false);
            });
        }

        @Override
        public CompletableFuture<Void> interrupt() {
            return answer("Mining", "interrupt", () -> {
                List<Waiter> wake;
                synchronized (FakeNodeClient.this) {
                    interrupted = true;
                    wake = new ArrayList<>(waiters);
                    waiters.clear();
                }
                wake.forEach(w -> w.future().complete(Optional.empty()));
                return null;
            });
        }

        @Override
        public CompletableFuture<BlockCheckResult> submitBlock(byte[] block) {
            return unimplemented("submitBlock");
        }

        @Override
        public CompletableFuture<List<byte[]>> getTransactionsByTxID(List<byte[]> txids) {
            return unimplemented("getTransactionsByTxID");
        }

        @Override
        public CompletableFuture<List<byte[]>> getTransactionsByWitnessID(List<byte[]> wtxids) {
            return unimplemented("getTransactionsByWitnessID");
        }

        private <T> CompletableFuture<T> unimplemented(String m) {
            return answer("Mining", m, () -> {
                throw new IpcException(IpcException.Type.UNIMPLEMENTED, "the fake node does not do " + m);
            });
        }
    }

    private final class FakeRpc implements RpcClient {
        private final ServerThread thread;

        FakeRpc(ServerThread thread) {
            this.thread = thread;
        }

        @Override
        public CompletableFuture<JsonNode> callSecret(String wallet, String method, Object... params) {
            secretCalls.add(wallet == null ? method : wallet + "/" + method);
            return RpcClient.super.callSecret(wallet, method, params);
        }

        @Override
        public CompletableFuture<JsonNode> call(String method, Object... params) {
            threadCalls.add(thread + ":" + method);
            rpcCalls.add(method);
            List<JsonNode> p = new ArrayList<>();
            for (Object o : params) {
                p.add(JSON.valueToTree(o));
            }
            CompletableFuture<JsonNode> a = answer("Rpc", "executeRpc", () -> dispatch(method, p));
            CompletableFuture<Void> gate = held.get(method);
            return gate == null ? a : a.thenCombine(gate, (v, x) -> v);
        }

        @Override
        public CompletableFuture<JsonNode> callWallet(String wallet, String method, Object... params) {
            threadCalls.add(thread + ":" + wallet + "/" + method);
            rpcCalls.add(wallet + "/" + method);
            List<JsonNode> p = new ArrayList<>();
            for (Object o : params) {
                p.add(JSON.valueToTree(o));
            }
            return answer("Rpc", "executeRpc", () -> {
                synchronized (FakeNodeClient.this) {
                    try {
                        return wallets.dispatchWallet(wallet, method, p);
                    } catch (JsonRpcException e) {
                        if (e.code() != -32601) {
                            throw e;
                        }
                        // as bitcoind: a wallet endpoint also serves the node's own methods
                        return dispatch(method, p);
                    }
                }
            });
        }

        @Override
        public CompletableFuture<String> executeRaw(String request, String uri) {
            return answer("Rpc", "executeRpc", () -> "{\"result\":null,\"error\":null,\"id\":1}");
        }
    }

    private JsonNode dispatch(String method, List<JsonNode> p) {
        synchronized (this) {
            return switch (method) {
                case "getblockchaininfo" -> blockchainInfo();
                case "getnetworkinfo" -> networkInfo();
                case "getpeerinfo" -> peerInfo();
                case "getnettotals" -> netTotals();
                case "getmempoolinfo" -> JSON.createObjectNode().put("loaded", true).put("size", mempoolTx)
                        .put("bytes", mempoolTx * 141L).put("usage", mempoolTx * 1024L).put("total_fee", mempoolTx * 0.00000282)
                        .put("maxmempool", 300_000_000).put("mempoolminfee", 0.00001).put("minrelaytxfee", 0.00001);
                case "getbestblockhash" -> JSON.getNodeFactory().textNode(chain.get(chain.size() - 1).hashHex());
                case "getblockcount" -> JSON.getNodeFactory().numberNode(chain.size() - 1);
                case "getblockhash" -> {
                    int h = param(p, 0, "height").asInt(-1);
                    if (h < 0 || h >= chain.size()) {
                        throw new JsonRpcException(-8, "Block height out of range");
                    }
                    yield JSON.getNodeFactory().textNode(chain.get(h).hashHex());
                }
                case "getblock" -> {
                    Block b = byHash(param(p, 0, "blockhash").asText());
                    int verbosity = p.size() > 1 ? p.get(1).asInt(1) : 1;
                    if (verbosity == 0) {
                        yield JSON.getNodeFactory().textNode("00".repeat(80));
                    }
                    yield blockJson(b, true);
                }
                case "getblockheader" -> blockJson(byHash(param(p, 0, "blockhash").asText()), false);
                case "getblockstats" -> {
                    JsonNode id = param(p, 0, "hash_or_height");
                    Block b = id.isNumber() ? chain.get(id.asInt()) : byHash(id.asText());
                    yield JSON.createObjectNode().put("height", b.height()).put("blockhash", b.hashHex())
                            .put("totalfee", b.feeSat()).put("txs", b.nTx()).put("total_size", b.size())
                            .put("total_weight", b.weight());
                }
                case "setnetworkactive" -> {
                    boolean on = param(p, 0, "state").asBoolean();
                    setNetworkActiveCalls.add(on);
                    networkActive = on;
                    yield JSON.getNodeFactory().booleanNode(on);
                }
                case "uptime" -> JSON.getNodeFactory().numberNode(Instant.now().getEpochSecond() - startTime);
                case "getrawmempool" -> {
                    ArrayNode a = JSON.createArrayNode();
                    mempool.forEach(e -> a.add(Hashes.displayHex(e.tx().txid())));
                    yield a;
                }
                case "help" -> {
                    if (!p.isEmpty()) {
                        yield JSON.getNodeFactory().textNode(p.get(0).asText() + " ...\n\nHelp for " + p.get(0).asText() + ".");
                    }
                    yield JSON.getNodeFactory().textNode(HELP);
                }
                case "stop" -> JSON.getNodeFactory().textNode("Bitcoin Core stopping");
                default -> wallets.dispatch(method, p);
            };
        }
    }

    private static JsonNode param(List<JsonNode> p, int i, String name) {
        if (p.size() <= i) {
            throw new JsonRpcException(-1, "missing required parameter \"" + name + "\"");
        }
        return p.get(i);
    }

    private Block byHash(String hex) {
        for (Block b : chain) {
            if (b.hashHex().equals(hex)) {
                return b;
            }
        }
        if (hex.length() != 64) {
            throw new JsonRpcException(-8, "blockhash must be of length 64 (not " + hex.length() + ", for '" + hex + "')");
        }
        throw new JsonRpcException(-5, "Block not found");
    }

    private ObjectNode blockJson(Block b, boolean full) {
        ObjectNode o = JSON.createObjectNode();
        o.put("hash", b.hashHex());
        o.put("confirmations", chain.size() - b.height());
        o.put("height", b.height());
        o.put("version", 536870912);
        o.put("versionHex", "20000000");
        o.put("merkleroot", "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b");
        o.put("time", b.time());
        o.put("mediantime", b.time() - 300);
        o.put("nonce", 0);
        o.put("bits", "207fffff");
        o.put("difficulty", 4.656542373906925e-10);
        o.put("chainwork", String.format("%064x", (b.height() + 1) * 2L));
        o.put("nTx", b.nTx());
        if (b.height() > 0) {
            o.put("previousblockhash", chain.get(b.height() - 1).hashHex());
        }
        if (b.height() + 1 < chain.size()) {
            o.put("nextblockhash", chain.get(b.height() + 1).hashHex());
        }
        if (full) {
            o.put("strippedsize", b.size() * 3 / 4);
            o.put("size", b.size());
            o.put("weight", b.weight());
            ArrayNode tx = o.putArray("tx");
            tx.add(String.format("%064x", b.height()));
        }
        return o;
    }

    private ObjectNode blockchainInfo() {
        Block tip = chain.get(chain.size() - 1);
        ObjectNode o = JSON.createObjectNode();
        o.put("chain", chainName);
        o.put("blocks", tip.height());
        o.put("headers", tip.height() + headersAhead);
        o.put("bestblockhash", tip.hashHex());
        o.put("bits", "207fffff");
        o.put("target", "7fffff0000000000000000000000000000000000000000000000000000000000");
        o.put("difficulty", 4.656542373906925e-10);
        o.put("time", tip.time());
        o.put("mediantime", tip.time() - 300);
        o.put("verificationprogress", headersAhead > 0 ? (double) tip.height() / (tip.height() + headersAhead) : 1.0);
        o.put("initialblockdownload", headersAhead > 0);
        o.put("chainwork", String.format("%064x", (tip.height() + 1) * 2L));
        o.put("size_on_disk", 293L * chain.size() + tip.height() * 2000L);
        o.put("pruned", false);
        o.putArray("warnings");
        return o;
    }

    private ObjectNode networkInfo() {
        ObjectNode o = JSON.createObjectNode();
        o.put("version", 310000);
        o.put("subversion", "/Satoshi:31.0.0/");
        o.put("protocolversion", 70016);
        o.put("localservices", "0000000000000c09");
        o.put("localrelay", true);
        o.put("timeoffset", 0);
        o.put("networkactive", networkActive);
        int n = networkActive ? 3 : 0;
        o.put("connections", n);
        o.put("connections_in", networkActive ? 1 : 0);
        o.put("connections_out", networkActive ? 2 : 0);
        o.putArray("networks");
        o.put("relayfee", 0.00001);
        o.put("incrementalfee", 0.00001);
        o.putArray("localaddresses");
        o.putArray("warnings");
        return o;
    }

    private ArrayNode peerInfo() {
        ArrayNode a = JSON.createArrayNode();
        if (!networkActive) {
            return a;
        }
        String[][] peers = {
            {"0", "127.0.0.1:18444", "not_publicly_routable", "/Satoshi:31.0.0/", "false", "outbound-full-relay"},
            {"1", "203.0.113.7:18444", "ipv4", "/Satoshi:30.0.0/", "false", "block-relay-only"},
            {"2", "[2001:db8::1]:52814", "ipv6", "/Satoshi:29.1.0/", "true", "inbound"},
        };
        long now = Instant.now().getEpochSecond();
        for (String[] p : peers) {
            ObjectNode o = a.addObject();
            int id = Integer.parseInt(p[0]);
            o.put("id", id);
            o.put("addr", p[1]);
            o.put("network", p[2]);
            o.putArray("servicesnames").add("NETWORK").add("WITNESS").add("NETWORK_LIMITED").add("P2P_V2");
            o.put("relaytxes", !p[5].equals("block-relay-only"));
            o.put("lastsend", now - 2);
            o.put("lastrecv", now - 1);
            o.put("bytessent", 12_345L * (id + 1) + totalSent / 10);
            o.put("bytesrecv", 45_678L * (id + 1) + totalRecv / 10);
            o.put("conntime", startTime - 60L * (id + 1));
            o.put("timeoffset", 0);
            o.put("pingtime", new double[] {0.012, 0.043, 0.074}[id]);
            o.put("minping", new double[] {0.01, 0.04, 0.07}[id]);
            o.put("version", 70016);
            o.put("subver", p[3]);
            o.put("inbound", Boolean.parseBoolean(p[4]));
            o.put("startingheight", Math.max(0, height() - 10));
            o.put("synced_headers", height());
            o.put("synced_blocks", height());
            o.put("connection_type", p[5]);
            o.put("transport_protocol_type", id == 1 ? "v1" : "v2");
            o.put("minfeefilter", 0.00001);
        }
        return a;
    }

    private ObjectNode netTotals() {
        if (networkActive) {
            totalRecv += 2_000 + ThreadLocalRandom.current().nextInt(30_000);
            totalSent += 1_000 + ThreadLocalRandom.current().nextInt(12_000);
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("totalbytesrecv", totalRecv);
        o.put("totalbytessent", totalSent);
        o.put("timemillis", System.currentTimeMillis());
        return o;
    }

    /** A {@code help} reply, abridged. */
    static final String HELP = String.join("\n",
            "== Blockchain ==", "getbestblockhash", "getblock \"blockhash\" ( verbosity )", "getblockchaininfo",
            "getblockcount", "getblockhash height", "getblockheader \"blockhash\" ( verbose )",
            "getblockstats hash_or_height ( stats )", "getmempoolinfo", "", "== Control ==", "help ( \"command\" )",
            "stop", "uptime", "", "== Network ==", "getnettotals", "getnetworkinfo", "getpeerinfo",
            "setnetworkactive state", "", "== Wallet ==", "getbalance", "getwalletinfo", "listwallets");
}
