package org.bitcoinfx.gui.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.bitcoinfx.gui.fake.RecordingNodeClient;
import org.bitcoinfx.gui.wallet.AddressType;
import org.bitcoinfx.gui.wallet.Balances;
import org.bitcoinfx.gui.wallet.FeeChoice;
import org.bitcoinfx.gui.wallet.Passphrase;
import org.bitcoinfx.gui.wallet.SendInterruptedException;
import org.bitcoinfx.gui.wallet.SendPreview;
import org.bitcoinfx.gui.wallet.SendRequest;
import org.bitcoinfx.gui.wallet.WalletService;
import org.bitcoinfx.ipc.DisconnectedException;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.node.Chain;
import org.bitcoinfx.node.NodeLocator;
import org.bitcoinfx.node.NodeState;
import org.bitcoinfx.node.fake.FakeNode;
import org.bitcoinfx.node.fake.FakeNodeLauncherScript;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of bitcoin-node at seeded random moments (issue #13, "Kill at random points"),
 * through the real {@link BundledNodeBackend}: against a FakeNode process in every build, and against
 * a real regtest node when {@code BITCOIN_NODE} is set. Each point picks a phase and a delay:
 * <ul>
 *   <li>{@code start} — during start-up or the RPC warm-up (the child is killed as soon as it runs, after the delay);</li>
 *   <li>{@code waitTipChanged} — while READY with a {@code Mining.waitTipChanged} pending on the node;</li>
 *   <li>{@code waitNext} — with a {@code BlockTemplate.waitNext} pending on a template just made ({@code createNewBlock});</li>
 *   <li>{@code wallet} — right after {@code createwallet} was sent (its answer may or may not have come);</li>
 *   <li>{@code send} — during a wallet send through {@link WalletService} from an encrypted, funded wallet,
 *       up to 30 ms after one of its calls was made: funding ({@code walletcreatefundedpsbt},
 *       {@code analyzepsbt}), unlocking, signing, locking again or broadcasting ({@code sendrawtransaction});</li>
 *   <li>{@code loadwallet} — right after {@code loadwallet} of that wallet (unloaded just before) was sent;</li>
 *   <li>{@code stop} — while a clean stop ({@code stop} RPC, then SIGTERM) is under way.</li>
 * </ul>
 * After each kill: the backend shows what happened (a problem state naming the signal or the
 * failed start, or STOPPED when the stop was under way), every pending call fails with
 * {@link DisconnectedException} (none hangs), no runtime directory is left, and a new start on the
 * same datadir reaches READY with a new pid. On the real node, every block mined and flushed
 * before a kill is still there after the restart (the datadir stays usable; a kill may lose only
 * what was not flushed yet, as Bitcoin Core's own crash recovery allows). And the wallet loses nothing:
 * after a kill during a send or a {@code loadwallet}, the restarted node loads the wallet again
 * (locked), a send that answered a txid is in the wallet and confirms, a send that failed with
 * {@link SendInterruptedException} "nothing was sent" left no transaction, one that "may have been sent"
 * left at most that one, and the balance is the one before less what the wallet sent (amount and fee).
 * Each point prints a row: the seed
 * ({@code -Dbitcoinfx.killSeed}) reproduces a run.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class NodeKillTest {
    static final long SEED = Long.getLong("bitcoinfx.killSeed", 20261206L);
    /** Kill points per node kind: 50, as the issue asks. */
    static final int POINTS = Integer.getInteger("bitcoinfx.killPoints", 50);
    static final long WAIT_S = 90;
    /** A valid regtest address to mine to (no wallet needed). */
    static final String PAYOUT = FakeNode.DEFAULT_PAYOUT;

    enum Phase { START, WAIT_TIP_CHANGED, WAIT_NEXT, WALLET, SEND, LOAD_WALLET, STOP }

    /** The encrypted wallet the {@code send} and {@code loadwallet} points use. */
    static final String W = "kill-wallet";
    private static final char[] PASS = "kill test passphrase".toCharArray();
    /** The calls of a send from an encrypted wallet, in order ({@link WalletService#preview}, {@link WalletService#send}). */
    static final List<String> SEND_STAGES = List.of("walletcreatefundedpsbt", "analyzepsbt", "walletpassphrase", "walletprocesspsbt",
            "walletlock", "sendrawtransaction");
    /** {@code MAX_MONEY}, sat: a {@code waitNext} fee threshold that only a new tip meets. */
    static final long MAX_MONEY_SAT = 21_000_000L * 100_000_000L;
    /** What each {@code send} point pays to {@link #PAYOUT}, sat. */
    static final long SEND_SAT = 1_000_000L;

    /** What a restarted node's wallet must show after a kill during a send or a loadwallet. */
    private record WalletExpectation(long totalSat, Set<String> txids, String sentTxid, boolean maybeSent, long debitSat) {
    }

    @TempDir
    Path tmp;

    @Test
    void fakeNodeKilledAtRandomPointsRecoversEveryTime() throws Exception {
        Path script = FakeNodeLauncherScript.write(tmp.resolve("bin"), List.of("-fakeblocks=101", "-fakestartdelay=200"));
        run(script, false);
    }

    @Test
    void realNodeKilledAtRandomPointsRecoversEveryTimeAndKeepsItsChain() throws Exception {
        String env = System.getenv("BITCOIN_NODE");
        Assumptions.assumeTrue(env != null && !env.isBlank(), "BITCOIN_NODE not set: no real bitcoin-node to kill");
        run(Path.of(env), true);
    }

    private void run(Path binary, boolean real) throws Exception {
        Path runDir = Files.createDirectories(tmp.resolve("run"));
        NodeLocator locator = new NodeLocator(Map.of("BITCOIN_NODE", binary.toString()), null, null, null, Duration.ofSeconds(30));
        BundledNodeBackend b = new BundledNodeBackend(locator, IpcNodeClient::connect, runDir, Duration.ofSeconds(WAIT_S));
        NodeSettings settings = NodeSettings.of(Chain.REGTEST, tmp.resolve("dd"), 0, null, List.of("-listen=0"));
        Random rnd = new Random(SEED);
        List<String> rows = new ArrayList<>();
        long minedHeight = -1;
        long lastPid = -1;
        WalletExpectation expect = null;
        try {
            for (int i = 0; i < POINTS; i++) {
                Phase phase = Phase.values()[rnd.nextInt(Phase.values().length)];
                int delayMs = rnd.nextInt(phase == Phase.START ? 1500 : phase == Phase.SEND ? 30 : 300);
                // a send is killed the given delay after one of its calls was made
                String sendStage = phase == Phase.SEND ? SEND_STAGES.get(rnd.nextInt(SEND_STAGES.size())) : null;
                String outcome;
                if (phase == Phase.START) {
                    CompletableFuture<NodeClient> started = b.start(settings);
                    ProcessHandle child = awaitNewChild(b, lastPid);
                    lastPid = child.pid();
                    sleepUpTo(delayMs, () -> started.isDone());
                    child.destroyForcibly();
                    NodeClient c = settle(started);
                    awaitState(b, s -> s.isProblem(), "a problem state after a kill during start-up");
                    assertTrue(b.status().message().contains("killed by signal 9 (SIGKILL)"), "the kill is named: " + b.status().message());
                    if (c != null) {
                        assertFailsDisconnected(c.echo("after the kill"));
                        c.close();
                    }
                    outcome = b.status().state() + ": " + firstLine(b.status().message());
                } else {
                    NodeClient c = ensureReady(b, settings);
                    ProcessHandle child = b.child().orElseThrow();
                    assertNotEquals(lastPid, child.pid(), "a new process after the restart");
                    lastPid = child.pid();
                    if (real) {
                        long height = c.rpc().call("getblockcount").get(WAIT_S, TimeUnit.SECONDS).asLong();
                        assertTrue(height >= minedHeight, "the flushed chain survives a kill: height " + height + " < " + minedHeight);
                        if (expect != null) {
                            rows.add("    after the restart: " + checkWallet(c, expect));
                        }
                        minedHeight = mineAndFlush(c, PAYOUT, 1);
                    }
                    expect = null;
                    RecordingNodeClient recording = new RecordingNodeClient(c); // to see which call of a send was made
                    WalletService ws = new WalletService(recording);
                    AtomicReference<SendPreview> previewed = new AtomicReference<>();
                    WalletExpectation before = null;
                    if (phase == Phase.SEND || phase == Phase.LOAD_WALLET) {
                        long funded = ensureWallet(c, ws, real);
                        minedHeight = Math.max(minedHeight, funded);
                        before = new WalletExpectation(total(ws), txids(ws), null, false, 0);
                        if (phase == Phase.LOAD_WALLET) {
                            ws.unloadWallet(W).get(WAIT_S, TimeUnit.SECONDS);
                        }
                    }
                    CompletableFuture<?> pending = switch (phase) {
                        case WAIT_TIP_CHANGED -> c.mining().getTip().thenCompose(tip -> c.mining().waitTipChanged(tip.orElseThrow().hash(), Duration.ofSeconds(600)));
                        case WAIT_NEXT -> c.mining().createNewBlock(org.bitcoinfx.ipc.BlockCreateOptions.DEFAULT, false)
                                .thenCompose(t -> t.orElseThrow().waitNext(MAX_MONEY_SAT, Duration.ofSeconds(600)));
                        case WALLET -> c.rpc().call("createwallet", "kill-" + i);
                        case SEND -> {
                            Passphrase pass = new Passphrase(PASS.clone());
                            CompletableFuture<String> sent = ws.preview(W, new SendRequest(PAYOUT, SEND_SAT, false, FeeChoice.rate(new BigDecimal("2")), ""))
                                    .thenCompose(p -> {
                                        previewed.set(p);
                                        return ws.send(W, p, pass);
                                    });
                            sent.whenComplete((v, e) -> pass.close());
                            yield sent;
                        }
                        case LOAD_WALLET -> ws.loadWallet(W);
                        case STOP -> b.stop();
                        default -> throw new IllegalStateException();
                    };
                    if (sendStage != null) {
                        waitFor(() -> recording.rpcCount(sendStage) > 0 || pending.isDone(), sendStage + " made");
                    }
                    sleepUpTo(delayMs, pending::isDone);
                    child.destroyForcibly();
                    String walletOutcome = sendStage == null ? "" : " [after " + sendStage + "]";
                    if (phase == Phase.STOP) {
                        pending.get(WAIT_S, TimeUnit.SECONDS); // the stop ends once the process is gone
                        awaitState(b, s -> s == NodeState.STOPPED, "STOPPED after a kill during the stop");
                    } else {
                        awaitState(b, s -> s == NodeState.CRASHED, "CRASHED after a kill while READY");
                        assertEquals(137, b.status().exitCode());
                        assertTrue(b.status().message().endsWith("was killed by signal 9 (SIGKILL)"), b.status().message());
                        if (phase == Phase.WAIT_TIP_CHANGED || phase == Phase.WAIT_NEXT) {
                            // a wait never answers after a kill: it must fail, not hang (createNewBlock may be what was pending)
                            assertFailsDisconnected(pending);
                        } else if (phase == Phase.SEND) {
                            SendPreview p = previewed.get();
                            String txid = null;
                            boolean maybe = false;
                            try {
                                txid = (String) pending.get(WAIT_S, TimeUnit.SECONDS);
                                walletOutcome += " (sent " + txid.substring(0, 8) + "…)";
                            } catch (ExecutionException e) {
                                Throwable cause = org.bitcoinfx.gui.util.Fx.unwrap(e);
                                if (cause instanceof SendInterruptedException si) {
                                    maybe = si.maybeBroadcast();
                                    walletOutcome += maybe ? " (send: may have been sent)" : " (send: nothing sent)";
                                } else {
                                    // lost while funding, before the send began: nothing was even signed
                                    assertTrue(cause instanceof DisconnectedException && p == null, "a send failed with " + cause);
                                    walletOutcome += " (send: lost while funding)";
                                }
                            }
                            long debit = p == null ? 0 : p.amountSat() + p.feeSat();
                            expect = new WalletExpectation(before.totalSat(), before.txids(), txid, maybe, debit);
                        } else if (phase == Phase.LOAD_WALLET) {
                            walletOutcome = settle(pending) == null ? " (loadwallet: no answer)" : " (loadwallet: answered)";
                            expect = before;
                        } else {
                            settle(pending); // createwallet may have answered before the kill
                        }
                        assertFailsDisconnected(c.echo("after the kill"));
                    }
                    c.close();
                    outcome = b.status().state() + ": " + firstLine(b.status().message()) + walletOutcome;
                    if (!real) {
                        expect = null; // a FakeNode keeps its wallets in memory only: nothing to find after a restart
                    }
                }
                assertTrue(child(b).map(h -> !h.isAlive()).orElse(true));
                awaitNoRuntimeDir(runDir);
                rows.add(String.format("%2d  %-16s %5d ms  %s", i, phase.name().toLowerCase(java.util.Locale.ROOT), delayMs, outcome));
            }
            // and it starts again, as after every kill
            NodeClient c = ensureReady(b, settings);
            if (real) {
                long height = c.rpc().call("getblockcount").get(WAIT_S, TimeUnit.SECONDS).asLong();
                assertTrue(height >= minedHeight, "the flushed chain survives the kills: " + height + " < " + minedHeight);
                if (expect != null) {
                    rows.add("    after the restart: " + checkWallet(c, expect));
                }
                rows.add("chain after the last restart: height " + height + " (mined up to " + minedHeight + ")");
            }
            c.close();
            b.stop().get(WAIT_S, TimeUnit.SECONDS);
            assertEquals(NodeState.STOPPED, b.status().state());
        } finally {
            System.out.println("NodeKillTest (" + (real ? "real node" : "FakeNode") + ", seed " + SEED + "):\n  " + String.join("\n  ", rows));
            b.kill();
        }
    }

    /**
     * Makes {@link #W} loaded and funded: loads it if it is on disk, else creates it (encrypted, loaded on
     * start-up, as the Wallet page does) and mines 101 blocks to it.
     *
     * @return the height flushed to disk, or -1 if nothing was mined
     */
    private static long ensureWallet(NodeClient c, WalletService ws, boolean real) throws Exception {
        if (ws.listWallets().get(WAIT_S, TimeUnit.SECONDS).contains(W)) {
            return -1;
        }
        if (ws.listWalletDir().get(WAIT_S, TimeUnit.SECONDS).contains(W)) {
            ws.loadWallet(W).get(WAIT_S, TimeUnit.SECONDS);
            return -1;
        }
        try (Passphrase p = new Passphrase(PASS.clone())) {
            ws.createWallet(W, p).get(WAIT_S, TimeUnit.SECONDS);
        }
        String address = ws.newAddress(W, "", AddressType.BECH32).get(WAIT_S, TimeUnit.SECONDS);
        return real ? mineAndFlush(c, address, 101) : c.rpc().call("generatetoaddress", 101, address).get(WAIT_S, TimeUnit.SECONDS).size();
    }

    /**
     * Mines {@code n} blocks to {@code address}, then flushes the chainstate: a block is durable once
     * flushed (a kill -9 may lose the blocks after the last flush, which a node fetches again from
     * peers); {@code gettxoutsetinfo} forces that flush (BC {@code src/rpc/blockchain.cpp}
     * {@code gettxoutsetinfo}: {@code ForceFlushStateToDisk}).
     *
     * @return the flushed height
     */
    private static long mineAndFlush(NodeClient c, String address, int n) throws Exception {
        c.rpc().call("generatetoaddress", n, address).get(WAIT_S, TimeUnit.SECONDS);
        return c.rpc().call("gettxoutsetinfo").get(WAIT_S, TimeUnit.SECONDS).path("height").asLong();
    }

    /** @return the wallet's balance, trusted + untrusted pending + immature, sat */
    private static long total(WalletService ws) throws Exception {
        Balances b = ws.balances(W).get(WAIT_S, TimeUnit.SECONDS);
        return b.trustedSat() + b.untrustedPendingSat() + b.immatureSat();
    }

    /** @return the txids of every transaction in the wallet */
    private static Set<String> txids(WalletService ws) throws Exception {
        Set<String> ids = new HashSet<>();
        ws.listTransactions(W, 100_000, 0).get(WAIT_S, TimeUnit.SECONDS).forEach(t -> ids.add(t.txid()));
        return ids;
    }

    /**
     * The wallet after a restart on the real node (see the class comment): loaded again, locked, its
     * transactions those before plus at most the send (exactly it if the send answered, none if
     * nothing was sent); a send it has reaches the mempool (the wallet resubmits it on load) and is
     * mined; the balance is the one before less what was sent.
     *
     * @return a row for the report
     */
    private static String checkWallet(NodeClient c, WalletExpectation want) throws Exception {
        WalletService ws = new WalletService(c);
        assertTrue(ws.listWallets().get(WAIT_S, TimeUnit.SECONDS).contains(W), "the wallet loads again on start-up");
        assertEquals(0, ws.walletInfo(W).get(WAIT_S, TimeUnit.SECONDS).unlockedUntil(), "the wallet is locked after a kill");
        Set<String> now = txids(ws);
        assertTrue(now.containsAll(want.txids()), "every transaction before the kill is still in the wallet");
        Set<String> added = new HashSet<>(now);
        added.removeAll(want.txids());
        assertTrue(added.size() <= 1, "at most the one send is new: " + added);
        if (want.sentTxid() != null) {
            assertEquals(Set.of(want.sentTxid()), added, "a send that answered its txid is in the wallet");
        } else if (!want.maybeSent()) {
            assertEquals(Set.of(), added, "a send that said nothing was sent left no transaction");
        }
        if (added.isEmpty()) {
            assertEquals(want.totalSat(), total(ws), "nothing sent, nothing spent");
            return "wallet " + W + " loaded, locked, " + want.txids().size() + " transactions, balance unchanged";
        }
        String txid = added.iterator().next();
        // the wallet puts its unconfirmed transactions back in the mempool when it is loaded (CWallet::postInitProcess)
        waitFor(() -> {
            try {
                return c.rpc().call("getrawmempool").get(WAIT_S, TimeUnit.SECONDS).toString().contains(txid);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, "the wallet's send " + txid + " back in the mempool");
        mineAndFlush(c, PAYOUT, 1);
        assertTrue(ws.transaction(W, txid).get(WAIT_S, TimeUnit.SECONDS).path("confirmations").asLong() >= 1, "the send is mined");
        assertEquals(want.totalSat() - want.debitSat(), total(ws), "the balance less the amount and fee sent");
        return "wallet " + W + " loaded, locked, send " + txid.substring(0, 8) + "… mined, balance less " + want.debitSat() + " sat";
    }

    /** Starts the node if it is not READY (after a kill it is CRASHED, ERROR or STOPPED) and waits for READY. */
    private static NodeClient ensureReady(BundledNodeBackend b, NodeSettings settings) throws Exception {
        NodeState st = b.status().state();
        assertFalse(st.isActive(), "nothing running before a restart: " + st);
        return b.start(settings).get(WAIT_S, TimeUnit.SECONDS);
    }

    private static ProcessHandle awaitNewChild(BundledNodeBackend b, long lastPid) throws InterruptedException {
        waitFor(() -> child(b).map(h -> h.pid() != lastPid && h.isAlive()).orElse(false), "the child to be spawned");
        return b.child().orElseThrow();
    }

    private static java.util.Optional<ProcessHandle> child(BundledNodeBackend b) {
        return b.child();
    }

    private static void awaitState(BundledNodeBackend b, Predicate<NodeState> want, String what) throws InterruptedException {
        waitFor(() -> want.test(b.status().state()) && b.child().map(h -> !h.isAlive()).orElse(true), what + " (now " + b.status() + ")");
    }

    private static void awaitNoRuntimeDir(Path runDir) throws InterruptedException {
        waitFor(() -> {
            try (Stream<Path> s = Files.list(runDir)) {
                return s.findAny().isEmpty();
            } catch (IOException e) {
                return false;
            }
        }, "no runtime directory left in " + runDir);
    }

    /** @return the future's value, or null if it failed (either is fine); fails the test only if it hangs */
    private static <T> T settle(CompletableFuture<T> f) throws InterruptedException, java.util.concurrent.TimeoutException {
        try {
            return f.get(WAIT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return null;
        }
    }

    private static void assertFailsDisconnected(CompletableFuture<?> f) throws Exception {
        try {
            f.get(WAIT_S, TimeUnit.SECONDS);
            throw new AssertionError("a call on a killed node's connection answered");
        } catch (ExecutionException e) {
            Throwable c = e.getCause() instanceof java.util.concurrent.CompletionException && e.getCause().getCause() != null
                    ? e.getCause().getCause() : e.getCause();
            assertTrue(c instanceof DisconnectedException, "failed with " + c);
        }
    }

    /**
     * Waits {@code ms} or until {@code done}: the delay picks the moment of the kill, it is not a
     * synchronisation (the test then waits for the node's own state).
     */
    private static void sleepUpTo(int ms, BooleanSupplier done) throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            never.await(Math.min(10, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))), TimeUnit.MILLISECONDS);
        }
    }

    private static void waitFor(BooleanSupplier cond, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        CountDownLatch never = new CountDownLatch(1);
        while (!cond.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within " + WAIT_S + " s: " + what);
            never.await(20, TimeUnit.MILLISECONDS);
        }
    }

    private static String firstLine(String s) {
        return s.lines().findFirst().orElse("");
    }
}
