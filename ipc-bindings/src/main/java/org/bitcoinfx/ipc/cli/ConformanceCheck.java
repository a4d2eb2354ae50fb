package org.bitcoinfx.ipc.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.BlockRef;
import org.bitcoinfx.ipc.BlockTemplate;
import org.bitcoinfx.ipc.IpcException;
import org.bitcoinfx.ipc.IpcNodeClient;
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
    /**
     * One row of the table.
     *
     * @param source where the assertion comes from: a Bitcoin Core functional test and its function
     *               ({@code interface_ipc.py run_echo_test}), or {@code bitcoinfx} for the app's own
     * @param check  what is checked
     * @param status PASS, FAIL or SKIP
     * @param detail what was seen, or why the row was skipped
     */
    public record Row(String source, String check, String status, String detail) {
    }

    /** The detail of a row whose method the node's schema lacks (it answered UNIMPLEMENTED). */
    public static final String OLDER_SCHEMA = "not served by this node (older schema)";

    private final IpcNodeClient client;
    private final Path socket;
    private final PrintStream out;
    private final List<Row> rows = new ArrayList<>();
    private String chain = "?";
    private BlockRef tip;

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

    /** Thrown by a check to skip its row, saying why. */
    static final class Skip extends RuntimeException {
        Skip(String why) {
            super(why);
        }
    }

    /**
     * Runs one row.
     *
     * @param source   the Bitcoin Core test file ({@code interface_ipc.py}) or {@code bitcoinfx}
     * @param function the test function the assertion comes from (empty for the app's own rows)
     * @param name     what is checked
     */
    void check(String source, String function, String name, Check c) {
        String from = function.isEmpty() ? source : source + " " + function;
        try {
            String detail = c.run();
            rows.add(new Row(from, name, "PASS", detail == null ? "" : detail));
        } catch (Skip s) {
            rows.add(new Row(from, name, "SKIP", s.getMessage()));
        } catch (AssertionError e) {
            rows.add(new Row(from, name, "FAIL", e.getMessage()));
        } catch (ExecutionException e) {
            rows.add(new Row(from, name, "FAIL", String.valueOf(e.getCause())));
        } catch (Exception e) {
            rows.add(new Row(from, name, "FAIL", e.toString()));
        }
    }

    /** @return the connected client */
    IpcNodeClient client() {
        return client;
    }

    /** @return its socket, for checks that open connections of their own */
    Path socket() {
        return socket;
    }

    /** @return the chain ({@code getblockchaininfo}'s {@code chain}), or "?" before {@link AppChecks} ran */
    String chain() {
        return chain;
    }

    /** @return the chain the check ran on ({@code getblockchaininfo}'s {@code chain}), or "?" if it could not tell */
    public String chainName() {
        return chain;
    }

    void setChain(String chain) {
        this.chain = chain;
    }

    /** @return true on regtest, where checks may change the chain */
    boolean regtest() {
        return chain.equals("regtest");
    }

    /** @return the tip the last check saw, or null */
    BlockRef tip() {
        return tip;
    }

    void setTip(BlockRef tip) {
        this.tip = tip;
    }

    static void expect(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    /**
     * As {@link #get}, but an UNIMPLEMENTED answer (an ordinal the node's schema lacks) skips the row
     * as {@value #OLDER_SCHEMA}, naming {@code method}.
     */
    static <T> T getServed(CompletableFuture<T> f, String method) throws Exception {
        try {
            return get(f);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RemoteException r && r.type() == IpcException.Type.UNIMPLEMENTED) {
                throw new Skip(OLDER_SCHEMA + ": " + method + " answered UNIMPLEMENTED");
            }
            throw e;
        }
    }

    static Throwable failure(CompletableFuture<?> f) throws Exception {
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
        return run(null);
    }

    /**
     * Runs every check, prints the table and, if {@code json} is given, writes the report there
     * ({@link #toJson}).
     *
     * @return 0 if none failed, else 1
     * @throws java.io.UncheckedIOException if the report cannot be written
     */
    public int run(Path json) {
        List<Row> result = runChecks();
        print(result);
        if (json != null) {
            try {
                java.nio.file.Files.writeString(json, new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
                        .writeValueAsString(toJson(chain, result)) + "\n");
                out.println("report: " + json.toAbsolutePath());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot write the report to " + json + ": " + e.getMessage(), e);
            }
        }
        return result.stream().anyMatch(r -> r.status().equals("FAIL")) ? 1 : 0;
    }

    /** Runs every check; the rows in order: the app's own, then interface_ipc.py, interface_ipc_mining.py, interface_ipc_cli.py. */
    public List<Row> runChecks() {
        new AppChecks(this).run();
        new IpcChecks(this).run();
        new IpcMiningChecks(this).run();
        new IpcCliChecks(this).run();
        return rows;
    }

    /** @return true once the node answered {@code submitSolution @10} UNIMPLEMENTED on this connection */
    boolean olderSubmitSolution() {
        return client.mining().servesSubmitSolution10().equals(Optional.of(false));
    }

    /** Skips the row when no tip is known (the getTip row failed). */
    void requireTip() {
        if (tip == null) {
            throw new Skip("no tip (an earlier check failed)");
        }
    }

    /** Block subsidy in sat at {@code height} (BC {@code src/validation.cpp} GetBlockSubsidy). */
    static long subsidy(int height, int halvingInterval) {
        int halvings = height / halvingInterval;
        return halvings >= 64 ? 0 : (50L * 100_000_000L) >> halvings;
    }

    private void print(List<Row> result) {
        int w = result.stream().mapToInt(r -> r.check().length()).max().orElse(10);
        int ws = result.stream().mapToInt(r -> r.source().length()).max().orElse(10);
        out.printf("%-" + w + "s  %-4s  %-" + ws + "s  %s%n", "check", "", "source", "detail");
        for (Row r : result) {
            out.printf("%-" + w + "s  %-4s  %-" + ws + "s  %s%n", r.check(), r.status(), r.source(), r.detail().replaceAll("\\s+", " "));
        }
        out.println(summary(result));
    }

    /** @return {@code N passed, N failed, N skipped} */
    public static String summary(List<Row> result) {
        return count(result, "PASS") + " passed, " + count(result, "FAIL") + " failed, " + count(result, "SKIP") + " skipped";
    }

    private static long count(List<Row> result, String status) {
        return result.stream().filter(r -> r.status().equals(status)).count();
    }

    /**
     * The report as JSON: {@code {"chain", "passed", "failed", "skipped", "rows": [{source, check,
     * status, detail}]}}, as {@code bitcoinfx-ipc check --json FILE} writes it and the app's IPC
     * check tab exports it.
     */
    public static com.fasterxml.jackson.databind.node.ObjectNode toJson(String chain, List<Row> result) {
        com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode o = m.createObjectNode();
        o.put("chain", chain);
        o.put("passed", count(result, "PASS"));
        o.put("failed", count(result, "FAIL"));
        o.put("skipped", count(result, "SKIP"));
        com.fasterxml.jackson.databind.node.ArrayNode a = o.putArray("rows");
        for (Row r : result) {
            a.addObject().put("source", r.source()).put("check", r.check()).put("status", r.status()).put("detail", r.detail());
        }
        return o;
    }
}
