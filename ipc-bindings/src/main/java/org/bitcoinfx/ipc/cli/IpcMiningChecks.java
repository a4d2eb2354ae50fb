package org.bitcoinfx.ipc.cli;

import static org.bitcoinfx.ipc.cli.ConformanceCheck.expect;
import static org.bitcoinfx.ipc.cli.ConformanceCheck.failure;
import static org.bitcoinfx.ipc.cli.ConformanceCheck.get;
import static org.bitcoinfx.ipc.cli.ConformanceCheck.getServed;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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
import org.bitcoinfx.ipc.cli.ConformanceCheck.Skip;

/**
 * The check's rows from Bitcoin Core's {@code test/functional/interface_ipc_mining.py}, one or more
 * per assertion a client can make, each naming its test function. Rows that change the chain run on
 * regtest only; a method the node's schema lacks skips its row as
 * {@value ConformanceCheck#OLDER_SCHEMA}.
 */
final class IpcMiningChecks {
    static final String SOURCE = "interface_ipc_mining.py";
    private final ConformanceCheck c;
    private BlockTemplate template;

    IpcMiningChecks(ConformanceCheck c) {
        this.c = c;
    }

    void run() {
        c.check(SOURCE, "run_mining_interface_test", "Mining.waitTipChanged timeout", () -> {
            c.requireTip();
            long t0 = System.nanoTime();
            Optional<BlockRef> r = get(c.client().mining().waitTipChanged(c.tip().hash(), Duration.ofMillis(200)));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            expect(r.isPresent() && r.get().equals(c.tip()), "expected the current tip after the timeout, got " + r);
            expect(ms >= 150, "returned after " + ms + " ms, before the 200 ms timeout (seconds vs ms?)");
            return "current tip after " + ms + " ms";
        });
        c.check(SOURCE, "run_mining_interface_test", "Mining.waitTipChanged wakes on a new block", () -> {
            if (!c.regtest()) {
                throw new Skip("would mine a block: regtest only (chain " + c.chain() + ")");
            }
            c.requireTip();
            CompletableFuture<Optional<BlockRef>> wait = c.client().mining().waitTipChanged(c.tip().hash(), Duration.ofSeconds(20));
            Thread.sleep(100);
            long t0 = System.nanoTime();
            JsonNode mined = get(c.client().rpc().call("generatetodescriptor", 1, "raw(51)"));
            Optional<BlockRef> r = wait.get(20, TimeUnit.SECONDS);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            expect(r.isPresent() && r.get().hashHex().equals(mined.get(0).asText()), "woke with " + r + ", mined " + mined);
            expect(ms <= 1000, "woke " + ms + " ms after the block was mined (limit 1000 ms)");
            c.setTip(r.get());
            return "woke " + ms + " ms after generatetodescriptor, height " + r.get().height();
        });
        c.check(SOURCE, "run_block_template_test", "Mining.createNewBlock: header's previous block is the tip", () -> {
            c.requireTip();
            template = get(c.client().mining().createNewBlock(BlockCreateOptions.DEFAULT, true))
                    .orElseThrow(() -> new AssertionError("no template"));
            byte[] header = get(template.getBlockHeader());
            expect(header.length == 80, "header of " + header.length + " bytes");
            byte[] prev = Arrays.copyOfRange(header, 4, 36);
            expect(Arrays.equals(prev, c.tip().hash()), "previous block " + BlockRef.toDisplayHex(prev) + " is not the tip " + c.tip().hashHex());
            return "80-byte header on " + c.tip().hashHex().substring(0, 16) + "…";
        });
        c.check(SOURCE, "run_block_template_test", "BlockTemplate.getBlock starts with the header", () -> {
            requireTemplate();
            byte[] block = get(template.getBlock());
            byte[] header = get(template.getBlockHeader());
            expect(block.length > 80 && Arrays.equals(Arrays.copyOf(block, 80), header), "block does not start with its header");
            return block.length + " bytes";
        });
        c.check(SOURCE, "run_coinbase_and_submission_test", "BlockTemplate coinbase reward = subsidy + fees", () -> {
            requireTemplate();
            c.requireTip();
            List<Long> fees = get(template.getTxFees());
            List<Long> sigops = get(template.getTxSigops());
            CoinbaseTx cb = get(template.getCoinbaseTx());
            expect(fees.size() == sigops.size(), fees.size() + " fees but " + sigops.size() + " sigops");
            long sum = fees.stream().mapToLong(Long::longValue).sum();
            long subsidy = ConformanceCheck.subsidy(c.tip().height() + 1, c.chain().equals("regtest") ? 150 : 210_000);
            expect(cb.blockRewardRemaining() == subsidy + sum,
                    "blockRewardRemaining " + cb.blockRewardRemaining() + " sat, subsidy " + subsidy + " + fees " + sum);
            return subsidy + " + " + sum + " sat, " + fees.size() + " txs, " + cb.requiredOutputs().size() + " required outputs";
        });
        c.check(SOURCE, "run_coinbase_and_submission_test", "BlockTemplate.getCoinbaseMerklePath", () -> {
            requireTemplate();
            List<byte[]> path = get(template.getCoinbaseMerklePath());
            int txs = get(template.getTxFees()).size() + 1;
            int depth = txs <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(txs - 1);
            expect(path.size() == depth, path.size() + " hashes for " + txs + " transactions (expected " + depth + ")");
            expect(path.stream().allMatch(h -> h.length == 32), "a hash is not 32 bytes");
            return path.size() + " hashes";
        });
        c.check(SOURCE, "run_coinbase_and_submission_test", "Mining.checkBlock of the template", () -> {
            requireTemplate();
            byte[] block = get(template.getBlock());
            BlockCheckResult r = get(c.client().mining().checkBlock(block, new BlockCheckOptions(true, false)));
            expect(r.valid() || !r.reason().isEmpty(), "invalid without a reason");
            return r.valid() ? "valid (without PoW)" : "invalid: " + r.reason();
        });
        c.check(SOURCE, "run_coinbase_and_submission_test", "Mining.submitBlock of a corrupted block", () -> {
            if (!c.regtest()) {
                throw new Skip("would submit a block: regtest only (chain " + c.chain() + ")");
            }
            requireTemplate();
            byte[] block = get(template.getBlock());
            block[36] ^= 1; // the merkle root
            BlockCheckResult r = getServed(c.client().mining().submitBlock(block), "Mining.submitBlock @7");
            expect(!r.valid() && !r.reason().isEmpty(), "a corrupted block was accepted: " + r);
            return "refused: " + r.reason();
        });
        c.check(SOURCE, "run_coinbase_and_submission_test", "BlockTemplate.submitSolution with no coinbase", () -> {
            requireTemplate();
            BlockCheckResult r = get(template.submitSolution(0x20000000, (int) (System.currentTimeMillis() / 1000), 0, new byte[0]));
            expect(!r.valid(), "an empty coinbase was accepted");
            if (c.olderSubmitSolution()) {
                throw new Skip(ConformanceCheck.OLDER_SCHEMA + ": submitSolution @10 answered UNIMPLEMENTED; through @7, its submitSolution: false");
            }
            return "false" + (r.reason().isEmpty() ? "" : ": " + r.reason());
        });
        c.check(SOURCE, "run_transaction_lookup_test", "Mining.getTransactionsByTxID/ByWitnessID unknown ids", () -> {
            byte[] id = new byte[32];
            new java.util.Random(1).nextBytes(id);
            List<byte[]> a = getServed(c.client().mining().getTransactionsByTxID(List.of(id, id)), "Mining.getTransactionsByTxID @8");
            List<byte[]> b = getServed(c.client().mining().getTransactionsByWitnessID(List.of(id)), "Mining.getTransactionsByWitnessID @9");
            expect(a.size() == 2 && a.stream().allMatch(x -> x.length == 0), "expected 2 empty entries, got " + a.size());
            expect(b.size() == 1 && b.get(0).length == 0, "expected 1 empty entry");
            return "empty entries for unknown ids";
        });
        c.check(SOURCE, "run_block_template_test", "BlockTemplate.waitNext timeout", () -> {
            requireTemplate();
            long t0 = System.nanoTime();
            Optional<BlockTemplate> next = get(template.waitNext(2_100_000_000_000_000L, Duration.ofMillis(100)));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            next.ifPresent(BlockTemplate::close);
            expect(next.isEmpty(), "a new template without a new tip or fees");
            return "none after " + ms + " ms";
        });
        c.check(SOURCE, "run_coinbase_and_submission_test", "BlockTemplate.submitSolutionOld7 refused", () -> {
            requireTemplate();
            if (c.olderSubmitSolution()) {
                throw new Skip(ConformanceCheck.OLDER_SCHEMA + ": no submitSolution @10, so @7 is this node's submitSolution, not refused");
            }
            Throwable t = failure(invokeOld7(template));
            expect(t instanceof RemoteException r && r.type() == IpcException.Type.FAILED
                    && r.reason().contains("Old submitSolution (@7) not supported"), "got " + t);
            return "FAILED: " + ((RemoteException) t).reason();
        });
        c.check(SOURCE, "run_block_template_test", "BlockTemplate.interruptWait, then waitNext returns at once", () -> {
            requireTemplate();
            get(template.interruptWait());
            long t0 = System.nanoTime();
            Optional<BlockTemplate> next = get(template.waitNext(2_100_000_000_000_000L, Duration.ofSeconds(20)));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            next.ifPresent(BlockTemplate::close);
            expect(next.isEmpty() && ms < 5000, "waitNext after interruptWait: " + next + " after " + ms + " ms");
            return "none after " + ms + " ms";
        });
        c.check(SOURCE, "run_block_template_test", "BlockTemplate.destroy", () -> {
            requireTemplate();
            template.close();
            return "destroyed, then released";
        });
        c.check(SOURCE, "run_mining_interface_test", "Mining.interrupt, then waitTipChanged returns at once", () -> {
            c.requireTip();
            try (IpcNodeClient second = IpcNodeClient.connect(c.socket())) {
                get(second.mining().interrupt());
                long t0 = System.nanoTime();
                Optional<BlockRef> r = get(second.mining().waitTipChanged(c.tip().hash(), Duration.ofSeconds(20)));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                expect(r.isEmpty() && ms < 5000, "after interrupt: " + r + " after " + ms + " ms");
                return "null after " + ms + " ms (on a second connection's Mining)";
            }
        });
    }

    private void requireTemplate() {
        if (template == null) {
            throw new Skip("no template (createNewBlock failed)");
        }
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
}
