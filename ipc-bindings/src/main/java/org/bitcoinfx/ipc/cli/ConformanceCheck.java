package org.bitcoinfx.ipc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.BlockCheckOptions;
import org.bitcoinfx.ipc.BlockCheckResult;
import org.bitcoinfx.ipc.BlockCreateOptions;
import org.bitcoinfx.ipc.BlockRef;
import org.bitcoinfx.ipc.BlockTemplate;
import org.bitcoinfx.ipc.CoinbaseTx;
import org.bitcoinfx.ipc.IpcException;
import org.bitcoinfx.ipc.IpcNodeClient;
import org.bitcoinfx.ipc.JsonRpcException;
import org.bitcoinfx.ipc.RemoteException;

/**
 * {@code bitcoinfx-ipc check}: calls every method of Init, Echo, Mining, BlockTemplate and Rpc
 * that the node serves and holds each result to an invariant taken from Bitcoin Core's own
 * behaviour (BC {@code src/interfaces/mining.h}, {@code src/node/interfaces.cpp},
 * {@code test/functional/interface_ipc*.py}). Prints a table; any FAIL makes the exit status 1.
 * On chains other than regtest, checks that would change the chain are skipped, saying so.
 *
 * <p>A v31.99 node whose schema predates methods added to Bitcoin Core master after the 31.x branch
 * ({@code Mining.submitBlock @7} 2026-05-26, {@code getTransactionsByTxID @8}/{@code ByWitnessID @9}
 * 2026-05-28, {@code BlockTemplate.submitSolution @10} 2026-06-16) answers them UNIMPLEMENTED: their
 * rows are skipped as {@value #OLDER_SCHEMA}, not failed, as the app does without them.
 */
public final class ConformanceCheck {
    /** One row of the table. */
    public record Row(String check, String status, String detail) {
    }

    /** The detail of a row whose method the node's schema lacks (it answered UNIMPLEMENTED). */
    public static final String OLDER_SCHEMA = "not served by this node (older schema)";

    private final IpcNodeClient client;
    private final Path socket;
    private final PrintStream out;
    private final List<Row> rows = new ArrayList<>();
    private String chain = "?";

    /** @param client a connected client; @param socket its socket, to open a second connection for the interrupt checks */
    public ConformanceCheck(IpcNodeClient client, Path socket, PrintStream out) {
        this.client = client;
        this.socket = socket;
        this.out = out;
    }

    @FunctionalInterface
    interface Check {
        String run() throws Exception;
    }

    private static final class Skip extends RuntimeException {
        Skip(String why) {
            super(why);
        }
    }

    private void check(String name, Check c) {
        try {
            String detail = c.run();
            rows.add(new Row(name, "PASS", detail == null ? "" : detail));
        } catch (Skip s) {
            rows.add(new Row(name, "SKIP", s.getMessage()));
        } catch (AssertionError e) {
            rows.add(new Row(name, "FAIL", e.getMessage()));
        } catch (ExecutionException e) {
            rows.add(new Row(name, "FAIL", String.valueOf(e.getCause())));
        } catch (Exception e) {
            rows.add(new Row(name, "FAIL", e.toString()));
        }
    }

    private static void expect(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    /**
     * As {@link #get}, but an UNIMPLEMENTED answer (an ordinal the node's schema lacks) skips the row
     * as {@value #OLDER_SCHEMA}, naming {@code method}.
     */
    private static <T> T getServed(CompletableFuture<T> f, String method) throws Exception {
        try {
            return get(f);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RemoteException r && r.type() == IpcException.Type.UNIMPLEMENTED) {
                throw new Skip(OLDER_SCHEMA + ": " + method + " answered UNIMPLEMENTED");
            }
            throw e;
        }
    }

