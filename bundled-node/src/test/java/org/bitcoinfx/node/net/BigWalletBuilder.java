package org.bitcoinfx.node.net;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a big-wallet chain ({@link ChainSpec#bigWallet}) on one node, deterministically (same spec, same block
 * hashes): {@code N} = {@link ChainSpec#bigWalletTxs()} transactions, each paying {@link ChainSpec#BIG_WALLET} once,
 * so that its {@code listtransactions} has {@code N} rows. With {@code F} = ⌈N / {@value #PAYMENTS_PER_BLOCK}⌉:
 * <ul>
 *   <li>blocks 1…F: coinbases to {@link ChainSpec#FUNDER}; blocks F+1…F+100 empty (to
 *       {@link RegtestNode#OP_TRUE_ADDRESS}): the coinbases mature;</li>
 *   <li>block F+101: F fan-out transactions, each spending one coinbase into {@value #PAYMENTS_PER_BLOCK} equal
 *       outputs to {@value #PAYMENTS_PER_BLOCK} addresses of the funder;</li>
 *   <li>blocks F+102…2F+101: {@value #PAYMENTS_PER_BLOCK} payments a block (the last block the rest), each spending
 *       one fan-out output: an amount from {@code java.util.Random(seed)} to one of {@value #ADDRESSES} addresses of
 *       the big wallet (every {@value #LABEL_EVERY}th of them labelled {@code payer <i>}), change to the funder, fee
 *       rate from {@link EconomyBuilder#FEE_RATES}.</li>
 * </ul>
 * Transactions are made by hand ({@code createrawtransaction}, {@code signrawtransactionwithwallet}: RFC 6979,
 * deterministic; {@code sendrawtransaction}) and mined with {@code generateblock} listing them in order. The calls of one
 * block are pipelined (sent together, then awaited), about 3 RPCs a payment.
 */
final class BigWalletBuilder {
    private static final Logger log = LoggerFactory.getLogger(BigWalletBuilder.class);

    /** Payments (and fan-out outputs) per block. */
    static final int PAYMENTS_PER_BLOCK = 1000;
    /** How many of the big wallet's addresses are paid, in turn. */
    static final int ADDRESSES = 500;
    /** One address in this many is labelled. */
    static final int LABEL_EVERY = 4;
    /** Calls in flight at once. */
    private static final int PIPELINE = 250;

    private final RegtestNode node;
    private final ChainSpec spec;
    private final Random random;

    BigWalletBuilder(RegtestNode node, ChainSpec spec) {
        this.node = node;
        this.spec = spec;
        this.random = new Random(spec.seed());
    }

    /** @return the chain height of a big-wallet chain with {@code txs} payments: 2⌈txs / {@value #PAYMENTS_PER_BLOCK}⌉ + 101 */
    static int blocksFor(int txs) {
        int fanOuts = (txs + PAYMENTS_PER_BLOCK - 1) / PAYMENTS_PER_BLOCK;
        return 2 * fanOuts + ChainSpec.COINBASE_MATURITY + 1;
    }

    /** Creates the wallets and mines the chain. @throws RegtestRpcException if an RPC fails */
    void build() {
        String funderAddress = EconomyBuilder.createKeyedWallet(node, ChainSpec.FUNDER, spec.seed());
        EconomyBuilder.createKeyedWallet(node, ChainSpec.BIG_WALLET, spec.seed());
        List<String> payees = new ArrayList<>();
        for (int i = 0; i < ADDRESSES; i++) {
            payees.add(node.callWallet(ChainSpec.BIG_WALLET, "getnewaddress", i % LABEL_EVERY == 0 ? "payer " + i : "").asText());
        }
        String change = node.callWallet(ChainSpec.FUNDER, "getrawchangeaddress").asText();
        List<CompletableFuture<JsonNode>> fanAddressCalls = new ArrayList<>();
        for (int k = 0; k < PAYMENTS_PER_BLOCK; k++) { // createrawtransaction refuses an address twice
            fanAddressCalls.add(node.rpc().callWallet(ChainSpec.FUNDER, "getnewaddress"));
        }
        List<String> fanAddresses = new ArrayList<>();
        for (CompletableFuture<JsonNode> f : fanAddressCalls) {
            fanAddresses.add(node.await("getnewaddress", f).asText());
        }
        int txs = spec.bigWalletTxs();
        int fanOuts = (txs + PAYMENTS_PER_BLOCK - 1) / PAYMENTS_PER_BLOCK;
        long started = System.nanoTime();
        List<String> coinbases = new ArrayList<>();
        int h = 1;
        for (; h <= fanOuts; h++) {
            String hash = mine(h, funderAddress, List.of());
            coinbases.add(node.call("getblock", hash, 1).path("tx").path(0).asText());
        }
        for (; h <= fanOuts + ChainSpec.COINBASE_MATURITY; h++) {
            mine(h, RegtestNode.OP_TRUE_ADDRESS, List.of());
        }
        // the fan-out block
        long fanFee = EconomyBuilder.vsize(1, PAYMENTS_PER_BLOCK);
        long each = (ChainSpec.subsidy(1) - fanFee) / PAYMENTS_PER_BLOCK;
        List<String> fanTxids = new ArrayList<>();
        for (int i = 0; i < fanOuts; i++) {
            long[] amounts = new long[PAYMENTS_PER_BLOCK];
            java.util.Arrays.fill(amounts, each);
            fanTxids.add(signAndSend(List.of(rawTx(coinbases.get(i), 0, fanAddresses, amounts))).get(0));
        }
        mine(h++, RegtestNode.OP_TRUE_ADDRESS, fanTxids);
        int paid = 0;
        for (int i = 0; i < fanOuts; i++, h++) {
            int n = Math.min(PAYMENTS_PER_BLOCK, txs - paid);
            List<CompletableFuture<JsonNode>> raws = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                long amount = 10_000 + random.nextInt(4_000_000);
                long fee = EconomyBuilder.FEE_RATES[random.nextInt(EconomyBuilder.FEE_RATES.length)] * EconomyBuilder.vsize(1, 2);
                String payee = payees.get((paid + k) % ADDRESSES);
                raws.add(rawTx(fanTxids.get(i), k, List.of(payee, change), new long[] {amount, each - amount - fee}));
            }
            mine(h, RegtestNode.OP_TRUE_ADDRESS, signAndSend(raws));
            paid += n;
            log.info("chain {}: {} of {} payments to {}, {} s", spec.cacheKey(), paid, txs, ChainSpec.BIG_WALLET,
                    (System.nanoTime() - started) / 1_000_000_000);
        }
        if (h - 1 != spec.blocks()) {
            throw new IllegalStateException("built " + (h - 1) + " blocks for " + spec);
        }
    }

    private String mine(int height, String address, List<String> txids) {
        node.call("setmocktime", ChainSpec.blockTime(height));
        return node.call("generateblock", address, txids).path("hash").asText();
    }

    /** {@code createrawtransaction}, one input, outputs in order (started, not awaited). */
    private CompletableFuture<JsonNode> rawTx(String txid, int vout, List<String> addresses, long[] amounts) {
        List<Map<String, Object>> outputs = new ArrayList<>();
        for (int j = 0; j < amounts.length; j++) {
            outputs.add(Map.of(addresses.get(j), EconomyBuilder.btc(amounts[j])));
        }
        List<Map<String, Object>> inputs = List.of(Map.of("txid", txid, "vout", vout, "sequence", EconomyBuilder.SEQUENCE_RBF));
        return node.rpc().call("createrawtransaction", inputs, outputs, 0, true);
    }

    /** Awaits the unsigned transactions, signs them with the funder and sends them, {@value #PIPELINE} calls in flight. @return the txids, in order */
    private List<String> signAndSend(List<CompletableFuture<JsonNode>> raws) {
        List<String> txids = new ArrayList<>();
        for (int from = 0; from < raws.size(); from += PIPELINE) {
            List<CompletableFuture<JsonNode>> signed = new ArrayList<>();
            for (CompletableFuture<JsonNode> raw : raws.subList(from, Math.min(raws.size(), from + PIPELINE))) {
                signed.add(node.rpc().callWallet(ChainSpec.FUNDER, "signrawtransactionwithwallet", node.await("createrawtransaction", raw).asText()));
            }
            List<CompletableFuture<JsonNode>> sent = new ArrayList<>();
            for (CompletableFuture<JsonNode> f : signed) {
                JsonNode s = node.await("signrawtransactionwithwallet", f);
                if (!s.path("complete").asBoolean()) {
                    throw new IllegalStateException(ChainSpec.FUNDER + " could not sign: " + s.path("errors"));
                }
                sent.add(node.rpc().call("sendrawtransaction", s.path("hex").asText()));
            }
            for (CompletableFuture<JsonNode> f : sent) {
                txids.add(node.await("sendrawtransaction", f).asText());
            }
        }
        return txids;
    }
}