    private static Throwable failure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(30, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    /** @return the rows of the checks run so far, in order */
    public List<Row> rows() {
        return List.copyOf(rows);
    }

    /** Runs every check and prints the table. @return 0 if none failed, else 1 */
    public int run() {
        List<Row> result = runChecks();
        print(result);
        return result.stream().anyMatch(r -> r.status().equals("FAIL")) ? 1 : 0;
    }

    /** Runs every check; the rows in order. */
    public List<Row> runChecks() {
        boolean[] regtest = {false};
        check("Rpc warm-up over (no -28)", () -> {
            // a node just started answers IPC before its RPC warm-up ends (-28); checks start after it
            long t0 = System.nanoTime();
            client.rpc().awaitWarmup(Duration.ofSeconds(60)).get(90, TimeUnit.SECONDS);
            return "waited " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms";
        });
        check("Rpc.executeRpc getblockchaininfo", () -> {
            JsonNode info = get(client.rpc().call("getblockchaininfo"));
            chain = info.path("chain").asText();
            regtest[0] = chain.equals("regtest");
            expect(info.has("blocks") && info.has("bestblockhash"), "no blocks/bestblockhash in " + info);
            return "chain " + chain + ", " + info.path("blocks").asInt() + " blocks";
        });
        check("Rpc.executeRpc unknown method", () -> {
            Throwable t = failure(client.rpc().call("nosuchmethod"));
            expect(t instanceof JsonRpcException j && j.code() == -32601, "expected error -32601, got " + t);
            return "-32601 " + ((JsonRpcException) t).rpcMessage();
        });
        check("Rpc.executeRpc invalid JSON", () -> {
            String reply = get(client.rpc().executeRaw("not json", "/"));
            JsonNode r = new com.fasterxml.jackson.databind.ObjectMapper().readTree(reply);
            expect(r.path("error").path("code").asInt() == -32700, "expected error -32700, got " + reply);
            return "-32700";
        });
        check("Rpc.executeRpc bad param", () -> {
            Throwable t = failure(client.rpc().call("getblockhash", "x"));
            expect(t instanceof JsonRpcException j && j.code() == -3, "expected error -3, got " + t);
            return "-3 " + ((JsonRpcException) t).rpcMessage();
        });
        check("Rpc.executeRpc wallet uri", () -> {
            Throwable t = failure(client.rpc().callWallet("bitcoinfx-no-such-wallet", "getbalances"));
            expect(t instanceof JsonRpcException j && (j.code() == -18 || j.code() == -32601),
                    "expected -18 (wallet not found) or -32601 (no wallet support), got " + t);
            return ((JsonRpcException) t).code() + " " + ((JsonRpcException) t).rpcMessage();
        });
        check("Echo.echo", () -> {
            for (String s : new String[] {"hallo", "", "Grüße ₿ 🚀", "x".repeat(100_000)}) {
                String back = get(client.echo(s));
                expect(back.equals(s), "echo of " + s.length() + " chars came back as " + back.length() + " chars");
            }
            return "4 strings, up to 100000 chars";
        });
        check("Mining.isTestChain", () -> {
            boolean test = get(client.mining().isTestChain());
            expect(test == !chain.equals("main"), "isTestChain=" + test + " on chain " + chain);
            return String.valueOf(test);
        });
        check("Mining.isInitialBlockDownload", () -> {
            boolean ibd = get(client.mining().isInitialBlockDownload());
            boolean rpcIbd = get(client.rpc().call("getblockchaininfo")).path("initialblockdownload").asBoolean();
            expect(ibd == rpcIbd, "isInitialBlockDownload=" + ibd + " but getblockchaininfo says " + rpcIbd);
            return String.valueOf(ibd);
        });
        BlockRef[] tip = {null};
        check("Mining.getTip = getbestblockhash", () -> {
            tip[0] = get(client.mining().getTip()).orElseThrow(() -> new AssertionError("no tip"));
            String best = get(client.rpc().call("getbestblockhash")).asText();
            int count = get(client.rpc().call("getblockcount")).asInt();
            expect(tip[0].hashHex().equals(best) && tip[0].height() == count,
                    "getTip " + tip[0] + " but RPC says " + count + " " + best);
            return tip[0].height() + " " + best.substring(0, 16) + "…";
        });
        check("Mining.waitTipChanged timeout", () -> {
            requireTip(tip);
            long t0 = System.nanoTime();
            Optional<BlockRef> r = get(client.mining().waitTipChanged(tip[0].hash(), Duration.ofMillis(200)));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            expect(r.isPresent() && r.get().equals(tip[0]), "expected the current tip after the timeout, got " + r);
            expect(ms >= 150, "returned after " + ms + " ms, before the 200 ms timeout (seconds vs ms?)");
            return "current tip after " + ms + " ms";
        });
        check("Mining.waitTipChanged wakes on a new block", () -> {
            if (!regtest[0]) {
                throw new Skip("would mine a block: regtest only (chain " + chain + ")");
            }
            requireTip(tip);
            CompletableFuture<Optional<BlockRef>> wait = client.mining().waitTipChanged(tip[0].hash(), Duration.ofSeconds(20));
            Thread.sleep(100);
            long t0 = System.nanoTime();
            JsonNode mined = get(client.rpc().call("generatetodescriptor", 1, "raw(51)"));
            Optional<BlockRef> r = wait.get(20, TimeUnit.SECONDS);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            expect(r.isPresent() && r.get().hashHex().equals(mined.get(0).asText()), "woke with " + r + ", mined " + mined);
            expect(ms <= 1000, "woke " + ms + " ms after the block was mined (limit 1000 ms)");
            tip[0] = r.get();
            return "woke " + ms + " ms after generatetodescriptor, height " + r.get().height();
        });
        BlockTemplate[] template = {null};
        check("Mining.createNewBlock: header's previous block is the tip", () -> {
            requireTip(tip);
            template[0] = get(client.mining().createNewBlock(BlockCreateOptions.DEFAULT, true))
                    .orElseThrow(() -> new AssertionError("no template"));
            byte[] header = get(template[0].getBlockHeader());
            expect(header.length == 80, "header of " + header.length + " bytes");
            byte[] prev = Arrays.copyOfRange(header, 4, 36);
            expect(Arrays.equals(prev, tip[0].hash()), "previous block " + BlockRef.toDisplayHex(prev) + " is not the tip " + tip[0].hashHex());
            return "80-byte header on " + tip[0].hashHex().substring(0, 16) + "…";
        });
        check("BlockTemplate.getBlock starts with the header", () -> {
            requireTemplate(template);
            byte[] block = get(template[0].getBlock());
            byte[] header = get(template[0].getBlockHeader());
            expect(block.length > 80 && Arrays.equals(Arrays.copyOf(block, 80), header), "block does not start with its header");
            return block.length + " bytes";
        });
        check("BlockTemplate coinbase reward = subsidy + fees", () -> {
            requireTemplate(template);
            requireTip(tip);
            List<Long> fees = get(template[0].getTxFees());
            List<Long> sigops = get(template[0].getTxSigops());
            CoinbaseTx cb = get(template[0].getCoinbaseTx());
            expect(fees.size() == sigops.size(), fees.size() + " fees but " + sigops.size() + " sigops");
            long sum = fees.stream().mapToLong(Long::longValue).sum();
            long subsidy = subsidy(tip[0].height() + 1, chain.equals("regtest") ? 150 : 210_000);
            expect(cb.blockRewardRemaining() == subsidy + sum,
                    "blockRewardRemaining " + cb.blockRewardRemaining() + " sat, subsidy " + subsidy + " + fees " + sum);
            return subsidy + " + " + sum + " sat, " + fees.size() + " txs, " + cb.requiredOutputs().size() + " required outputs";
        });
        check("BlockTemplate.getCoinbaseMerklePath", () -> {
            requireTemplate(template);
            List<byte[]> path = get(template[0].getCoinbaseMerklePath());
            int txs = get(template[0].getTxFees()).size() + 1;
            int depth = txs <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(txs - 1);
            expect(path.size() == depth, path.size() + " hashes for " + txs + " transactions (expected " + depth + ")");
            expect(path.stream().allMatch(h -> h.length == 32), "a hash is not 32 bytes");
            return path.size() + " hashes";
        });
        check("Mining.checkBlock of the template", () -> {
            requireTemplate(template);
            byte[] block = get(template[0].getBlock());
            BlockCheckResult r = get(client.mining().checkBlock(block, new BlockCheckOptions(true, false)));
            expect(r.valid() || !r.reason().isEmpty(), "invalid without a reason");
            return r.valid() ? "valid (without PoW)" : "invalid: " + r.reason();
        });
        check("Mining.submitBlock of a corrupted block", () -> {
            if (!regtest[0]) {
                throw new Skip("would submit a block: regtest only (chain " + chain + ")");
            }
            requireTemplate(template);
            byte[] block = get(template[0].getBlock());
            block[36] ^= 1; // the merkle root
            BlockCheckResult r = getServed(client.mining().submitBlock(block), "Mining.submitBlock @7");
            expect(!r.valid() && !r.reason().isEmpty(), "a corrupted block was accepted: " + r);
            return "refused: " + r.reason();
        });
        check("BlockTemplate.submitSolution with no coinbase", () -> {
            requireTemplate(template);
            BlockCheckResult r = get(template[0].submitSolution(0x20000000, (int) (System.currentTimeMillis() / 1000), 0, new byte[0]));
            expect(!r.valid(), "an empty coinbase was accepted");
            if (olderSubmitSolution()) {
                throw new Skip(OLDER_SCHEMA + ": submitSolution @10 answered UNIMPLEMENTED; through @7, its submitSolution: false");
            }
            return "false" + (r.reason().isEmpty() ? "" : ": " + r.reason());
        });
        check("Mining.getTransactionsByTxID/ByWitnessID unknown ids", () -> {
            byte[] id = new byte[32];
            new java.util.Random(1).nextBytes(id);
            List<byte[]> a = getServed(client.mining().getTransactionsByTxID(List.of(id, id)), "Mining.getTransactionsByTxID @8");
            List<byte[]> b = getServed(client.mining().getTransactionsByWitnessID(List.of(id)), "Mining.getTransactionsByWitnessID @9");
            expect(a.size() == 2 && a.stream().allMatch(x -> x.length == 0), "expected 2 empty entries, got " + a.size());
            expect(b.size() == 1 && b.get(0).length == 0, "expected 1 empty entry");
            return "empty entries for unknown ids";
        });
        check("BlockTemplate.waitNext timeout", () -> {
            requireTemplate(template);
            long t0 = System.nanoTime();
            Optional<BlockTemplate> next = get(template[0].waitNext(2_100_000_000_000_000L, Duration.ofMillis(100)));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            next.ifPresent(BlockTemplate::close);
            expect(next.isEmpty(), "a new template without a new tip or fees");
            return "none after " + ms + " ms";
        });
        check("BlockTemplate.submitSolutionOld7 refused", () -> {
            requireTemplate(template);
            if (olderSubmitSolution()) {
                throw new Skip(OLDER_SCHEMA + ": no submitSolution @10, so @7 is this node's submitSolution, not refused");
            }
            Throwable t = failure(invokeOld7(template[0]));
            expect(t instanceof RemoteException r && r.type() == IpcException.Type.FAILED
                    && r.reason().contains("Old submitSolution (@7) not supported"), "got " + t);
            return "FAILED: " + ((RemoteException) t).reason();
        });
        check("BlockTemplate.interruptWait, then waitNext returns at once", () -> {
            requireTemplate(template);
            get(template[0].interruptWait());
            long t0 = System.nanoTime();
            Optional<BlockTemplate> next = get(template[0].waitNext(2_100_000_000_000_000L, Duration.ofSeconds(20)));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            next.ifPresent(BlockTemplate::close);
            expect(next.isEmpty() && ms < 5000, "waitNext after interruptWait: " + next + " after " + ms + " ms");
            return "none after " + ms + " ms";
        });
        check("BlockTemplate.destroy", () -> {
            requireTemplate(template);
            template[0].close();
            return "destroyed, then released";
        });
        check("Mining.interrupt, then waitTipChanged returns at once", () -> {
            requireTip(tip);
            try (IpcNodeClient second = IpcNodeClient.connect(socket)) {
                get(second.mining().interrupt());
                long t0 = System.nanoTime();
                Optional<BlockRef> r = get(second.mining().waitTipChanged(tip[0].hash(), Duration.ofSeconds(20)));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                expect(r.isEmpty() && ms < 5000, "after interrupt: " + r + " after " + ms + " ms");
                return "null after " + ms + " ms (on a second connection's Mining)";
            }
        });
        check("Init.makeMiningOld2 refused", () -> {
            Throwable t = failure(client.makeMiningOld2());
            expect(t instanceof RemoteException r && r.type() == IpcException.Type.FAILED
                    && r.reason().contains("Old mining interface (@2) not supported"), "got " + t);
            return "FAILED: " + ((RemoteException) t).reason();
        });
        check("Init unknown ordinal @9", () -> {
            Throwable t = failure(client.callInitOrdinal((short) 9));
            expect(t instanceof RemoteException r && r.type() == IpcException.Type.UNIMPLEMENTED, "got " + t);
            return "UNIMPLEMENTED";
        });
        return rows;
    }

    /** @return true once the node answered {@code submitSolution @10} UNIMPLEMENTED on this connection */
    private boolean olderSubmitSolution() {
        return client.mining().servesSubmitSolution10().equals(Optional.of(false));
    }

    private static CompletableFuture<Void> invokeOld7(BlockTemplate t) {
        try {
            java.lang.reflect.Method m = t.getClass().getDeclaredMethod("submitSolutionOld7");
            m.setAccessible(true);
            @SuppressWarnings("unchecked")
            CompletableFuture<Void> f = (CompletableFuture<Void>) m.invoke(t);
            return f;
        } catch (ReflectiveOperationException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static void requireTip(BlockRef[] tip) {
        if (tip[0] == null) {
            throw new Skip("no tip (an earlier check failed)");
        }
    }

    private static void requireTemplate(BlockTemplate[] t) {
        if (t[0] == null) {
            throw new Skip("no template (createNewBlock failed)");
        }
    }

    /** Block subsidy in sat at {@code height} (BC {@code src/validation.cpp} GetBlockSubsidy). */
    static long subsidy(int height, int halvingInterval) {
        int halvings = height / halvingInterval;
        return halvings >= 64 ? 0 : (50L * 100_000_000L) >> halvings;
    }

    private void print(List<Row> result) {
        int w = result.stream().mapToInt(r -> r.check().length()).max().orElse(10);
        out.printf("%-" + w + "s  %-4s  %s%n", "check", "", "detail");
        for (Row r : result) {
            out.printf("%-" + w + "s  %-4s  %s%n", r.check(), r.status(), r.detail().replaceAll("\\s+", " "));
        }
        long pass = result.stream().filter(r -> r.status().equals("PASS")).count();
        long fail = result.stream().filter(r -> r.status().equals("FAIL")).count();
        long skip = result.stream().filter(r -> r.status().equals("SKIP")).count();
        out.printf("%d passed, %d failed, %d skipped%n", pass, fail, skip);
    }
}
